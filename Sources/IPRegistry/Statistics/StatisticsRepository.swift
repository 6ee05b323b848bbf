// Case statistics: one row per center and period, periods of a center never overlapping.
import SQLiteDB

public struct StatisticsFilter: Sendable {
    public var centerCode: String?
    public var regions: [String] = []
    /// Periods starting on or after the first day of `from`.
    public var from: Period?
    /// Periods starting on or before the last day of `to`.
    public var to: Period?

    public init() {}
}

public struct StatisticsRepository {
    let database: Database
    var db: Connection { get throws(SQLiteError) { try database.connection } }

    public init(_ database: Database) {
        self.database = database
    }

    /// The largest statistic id so far (0 when there is none): rows above it are new.
    func lastID() throws -> Int64 {
        Int64(try db.scalarInt("SELECT coalesce(max(id), 0) FROM case_statistics") ?? 0)
    }

    /// The id of the row of this center and exactly this period, if there is one.
    func id(centerID: Int64, period: Period) throws -> Int64? {
        let existing = try db.scalar(
            """
            SELECT id FROM case_statistics WHERE center_id = ? AND period_start = ? AND period_end = ?
            """, [.integer(centerID), .text(period.firstDay), .text(period.lastDay)])
        guard case .integer(let id)? = existing else { return nil }
        return id
    }

    /// Writes the row itself, without history. Returns true when a row of the same period was replaced.
    @discardableResult
    func write(_ statistic: CaseStatistic, centerID: Int64) throws -> Bool {
        try db.execute(
            "DELETE FROM case_statistics WHERE center_id = ? AND period_start = ? AND period_end = ?",
            [.integer(centerID), .text(statistic.period.firstDay), .text(statistic.period.lastDay)])
        let replaced = try db.changes > 0
        let overlapping = try db.scalarText(
            """
            SELECT period FROM case_statistics WHERE center_id = ? AND period_start <= ? AND ? <= period_end LIMIT 1
            """, [.integer(centerID), .text(statistic.period.lastDay), .text(statistic.period.firstDay)])
        if let overlapping {
            throw RegistryError.invalidValue(
                ValidationFailure(
                    field: StatisticField.period.column, value: statistic.period.text,
                    rule: "overlaps the period \(overlapping) of center \(statistic.centerCode)"))
        }
        try db.execute(
            """
            INSERT INTO case_statistics (center_id, period, period_start, period_end, pretrial_cases, protection_cases, source)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .integer(centerID), .text(statistic.period.text), .text(statistic.period.firstDay),
                .text(statistic.period.lastDay),
                SQLiteValue(statistic.pretrialCases), SQLiteValue(statistic.protectionCases),
                SQLiteValue(statistic.source),
            ])
        return replaced
    }

    public func statistics(centerID: Int64) throws -> [CaseStatistic] {
        let statement = try db.cachedStatement(
            """
            SELECT \(Self.selectColumns)
            FROM case_statistics s JOIN centers c ON c.id = s.center_id
            WHERE s.center_id = ? ORDER BY s.period_start
            """)
        try statement.bind(centerID, at: 1)
        return try collect(statement)
    }

    public func list(_ filter: StatisticsFilter, _ body: (CaseStatistic) throws -> Void) throws {
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        if let code = filter.centerCode {
            conditions.append("c.code = ?")
            values.append(.text(code))
        }
        if !filter.regions.isEmpty {
            let containment = ReferenceCodes.containmentCondition(filter.regions)
            conditions.append(containment.sql)
            values += containment.values
        }
        if let from = filter.from {
            conditions.append("s.period_start >= ?")
            values.append(.text(from.firstDay))
        }
        if let to = filter.to {
            conditions.append("s.period_start <= ?")
            values.append(.text(to.lastDay))
        }
        let statement = try db.prepare(
            """
            SELECT \(Self.selectColumns)
            FROM case_statistics s JOIN centers c ON c.id = s.center_id
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY c.code, s.period_start
            """)
        try statement.bind(values)
        while try statement.step() {
            if let statistic = decode(statement) { try body(statistic) }
        }
    }

    private func collect(_ statement: Statement) throws -> [CaseStatistic] {
        defer { statement.reset() }
        var result: [CaseStatistic] = []
        while try statement.step() {
            if let statistic = decode(statement) { result.append(statistic) }
        }
        return result
    }

    /// The columns a statistic is read from (`case_statistics s` joined to `centers c`), in order.
    enum Column: Int32, SelectedColumns {
        case centerCode, period, pretrialCases, protectionCases, source

        var sql: String {
            switch self {
            case .centerCode: return "c.code"
            case .period: return "s.period"
            case .pretrialCases: return "s.pretrial_cases"
            case .protectionCases: return "s.protection_cases"
            case .source: return "s.source"
            }
        }
    }

    static let selectColumns = Column.selectList()

    /// A row of `SELECT \(selectColumns)`; nil for a period this build cannot read.
    private func decode(_ row: Statement) -> CaseStatistic? {
        guard let period = Period(row.text(Column.period)) else { return nil }
        return CaseStatistic(
            centerCode: row.text(Column.centerCode), period: period,
            pretrialCases: row.optionalInt(Column.pretrialCases),
            protectionCases: row.optionalInt(Column.protectionCases), source: row.string(Column.source))
    }
}
