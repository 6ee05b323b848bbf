// The repositories' SELECT lists and their decoding come from one declaration per record
// (SelectedColumns): the statement's columns are the cases, in order, under the cases' names.
import Testing

@testable import IPRegistry

@Suite struct SelectedColumnsTests {
    /// The names SQLite gives the columns of `sql`.
    private func columnNames(_ sql: String) throws -> [String] {
        let folder = try TemporaryDirectory()
        let registry = try Registry.open(path: folder.path("registry.sqlite"))
        return try registry.read { db in
            let statement = try db.connection.prepare(sql)
            return (0..<statement.columnCount).map { statement.columnName($0) }
        }
    }

    @Test func aCenterIsSelectedColumnByColumnAsItsCasesSay() throws {
        let names = try columnNames("SELECT \(CenterRepository.selectColumns) FROM centers c")
        let cases = CenterRepository.Column.allCases
        #expect(names.count == cases.count)
        #expect(cases.map(\.rawValue) == Array(0..<Int32(cases.count)))
        for (column, name) in zip(cases, names) where column.sql.hasPrefix("c.") {
            #expect(name == String(column.sql.dropFirst(2)), "\(column)")
        }
        #expect(names[Int(CenterRepository.Column.industries.rawValue)].contains("industry_code"))
        #expect(names[Int(CenterRepository.Column.services.rawValue)].contains("service_code"))
    }

    @Test func aFigureIsSelectedColumnByColumnAsItsCasesSay() throws {
        let names = try columnNames("SELECT \(FigureRepository.selectColumns) FROM figure_overview")
        let cases = FigureRepository.Column.allCases
        #expect(cases.map(\.rawValue) == Array(0..<Int32(cases.count)))
        #expect(names == cases.map(\.sql))
        #expect(
            names == [
                "id", "code", "metric", "regions", "kinds", "industries", "period", "value", "bound", "source", "notes",
            ])
    }

    @Test func aStatisticIsSelectedColumnByColumnAsItsCasesSay() throws {
        let names = try columnNames(
            "SELECT \(StatisticsRepository.selectColumns) FROM case_statistics s JOIN centers c ON c.id = s.center_id")
        let cases = StatisticsRepository.Column.allCases
        #expect(cases.map(\.rawValue) == Array(0..<Int32(cases.count)))
        #expect(names == cases.map { String($0.sql.dropFirst(2)) })
    }
}
