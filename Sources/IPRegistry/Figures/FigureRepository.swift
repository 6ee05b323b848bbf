// Stores published figures with their regions, kinds, industries and history. Every method that
// writes expects to run inside the caller's transaction (`Registry.write`), so a command's whole
// change, history included, commits or rolls back as one.
import SQLiteDB

public struct StoredFigure: Sendable, Equatable {
    public var figure: Figure
    public let id: Int64
}

public struct FigureFilter: Sendable {
    /// Figures naming one of these divisions or one inside them.
    public var regions: [String] = []
    public var metrics: [FigureMetric] = []

    public init() {}
}

public final class FigureRepository {
    let database: Database
    var db: Connection { get throws(SQLiteError) { try database.connection } }
    /// What changes are stamped with: the registry's, or one stopped so that an import stamps
    /// all its rows alike.
    public var clock: RegistryClock

    public init(_ database: Database) {
        self.database = database
        clock = database.clock
    }

    private func timestamp() -> String { clock.timestamp() }

    /// The columns a stored figure is read from (`figure_overview`), in their SELECT order.
    enum Column: Int32, SelectedColumns {
        case id, code, metric, regions, kinds, industries, period, value, bound, source, notes

        var sql: String { "\(self)" }
    }

    static let selectColumns = Column.selectList()

    /// A row of `SELECT \(selectColumns)` as a stored figure; nil for a metric or period this
    /// build does not know (written by another client).
    private func decode(_ row: Statement) -> StoredFigure? {
        guard let metric = FigureMetric(rawValue: row.text(Column.metric)), let period = Period(row.text(Column.period))
        else { return nil }
        let figure = Figure(
            code: row.text(Column.code), metric: metric, regions: row.list(Column.regions),
            kinds: row.list(Column.kinds).compactMap(CenterKind.init(rawValue:)),
            industries: row.list(Column.industries),
            period: period, value: row.int(Column.value),
            bound: FigureBound(rawValue: row.text(Column.bound)) ?? .exact,
            source: row.text(Column.source), notes: row.string(Column.notes))
        return StoredFigure(figure: figure, id: row.int64(Column.id))
    }

    // MARK: Reading

    public func find(code: String) throws -> StoredFigure? {
        let statement = try db.cachedStatement(
            "SELECT \(Self.selectColumns) FROM figure_overview WHERE code = ? COLLATE NOCASE")
        try statement.bind(code, at: 1)
        defer { statement.reset() }
        return try statement.step() ? decode(statement) : nil
    }

    /// Calls `body` with each figure the filter selects, by code.
    public func list(_ filter: FigureFilter, _ body: (StoredFigure) throws -> Void) throws {
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        if !filter.regions.isEmpty {
            let containment = ReferenceCodes.containmentCondition(filter.regions, column: "r.region_code")
            conditions.append(
                "EXISTS (SELECT 1 FROM figure_regions AS r WHERE r.figure_id = f.id AND \(containment.sql))")
            values += containment.values
        }
        if !filter.metrics.isEmpty {
            conditions.append("f.metric IN (" + filter.metrics.map { _ in "?" }.joined(separator: ", ") + ")")
            values += filter.metrics.map { .text($0.rawValue) }
        }
        let statement = try db.prepare(
            """
            SELECT \(Self.selectColumns) FROM figure_overview AS f
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY f.code COLLATE NOCASE
            """)
        try statement.bind(values)
        while try statement.step() {
            if let stored = decode(statement) { try body(stored) }
        }
    }

    // MARK: Writing (inside the caller's transaction)

    /// Adds a new figure; its code must be free (compared case-insensitively).
    @discardableResult
    public func insert(_ figure: Figure, change: HistoryChange = .add) throws -> StoredFigure {
        if let existing = try find(code: figure.code) {
            throw RegistryError.invalidValue(
                ValidationFailure(
                    field: FigureField.code.column, value: figure.code,
                    rule: "already exists (as \(existing.figure.code))"))
        }
        let now = timestamp()
        try db.execute(
            """
            INSERT INTO figures (code, metric, period, period_start, period_end, value, bound, source, notes, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, values(of: figure) + [.text(now), .text(now)])
        let id = try db.lastInsertRowID
        try writeLists(of: figure, id: id)
        try recordHistory(code: figure.code, change: change, before: nil, after: snapshot(id: id))
        return StoredFigure(figure: figure, id: id)
    }

    /// Replaces a figure's fields and lists with `figure`'s.
    @discardableResult
    public func update(
        _ stored: StoredFigure, to figure: Figure, change: HistoryChange = .update
    ) throws -> StoredFigure {
        let before = try snapshot(id: stored.id)
        try db.execute(
            """
            UPDATE figures SET code = ?, metric = ?, period = ?, period_start = ?, period_end = ?, value = ?, bound = ?,
                               source = ?, notes = ?, updated_at = ?
            WHERE id = ?
            """, values(of: figure) + [.text(timestamp()), .integer(stored.id)])
        for table in ["figure_regions", "figure_kinds", "figure_industries"] {
            try db.execute("DELETE FROM \(table) WHERE figure_id = ?", [.integer(stored.id)])
        }
        try writeLists(of: figure, id: stored.id)
        try recordHistory(code: figure.code, change: change, before: before, after: snapshot(id: stored.id))
        return StoredFigure(figure: figure, id: stored.id)
    }

    /// Removes a figure; its history stays.
    @discardableResult
    public func remove(code: String) throws -> StoredFigure {
        guard let stored = try find(code: code) else { throw RegistryError.notFound("figure \(code): no such figure") }
        let before = try snapshot(id: stored.id)
        try db.execute("DELETE FROM figures WHERE id = ?", [.integer(stored.id)])
        try recordHistory(code: stored.figure.code, change: .remove, before: before, after: nil)
        return stored
    }

    /// Every change to a figure, newest first, with the fields it changed.
    public func history(code: String) throws -> [HistoryEntry] {
        let statement = try db.prepare(
            """
            SELECT h.changed_at, h.change, h.before, h.after, h.actor,
                   (SELECT group_concat(key, ', ') FROM (
                        SELECT key FROM (SELECT key FROM json_each(coalesce(h.after, '{}'))
                                         UNION SELECT key FROM json_each(coalesce(h.before, '{}')))
                        WHERE json_extract(coalesce(h.before, '{}'), '$.' || key) IS NOT json_extract(coalesce(h.after, '{}'), '$.' || key)
                        ORDER BY instr(?2, ',' || key || ',')))
            FROM figure_history AS h WHERE h.figure_code = ?1 ORDER BY h.id DESC
            """)
        try statement.bind(code, at: 1)
        try statement.bind("," + FigureField.allCases.map(\.column).joined(separator: ",") + ",", at: 2)
        return try HistoryEntry.all(from: statement)
    }

    // MARK: Parts

    private func values(of figure: Figure) -> [SQLiteValue] {
        [
            .text(figure.code), .text(figure.metric.rawValue), .text(figure.period.text), .text(figure.period.firstDay),
            .text(figure.period.lastDay), .integer(Int64(figure.value)), .text(figure.bound.rawValue),
            .text(figure.source),
            SQLiteValue(figure.notes),
        ]
    }

    private func writeLists(of figure: Figure, id: Int64) throws {
        for region in figure.regions {
            try db.cachedStatement("INSERT INTO figure_regions (figure_id, region_code) VALUES (?, ?)").execute([
                .integer(id), .text(region),
            ])
        }
        for kind in figure.kinds {
            try db.cachedStatement("INSERT INTO figure_kinds (figure_id, kind) VALUES (?, ?)").execute([
                .integer(id), .text(kind.rawValue),
            ])
        }
        for industry in figure.industries {
            try db.cachedStatement("INSERT INTO figure_industries (figure_id, industry_code) VALUES (?, ?)")
                .execute([.integer(id), .text(industry)])
        }
    }

    private func recordHistory(code: String, change: HistoryChange, before: String?, after: String?) throws {
        try db.cachedStatement(
            """
            INSERT INTO figure_history (figure_code, changed_at, change, before, after, actor) VALUES (?, ?, ?, ?, ?, ?)
            """
        ).execute([
            .text(code), .text(timestamp()), .text(change.rawValue), SQLiteValue(before), SQLiteValue(after),
            .text(database.actor),
        ])
    }

    /// The figure as history keeps it: one JSON object with the CSV's fields, lists as arrays, absent
    /// fields and empty lists left out (so that a change lists only the fields it changed). The view
    /// (Migrations/0007) is what the triggers record other clients' changes with, too.
    private func snapshot(id: Int64) throws -> String {
        let json = try db.scalarText("SELECT snapshot FROM figure_snapshots WHERE id = ?", [.integer(id)])
        guard let json else { throw RegistryError.notFound("figure \(id): no such figure") }
        return json
    }
}
