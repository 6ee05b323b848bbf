// A center as the registry knows it, its fields, and the kinds and statuses it can have.
public enum CenterKind: String, CaseIterable, Sendable {
    case protection
    case rapidProtection = "rapid-protection"
    case operation
    case tisc
}

public enum CenterStatus: String, CaseIterable, Sendable {
    case preparing, operating, suspended, closed
}

/// The fields of a center, in the order of the CSV header (docs/files.md).
public enum CenterField: String, CaseIterable, Sendable {
    case code, name
    case nameEnglish = "name_en"
    case kind, status
    case regionCode = "region_code"
    case address, industries, services, approved, opened
    case approvalDocument = "approval_doc"
    case host, latitude, longitude, website, source, notes

    /// The name of the field as a CSV column and JSON key.
    public var column: String { rawValue }

    public var isRequired: Bool {
        switch self {
        case .code, .name, .kind, .regionCode: return true
        default: return false
        }
    }

    /// Fields `--clear` may empty: the optional ones.
    public static var clearable: [CenterField] { allCases.filter { !$0.isRequired && $0 != .status } }
}

public struct Center: Sendable, Equatable {
    public var code: String
    public var name: String
    public var nameEnglish: String?
    public var kind: CenterKind
    public var status: CenterStatus
    public var regionCode: String
    public var address: String?
    /// Industry codes, sorted, without repeats.
    public var industries: [String]
    /// Service codes, sorted, without repeats.
    public var services: [String]
    public var approved: PartialDate?
    public var opened: PartialDate?
    public var approvalDocument: String?
    public var host: String?
    public var latitude: Double?
    public var longitude: Double?
    public var website: String?
    public var source: String?
    public var notes: String?

    public init(
        code: String, name: String, nameEnglish: String? = nil, kind: CenterKind, status: CenterStatus = .operating,
        regionCode: String, address: String? = nil, industries: [String] = [], services: [String] = [],
        approved: PartialDate? = nil, opened: PartialDate? = nil, approvalDocument: String? = nil, host: String? = nil,
        latitude: Double? = nil, longitude: Double? = nil, website: String? = nil, source: String? = nil,
        notes: String? = nil
    ) {
        self.code = code
        self.name = name
        self.nameEnglish = nameEnglish
        self.kind = kind
        self.status = status
        self.regionCode = regionCode
        self.address = address
        self.industries = industries.count < 2 ? industries : Array(Set(industries)).sorted()
        self.services = services.count < 2 ? services : Array(Set(services)).sorted()
        self.approved = approved
        self.opened = opened
        self.approvalDocument = approvalDocument
        self.host = host
        self.latitude = latitude
        self.longitude = longitude
        self.website = website
        self.source = source
        self.notes = notes
    }

    /// The field as text, as CSV shows it (nil when absent; lists `;`-joined).
    public func text(of field: CenterField) -> String? {
        switch field {
        case .code: return code
        case .name: return name
        case .nameEnglish: return nameEnglish
        case .kind: return kind.rawValue
        case .status: return status.rawValue
        case .regionCode: return regionCode
        case .address: return address
        case .industries: return industries.isEmpty ? nil : industries.joined(separator: ";")
        case .services: return services.isEmpty ? nil : services.joined(separator: ";")
        case .approved: return approved?.description
        case .opened: return opened?.description
        case .approvalDocument: return approvalDocument
        case .host: return host
        case .latitude: return latitude.map(NumberText.plain)
        case .longitude: return longitude.map(NumberText.plain)
        case .website: return website
        case .source: return source
        case .notes: return notes
        }
    }
}

/// A center as stored: with its row id and timestamps.
public struct StoredCenter: Sendable, Equatable {
    public var center: Center
    public let id: Int64
    public let createdAt: String
    public let updatedAt: String
    /// `河北省 / 石家庄市`.
    public let regionName: String
    /// `Hebei Province / Shijiazhuang`, or nil when a level has no English name.
    public let regionNameEnglish: String?
}
