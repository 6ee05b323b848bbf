// A published figure (docs/commands.md): what an administration publishes about a whole region,
// kept as published with its source, never split across centers or added into their statistics.
public enum FigureMetric: String, CaseIterable, Sendable {
    /// Centers in existence on the period's last day.
    case centers
    /// Centers approved (else opened) within the period.
    case centersSetUp = "centers-set-up"
    case pretrialCases = "pretrial-cases"
    case protectionCases = "protection-cases"
}

public enum FigureBound: String, CaseIterable, Sendable {
    case exact
    /// "more than 29,000".
    case atLeast = "at-least"
    /// "about 19,000": within 5%.
    case about
}

/// The fields of a figure, in the order of the CSV header (docs/files.md).
public enum FigureField: String, CaseIterable, Sendable {
    case code, metric, regions, kinds, industries, period, value, bound, source, notes

    public var column: String { rawValue }

    public var isRequired: Bool {
        switch self {
        case .code, .metric, .regions, .period, .value, .source: return true
        case .kinds, .industries, .bound, .notes: return false
        }
    }
}

public struct Figure: Sendable, Equatable {
    public var code: String
    public var metric: FigureMetric
    /// Division codes, sorted, at least one.
    public var regions: [String]
    /// Center kinds, sorted; none means every kind.
    public var kinds: [CenterKind]
    /// Industry codes, sorted.
    public var industries: [String]
    public var period: Period
    public var value: Int
    public var bound: FigureBound
    public var source: String
    public var notes: String?

    public init(
        code: String, metric: FigureMetric, regions: [String], kinds: [CenterKind] = [], industries: [String] = [],
        period: Period, value: Int, bound: FigureBound = .exact, source: String, notes: String? = nil
    ) {
        self.code = code
        self.metric = metric
        self.regions = regions
        self.kinds = kinds
        self.industries = industries
        self.period = period
        self.value = value
        self.bound = bound
        self.source = source
        self.notes = notes
    }

    /// The field as CSV text: lists `;`-joined, nil when not given.
    public func text(of field: FigureField) -> String? {
        switch field {
        case .code: return code
        case .metric: return metric.rawValue
        case .regions: return regions.joined(separator: ";")
        case .kinds: return kinds.isEmpty ? nil : kinds.map(\.rawValue).joined(separator: ";")
        case .industries: return industries.isEmpty ? nil : industries.joined(separator: ";")
        case .period: return period.text
        case .value: return String(value)
        case .bound: return bound.rawValue
        case .source: return source
        case .notes: return notes
        }
    }
}
