// Read-only queries: what they refuse, how they bind, and where a syntax error is.
import IPRegistry
import SQLiteDB
import Testing

@Suite struct ReportQueryTests {
    static let refusedStatements = [
        "INSERT INTO industries (code, name) VALUES ('x', 'x')",
        "UPDATE centers SET name = 'x'",
        "DELETE FROM centers",
        "REPLACE INTO industries (code, name) VALUES ('x', 'x')",
        "WITH x AS (SELECT 1) DELETE FROM centers",
        "CREATE TABLE t (x)",
        "CREATE TEMP TABLE t (x)",
        "CREATE VIEW v AS SELECT 1",
        "DROP TABLE centers",
        "ALTER TABLE centers ADD COLUMN x",
        "CREATE INDEX i ON centers (notes)",
        "ATTACH DATABASE ':memory:' AS other",
        "DETACH DATABASE main",
        "VACUUM",
        "VACUUM INTO '/tmp/ipreg-should-not-exist.sqlite'",
        "REINDEX",
        "ANALYZE",
        "BEGIN",
        "COMMIT",
        "SAVEPOINT s",
        "PRAGMA user_version = 99",
        "PRAGMA journal_mode = DELETE",
        "PRAGMA foreign_keys = OFF",
        "PRAGMA writable_schema = ON",
        "PRAGMA optimize",
        "PRAGMA wal_checkpoint(TRUNCATE)",
        "INSERT INTO centers_search (centers_search) VALUES ('rebuild')",
        "SELECT load_extension('libm')",
        "SELECT 1; DELETE FROM centers",
        "SELECT 1; SELECT 2",
    ]

    @Test(arguments: refusedStatements)
    func statementsThatDoMoreThanReadAreRefused(_ sql: String) throws {
        let fixture = try ReportFixture()
        let before = try fixture.query("SELECT count(*) FROM centers")
        #expect(throws: RegistryError.self) { try fixture.compile(sql) }
        #expect(try fixture.query("SELECT count(*) FROM centers") == before)
    }

    @Test func refusalsSayWhatWasRefused() throws {
        let fixture = try ReportFixture()
        func message(_ sql: String) -> String {
            do {
                try fixture.compile(sql)
                return ""
            } catch {
                return "\(error)"
            }
        }
        #expect(message("ATTACH ':memory:' AS x") == "refused: ATTACH is not allowed; queries may only read")
        #expect(
            message("PRAGMA user_version = 3")
                == "refused: PRAGMA user_version = 3 is not allowed; queries may only read")
        #expect(message("DELETE FROM centers").hasPrefix("refused: the statement would change the database"))
        #expect(
            message("SELECT 1; SELECT 2") == "refused: the query holds more than one SQL statement; run one at a time")
        #expect(message("  -- nothing\n") == "the query is empty")
    }

    @Test(arguments: [
        "SELECT count(*) FROM center_overview",
        "SELECT * FROM case_statistics_overview",
        "PRAGMA user_version",
        "PRAGMA table_info(centers)",
        "SELECT * FROM pragma_index_list('centers')",
        "SELECT count(*) FROM centers_search WHERE centers_search MATCH '运营中心'",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT sum(i) FROM n",
        "SELECT 1;  -- a trailing comment\n",
    ])
    func readingStatementsRun(_ sql: String) throws {
        let rows = try ReportFixture().query(sql)
        #expect(!rows.isEmpty)
    }

    @Test func aSyntaxErrorSaysWhereItIs() throws {
        let fixture = try ReportFixture()
        #expect(
            throws: RegistryError.invalidInput("query line 2, column 3: near \"FORM\": syntax error: ▸FORM centers")
        ) {
            try fixture.compile("SELECT *\n  FORM centers")
        }
        // Columns count characters, not bytes.
        #expect(throws: RegistryError.invalidInput("q.sql:1:8: no such column: 中: SELECT ▸中 FROM centers")) {
            try fixture.compile("SELECT 中 FROM centers", source: .file("q.sql"))
        }
    }

    @Test func parametersBindByNameAndAValueIsNeverExecuted() throws {
        let fixture = try ReportFixture()
        let attack = "x'); DROP TABLE centers; --"
        let rows = try fixture.query(
            "SELECT :value, typeof(:value), (SELECT count(*) FROM centers WHERE code = :value)",
            ["value": QueryParameter.value(of: attack)])
        #expect(rows == [[.text(attack), "text", 0]])
        #expect(try fixture.query("SELECT count(*) FROM centers") == [[8]])
    }

    @Test func everyParameterMustBeGivenAndEveryGivenValueUsed() throws {
        let fixture = try ReportFixture()
        #expect(throws: ParameterError("the query needs --param code=VALUE")) {
            try fixture.query("SELECT * FROM centers WHERE code = :code")
        }
        #expect(throws: ParameterError("--param other: the query has no parameter :other (it has :code)")) {
            try fixture.query("SELECT * FROM centers WHERE code = :code", ["code": "PB", "other": "x"])
        }
        #expect(throws: RegistryError.self) { try fixture.query("SELECT * FROM centers WHERE code = ?") }
        #expect(
            try fixture.query(
                "SELECT code FROM centers WHERE code = @code OR code = $other ORDER BY code",
                ["code": "PB", "other": "TT"]) == [["PB"], ["TT"]])
    }

    /// The web view words the same refusals for forms and query items; the command line's words stay.
    @Test func parameterErrorsHaveWordsForTheWebWithoutParam() throws {
        let fixture = try ReportFixture()
        do {
            _ = try fixture.query("SELECT * FROM centers WHERE code = :code")
            Issue.record("a missing parameter was not refused")
        } catch let error as ParameterError {
            #expect(error.message == "the query needs --param code=VALUE")
            #expect(error.webMessage == "give a value for code")
        }
        do {
            _ = try fixture.query("SELECT * FROM centers WHERE code = :code", ["code": "PB", "other": "x"])
            Issue.record("an unused parameter was not refused")
        } catch let error as ParameterError {
            #expect(error.message == "--param other: the query has no parameter :other (it has :code)")
            #expect(error.webMessage == "other: the query has no parameter :other (it has :code)")
        }
    }

    @Test func numbersBindAsNumbersAndEverythingElseAsText() {
        #expect(QueryParameter.value(of: "42") == .integer(42))
        #expect(QueryParameter.value(of: "-7") == .integer(-7))
        #expect(QueryParameter.value(of: "0") == .integer(0))
        #expect(QueryParameter.value(of: "2.5") == .real(2.5))
        #expect(QueryParameter.value(of: "1e3") == .real(1000))
        #expect(QueryParameter.value(of: "130000") == .integer(130000))
        for text in ["007", "+5", "0x10", "inf", "nan", "", " 1", "1.", ".5", "2023-Q1", "9223372036854775808", "北京"] {
            #expect(QueryParameter.value(of: text) == .text(text), "\(text)")
        }
    }

    @Test func aSavedReportMustCompileAndOnlyRead() throws {
        let fixture = try ReportFixture()
        #expect(throws: RegistryError.self) {
            try fixture.savedReports { try $0.save(name: "bad", sql: "SELEC 1", description: nil) }
        }
        #expect(throws: RegistryError.self) {
            try fixture.savedReports { try $0.save(name: "bad", sql: "DELETE FROM centers", description: nil) }
        }
        #expect(throws: ValidationFailure.self) {
            try fixture.savedReports { try $0.save(name: "Bad Name", sql: "SELECT 1", description: nil) }
        }
        #expect(throws: ValidationFailure.self) {
            try fixture.savedReports { try $0.save(name: "top-centers", sql: "SELECT 1", description: nil) }
        }
        #expect(try fixture.savedReports { try $0.all() }.isEmpty)
        #expect(
            try fixture.savedReports {
                try $0.save(name: "by-code", sql: "SELECT code FROM centers WHERE code = :code", description: "one")
            } == false)
        #expect(
            try fixture.savedReports {
                try $0.save(
                    name: "by-code", sql: "SELECT code, name FROM centers WHERE code = :code", description: "two")
            } == true)
        #expect(try fixture.rows("by-code", ["code": "OS"]) == [["OS", "唐山运营中心"]])
        let listed = try fixture.registry.read { db in try ReportCatalog.all(in: db) }.last
        #expect(listed == ReportSummary(name: "by-code", isBuiltIn: false, parameters: ["code"], description: "two"))
        try fixture.savedReports { try $0.remove(name: "by-code") }
        #expect(throws: RegistryError.self) { try fixture.savedReports { try $0.remove(name: "by-code") } }
        #expect(throws: RegistryError.self) { try fixture.savedReports { try $0.remove(name: "top-centers") } }
    }
}
