// `ipreg center add`: one new center, checked by the validator every entry path shares.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg.CenterCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a center.",
            discussion:
                "--code, --name, --kind and --region are required. Every value is checked; all problems are reported at once and nothing is written. "
                + "--coords says which system --lat and --lon are in (docs/geography.md); they are stored as WGS-84."
        )

        @OptionGroup var registryOptions: RegistryOptions
        @OptionGroup var fields: CenterFieldOptions
        @OptionGroup var coordinates: CoordinateOptions

        func validate() throws {
            for field in CenterField.allCases where field.isRequired && fields.raw(field) == nil {
                throw ValidationError(
                    "Missing expected argument '\(field.option) <\(field == .regionCode ? "code" : field.column)>'")
            }
        }

        func run() throws {
            let registry = try registryOptions.open()
            let stored = try OptionNames.reportingCenter {
                try registry.write { db in
                    let centers = try CenterRepository(db)
                    let regions = fields.raw(.regionCode).map { [$0] } ?? []
                    let center = try centers.validator(regions: regions).center(from: fields.raw).get()
                    return try centers.insert(center.convertingCoordinates(from: coordinates.coords))
                }
            }
            OutputStream.standardError.write("added center \(stored.center.code) (\(stored.center.name))\n")
        }
    }
}
