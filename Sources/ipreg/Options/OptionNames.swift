// How the command line names fields: which option sets which field of a center, a statistic or a
// figure (the commands declare their options by these names), and values the registry refuses
// reported under the option that gave them rather than their column.
import IPRegistry

extension CenterField {
    /// The long name of the option that sets the field: its column's name, except where the command
    /// line says it shorter or per value. CenterFieldOptions declares its options by these names.
    var optionName: String {
        switch self {
        case .nameEnglish: return "name-en"
        case .regionCode: return "region"
        case .industries: return "industry"
        case .services: return "service"
        case .approvalDocument: return "approval-doc"
        case .latitude: return "lat"
        case .longitude: return "lon"
        default: return rawValue
        }
    }

    /// `--name-en`.
    var option: String { "--" + optionName }

    /// The field a name given on the command line means: its column (`name_en`) or its option, with
    /// or without the dashes (`name-en`, `--name-en`).
    static func named(_ name: String) -> CenterField? {
        CenterField(rawValue: name) ?? allCases.first { $0.optionName == name || $0.option == name }
    }
}

extension StatisticField {
    /// The long name of the option that sets the field in `stats add`, which declares its options by
    /// these names.
    var optionName: String {
        switch self {
        case .centerCode: return "center"
        case .period: return "period"
        case .pretrialCases: return "pretrial"
        case .protectionCases: return "protection"
        case .source: return "source"
        }
    }

    var option: String { "--" + optionName }
}

extension FigureField {
    /// The long name of the option that sets the field in `figure add`, which declares its options
    /// by these names: one value per option, so the lists are singular.
    var optionName: String {
        switch self {
        case .regions: return "region"
        case .kinds: return "kind"
        case .industries: return "industry"
        default: return rawValue
        }
    }

    var option: String { "--" + optionName }
}

/// Names a refused value's field the way the command line wrote it.
enum OptionNames {
    /// `region_code` → `--region`, `remove_industry` → `--remove-industry`; `positional` names what the
    /// command's argument is (`center` for `center show CODE`) and replaces the field `code`.
    static func center(_ field: String, positional: String? = nil) -> String {
        if field == CenterField.code.column, let positional { return positional }
        if let centerField = CenterField(rawValue: field) { return centerField.option }
        return "--" + field.replacingUnderscores
    }

    static func statistic(_ field: String) -> String {
        StatisticField(rawValue: field)?.option ?? "--" + field.replacingUnderscores
    }

    /// `--region` for `regions`, `--kind` for `kinds`: errors name the option the user typed.
    static func figure(_ field: String) -> String {
        FigureField(rawValue: field)?.option ?? "--" + field
    }

    /// Names in `region|industry|service add`: the code argument by what it is, names by option.
    static func reference(_ argument: String) -> (String) -> String {
        { field in
            switch field {
            case "code": return argument
            case "name_en": return "--name-en"
            default: return "--" + field
            }
        }
    }

    /// `reporting` with a center's fields named by their options (and `code` by `positional`).
    static func reportingCenter<Result>(positional: String? = nil, _ body: () throws -> Result) throws -> Result {
        try reporting({ center($0, positional: positional) }, body)
    }

    /// Runs `body`; values it refuses are reported under `name(field)`, every failure on its own line.
    static func reporting<Result>(_ name: (String) -> String, _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch RegistryError.invalidValue(let failure) {
            throw RegistryError.invalidValue(renamed(failure, name))
        } catch let failure as ValidationFailure {
            throw RegistryError.invalidValue(renamed(failure, name))
        } catch let failures as ValidationFailures {
            throw refusal(failures, name)
        }
    }

    /// Every failure of a record, one `error:` line each, exit status 65: the lines before the last are
    /// written here, and the last is returned for the ErrorReporter to write and map to its status.
    static func refusal(_ failures: ValidationFailures, _ name: (String) -> String) -> RegistryError {
        let renamedFailures = failures.all.map { renamed($0, name) }
        for failure in renamedFailures.dropLast() { ErrorReporter.printError(failure.description) }
        guard let last = renamedFailures.last else { return .invalidInput("invalid values") }
        return .invalidValue(last)
    }

    static func renamed(_ failure: ValidationFailure, _ name: (String) -> String) -> ValidationFailure {
        ValidationFailure(field: name(failure.field), value: failure.value, rule: failure.rule)
    }
}

private extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }) }
}
