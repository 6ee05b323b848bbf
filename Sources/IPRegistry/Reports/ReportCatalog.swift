// Every report a registry can run, built-in and saved: listing them, and preparing one to run.
import SQLiteDB

public struct ReportSummary: Sendable, Equatable {
    public let name: String
    public let isBuiltIn: Bool
    public let parameters: [String]
    public let description: String?

    public init(name: String, isBuiltIn: Bool, parameters: [String], description: String?) {
        self.name = name
        self.isBuiltIn = isBuiltIn
        self.parameters = parameters
        self.description = description
    }
}

/// A report compiled and its parameters bound, ready to run inside the read that prepared it.
public struct PreparedReport {
    public let query: ReadOnlyQuery
    public let values: [String: SQLiteValue]
    public let sql: String
    /// A way to the same rows that is faster than the SQL, where it applies (TopCentersInPeriod).
    var computed: TopCentersInPeriod? = nil

    /// The SQL with its values as `-- :name = 'value'` comments first: what the report runs,
    /// to read, to copy into a saved report, or to run in the sqlite3 shell after `.parameter set`.
    public var annotatedSQL: String {
        var text = ""
        for name in query.parameterNames {
            guard let value = values[name] else { continue }
            text += "-- :\(name) = \(Self.literal(value))\n"
        }
        return text + sql + (sql.hasSuffix("\n") ? "" : "\n")
    }

    /// A value as an SQL literal.
    static func literal(_ value: SQLiteValue) -> String {
        switch value {
        case .null: return "NULL"
        case .integer(let number): return String(number)
        case .real(let number): return NumberText.shortest(number)
        case .text(let text):
            return "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
        case .blob: return Cell(value).plainText()
        }
    }

    public var columnNames: [String] { query.columnNames }

    public func run(eachRow body: ([Cell]) throws -> Void) throws {
        if let computed, try computed.rows(body) { return }
        try query.run(values, eachRow: body)
    }
}

public enum ReportCatalog {
    /// The built-in reports, then the saved ones by name. A saved report whose SQL no longer
    /// compiles (the schema moved on) is listed with that said in its description.
    public static func all(in database: Database) throws -> [ReportSummary] {
        var summaries = BuiltInReport.allCases.map {
            ReportSummary(
                name: $0.name, isBuiltIn: true, parameters: $0.parameters.map(\.name), description: $0.summary)
        }
        for report in try SavedReportRepository(database).all() {
            summaries.append(summary(of: report, in: database))
        }
        return summaries
    }

    private static func summary(of report: SavedReport, in database: Database) -> ReportSummary {
        let query: ReadOnlyQuery
        do {
            query = try ReadOnlyQuery(database, sql: report.sql, source: .savedReport(report.name))
        } catch {
            return ReportSummary(
                name: report.name, isBuiltIn: false, parameters: [],
                description: "(does not run: \(error.description))")
        }
        return ReportSummary(
            name: report.name, isBuiltIn: false, parameters: query.parameterNames, description: report.description)
    }

    /// Compiles report `name` with `arguments` (the `--param` texts by name): for a built-in
    /// report they are checked and converted, for a saved one they bind as `ipreg sql` binds them.
    public static func prepare(
        _ name: String, arguments: [String: String], in database: Database
    ) throws -> PreparedReport {
        if let builtIn = BuiltInReport(rawValue: name) {
            let (sql, values) = try builtIn.query(arguments: arguments, in: database)
            let query = try ReadOnlyQuery(database, sql: sql)
            let used = Set(query.parameterNames)
            var prepared = PreparedReport(query: query, values: values.filter { used.contains($0.key) }, sql: sql)
            if builtIn == .topCenters, values["from"] != nil || values["to"] != nil,
                case .integer(let limit)? = values["limit"]
            {
                func text(_ name: String) -> String? {
                    if case .text(let text)? = values[name] { return text }
                    return nil
                }
                prepared.computed = TopCentersInPeriod(
                    database: database,
                    rankColumn: arguments["by"] == "pretrial" ? "pretrial_cases" : "protection_cases",
                    from: text("from"), to: text("to"), regionLowest: text("region_lowest"),
                    regionHighest: text("region_highest"), limit: limit)
            }
            return prepared
        }
        guard let saved = try SavedReportRepository(database).report(named: name) else {
            throw RegistryError.notFound("no report named \(name) (see 'ipreg report list')")
        }
        let query = try ReadOnlyQuery(database, sql: saved.sql, source: .savedReport(name))
        return PreparedReport(query: query, values: arguments.mapValues(QueryParameter.value(of:)), sql: saved.sql)
    }
}
