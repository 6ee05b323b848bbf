// `ipreg check`: SQLite's own integrity checks and the registry's rules, each a named pass or fail.
// Nothing here writes to the registry: it runs on a read-only connection, in one snapshot.
import SQLiteDB

/// The outcome of one named check.
public struct CheckResult: Sendable, Equatable {
    public let name: String
    public let passed: Bool
    /// `ok`, or how many problems were found and the first few of them.
    public let detail: String
    /// Every problem found, up to `RegistryCheck.problemLimit`.
    public let problems: [String]
    public let problemCount: Int
}

public struct RegistryCheck {
    /// The checks, in the order they run and print. Scripts may rely on these names.
    public static let names = [
        "integrity", "foreign-keys", "schema", "migrations", "center-divisions",
        "statistics-overlap", "search-index", "history", "codes", "report-totals",
    ]
    /// How many problems one check reports by name; the rest are counted.
    public static let problemLimit = 5

    let registry: Registry
    /// The read the checks run in; set only on the copy that runs them (`within`).
    private var scope: Database?
    private var db: Connection {
        get throws(SQLiteError) {
            guard let scope else { throw SQLiteError(.misuse, message: "a check runs inside a read of the registry") }
            return try scope.connection
        }
    }

    public init(registry: Registry) { self.registry = registry }

    /// Runs every check. A check that cannot even run (a corrupt page, say) fails with the reason;
    /// it never stops the others.
    public func run() -> [CheckResult] {
        // One read transaction: every check sees the same snapshot while others write.
        if let results = try? registry.read({ database in within(database).run(Self.names) }) { return results }
        // If the snapshot itself cannot be taken, each check runs in a read of its own and reports why it failed.
        return Self.names.map { name in
            do {
                return try registry.read { database in within(database).run([name]) }.first
                    ?? Findings().result(name: name)
            } catch {
                var findings = Findings()
                findings.add("could not run: \(error)")
                return findings.result(name: name)
            }
        }
    }

    private func within(_ database: Database) -> RegistryCheck {
        var scoped = self
        scoped.scope = database
        return scoped
    }

    private func run(_ names: [String]) -> [CheckResult] {
        let checks: [String: (inout Findings) throws -> Void] = [
            "integrity": integrity,
            "foreign-keys": foreignKeys,
            "schema": schema,
            "migrations": migrations,
            "center-divisions": centerDivisions,
            "statistics-overlap": statisticsOverlap,
            "search-index": searchIndex,
            "history": history,
            "codes": codes,
            "report-totals": reportTotals,
        ]
        return names.compactMap { name -> CheckResult? in
            guard let body = checks[name] else { return nil }
            var findings = Findings()
            do {
                try body(&findings)
            } catch let error as SQLiteError {
                findings.add("could not run: \(error.message)")
            } catch {
                findings.add("could not run: \(error)")
            }
            return findings.result(name: name)
        }
    }

    // MARK: SQLite's checks

    /// SQLite checks CHECK constraints only on a connection that could write, so the check
    /// opens one that may not (`query_only`); a file nobody may write is checked without them.
    private func integrity(_ findings: inout Findings) throws {
        var checker = try db
        do {
            let writable = try Connection(
                path: registry.path, mode: .readWrite,
                busyTimeoutMilliseconds: registry.busyTimeoutMilliseconds)
            try writable.execute("PRAGMA query_only = ON")
            checker = writable
        } catch {
            findings.note = "CHECK constraints not verified: the file is read-only"
        }
        let statement = try checker.prepare("PRAGMA integrity_check(100)")
        while try statement.step() {
            let line = statement.text(0)
            if line != "ok" { findings.add(line) }
        }
    }

    private func foreignKeys(_ findings: inout Findings) throws {
        let statement = try db.prepare("PRAGMA foreign_key_check")
        while try statement.step() {
            findings.add("\(statement.text(0)) row \(statement.text(1)) refers to a missing \(statement.text(2)) row")
        }
    }

    // MARK: The registry's schema

    /// Every table, index, trigger and view the migrations create is there, as they create it:
    /// a dropped trigger would let overlapping statistics or a stale search index in unseen.
    /// Objects a user added (their own views, say) are allowed.
    private func schema(_ findings: inout Findings) throws {
        let version = try db.scalarInt("PRAGMA user_version") ?? 0
        let expected = try Connection.inMemory()
        try Registry.migrator.migrate(expected, upTo: version)
        let sql = "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        let actual = try Self.schemaObjects(db, sql)
        let wanted = try Self.schemaObjects(expected, sql)
        // A virtual table's shadow tables are the module's business, and their SQL varies
        // between SQLite versions: only their presence is compared.
        let virtualTables = wanted.filter { $0.value.sql?.hasPrefix("CREATE VIRTUAL TABLE") == true }.map(\.key)
        for (name, object) in wanted.sorted(by: { $0.key < $1.key }) {
            guard let found = actual[name] else {
                findings.add("\(object.type) \(name) is missing")
                continue
            }
            let isShadow = virtualTables.contains { name.hasPrefix($0 + "_") }
            if found.type != object.type || (!isShadow && found.sql != object.sql) {
                findings.add("\(object.type) \(name) differs from the registry's schema")
            }
        }
    }

    private struct SchemaObject: Equatable {
        let type: String
        let sql: String?
    }

    private static func schemaObjects(_ db: Connection, _ sql: String) throws -> [String: SchemaObject] {
        let statement = try db.prepare(sql)
        var objects: [String: SchemaObject] = [:]
        while try statement.step() {
            objects[statement.text(1)] = SchemaObject(type: statement.text(0), sql: statement.string(2))
        }
        return objects
    }

    /// The migrations recorded are exactly those this ipreg ships up to `user_version`, by version and name.
    private func migrations(_ findings: inout Findings) throws {
        let version = try db.scalarInt("PRAGMA user_version") ?? 0
        let statement = try db.prepare("SELECT version, name FROM \(Migrator.tableName) ORDER BY version")
        var recorded: [(version: Int, name: String)] = []
        while try statement.step() { recorded.append((statement.int(0), statement.text(1))) }
        let expected = EmbeddedMigrations.all.filter { $0.version <= version }
        for migration in expected where !recorded.contains(where: { $0.version == migration.version }) {
            findings.add(
                "migration \(migration.version) (\(migration.name)) is not recorded, yet user_version is \(version)")
        }
        for entry in recorded {
            if let known = expected.first(where: { $0.version == entry.version }) {
                if known.name != entry.name {
                    findings.add(
                        "migration \(entry.version) is recorded as \(ValidationFailure.quoted(entry.name)), not \(known.name)"
                    )
                }
            } else {
                findings.add(
                    "migration \(entry.version) (\(ValidationFailure.quoted(entry.name))) is recorded, yet user_version is \(version)"
                )
            }
        }
    }

    // MARK: The registry's rules

    private func centerDivisions(_ findings: inout Findings) throws {
        let statement = try db.prepare(
            """
            SELECT code, region_code FROM centers
            WHERE NOT EXISTS (SELECT 1 FROM divisions WHERE divisions.code = centers.region_code)
            ORDER BY code
            """)
        while try statement.step() {
            findings.add(
                "center \(statement.text(0)): region_code \(ValidationFailure.quoted(statement.text(1))) is no division of the registry"
            )
        }
    }

    private func statisticsOverlap(_ findings: inout Findings) throws {
        let statement = try db.prepare(
            """
            SELECT c.code, a.period, b.period
            FROM case_statistics a
            JOIN case_statistics b
              ON b.center_id = a.center_id AND b.id > a.id
             AND b.period_start <= a.period_end AND a.period_start <= b.period_end
            LEFT JOIN centers c ON c.id = a.center_id
            ORDER BY c.code, a.period_start
            """)
        while try statement.step() {
            let center = statement.string(0) ?? "?"
            findings.add("center \(center): periods \(statement.text(1)) and \(statement.text(2)) overlap")
        }
    }

    /// The columns of `centers_search`, in their order (Migrations/0001_initial.sql).
    private static let searchColumns = ["name", "name_en", "host", "address"]

    /// The full-text index says exactly what a fresh index of the centers would say.
    /// FTS5's own `integrity-check` needs a writable connection and, before SQLite 3.44,
    /// does not compare an external-content index with its table; so the centers are indexed
    /// again into a temporary table and both indexes are read side by side, entry by entry.
    /// The locations index (Migrations/0014), which `center nearest` and `--near` read, is
    /// checked here too: both are indexes of the centers kept by triggers.
    private func searchIndex(_ findings: inout Findings) throws {
        // The fresh index is a temporary table, which query_only refuses; it is lifted for this
        // check alone, whose only writes are to its own temporary tables.
        try db.withQueryOnly(false) { try compareSearchIndex(&findings) }
        try compareLocationIndex(&findings)
    }

    /// Every center with coordinates has one entry in center_locations, its box holding the
    /// center's point and no wider than the 32-bit rounding the R*Tree applies; no entry is
    /// left without such a center.
    private func compareLocationIndex(_ findings: inout Findings) throws {
        guard try db.scalarInt("PRAGMA user_version") ?? 0 >= 13 else { return }
        let found = findings.count
        // 1e-4 degrees (about 11 m) is far more than the rounding of a 32-bit float up to 180.
        let statement = try db.prepare(
            """
            SELECT c.code, c.id, 'is missing from the locations index' FROM centers AS c
            WHERE c.latitude IS NOT NULL AND c.longitude IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM center_locations AS l WHERE l.id = c.id)
            UNION ALL
            SELECT c.code, l.id, CASE WHEN c.id IS NULL THEN 'is in the locations index but is no center'
                                      ELSE 'has coordinates no more but is in the locations index' END
            FROM center_locations AS l LEFT JOIN centers AS c ON c.id = l.id
            WHERE c.id IS NULL OR c.latitude IS NULL OR c.longitude IS NULL
            UNION ALL
            SELECT c.code, c.id, 'has a box in the locations index that does not match its coordinates'
            FROM center_locations AS l JOIN centers AS c ON c.id = l.id
            WHERE c.latitude IS NOT NULL AND c.longitude IS NOT NULL
              AND NOT (l.min_latitude <= c.latitude AND c.latitude <= l.max_latitude
                       AND l.min_longitude <= c.longitude AND c.longitude <= l.max_longitude
                       AND l.max_latitude - l.min_latitude < 1e-4 AND l.max_longitude - l.min_longitude < 1e-4)
            """)
        while try statement.step() {
            let subject =
                statement.string(0).map { "center \($0) (row \(statement.int64(1)))" }
                ?? "row \(statement.int64(1))"
            findings.add("\(subject) \(statement.text(2))")
        }
        let kept = try db.scalarInt("SELECT centers FROM center_locations_missing WHERE id = 1")
        let counted = try db.scalarInt("SELECT count(*) FROM centers WHERE latitude IS NULL") ?? 0
        if kept != counted {
            findings.add(
                "center_locations_missing counts \(kept.map(String.init) ?? "no row") centers without coordinates, "
                    + "but \(counted) have none")
        }
        if findings.count > found {
            let rebuild =
                "DELETE FROM center_locations; INSERT INTO center_locations SELECT id, latitude, latitude, "
                + "longitude, longitude FROM centers WHERE latitude IS NOT NULL AND longitude IS NOT NULL; "
                + "INSERT OR REPLACE INTO center_locations_missing (id, centers) "
                + "SELECT 1, count(*) FROM centers WHERE latitude IS NULL"
            findings.hint = (findings.hint.map { $0 + "; " } ?? "") + "rebuild the locations index: " + rebuild
        }
    }

    private func compareSearchIndex(_ findings: inout Findings) throws {
        let columns = Self.searchColumns.joined(separator: ", ")
        try db.execute(
            """
            DROP TABLE IF EXISTS temp.ipreg_check_registry_entries;
            DROP TABLE IF EXISTS temp.ipreg_check_fresh_entries;
            DROP TABLE IF EXISTS temp.ipreg_check_search;
            CREATE VIRTUAL TABLE temp.ipreg_check_search
                USING fts5 (\(columns), content = '', tokenize = 'trigram');
            INSERT INTO temp.ipreg_check_search (rowid, \(columns)) SELECT id, \(columns) FROM main.centers;
            CREATE VIRTUAL TABLE temp.ipreg_check_fresh_entries USING fts5vocab (temp, ipreg_check_search, instance);
            CREATE VIRTUAL TABLE temp.ipreg_check_registry_entries USING fts5vocab (main, centers_search, instance);
            """)
        defer {
            try? db.execute(
                """
                DROP TABLE IF EXISTS temp.ipreg_check_registry_entries;
                DROP TABLE IF EXISTS temp.ipreg_check_fresh_entries;
                DROP TABLE IF EXISTS temp.ipreg_check_search;
                """)
        }
        // Both vocabularies list entries in the index's own order (term bytes, row, column,
        // offset), so one merge of the two finds every difference without sorting anything.
        let indexed = try db.prepare("SELECT term, doc, col, offset FROM temp.ipreg_check_registry_entries")
        let fresh = try db.prepare("SELECT term, doc, col, offset FROM temp.ipreg_check_fresh_entries")
        var differing = Set<Int64>()
        var hasIndexed = try indexed.step()
        var hasFresh = try fresh.step()
        while hasIndexed || hasFresh {
            let order = hasIndexed && hasFresh ? Self.entryOrder(indexed, fresh) : (hasIndexed ? -1 : 1)
            if order == 0 {
                hasIndexed = try indexed.step()
                hasFresh = try fresh.step()
            } else if order < 0 {
                differing.insert(indexed.int64(1))  // indexed, but not in the centers
                hasIndexed = try indexed.step()
            } else {
                differing.insert(fresh.int64(1))  // in the centers, but not indexed
                hasFresh = try fresh.step()
            }
        }
        for row in differing.sorted() {
            if findings.isFull {
                findings.add("")
            } else if let code = try db.scalarText("SELECT code FROM centers WHERE id = ?", [.integer(row)]) {
                findings.add(
                    "center \(code) (row \(row)): the index does not match its \(Self.searchColumns.joined(separator: ", "))"
                )
            } else {
                findings.add("row \(row) is in the index but is no center")
            }
        }
        if !differing.isEmpty {
            findings.hint = "rebuild the index: INSERT INTO centers_search (centers_search) VALUES ('rebuild')"
        }
    }

    /// The totals the heavy reports read (Migrations/0009) and what each table's `_expected` view
    /// computes from the rows, compared without their rows of zeros: a write no trigger saw (an
    /// INSERT OR REPLACE that replaced a row, a trigger dropped) leaves them apart.
    private func reportTotals(_ findings: inout Findings) throws {
        guard try db.scalarInt("PRAGMA user_version") ?? 0 >= 9 else { return }
        let tables = [
            ("report_center_counts", "centers <> 0"),
            ("report_industry_counts", "centers <> 0"),
            ("report_case_totals", "row_count <> 0 OR centers <> 0"),
            (
                "report_center_totals",
                "pretrial_rows <> 0 OR protection_rows <> 0 OR pretrial_cases <> 0 OR protection_cases <> 0"
            ),
        ]
        var rebuild: [String] = []
        for (table, kept) in tables {
            let differing =
                try db.scalarInt(
                    """
                    SELECT count(*) FROM (
                        SELECT * FROM (SELECT * FROM \(table) WHERE \(kept)
                                       EXCEPT SELECT * FROM \(table)_expected WHERE \(kept))
                        UNION ALL
                        SELECT * FROM (SELECT * FROM \(table)_expected WHERE \(kept)
                                       EXCEPT SELECT * FROM \(table) WHERE \(kept)))
                    """) ?? 0
            guard differing > 0 else { continue }
            findings.add("\(table): \(differing) rows differ from what its view \(table)_expected computes")
            rebuild.append("DELETE FROM \(table); INSERT INTO \(table) SELECT * FROM \(table)_expected;")
        }
        if !rebuild.isEmpty { findings.hint = "rebuild them in one transaction: " + rebuild.joined(separator: " ") }
    }

    /// Compares two vocabulary entries as FTS5 orders them: term by its bytes, then row,
    /// then column by its position, then offset.
    private static func entryOrder(_ a: Statement, _ b: Statement) -> Int {
        let termA = a.text(0)
        let termB = b.text(0)
        if !termA.utf8.elementsEqual(termB.utf8) {
            return termA.utf8.lexicographicallyPrecedes(termB.utf8) ? -1 : 1
        }
        let rowA = a.int64(1)
        let rowB = b.int64(1)
        if rowA != rowB { return rowA < rowB ? -1 : 1 }
        let columnA = a.text(2)
        let columnB = b.text(2)
        if columnA != columnB { return columnPosition(columnA) < columnPosition(columnB) ? -1 : 1 }
        let offsetA = a.int64(3)
        let offsetB = b.int64(3)
        if offsetA != offsetB { return offsetA < offsetB ? -1 : 1 }
        return 0
    }

    private static func columnPosition(_ name: String) -> Int {
        searchColumns.firstIndex(of: name) ?? searchColumns.count
    }

    /// Every center's latest history entry records it as present (any change but a removal), and
    /// every code whose latest entry records it as present is a center: no change went unrecorded.
    /// (An `external` entry with a record before it may have removed the center: another client's
    /// DELETE.) Each entry's records are of its own center, and are JSON. No row of `ipreg_writing`
    /// is committed: one would silence the triggers that record other clients' changes.
    private func history(_ findings: inout Findings) throws {
        if try db.scalarInt("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'ipreg_writing'") == 1,
            try db.scalarInt("SELECT count(*) FROM ipreg_writing") ?? 0 > 0
        {
            findings.add(
                "ipreg_writing holds a row outside any ipreg write: changes by other clients go unrecorded "
                    + "(DELETE FROM ipreg_writing)")
        }
        let missing = try db.prepare(
            """
            SELECT c.code, h.id, h.change
            FROM centers c
            LEFT JOIN center_history h
              ON h.id = (SELECT max(id) FROM center_history WHERE center_code = c.code)
            WHERE h.id IS NULL OR h.change = 'remove'
            ORDER BY c.code
            """)
        while try missing.step() {
            let code = missing.text(0)
            if missing.isNull(1) {
                findings.add("center \(code) has no history")
            } else {
                findings.add(
                    "center \(code): its latest history entry (#\(missing.int(1)), \(missing.text(2))) records it as removed"
                )
            }
        }
        let vanished = try db.prepare(
            """
            SELECT h.center_code, h.id, h.change
            FROM (SELECT max(id) AS id FROM center_history GROUP BY center_code) latest
            JOIN center_history h ON h.id = latest.id
            WHERE h.change <> 'remove' AND NOT (h.change = 'external' AND h.before IS NOT NULL)
              AND NOT EXISTS (SELECT 1 FROM centers c WHERE c.code = h.center_code)
            ORDER BY h.center_code
            """)
        while try vanished.step() {
            findings.add(
                "center \(vanished.text(0)) is missing, yet its latest history entry (#\(vanished.int(1)), \(vanished.text(2))) records it as present"
            )
        }
        let misfiled = try db.prepare(
            """
            SELECT id, center_code, change,
                   CASE WHEN json_valid(before) AND json_extract(before, '$.code') IS NOT center_code COLLATE NOCASE
                        THEN json_extract(before, '$.code') ELSE json_extract(after, '$.code') END
            FROM center_history
            WHERE (json_valid(before) AND json_extract(before, '$.code') IS NOT center_code COLLATE NOCASE)
               OR (json_valid(after) AND json_extract(after, '$.code') IS NOT center_code COLLATE NOCASE)
            ORDER BY id
            """)
        while try misfiled.step() {
            findings.add(
                "history entry #\(misfiled.int(0)) (\(misfiled.text(2))) of center \(misfiled.text(1)) records another code, \(ValidationFailure.quoted(misfiled.string(3) ?? "none"))"
            )
        }
        let malformed = try db.prepare(
            """
            SELECT id, center_code FROM center_history
            WHERE (before IS NOT NULL AND NOT json_valid(before)) OR (after IS NOT NULL AND NOT json_valid(after))
            ORDER BY id
            """)
        while try malformed.step() {
            findings.add("history entry #\(malformed.int(0)) of center \(malformed.text(1)) is not valid JSON")
        }
    }

    /// Industry and service codes follow their rule, and every code a center lists is in the registry.
    private func codes(_ findings: inout Findings) throws {
        for (table, singular) in [("industries", "industry"), ("services", "service")] {
            let invalid = try db.prepare(
                """
                SELECT code FROM \(table)
                WHERE NOT (length(code) BETWEEN 1 AND 64 AND code NOT GLOB '*[^a-z0-9-]*')
                ORDER BY code
                """)
            while try invalid.step() {
                findings.add(
                    "\(singular) code \(ValidationFailure.quoted(invalid.text(0))) is not 1-64 characters of a-z 0-9 -")
            }
        }
        for (link, column, table, singular) in [
            ("center_industries", "industry_code", "industries", "industry"),
            ("center_services", "service_code", "services", "service"),
        ] {
            let unknown = try db.prepare(
                """
                SELECT coalesce(c.code, '#' || l.center_id), l.\(column)
                FROM \(link) l LEFT JOIN centers c ON c.id = l.center_id
                WHERE NOT EXISTS (SELECT 1 FROM \(table) t WHERE t.code = l.\(column))
                ORDER BY 1, 2
                """)
            while try unknown.step() {
                findings.add(
                    "center \(unknown.text(0)): \(singular) \(ValidationFailure.quoted(unknown.text(1))) is not in the registry"
                )
            }
        }
    }
}

/// The problems one check found: the first few by name, the rest counted.
struct Findings {
    private(set) var problems: [String] = []
    private(set) var count = 0
    /// What to do about the problems, shown after them.
    var hint: String?
    /// Said of a check that passed with a reservation.
    var note: String?

    /// True once further problems are only counted.
    var isFull: Bool { problems.count >= RegistryCheck.problemLimit }

    mutating func add(_ problem: String) {
        count += 1
        if problems.count < RegistryCheck.problemLimit { problems.append(problem) }
    }

    func result(name: String) -> CheckResult {
        var detail = count == 0 ? "ok" : problems.joined(separator: "; ")
        if count > problems.count { detail += "; and \(count - problems.count) more" }
        if count > 0, let hint { detail += "; " + hint }
        if count == 0, let note { detail += " (" + note + ")" }
        return CheckResult(name: name, passed: count == 0, detail: detail, problems: problems, problemCount: count)
    }
}
