// The options that set a center's fields, shared by `center add` and `center update`; each is
// declared by the name OptionNames.swift gives its field.
import ArgumentParser
import IPRegistry

struct CenterFieldOptions: ParsableArguments {
    @Option(
        name: .customLong(CenterField.code.optionName),
        help: ArgumentHelp(
            "The center's code: 1-64 characters of A-Z a-z 0-9 . _ - (unique, any case).", valueName: "code"))
    var code: String?

    @Option(
        name: .customLong(CenterField.name.optionName),
        help: ArgumentHelp("The official name, usually Chinese (1-200 characters).", valueName: "name"))
    var name: String?

    @Option(
        name: .customLong(CenterField.nameEnglish.optionName),
        help: ArgumentHelp("The English name.", valueName: "name"))
    var nameEnglish: String?

    @Option(
        name: .customLong(CenterField.kind.optionName),
        help: ArgumentHelp("protection, rapid-protection, operation or tisc.", valueName: "kind"))
    var kind: String?

    @Option(
        name: .customLong(CenterField.status.optionName),
        help: ArgumentHelp("preparing, operating (the default), suspended or closed.", valueName: "status"))
    var status: String?

    @Option(
        name: .customLong(CenterField.regionCode.optionName),
        help: ArgumentHelp("Six-digit division code (see 'ipreg region list').", valueName: "code"))
    var region: String?

    @Option(
        name: .customLong(CenterField.address.optionName),
        help: ArgumentHelp("The address (at most 500 characters).", valueName: "text"))
    var address: String?

    @Option(
        name: .customLong(CenterField.industries.optionName),
        help: ArgumentHelp(
            "An industry the center serves (repeat for several; see 'ipreg industry list').", valueName: "code"))
    var industry: [String] = []

    @Option(
        name: .customLong(CenterField.services.optionName),
        help: ArgumentHelp(
            "A service the center gives (repeat for several; see 'ipreg service list').", valueName: "code"))
    var service: [String] = []

    @Option(
        name: .customLong(CenterField.approved.optionName),
        help: ArgumentHelp("Date of designation or approval: YYYY, YYYY-MM or YYYY-MM-DD.", valueName: "date"))
    var approved: String?

    @Option(
        name: .customLong(CenterField.opened.optionName),
        help: ArgumentHelp("Date operation began, not before --approved.", valueName: "date"))
    var opened: String?

    @Option(
        name: .customLong(CenterField.approvalDocument.optionName),
        help: ArgumentHelp("Approval document number.", valueName: "text"))
    var approvalDocument: String?

    @Option(
        name: .customLong(CenterField.host.optionName),
        help: ArgumentHelp("Host organization (at most 200 characters).", valueName: "text"))
    var host: String?

    // Unconditional: `--lat -33.9` is a value, not an option.
    @Option(
        name: .customLong(CenterField.latitude.optionName), parsing: .unconditional,
        help: ArgumentHelp("Latitude in decimal degrees (-90..90), with --lon.", valueName: "degrees"))
    var latitude: String?

    @Option(
        name: .customLong(CenterField.longitude.optionName), parsing: .unconditional,
        help: ArgumentHelp("Longitude in decimal degrees (-180..180), with --lat.", valueName: "degrees"))
    var longitude: String?

    @Option(
        name: .customLong(CenterField.website.optionName),
        help: ArgumentHelp("Web site: an absolute http or https URL.", valueName: "url"))
    var website: String?

    @Option(
        name: .customLong(CenterField.source.optionName),
        help: ArgumentHelp("Where the record's facts come from (a URL or a citation).", valueName: "text"))
    var source: String?

    @Option(
        name: .customLong(CenterField.notes.optionName),
        help: ArgumentHelp("Notes (at most 2000 characters).", valueName: "text"))
    var notes: String?

    /// The raw text given for a field, nil when its option is absent. Repeated codes are `;`-joined.
    func raw(_ field: CenterField) -> String? {
        switch field {
        case .code: return code
        case .name: return name
        case .nameEnglish: return nameEnglish
        case .kind: return kind
        case .status: return status
        case .regionCode: return region
        case .address: return address
        case .industries: return industry.isEmpty ? nil : industry.joined(separator: ";")
        case .services: return service.isEmpty ? nil : service.joined(separator: ";")
        case .approved: return approved
        case .opened: return opened
        case .approvalDocument: return approvalDocument
        case .host: return host
        case .latitude: return latitude
        case .longitude: return longitude
        case .website: return website
        case .source: return source
        case .notes: return notes
        }
    }

    /// The fields whose options were given.
    var givenFields: [CenterField] { CenterField.allCases.filter { raw($0) != nil } }
}
