// What SQL from a user may call and make: the allowed functions, FTS3's pointer-taking tokenizer
// turned off, values capped in length, printf's widths checked, deadlines that cannot overflow.
import CSQLite
import Foundation
import SQLiteDB
import Testing

@Suite struct UserSQLLimitsTests {
    /// Runs `sql` as user SQL is run: compiled read-only, stepped under the length limit.
    static func userQuery(_ db: Connection, _ sql: String) throws -> [SQLiteValue] {
        let statement = try db.prepareReadOnly(sql)
        return try db.withValueLengthLimit(UserSQLFunctions.maxValueBytes) { () throws -> [SQLiteValue] in
            var values: [SQLiteValue] = []
            while try statement.step() { values += statement.values }
            return values
        }
    }

    @Test(arguments: [
        "SELECT fts3_tokenizer('simple')", "SELECT fts3_tokenizer('porter', x'4141414141414141')",
        "SELECT load_extension('/tmp/x.so')", "SELECT rtreenode(2, x'00')", "SELECT fts5(NULL)",
        "SELECT sqlite_log(1, 'x')", "SELECT upper(fts3_tokenizer('simple'))",
        "SELECT * FROM (SELECT fts3_tokenizer('simple') AS p)",
    ])
    func functionsOffTheListAreRefusedWhenCompiled(sql: String) throws {
        let db = try Connection.inMemory()
        let error = #expect(throws: SQLiteError.self) { _ = try Self.userQuery(db, sql) }
        #expect(error?.isRefused == true, "\(sql): \(String(describing: error))")
        #expect(error?.message.contains("is not one of the functions queries may call") == true)
    }

    @Test func theCoreFunctionsAnswer() throws {
        let db = try Connection.inMemory()
        let values = try Self.userQuery(
            db,
            """
            SELECT abs(-2), upper('a'), '{"a":[1,2]}' -> '$.a', json_extract('{"a":7}', '$.a'),
                   date('2024-02-29', '+1 day'), round(sqrt(16.0)), coalesce(NULL, 'x'), hex(zeroblob(2)),
                   printf('%5.1f|%s|%d', 3.14159, 'b', 42), format('%q', 'it''s'),
                   (SELECT group_concat(v, ',') FROM (SELECT 1 AS v UNION ALL SELECT 2)),
                   (SELECT sum(v) OVER () FROM (SELECT 3 AS v))
            """)
        #expect(
            values == [
                .integer(2), .text("A"), .text("[1,2]"), .integer(7), .text("2024-03-01"), .real(4), .text("x"),
                .text("0000"), .text("  3.1|b|42"), .text("it''s"), .text("1,2"), .integer(3),
            ])
    }

    @Test func fullTextQueriesKeepMatchAndTheirAuxiliaryFunctions() throws {
        let db = try Connection.inMemory()
        try db.execute(
            """
            CREATE VIRTUAL TABLE notes5 USING fts5(body);
            INSERT INTO notes5 (body) VALUES ('rapid protection center');
            CREATE VIRTUAL TABLE notes4 USING fts4(body);
            INSERT INTO notes4 (body) VALUES ('rapid protection center');
            """)
        let five = try Self.userQuery(
            db, "SELECT highlight(notes5, 0, '[', ']'), bm25(notes5) < 0 FROM notes5 WHERE notes5 MATCH 'rapid'")
        #expect(five == [.text("[rapid] protection center"), .integer(1)])
        let four = try Self.userQuery(db, "SELECT snippet(notes4) FROM notes4 WHERE notes4 MATCH 'center'")
        #expect(four.count == 1)
    }

    /// The attack of issue 19: register a pointer as a tokenizer, then MATCH calls it. With the
    /// tokenizer setting off, the registering form fails on any connection, however it is run.
    @Test func fts3TokenizerCannotBeRegisteredEvenOutsideUserSQL() throws {
        let db = try Connection.inMemory()
        let error = #expect(throws: SQLiteError.self) {
            try db.execute("SELECT fts3_tokenizer('porter', x'4141414141414141')")
        }
        #expect(error != nil)
        try db.execute("CREATE VIRTUAL TABLE t USING fts4(body, tokenize=porter); INSERT INTO t VALUES ('centers')")
        #expect(try db.scalarInt("SELECT count(*) FROM t WHERE t MATCH 'center'") == 1)
    }

    @Test(arguments: [
        "SELECT zeroblob(1000000000)", "SELECT randomblob(1e9)", "SELECT length(randomblob(1e9))",
        "SELECT printf('%!.20000000000c', 'x')", "SELECT printf('%.*c', 2000000000, 'x')",
        "SELECT printf('%*d', 20000001, 1)", "SELECT format('%!.20000000000c', 'x')",
        "SELECT replace(hex(zeroblob(6000000)), '0', '00')",
    ])
    func valuesPastTheLengthLimitFailAtOnce(sql: String) throws {
        let db = try Connection.inMemory()
        let start = Date()
        let error = #expect(throws: SQLiteError.self) { _ = try Self.userQuery(db, sql) }
        #expect(error?.extendedResultCode == .tooBig, "\(sql): \(String(describing: error))")
        // Not a timing test of speed: a bound far above the milliseconds it takes, so that the
        // seconds SQLite's own printf spends on such a precision would show.
        #expect(Date().timeIntervalSince(start) < 2, "\(sql) took too long")
    }

    @Test func theLengthLimitIsPutBackAfterwards() throws {
        let db = try Connection.inMemory()
        _ = try? Self.userQuery(db, "SELECT zeroblob(20000000)")
        #expect(try db.scalarInt("SELECT length(zeroblob(20000000))") == 20_000_000)
    }

    @Test func aValueJustUnderTheLimitIsRead() throws {
        let db = try Connection.inMemory()
        let values = try Self.userQuery(db, "SELECT length(zeroblob(9999999)), printf('%.3c|%5d', 'y', 7)")
        #expect(values == [.integer(9_999_999), .text("yyy|    7")])
    }

    @Test func byteCountReadsASizeWithoutExpandingTheValue() throws {
        let db = try Connection.inMemory()
        let statement = try db.prepare("SELECT zeroblob(5000000), 'abc', 42, NULL")
        #expect(try statement.step())
        #expect((0..<4).map { statement.byteCount($0) } == [5_000_000, 3, 8, 8])
    }

    @Test func aDeadlineTooFarToCountIsNeverRatherThanACrash() throws {
        let db = try Connection.inMemory()
        let run = db.withDeadline(milliseconds: Int.max) { try db.scalarInt("SELECT 1") }
        #expect(try run.result.get() == 1)
        #expect(!run.timedOut)
        #expect(DeadlineClock.deadline(milliseconds: 99_999_999_999_999_999) == UInt64.max)
    }

    @Test func aStopRequestInterruptsARunningQuery() throws {
        let db = try Connection.inMemory()
        let run = db.withDeadline(endingAt: UInt64.max, stopWhen: { true }) {
            try db.scalarInt("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")
        }
        #expect(run.stopped)
        #expect(!run.timedOut)
        #expect(throws: SQLiteError.self) { try run.result.get() }
    }
}

/// Tables the caller hides from user SQL: refused however they are named or reached.
@Suite struct HiddenTableTests {
    static func database() throws -> Connection {
        let db = try Connection.inMemory()
        try db.execute(
            """
            CREATE TABLE secrets (id INTEGER PRIMARY KEY, hash TEXT);
            CREATE TABLE open (id INTEGER PRIMARY KEY, name TEXT);
            CREATE VIEW peek AS SELECT hash FROM secrets;
            INSERT INTO secrets (hash) VALUES ('h');
            INSERT INTO open (name) VALUES ('n');
            """)
        return db
    }

    @Test(arguments: [
        "SELECT hash FROM secrets", "SELECT * FROM SECRETS", "SELECT count(*) FROM main.secrets",
        "SELECT name, (SELECT hash FROM secrets) FROM open", "WITH s AS (SELECT * FROM secrets) SELECT * FROM s",
        "SELECT * FROM peek", "SELECT 1 FROM open WHERE EXISTS (SELECT 1 FROM secrets)",
    ])
    func readingAHiddenTableIsRefusedWhenCompiled(sql: String) throws {
        let db = try Self.database()
        let error = #expect(throws: SQLiteError.self) { _ = try db.prepareReadOnly(sql, hiddenTables: ["secrets"]) }
        #expect(error?.isRefused == true, "\(sql): \(String(describing: error))")
        #expect(error?.message == "the table secrets is not readable by queries", "\(sql)")
    }

    @Test func otherTablesAndUnhiddenCallersReadAsBefore() throws {
        let db = try Self.database()
        let statement = try db.prepareReadOnly("SELECT name FROM open", hiddenTables: ["secrets"])
        #expect(try statement.step())
        #expect(statement.text(0) == "n")
        #expect(try db.prepareReadOnly("SELECT hash FROM secrets").step())
    }
}
