// What an import reads and what becomes of each row: the types the Importer and the row handlers
// share, in a file of their own so that neither file depends on the other for them.

/// What a file holds, with the columns its header may and must have.
public enum ImportKind: String, CaseIterable, Sendable {
    case centers, stats, regions, figures

    var columns: [String] {
        switch self {
        case .centers: return CenterField.allCases.map(\.column)
        case .stats: return StatisticField.allCases.map(\.column)
        case .regions: return ["code", "name", "name_en"]
        case .figures: return FigureField.allCases.map(\.column)
        }
    }

    var requiredColumns: [String] {
        switch self {
        case .centers: return CenterField.allCases.filter(\.isRequired).map(\.column)
        case .stats: return ["center_code", "period"]
        case .regions: return ["code", "name"]
        case .figures: return FigureField.allCases.filter(\.isRequired).map(\.column)
        }
    }
}

/// One row refused: its message, and the CSV column (1-based) at fault when known.
struct RowFailure: Error {
    let message: String
    let column: Int?
}

/// One row of a center outside the import's `writableRegion`: its message and column, as `RowFailure`.
struct RowOutside: Error {
    let message: String
    let column: Int?
}

/// An import refused whole because rows touch centers outside its `writableRegion`: nothing was
/// written. `rows` name each as import names a row (`FILE:LINE:`), up to `maxReportedErrors`.
public struct ImportRefusal: Error, Sendable, Equatable {
    public let rows: [String]
    /// How many rows were outside, named or not.
    public let count: Int
}

enum RowOutcome { case inserted, updated, unchanged, skipped }
