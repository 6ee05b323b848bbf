// `ipreg center update CODE`: changes only what is given; writes history only when something changed.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg.CenterCommand {
    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: "Change a center's fields.",
            discussion: """
                Only the fields given change. --industry and --service replace the whole list; --add-industry, \
                --remove-industry, --add-service and --remove-service change it. --clear empties an optional \
                field (by column or option name: --clear name_en, --clear name-en); clearing --lat or --lon \
                clears both. An empty value (--address '') clears too. --code may change only the case of the \
                code. An update that leaves every field as it was succeeds and records no history. --coords \
                says which system --lat and --lon are in (give both); they are stored as WGS-84.
                """
        )

        @OptionGroup var registryOptions: RegistryOptions

        @Argument(help: ArgumentHelp("The center's code (any case).", valueName: "code"))
        var center: String

        @OptionGroup var fields: CenterFieldOptions
        @OptionGroup var coordinates: CoordinateOptions

        @Option(
            name: .customLong("add-industry"), help: ArgumentHelp("Add an industry (repeatable).", valueName: "code"))
        var addIndustry: [String] = []

        @Option(
            name: .customLong("remove-industry"),
            help: ArgumentHelp("Remove an industry (repeatable).", valueName: "code"))
        var removeIndustry: [String] = []

        @Option(name: .customLong("add-service"), help: ArgumentHelp("Add a service (repeatable).", valueName: "code"))
        var addService: [String] = []

        @Option(
            name: .customLong("remove-service"), help: ArgumentHelp("Remove a service (repeatable).", valueName: "code")
        )
        var removeService: [String] = []

        @Option(
            help: ArgumentHelp(
                "Empty an optional field (repeatable): \(CenterField.clearable.map(\.column).joined(separator: ", ")).",
                valueName: "field"))
        var clear: [String] = []

        func validate() throws {
            _ = try edit()
        }

        /// The change asked for; contradictions and unknown `--clear` fields are usage errors.
        func edit() throws -> CenterEdit {
            var edit = CenterEdit()
            for field in fields.givenFields { edit.values[field] = fields.raw(field) }
            for name in clear {
                guard let field = CenterField.named(name) else {
                    throw ValidationError(
                        "--clear \(name): no such field; it takes one of \(CenterField.clearable.map(\.column).joined(separator: ", "))"
                    )
                }
                guard CenterField.clearable.contains(field) else {
                    throw ValidationError(
                        "--clear \(name): \(field.column) cannot be cleared (it is required\(field == .status ? "; set --status instead" : ""))"
                    )
                }
                let pair: [CenterField] = field == .latitude || field == .longitude ? [.latitude, .longitude] : [field]
                if let given = pair.first(where: { edit.values[$0] != nil }) {
                    throw ValidationError("--clear \(name) and \(given.option) contradict each other: give one")
                }
                edit.cleared.insert(field)
            }
            edit.addedIndustries = addIndustry
            edit.removedIndustries = removeIndustry
            edit.addedServices = addService
            edit.removedServices = removeService
            let lists = [
                (CenterField.industries, addIndustry, removeIndustry, "industry"),
                (CenterField.services, addService, removeService, "service"),
            ]
            for (_, added, removed, noun) in lists {
                let removedCodes = Set(removed.map(TextRules.trimmed))
                if let code = added.first(where: { removedCodes.contains(TextRules.trimmed($0)) }) {
                    throw ValidationError(
                        "--add-\(noun) \(code) and --remove-\(noun) \(code) contradict each other: give one")
                }
            }
            for (field, added, removed, noun) in lists where edit.values[field] != nil && !(added + removed).isEmpty {
                throw ValidationError(
                    "--\(noun) replaces the whole list: give it, or --add-\(noun)/--remove-\(noun), not both")
            }
            // A point converts as a whole: half of one in another system means nothing.
            if coordinates.coords != .wgs84, (edit.values[.latitude] == nil) != (edit.values[.longitude] == nil) {
                throw ValidationError(
                    "--coords \(coordinates.coords.rawValue) converts a point: give --lat and --lon together")
            }
            guard !edit.isEmpty else {
                throw ValidationError(
                    "nothing to change: give at least one field option, --add-*, --remove-* or --clear")
            }
            return edit
        }

        func run() throws {
            let edit = try edit()
            let registry = try registryOptions.open()
            let result = try OptionNames.reportingCenter {
                try registry.write { db throws -> (StoredCenter, [CenterField]) in
                    let centers = try CenterRepository(db)
                    let stored = try centers.require(code: center)
                    let validator = try centers.validator(regions: edit.values[.regionCode].map { [$0] } ?? [])
                    var changed = try edit.applied(to: stored.center, validator: validator).get()
                    if edit.values[.latitude] != nil {
                        changed = changed.convertingCoordinates(from: coordinates.coords)
                    }
                    let fields = CenterField.allCases.filter { changed.text(of: $0) != stored.center.text(of: $0) }
                    guard !fields.isEmpty else { return (stored, []) }
                    return (try centers.update(stored, to: changed), fields)
                }
            }
            let (stored, changedFields) = result
            if changedFields.isEmpty {
                OutputStream.standardError.write(
                    "center \(stored.center.code) unchanged: every value given is already its value\n")
            } else {
                OutputStream.standardError.write(
                    "updated center \(stored.center.code): \(changedFields.map(\.column).joined(separator: ", "))\n")
            }
        }
    }
}
