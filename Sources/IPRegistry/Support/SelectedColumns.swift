// A SELECT list and the decoding of its rows from one declaration: an enum whose cases are the
// columns in their order (the raw value is the column's position) and whose `sql` is each one's
// expression. The list is built from the cases and a row is read by case, so the text and the
// decoding cannot drift apart; reading by case costs what reading by position did.
import SQLiteDB

protocol SelectedColumns: CaseIterable, RawRepresentable where RawValue == Int32 {
    /// The column's expression in the SELECT list.
    var sql: String { get }
}

extension SelectedColumns {
    /// `a, b, c`: every case's expression, in order. Types keep it in a `static let`, built once.
    static func selectList() -> String { allCases.map(\.sql).joined(separator: ", ") }
}

extension Statement {
    func text<Column: SelectedColumns>(_ column: Column) -> String { text(column.rawValue) }
    func string<Column: SelectedColumns>(_ column: Column) -> String? { string(column.rawValue) }
    func int<Column: SelectedColumns>(_ column: Column) -> Int { int(column.rawValue) }
    func int64<Column: SelectedColumns>(_ column: Column) -> Int64 { int64(column.rawValue) }
    func optionalInt<Column: SelectedColumns>(_ column: Column) -> Int? { optionalInt(column.rawValue) }
    func optionalDouble<Column: SelectedColumns>(_ column: Column) -> Double? { optionalDouble(column.rawValue) }
    /// A `;`-separated list (group_concat), empty when NULL.
    func list<Column: SelectedColumns>(_ column: Column) -> [String] {
        string(column.rawValue).map { $0.split(separator: ";").map(String.init) } ?? []
    }
}
