// Reports that users save: a name, one read-only SQL statement, and a description.
import SQLiteDB

public struct SavedReport: Sendable, Equatable {
    public let name: String
    public let sql: String
    public let description: String?
    public let createdAt: String
}

/// Reads inside `Registry.read`; saves and removes inside the caller's `Registry.write`.
public struct SavedReportRepository {
    let database: Database
    var db: Connection { get throws(SQLiteError) { try database.connection } }

    public init(_ database: Database) { self.database = database }

    public func all() throws -> [SavedReport] {
        let statement = try db.cachedStatement(
            "SELECT name, sql, description, created_at FROM saved_reports ORDER BY name")
        var reports: [SavedReport] = []
        while try statement.step() { reports.append(Self.report(from: statement)) }
        return reports
    }

    public func report(named name: String) throws -> SavedReport? {
        let statement = try db.cachedStatement(
            "SELECT name, sql, description, created_at FROM saved_reports WHERE name = ?")
        try statement.bind(name, at: 1)
        defer { statement.reset() }
        return try statement.step() ? Self.report(from: statement) : nil
    }

    private static func report(from statement: Statement) -> SavedReport {
        SavedReport(
            name: statement.text(0), sql: statement.text(1), description: statement.string(2),
            createdAt: statement.text(3))
    }

    /// Saves `sql` under `name`, replacing a saved report of that name; true when it replaced one.
    /// The SQL must compile against this registry and only read; it is stored as given.
    @discardableResult
    public func save(name: String, sql: String, description: String?) throws -> Bool {
        try Self.validate(name: name)
        if let description, description.count > 2000 {
            throw ValidationFailure(field: "description", value: description, rule: "at most 2000 characters")
        }
        let query = try ReadOnlyQuery(database, sql: sql, source: .savedReport(name))
        guard !query.columnNames.isEmpty else {
            throw RegistryError.invalidInput(
                "saved report \(name): the statement returns no columns; a report is a query")
        }
        let existed = try report(named: name) != nil
        try db.execute(
            """
            INSERT INTO saved_reports (name, sql, description, created_at)
            VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
            ON CONFLICT (name) DO UPDATE SET sql = excluded.sql, description = excluded.description,
                                             created_at = excluded.created_at
            """, [.text(name), .text(sql), SQLiteValue(description)])
        return existed
    }

    public func remove(name: String) throws {
        if BuiltInReport(rawValue: name) != nil {
            throw RegistryError.invalidInput("\(name) is a built-in report; only saved reports can be removed")
        }
        try db.execute("DELETE FROM saved_reports WHERE name = ?", [.text(name)])
        if try db.changes == 0 {
            throw RegistryError.notFound("no saved report named \(name) (see 'ipreg report list')")
        }
    }

    /// 1-64 characters of `a-z 0-9 -` (the schema checks the same), and not a built-in's name.
    static func validate(name: String) throws(ValidationFailure) {
        guard TextRules.isReferenceCode(name) else {
            throw ValidationFailure(
                field: "name", value: name, rule: "a report name is 1-64 characters of a-z, 0-9 and -")
        }
        guard BuiltInReport(rawValue: name) == nil else {
            throw ValidationFailure(field: "name", value: name, rule: "a built-in report has this name; choose another")
        }
    }
}
