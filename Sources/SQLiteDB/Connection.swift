// One open SQLite database: opening, running SQL, a statement cache, transactions.
import CSQLite

/// Settings for the whole SQLite library, made once before the first connection opens it.
private let sqliteConfigured: Void = {
    _ = csqlite_disable_memory_statistics()
    _ = csqlite_disable_uri_file_names()
}()

public final class Connection {
    public enum OpenMode: Sendable {
        case readOnly
        case readWrite
        /// Read-write, creating the file when it does not exist.
        case readWriteCreate
    }

    let handle: OpaquePointer
    public let path: String
    private var statementCache: [String: Statement] = [:]
    /// printf() and format() are the checked ones (`installGuardedPrintf`).
    var hasGuardedPrintf = false
    /// Past this many kept statements the cache starts afresh: a connection that lives long (a
    /// server's) is asked for texts that vary with what its clients send. A statement a caller
    /// still holds lives on; only the cache lets go of it.
    public static let statementCacheCapacity = 512

    /// How many compiled statements the cache holds now.
    public var cachedStatementCount: Int { statementCache.count }

    /// Opens the file at `path`, a plain file path: never a URI (`file:...?mode=memory`) or a special
    /// name (`:memory:` is a file of that name in the current folder). No I/O on the file's content
    /// happens until the first statement runs, so a file that is not a database is only detected
    /// then (`SQLiteError.isNotADatabase`).
    public convenience init(
        path: String, mode: OpenMode = .readWriteCreate, busyTimeoutMilliseconds: Int32 = 5000
    ) throws(SQLiteError) {
        try self.init(
            sqliteName: Self.plainFileName(path), path: path, mode: mode,
            busyTimeoutMilliseconds: busyTimeoutMilliseconds)
    }

    /// A private database in memory, gone when the connection closes.
    public static func inMemory() throws(SQLiteError) -> Connection {
        try Connection(sqliteName: ":memory:", path: ":memory:", mode: .readWriteCreate, busyTimeoutMilliseconds: 5000)
    }

    /// The name to hand SQLite for the file at `path`. SQLite gives meaning to names that start with
    /// `file:` (a URI, when URIs are on: they are in Debian's build unless turned off, see
    /// `sqliteConfigured`) and to `:memory:`; `./` in front makes any relative path a plain file name
    /// whichever way SQLite was built or configured. An empty name would be a temporary database.
    static func plainFileName(_ path: String) -> String {
        path.hasPrefix("/") ? path : "./" + path
    }

    private init(sqliteName: String, path: String, mode: OpenMode, busyTimeoutMilliseconds: Int32) throws(SQLiteError) {
        _ = sqliteConfigured
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var opened: OpaquePointer?
        let code = sqlite3_open_v2(sqliteName, &opened, flags, nil)
        guard code == SQLITE_OK, let opened else {
            let error = SQLiteError(code: code, handle: opened)
            sqlite3_close_v2(opened)
            throw error
        }
        handle = opened
        self.path = path
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        _ = csqlite_disable_fts3_tokenizer(handle)
        _ = csqlite_enable_defensive(handle)
    }

    /// A read-only connection cannot checkpoint, so when it is the last to close, the `-wal` and
    /// `-shm` files it opened stay beside the database. When this is set, closing opens the file
    /// read-write for a moment, whose close (SQLite's last-close checkpoint) removes them, as a
    /// read-write connection's own close would. It does nothing while another connection is open.
    public var tidiesLogOnClose = false

    deinit {
        statementCache.removeAll()
        sqlite3_close_v2(handle)
        if tidiesLogOnClose { Self.tidyLog(path) }
    }

    private static func tidyLog(_ path: String) {
        var tidier: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
        if sqlite3_open_v2(plainFileName(path), &tidier, flags, nil) == SQLITE_OK {
            // The header alone: enough for SQLite to open the log it then removes on close.
            _ = sqlite3_exec(tidier, "PRAGMA user_version", nil, nil, nil)
        }
        sqlite3_close_v2(tidier)
    }

    private func check(_ code: Int32, sql: String? = nil) throws(SQLiteError) {
        guard code == SQLITE_OK else { throw SQLiteError(code: code, handle: handle, sql: sql) }
    }

    // MARK: Running SQL

    /// Runs one or more statements that return no rows to the caller.
    /// A syntax error's `offset` counts from the start of `sql`, whichever statement holds it.
    public func execute(_ sql: String) throws(SQLiteError) {
        var failure: SQLiteError?
        sql.withCString { start in
            var next = start
            while next.pointee != 0 {
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let prepared = sqlite3_prepare_v3(handle, next, -1, 0, &statement, &tail)
                if prepared != SQLITE_OK {
                    // SQLite counts the offset from the start of the statement it was compiling.
                    let offset = Int(sqlite3_error_offset(handle))
                    failure = SQLiteError(
                        ResultCode(rawValue: sqlite3_extended_errcode(handle)),
                        message: String(cString: sqlite3_errmsg(handle)), sql: sql,
                        offset: offset >= 0 ? (next - start) + offset : nil)
                    return
                }
                guard let statement, let tail else { return }  // only space and comments were left
                var code: Int32
                repeat { code = sqlite3_step(statement) } while code == SQLITE_ROW
                if code != SQLITE_DONE { failure = SQLiteError(code: code, handle: handle, sql: sql) }
                sqlite3_finalize(statement)
                if failure != nil { return }
                next = tail
            }
        }
        if let failure { throw failure }
    }

    /// Runs one statement with positional values, one for each of its parameters.
    public func execute(_ sql: String, _ values: [SQLiteValue]) throws(SQLiteError) {
        try cachedStatement(sql).execute(values)
    }

    /// Compiles the first statement of `sql`. Fails when `sql` holds more than one statement,
    /// so that nothing after the first can slip through unseen.
    public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        var statement: OpaquePointer?
        var hasTrailingSQL = false
        let code = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(handle, text, -1, 0, &statement, &tail)
            if code == SQLITE_OK, let tail { hasTrailingSQL = Self.hasMoreSQL(tail) }
            return code
        }
        guard code == SQLITE_OK else { throw SQLiteError(code: code, handle: handle, sql: sql) }
        guard let statement else {
            throw SQLiteError(.misuse, message: "no SQL statement to run", sql: sql, fault: .noStatement)
        }
        let compiled = Statement(handle: statement, connectionHandle: handle, sql: sql)
        if hasTrailingSQL {
            throw SQLiteError(
                .misuse, message: "only one SQL statement is allowed", sql: sql, fault: .moreThanOneStatement)
        }
        return compiled
    }

    /// Whether text after a statement holds anything but white space, semicolons and comments.
    private static func hasMoreSQL(_ tail: UnsafePointer<CChar>) -> Bool {
        var rest = String(cString: tail)[...]
        while let first = rest.first {
            if first.isWhitespace || first == ";" {
                rest = rest.dropFirst()
            } else if rest.hasPrefix("--") {
                rest = rest.drop(while: { $0 != "\n" })
            } else if rest.hasPrefix("/*") {
                rest = rest.dropFirst(2)
                while !rest.isEmpty && !rest.hasPrefix("*/") { rest = rest.dropFirst() }
                rest = rest.dropFirst(2)
            } else {
                return true
            }
        }
        return false
    }

    /// A compiled statement kept for reuse; it comes back reset with its bindings cleared.
    public func cachedStatement(_ sql: String) throws(SQLiteError) -> Statement {
        if let statement = statementCache[sql] {
            statement.reset()
            statement.clearBindings()
            return statement
        }
        let statement = try prepare(sql)
        if statementCache.count >= Self.statementCacheCapacity { statementCache.removeAll() }
        statementCache[sql] = statement
        return statement
    }

    /// The first column of the first row, or nil when there is no row.
    public func scalar(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) -> SQLiteValue? {
        let statement = try cachedStatement(sql)
        do { try statement.bind(values) } catch { throw error.with(arguments: values) }
        defer { statement.reset() }
        // Not `step() ? value(0) : nil`: that `nil` would be SQLiteValue's nil literal, `.null`.
        do {
            guard try statement.step() else { return nil }
        } catch {
            throw error.with(arguments: values)
        }
        return statement.value(0)
    }

    public func scalarInt(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) -> Int? {
        guard case .integer(let number)? = try scalar(sql, values) else { return nil }
        return Int(number)
    }

    public func scalarText(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) -> String? {
        guard case .text(let text)? = try scalar(sql, values) else { return nil }
        return text
    }

    // MARK: State

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes64(handle)) }
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }
    public var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    public func setBusyTimeout(milliseconds: Int32) { sqlite3_busy_timeout(handle, milliseconds) }

    // MARK: Transactions

    public enum TransactionKind: String, Sendable {
        case deferred = "DEFERRED"
        /// Takes the write lock at BEGIN, so a writer waits for its turn there (busy timeout)
        /// instead of failing on its first write.
        case immediate = "IMMEDIATE"
        case exclusive = "EXCLUSIVE"
    }

    /// Runs `body` in a transaction that ends as `body` says: `.commit` or `.rollback`; a throw
    /// rolls back and rethrows. A transaction is never opened inside another: that is a
    /// programming error (`Fault.transactionAlreadyOpen`); nest with `inSavepoint`.
    public func inTransaction(_ kind: TransactionKind = .deferred, _ body: () throws -> TransactionCompletion) throws {
        try runTransaction(kind) { ((), try body()) }
    }

    /// Runs `body` in a transaction that commits when it returns and rolls back when it throws.
    public func transaction<Result>(_ kind: TransactionKind = .deferred, _ body: () throws -> Result) throws -> Result {
        try runTransaction(kind) { (try body(), .commit) }
    }

    private func runTransaction<Result>(
        _ kind: TransactionKind, _ body: () throws -> (Result, TransactionCompletion)
    ) throws -> Result {
        guard !isInTransaction else {
            throw SQLiteError(
                .misuse, message: "a transaction is already open; nest work in a savepoint",
                fault: .transactionAlreadyOpen)
        }
        try execute("BEGIN \(kind.rawValue)")
        let (result, completion): (Result, TransactionCompletion)
        do {
            (result, completion) = try body()
        } catch {
            rollbackQuietly()
            throw error
        }
        switch completion {
        case .commit:
            do {
                try execute("COMMIT")
            } catch {
                rollbackQuietly()
                throw error
            }
        case .rollback:
            rollbackQuietly()
        }
        return result
    }

    private var savepointDepth = 0

    /// Runs `body` in a savepoint that ends as `body` says: released on `.commit`, rolled back to
    /// on `.rollback` or a throw. Savepoints nest, inside a transaction or without one.
    public func inSavepoint(_ body: () throws -> TransactionCompletion) throws {
        try runSavepoint { ((), try body()) }
    }

    /// Runs `body` in a savepoint that is released when it returns and rolled back to when it throws.
    public func savepoint<Result>(_ body: () throws -> Result) throws -> Result {
        try runSavepoint { (try body(), .commit) }
    }

    private func runSavepoint<Result>(_ body: () throws -> (Result, TransactionCompletion)) throws -> Result {
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "savepoint_\(savepointDepth)"
        try execute("SAVEPOINT \(name)")
        let (result, completion): (Result, TransactionCompletion)
        do {
            (result, completion) = try body()
        } catch {
            // ROLLBACK TO keeps the savepoint open; RELEASE then ends it.
            try? execute("ROLLBACK TO \(name)")
            try? execute("RELEASE \(name)")
            throw error
        }
        if completion == .rollback { try execute("ROLLBACK TO \(name)") }
        try execute("RELEASE \(name)")
        return result
    }

    private func rollbackQuietly() {
        // SQLite may already have rolled back (for example after SQLITE_FULL); nothing to undo then.
        if isInTransaction { _ = try? execute("ROLLBACK") }
    }
}

/// How a transaction or savepoint ends, as its body decides: `.commit` keeps what it wrote,
/// `.rollback` undoes it (a dry run, an import with invalid rows). The registry's door takes it too.
public enum TransactionCompletion: Sendable {
    case commit
    case rollback
}

extension Connection {
    /// Runs `body` with these indexes dropped, then creates them again from their own SQL.
    /// Building an index once over sorted keys is much cheaper than inserting a large load into it
    /// row by row. Meant for use inside a transaction: a rollback brings the indexes back.
    public func deferringIndexes<Result>(_ names: [String], _ body: () throws -> Result) throws -> Result {
        var definitions: [String] = []
        for name in names {
            guard
                let sql = try scalarText(
                    "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?", [.text(name)])
            else { continue }
            definitions.append(sql)
            // The name comes from sqlite_schema, which has just confirmed it; quoted as an identifier.
            try execute("DROP INDEX \"\(name.replacingOccurrences(of: "\"", with: "\"\""))\"")
        }
        let result = try body()
        for sql in definitions { try execute(sql) }
        return result
    }
}

extension Connection {
    /// Runs `body` with these triggers dropped, then creates them again from their own SQL.
    /// Meant for use inside a transaction: a rollback brings the triggers back, and no other
    /// connection ever sees them missing.
    public func withoutTriggers<Result>(_ names: [String], _ body: () throws -> Result) throws -> Result {
        var definitions: [String] = []
        for name in names {
            guard
                let sql = try scalarText(
                    "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?", [.text(name)])
            else { continue }
            definitions.append(sql)
            try execute("DROP TRIGGER \"\(name.replacingOccurrences(of: "\"", with: "\"\""))\"")
        }
        let result = try body()
        for sql in definitions { try execute(sql) }
        return result
    }
}

extension Connection {
    /// Runs `body` with `PRAGMA query_only` set as `on` says, then puts back what it was, even when
    /// `body` throws. `wasOn` spares reading the pragma when the caller knows it.
    public func withQueryOnly<Result>(_ on: Bool, wasOn: Bool? = nil, _ body: () throws -> Result) throws -> Result {
        let before = try wasOn ?? (scalarInt("PRAGMA query_only") == 1)
        guard before != on else { return try body() }
        try execute(on ? "PRAGMA query_only = ON" : "PRAGMA query_only = OFF")
        let result: Result
        do {
            result = try body()
        } catch {
            try? execute(before ? "PRAGMA query_only = ON" : "PRAGMA query_only = OFF")
            throw error
        }
        try execute(before ? "PRAGMA query_only = ON" : "PRAGMA query_only = OFF")
        return result
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
