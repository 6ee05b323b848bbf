// Connections: open modes, running SQL, typed errors (constraints, syntax, read-only),
// the statement cache, and the busy timeout between two connections on one file.
import CSQLite
import Foundation
import SQLiteDB
import Testing

@Suite struct ConnectionTests {
    // MARK: Opening

    @Test func readWriteCreateCreatesAMissingFile() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("new.sqlite")
        let db = try Connection(path: path, mode: .readWriteCreate)
        try db.execute("CREATE TABLE t (v)")
        #expect(fileExists(path))
        #expect(db.path == path)
    }

    @Test func readWriteRefusesAMissingFile() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("missing.sqlite")
        let error = #expect(throws: SQLiteError.self) { _ = try Connection(path: path, mode: .readWrite) }
        #expect(error?.resultCode == .cannotOpen)
        #expect(!fileExists(path))
    }

    @Test func readOnlyConnectionReadsTheDatabase() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("read-only.sqlite")
        do {
            let writer = try Connection(path: path)
            try writer.execute("CREATE TABLE t (v); INSERT INTO t (v) VALUES ('天津市')")
        }
        let reader = try Connection(path: path, mode: .readOnly)
        #expect(reader.isReadOnly)
        #expect(try reader.scalarText("SELECT v FROM t") == "天津市")
    }

    @Test func readOnlyConnectionRefusesWritesWithReadOnlyError() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("read-only.sqlite")
        do {
            let writer = try Connection(path: path)
            try writer.execute("CREATE TABLE t (v); INSERT INTO t (v) VALUES (1)")
        }
        let before = try fileBytes(path)
        let reader = try Connection(path: path, mode: .readOnly)
        let error = #expect(throws: SQLiteError.self) {
            try reader.execute("INSERT INTO t (v) VALUES (?)", [.integer(2)])
        }
        #expect(error?.resultCode == .readOnly)
        #expect(error?.isReadOnly == true)
        #expect(error?.sql == "INSERT INTO t (v) VALUES (?)")
        #expect(try reader.scalarInt("SELECT count(*) FROM t") == 1)
        #expect(try fileBytes(path) == before)
    }

    @Test func aReadOnlyConnectionThatTidiesItsLogLeavesNoWALBehindWhenItClosesLast() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("wal.sqlite")
        do {
            let writer = try Connection(path: path)
            try writer.execute("PRAGMA journal_mode = WAL; CREATE TABLE t (v); INSERT INTO t (v) VALUES (1)")
        }
        #expect(!fileExists(path + "-wal"))
        do {
            let reader = try Connection(path: path, mode: .readOnly)
            #expect(try reader.scalarInt("SELECT count(*) FROM t") == 1)
        }
        // Without tidying, a read-only connection leaves the log it opened.
        #expect(fileExists(path + "-wal") && fileExists(path + "-shm"))
        do {
            let reader = try Connection(path: path, mode: .readOnly)
            reader.tidiesLogOnClose = true
            #expect(try reader.scalarInt("SELECT count(*) FROM t") == 1)
        }
        #expect(!fileExists(path + "-wal") && !fileExists(path + "-shm"))
        #expect(try Connection(path: path, mode: .readOnly).scalarInt("SELECT v FROM t") == 1)
    }

    @Test func aFileThatIsNotADatabaseFailsAtTheFirstStatementWithNotADatabase() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("notes.txt")
        try Data("code,name\n110000,北京市\n".utf8).write(to: URL(fileURLWithPath: path))
        let db = try Connection(path: path)
        let error = #expect(throws: SQLiteError.self) { _ = try db.scalarInt("PRAGMA user_version") }
        #expect(error?.isNotADatabase == true)
    }

    // MARK: Running SQL

    @Test func executeRunsSeveralStatements() throws {
        let db = try Connection.inMemory()
        try db.execute("CREATE TABLE t (v); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);")
        #expect(try db.scalarInt("SELECT count(*) FROM t") == 2)
    }

    @Test func prepareRefusesTwoStatements() throws {
        let db = try Connection.inMemory()
        try db.execute("CREATE TABLE t (v)")
        let sql = "SELECT 1; DROP TABLE t"
        let error = #expect(throws: SQLiteError.self) { _ = try db.prepare(sql) }
        #expect(error?.resultCode == .misuse)
        #expect(error?.sql == sql)
        #expect(try db.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name = 't'") == 1)
    }

    @Test func prepareAcceptsTrailingSemicolonsSpaceAndComments() throws {
        let db = try Connection.inMemory()
        let statement = try db.prepare("SELECT 1; ;\n -- a comment\n /* another */ ")
        #expect(try statement.step())
        #expect(statement.int(0) == 1)
    }

    @Test func prepareRefusesSQLWithNoStatement() throws {
        let db = try Connection.inMemory()
        let error = #expect(throws: SQLiteError.self) { _ = try db.prepare("  -- nothing\n") }
        #expect(error?.resultCode == .misuse)
    }

    @Test func syntaxErrorCarriesTheSQLAndTheOffsetOfTheBadToken() throws {
        let db = try Connection.inMemory()
        let sql = "SELECT * FRM divisions"
        let error = #expect(throws: SQLiteError.self) { _ = try db.prepare(sql) }
        #expect(error?.resultCode == .error)
        #expect(error?.sql == sql)
        #expect(error?.message.contains("syntax error") == true)
        let offset = try #require(error?.offset)
        #expect(sql.utf8.dropFirst(offset).starts(with: "FRM".utf8))
    }

    @Test func syntaxErrorInExecuteCarriesTheOffsetOfTheBadToken() throws {
        let db = try Connection.inMemory()
        let sql = "CREATE TABLE t (v); SELECT * FRM t"
        let error = #expect(throws: SQLiteError.self) { try db.execute(sql) }
        #expect(error?.resultCode == .error)
        #expect(error?.sql == sql)
        let offset = try #require(error?.offset)
        // Counted from the start of the whole text, not of the second statement that holds it.
        #expect(sql.utf8.dropFirst(offset).starts(with: "FRM".utf8))
    }

    @Test func anUnknownTableIsAnErrorNamingItWithTheSQL() throws {
        let db = try Connection.inMemory()
        let sql = "SELECT code FROM nowhere"
        let error = #expect(throws: SQLiteError.self) { _ = try db.prepare(sql) }
        #expect(error?.resultCode == .error)
        #expect(error?.message.contains("nowhere") == true)
        #expect(error?.sql == sql)
    }

    @Test func executeStopsAtTheFirstFailingStatement() throws {
        let db = try Connection.inMemory()
        try db.execute("CREATE TABLE t (v UNIQUE)")
        #expect(throws: SQLiteError.self) {
            try db.execute("INSERT INTO t VALUES (1); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)")
        }
        #expect(try db.scalarInt("SELECT count(*) FROM t") == 1)
    }

    @Test func scalarIsNilWhenThereIsNoRow() throws {
        let db = try Connection.inMemory()
        try db.execute("CREATE TABLE t (v)")
        #expect(try db.scalar("SELECT v FROM t") == nil)
        #expect(try db.scalarInt("SELECT v FROM t") == nil)
    }

    @Test func scalarIsNullWhenTheRowHoldsNull() throws {
        let db = try Connection.inMemory()
        #expect(try db.scalar("SELECT NULL") == .some(.null))
    }

    @Test func lastInsertRowIDAndChangesDescribeTheLastWrite() throws {
        let db = try Connection.inMemory()
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v)")
        try db.execute("INSERT INTO t (id, v) VALUES (?, ?)", [.integer(41), .text("a")])
        #expect(db.lastInsertRowID == 41)
        try db.execute("INSERT INTO t (v) VALUES ('b'), ('c')")
        try db.execute("UPDATE t SET v = 'x' WHERE id > 41")
        #expect(db.changes == 2)
    }

    // MARK: Constraint violations

    /// A table with one of each constraint, in a database with foreign keys on.
    private func constrainedDatabase() throws -> Connection {
        let db = try Connection.inMemory()
        try db.execute(
            """
            PRAGMA foreign_keys = ON;
            CREATE TABLE regions (code TEXT PRIMARY KEY NOT NULL);
            INSERT INTO regions (code) VALUES ('130000');
            CREATE TABLE centers (
                code   TEXT NOT NULL UNIQUE,
                name   TEXT NOT NULL,
                kind   TEXT NOT NULL CHECK (kind IN ('protection', 'tisc')),
                region TEXT NOT NULL REFERENCES regions (code)
            );
            INSERT INTO centers (code, name, kind, region) VALUES ('HB-1', '中国（河北）知识产权保护中心', 'protection', '130000');
            """)
        return db
    }

    private let insertCenter = "INSERT INTO centers (code, name, kind, region) VALUES (?, ?, ?, ?)"

    @Test func uniqueViolationIsAConstraintErrorWithItsExtendedCodeAndSQL() throws {
        let db = try constrainedDatabase()
        let error = #expect(throws: SQLiteError.self) {
            try db.execute(insertCenter, [.text("HB-1"), .text("重复"), .text("tisc"), .text("130000")])
        }
        #expect(error?.resultCode == .constraint)
        #expect(error?.isConstraintViolation == true)
        #expect(error?.extendedResultCode == .constraintUnique)
        #expect(error?.message.contains("centers.code") == true)
        #expect(error?.sql == insertCenter)
        #expect(error?.offset == nil)
    }

    @Test func checkViolationIsAConstraintErrorWithItsExtendedCodeAndSQL() throws {
        let db = try constrainedDatabase()
        let error = #expect(throws: SQLiteError.self) {
            try db.execute(insertCenter, [.text("HB-2"), .text("名"), .text("museum"), .text("130000")])
        }
        #expect(error?.resultCode == .constraint)
        #expect(error?.extendedResultCode == .constraintCheck)
        #expect(error?.sql == insertCenter)
    }

    @Test func notNullViolationIsAConstraintErrorWithItsExtendedCodeAndSQL() throws {
        let db = try constrainedDatabase()
        let error = #expect(throws: SQLiteError.self) {
            try db.execute(insertCenter, [.text("HB-3"), .null, .text("tisc"), .text("130000")])
        }
        #expect(error?.resultCode == .constraint)
        #expect(error?.extendedResultCode == .constraintNotNull)
        #expect(error?.message.contains("centers.name") == true)
        #expect(error?.sql == insertCenter)
    }

    @Test func foreignKeyViolationIsAConstraintErrorWithItsExtendedCodeAndSQL() throws {
        let db = try constrainedDatabase()
        let error = #expect(throws: SQLiteError.self) {
            try db.execute(insertCenter, [.text("HB-4"), .text("名"), .text("tisc"), .text("999999")])
        }
        #expect(error?.resultCode == .constraint)
        #expect(error?.extendedResultCode == .constraintForeignKey)
        #expect(error?.sql == insertCenter)
    }

    @Test func constraintViolationInExecuteOfSeveralStatementsIsTyped() throws {
        let db = try constrainedDatabase()
        let sql = "INSERT INTO centers (code, name, kind, region) VALUES ('HB-1', '重复', 'tisc', '130000')"
        let error = #expect(throws: SQLiteError.self) { try db.execute(sql) }
        #expect(error?.resultCode == .constraint)
        #expect(error?.extendedResultCode == .constraintUnique)
        #expect(error?.sql == sql)
    }

    @Test func aRefusedRowLeavesTheTableAsItWas() throws {
        let db = try constrainedDatabase()
        #expect(throws: SQLiteError.self) {
            try db.execute(insertCenter, [.text("HB-1"), .text("重复"), .text("tisc"), .text("130000")])
        }
        #expect(try db.scalarInt("SELECT count(*) FROM centers") == 1)
        #expect(try db.scalarText("SELECT name FROM centers") == "中国（河北）知识产权保护中心")
    }

    // MARK: Statement cache

    @Test func cachedStatementReturnsTheSameStatementForTheSameSQL() throws {
        let db = try Connection.inMemory()
        let first = try db.cachedStatement("SELECT ?")
        let second = try db.cachedStatement("SELECT ?")
        let other = try db.cachedStatement("SELECT ? + 0")
        #expect(first === second)
        #expect(first !== other)
    }

    @Test func theStatementCacheStaysBoundedAndAHeldStatementOutlivesIt() throws {
        let db = try Connection.inMemory()
        let held = try db.cachedStatement("SELECT 'held'")
        for number in 0..<(Connection.statementCacheCapacity * 2) {
            _ = try db.cachedStatement("SELECT \(number)")
            #expect(db.cachedStatementCount <= Connection.statementCacheCapacity)
        }
        #expect(try held.step())
        #expect(held.text(0) == "held")
    }

    @Test func cachedStatementComesBackWithItsBindingsCleared() throws {
        let db = try Connection.inMemory()
        let first = try db.cachedStatement("SELECT ?")
        try first.bind(.integer(5), at: 1)
        #expect(try first.step())
        #expect(first.int(0) == 5)
        let again = try db.cachedStatement("SELECT ?")
        #expect(try again.step())
        #expect(again.isNull(0))
    }

    @Test func cachedStatementComesBackResetToTheFirstRow() throws {
        let db = try Connection.inMemory()
        try db.execute("CREATE TABLE t (v); INSERT INTO t VALUES (1), (2)")
        let first = try db.cachedStatement("SELECT v FROM t ORDER BY v")
        #expect(try first.step())
        #expect(try first.step())
        #expect(first.int(0) == 2)
        let again = try db.cachedStatement("SELECT v FROM t ORDER BY v")
        #expect(try again.step())
        #expect(again.int(0) == 1)
    }

    @Test func executeWithValuesReusesOneCachedStatement() throws {
        let db = try Connection.inMemory()
        try db.execute("CREATE TABLE t (v)")
        let sql = "INSERT INTO t (v) VALUES (?)"
        try db.execute(sql, [.integer(1)])
        let cached = try db.cachedStatement(sql)
        try db.execute(sql, [.integer(2)])
        #expect(try db.cachedStatement(sql) === cached)
        #expect(try db.scalarInt("SELECT sum(v) FROM t") == 3)
    }

    // MARK: Busy timeout

    /// A database file with one table, in WAL mode as registries are.
    private func sharedDatabase(in folder: TemporaryDirectory) throws -> String {
        let path = folder.path("shared.sqlite")
        let db = try Connection(path: path)
        _ = try db.scalarText("PRAGMA journal_mode = WAL")
        try db.execute("CREATE TABLE t (v)")
        return path
    }

    @Test func aSecondWriterGivesUpWithBusyAfterItsTimeout() throws {
        let folder = try TemporaryDirectory()
        let path = try sharedDatabase(in: folder)
        let holder = try Connection(path: path)
        try holder.execute("BEGIN IMMEDIATE")
        let waiter = try Connection(path: path, busyTimeoutMilliseconds: 100)
        let clock = ContinuousClock()
        let start = clock.now
        let error = #expect(throws: SQLiteError.self) { try waiter.execute("BEGIN IMMEDIATE") }
        let waited = clock.now - start
        #expect(error?.isBusy == true)
        #expect(error?.resultCode == .busy)
        #expect(waited >= .milliseconds(80), "gave up after \(waited), before its 100 ms timeout")
        #expect(waited < .seconds(3), "waited \(waited) for a 100 ms timeout")
        try holder.execute("ROLLBACK")
    }

    @Test func aSecondWriterSucceedsOnceTheFirstCommits() throws {
        let folder = try TemporaryDirectory()
        let path = try sharedDatabase(in: folder)
        let holder = try Connection(path: path)
        let waiter = try Connection(path: path, busyTimeoutMilliseconds: 100)
        try holder.execute("BEGIN IMMEDIATE; INSERT INTO t (v) VALUES ('first')")
        #expect(throws: SQLiteError.self) { try waiter.execute("BEGIN IMMEDIATE") }
        try holder.execute("COMMIT")
        try waiter.execute("BEGIN IMMEDIATE; INSERT INTO t (v) VALUES ('second'); COMMIT")
        #expect(try holder.scalarInt("SELECT count(*) FROM t") == 2)
    }

    @Test func aWriterWaitingWithinItsTimeoutGetsInWhenTheHolderCommits() throws {
        let folder = try TemporaryDirectory()
        let path = try sharedDatabase(in: folder)
        let locked = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        // The holder runs on its own thread with its own connection: connections are not shared.
        let holderThread = Thread {
            defer { finished.signal() }
            guard let holder = try? Connection(path: path),
                (try? holder.execute("BEGIN IMMEDIATE; INSERT INTO t (v) VALUES ('held')")) != nil
            else {
                locked.signal()
                return
            }
            locked.signal()
            Thread.sleep(forTimeInterval: 0.15)
            try? holder.execute("COMMIT")
        }
        holderThread.start()
        locked.wait()
        let waiter = try Connection(path: path, busyTimeoutMilliseconds: 5000)
        let clock = ContinuousClock()
        let start = clock.now
        try waiter.execute("BEGIN IMMEDIATE; INSERT INTO t (v) VALUES ('waited'); COMMIT")
        let waited = clock.now - start
        finished.wait()
        #expect(waited >= .milliseconds(100), "got the lock after \(waited), while the holder still had it")
        #expect(try waiter.scalarInt("SELECT count(*) FROM t") == 2)
    }

    @Test func setBusyTimeoutChangesHowLongAWriterWaits() throws {
        let folder = try TemporaryDirectory()
        let path = try sharedDatabase(in: folder)
        let holder = try Connection(path: path)
        try holder.execute("BEGIN IMMEDIATE")
        let waiter = try Connection(path: path, busyTimeoutMilliseconds: 5000)
        waiter.setBusyTimeout(milliseconds: 0)
        let clock = ContinuousClock()
        let start = clock.now
        let error = #expect(throws: SQLiteError.self) { try waiter.execute("BEGIN IMMEDIATE") }
        #expect(error?.isBusy == true)
        #expect(clock.now - start < .seconds(1))
        try holder.execute("ROLLBACK")
    }
}
