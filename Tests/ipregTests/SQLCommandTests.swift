// `ipreg sql` end to end: rows in every format, parameters bound by name, every write refused
// with status 65 and the file unchanged, errors on one line with where they are.
import Foundation
import IPRegistry
import SQLiteDB
import Testing

/// Runs SQL on a registry with the sqlite3 shell, as a user would fill it before `center add` exists.
func sqlite3(_ path: String, _ sql: String) throws {
    let result = try CLI.run(
        [path, sql], executable: URL(fileURLWithPath: SQLiteShell.executable ?? "/usr/bin/sqlite3"))
    #expect(result.status == 0, "sqlite3 failed on: \(sql): \(result.stderr)")
}

extension TestRegistry {
    /// Three centers (one closed) with statistics.
    static func withCenters() throws -> TestRegistry {
        let registry = try TestRegistry()
        try sqlite3(
            registry.path,
            """
            INSERT INTO centers (id, code, name, kind, status, region_code, created_at, updated_at) VALUES
                (1, 'PC-BJ', '中国（北京）知识产权保护中心', 'protection', 'operating', '110000', 't', 't'),
                (2, 'OC-SJZ', '石家庄运营中心', 'operation', 'operating', '130100', 't', 't'),
                (3, 'OC-OLD', '旧运营中心', 'operation', 'closed', '130102', 't', 't');
            INSERT INTO center_industries (center_id, industry_code) VALUES (2, 'photovoltaics'), (3, 'photovoltaics');
            INSERT INTO case_statistics (center_id, period, period_start, period_end, pretrial_cases, protection_cases) VALUES
                (1, '2023', '2023-01-01', '2023-12-31', 300, 20), (3, '2023-Q1', '2023-01-01', '2023-03-31', 5, 50);
            """)
        return registry
    }
}

@Suite struct SQLCommandTests {
    static let writeAttempts = [
        "INSERT INTO industries (code, name) VALUES ('x', 'x')",
        "UPDATE centers SET name = 'changed'",
        "DELETE FROM centers",
        "DELETE FROM saved_reports",
        "DROP TABLE centers",
        "DROP VIEW center_overview",
        "CREATE TABLE t (x)",
        "CREATE TEMP TABLE t (x)",
        "ALTER TABLE centers RENAME TO c",
        "CREATE INDEX i ON centers (notes)",
        "ATTACH DATABASE 'other.sqlite' AS other",
        "VACUUM",
        "VACUUM INTO 'copy.sqlite'",
        "REINDEX",
        "ANALYZE",
        "PRAGMA user_version = 99",
        "PRAGMA application_id = 0",
        "PRAGMA journal_mode = DELETE",
        "PRAGMA wal_checkpoint(TRUNCATE)",
        "PRAGMA optimize",
        "BEGIN IMMEDIATE",
        "INSERT INTO centers_search (centers_search) VALUES ('delete-all')",
        "WITH doomed AS (SELECT id FROM centers) DELETE FROM centers WHERE id IN (SELECT id FROM doomed)",
        "SELECT 1; DELETE FROM centers",
        "SELECT 1; ATTACH 'x.sqlite' AS x; CREATE TABLE x.t (y)",
        "SELECT load_extension('/tmp/evil')",
    ]

    @Test func writeAttemptsAreRefusedWithStatus65AndTheFileUnchanged() throws {
        let registry = try TestRegistry.withCenters()
        let before = try registry.fingerprint()
        for sql in Self.writeAttempts {
            let result = try registry.run(["sql", sql])
            #expect(result.status == 65, "\(sql): \(result.stderr)")
            #expect(result.errorLines.count == 1 && result.stderr.hasPrefix("error: "), "\(sql): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(sql)")
            #expect(try registry.fingerprint() == before, "\(sql) changed the file")
        }
        // The same through --file and standard input.
        let file = try registry.folder.write("attack.sql", "SELECT code FROM centers;\nDROP TABLE centers;\n")
        #expect(try registry.run(["sql", "--file", file]).status == 65)
        #expect(try registry.run(["sql", "-"], stdin: "UPDATE centers SET status = 'closed'").status == 65)
        #expect(try registry.fingerprint() == before)
        #expect(!FileManager.default.fileExists(atPath: registry.folder.path("copy.sqlite")))
        #expect(try registry.run(["sql", "SELECT count(*) AS n FROM centers", "--format", "csv"]).stdout == "n\n3\n")
    }

    @Test func aParameterWithQuotesAndSQLIsBoundNotExecuted() throws {
        let registry = try TestRegistry.withCenters()
        let before = try registry.fingerprint()
        let attack = "x'); DROP TABLE centers; --\" OR 1=1"
        let rows =
            try registry.json([
                "sql",
                "SELECT :name AS name, (SELECT count(*) FROM centers WHERE name = :name OR code = :name) AS matches",
                "--param", "name=\(attack)",
            ]) as? [[String: Any]]
        #expect(rows?.first?["name"] as? String == attack)
        #expect(rows?.first?["matches"] as? Int == 0)
        #expect(try registry.fingerprint() == before)
        #expect(try registry.run(["sql", "SELECT count(*) FROM centers", "--format", "csv"]).stdout == "count(*)\n3\n")
    }

    @Test func rowsPrintInEveryFormat() throws {
        let registry = try TestRegistry.withCenters()
        let sql = "SELECT code, kind, region_name FROM center_overview WHERE status <> 'closed' ORDER BY code"
        let rows = try registry.json(["sql", sql]) as? [[String: Any]]
        #expect(rows?.count == 2)
        #expect(rows?.first?["code"] as? String == "OC-SJZ")
        #expect(rows?.first?["region_name"] as? String == "河北省 / 石家庄市")
        #expect(
            try registry.run(["sql", sql, "--format", "csv"]).stdout
                == "code,kind,region_name\nOC-SJZ,operation,河北省 / 石家庄市\nPC-BJ,protection,北京市\n")
        #expect(try registry.run(["sql", sql, "--format", "ndjson"]).stdout.split(separator: "\n").count == 2)
        #expect(
            try registry.run(["sql", sql, "--format", "markdown"]).stdout.hasPrefix("| code | kind | region_name |\n"))
        let table = try registry.run(["sql", sql]).stdout.split(separator: "\n")
        #expect(table.count == 4)
    }

    /// JSON has no infinity; `null` would say NULL. An infinite REAL is the string "Infinity".
    @Test func anInfiniteRealIsAStringInJSONAndNotNull() throws {
        let registry = try TestRegistry()
        let sql = "SELECT 1e999 AS big, -1e999 AS small, NULL AS none, -1.5 AS number"
        let json = try registry.run(["sql", sql, "--format", "json"])
        #expect(json.stdout == "[\n{\"big\":\"Infinity\",\"small\":\"-Infinity\",\"none\":null,\"number\":-1.5}\n]\n")
        let ndjson = try registry.run(["sql", sql, "--format", "ndjson"])
        #expect(ndjson.stdout == "{\"big\":\"Infinity\",\"small\":\"-Infinity\",\"none\":null,\"number\":-1.5}\n")
    }

    @Test func numbersBindAsNumbers() throws {
        let registry = try TestRegistry()
        let rows =
            try registry.json([
                "sql", "SELECT typeof(:a) AS a, typeof(:b) AS b, typeof(:c) AS c, :a + 1 AS next",
                "--param", "a=41", "--param", "b=2.5", "--param", ":c=007",
            ]) as? [[String: Any]]
        #expect(rows?.first?["a"] as? String == "integer")
        #expect(rows?.first?["b"] as? String == "real")
        #expect(rows?.first?["c"] as? String == "text")
        #expect(rows?.first?["next"] as? Int == 42)
    }

    @Test func parametersThatDoNotMatchTheQueryAreUsageErrors() throws {
        let registry = try TestRegistry()
        let missing = try registry.run(["sql", "SELECT * FROM centers WHERE code = :code"])
        #expect(missing.status == 64)
        #expect(missing.stderr == "error: the query needs --param code=VALUE\n")
        let unused = try registry.run(["sql", "SELECT 1", "--param", "code=X"])
        #expect(unused.status == 64)
        #expect(unused.stderr == "error: --param code: the query has no parameter :code\n")
        #expect(try registry.run(["sql", "SELECT :a", "--param", "a"]).status == 64)
        #expect(try registry.run(["sql", "SELECT :a", "--param", "a=1", "--param", "a=2"]).status == 64)
        #expect(try registry.run(["sql"]).status == 64)
        #expect(try registry.run(["sql", "SELECT 1", "--file", "x.sql"]).status == 64)
    }

    @Test func aQueryMayStartWithAComment() throws {
        let registry = try TestRegistry()
        for sql in [
            "-- note\nSELECT 1 AS one", "--note\nSELECT 1 AS one", "-- a=b\nSELECT 1 AS one", "--\tx\nSELECT 1 AS one",
        ] {
            let result = try registry.run(["sql", sql, "--format", "csv"])
            #expect(result.status == 0, "\(sql.debugDescription): \(result.stderr)")
            #expect(result.stdout == "one\n1\n")
        }
        // Before the options too, and with a parameter after it.
        let result = try CLI.run([
            "sql", "-- :x doubled\nSELECT :x * 2 AS twice", "--param", "x=21", "--format", "csv", "--db", registry.path,
        ])
        #expect(result.stdout == "twice\n42\n", "\(result.stderr)")
    }

    @Test func mistypedOptionsAndExtraArgumentsAreStillUsageErrors() throws {
        let registry = try TestRegistry()
        let unknown = try registry.run(["sql", "SELECT 1", "--formt", "csv"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.hasPrefix("error: Unknown option '--formt'"), "\(unknown.stderr)")
        #expect(try registry.run(["sql", "--formt=csv", "SELECT 1"]).status == 64)
        #expect(try registry.run(["sql", "-x", "SELECT 1"]).status == 64)
        let extra = try registry.run(["sql", "SELECT 1", "SELECT 2"])
        #expect(extra.status == 64)
        #expect(extra.stderr.hasPrefix("error: Unexpected argument 'SELECT 2'"), "\(extra.stderr)")
        let help = try registry.run(["sql", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("<query>"), "\(help.stdout)")
    }

    @Test func aSyntaxErrorIsOneLineWithWhereItIs() throws {
        let registry = try TestRegistry()
        let result = try registry.run(["sql", "SELECT code\nFORM centers WHERE"])
        #expect(result.status == 65)
        #expect(result.stderr == "error: query line 2, column 6: near \"centers\": syntax error: FORM ▸centers WHERE\n")
        let file = try registry.folder.write(
            "bad.sql", "-- a report\nSELECT count(*)\n  FROM centers\n WHERE kind = 'tisc' AND\n")
        let fromFile = try registry.run(["sql", "--file", file])
        #expect(fromFile.status == 65)
        #expect(fromFile.stderr == "error: \(file):4:25: incomplete input: WHERE kind = 'tisc' AND▸\n")
        #expect(fromFile.errorLines.count == 1)
    }

    @Test func queriesComeFromAFileOrStandardInput() throws {
        let registry = try TestRegistry.withCenters()
        let file = try registry.folder.write(
            "q.sql", "\u{FEFF}-- open centers\nSELECT count(*) AS n FROM centers WHERE status <> :status;\n")
        #expect(
            try registry.run(["sql", "--file", file, "--param", "status=closed", "--format", "csv"]).stdout == "n\n2\n")
        #expect(try registry.run(["sql", "-", "--format", "csv"], stdin: "SELECT 7 AS n").stdout == "n\n7\n")
        #expect(try registry.run(["sql", "--file", "-", "--format", "csv"], stdin: "SELECT 8 AS n").stdout == "n\n8\n")
        let missing = try registry.run(["sql", "--file", registry.folder.path("nope.sql")])
        #expect(missing.status == 66)
        #expect(missing.errorLines.count == 1)
    }

    @Test func aRegistryAnotherConnectionIsWritingIsReadThroughItsWAL() throws {
        let registry = try TestRegistry.withCenters()
        // This connection keeps the WAL and its -shm open with a change not yet checkpointed.
        let writer = try Connection(path: registry.path, mode: .readWrite)
        try writer.execute("INSERT INTO industries (code, name) VALUES ('wal-only', '只在WAL中')")
        let result = try registry.run(["sql", "SELECT name FROM industries WHERE code = 'wal-only'", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "name\n只在WAL中\n")
        let before = try registry.fingerprint()
        #expect(try registry.run(["sql", "SELECT count(*) FROM centers"]).status == 0)
        #expect(try registry.fingerprint() == before)
    }

    @Test func aMissingRegistryIsCreatedAndAnOlderOneMigratedFirst() throws {
        let folder = try TemporaryDirectory()
        let fresh = folder.path("new/registry.sqlite")
        let created = try CLI.run(["sql", "SELECT count(*) AS n FROM divisions", "--db", fresh, "--format", "csv"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout == "n\n3215\n")
        let older = folder.path("older.sqlite")
        _ = try Registry.open(path: older, migrateTo: 2)
        let migrated = try CLI.run([
            "sql", "SELECT count(*) AS n FROM center_overview", "--db", older, "--format", "csv",
        ])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        #expect(migrated.stdout == "n\n0\n")
    }
}

extension SQLCommandTests {
    @Test func aNumberParameterMatchesTheCodesOfTablesAndViews() throws {
        let registry = try TestRegistry.withCenters()
        for sql in [
            "SELECT code FROM centers WHERE region_code = :code",
            "SELECT code FROM center_overview WHERE region_code = :code",
            "SELECT code FROM center_overview WHERE province_code = :province AND region_code = :code",
        ] {
            let arguments =
                ["sql", sql, "--param", "code=130100", "--format", "csv"]
                + (sql.contains(":province") ? ["--param", "province=130000"] : [])
            #expect(try registry.run(arguments).stdout == "code\nOC-SJZ\n", "\(sql)")
        }
    }
}

extension SQLCommandTests {
    @Test func aQueryThatFailsWhileRunningIsInvalidInput() throws {
        let registry = try TestRegistry()
        for sql in ["SELECT json('{')", "SELECT sum(x) FROM (SELECT 9223372036854775807 AS x UNION ALL SELECT 1)"] {
            let result = try registry.run(["sql", sql])
            #expect(result.status == 65, "\(sql): \(result.stderr)")
            #expect(result.stderr.hasPrefix("error: the query failed: "), "\(sql)")
        }
        let chart = try registry.run([
            "sql", "SELECT 'a' AS k, 1e999 AS v UNION ALL SELECT 'b', 2", "--format", "chart",
        ])
        #expect(chart.status == 0, "\(chart.stderr)")
    }
}
