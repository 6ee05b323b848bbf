// Compiling SQL that came from a user so that it can only read. `sqlite3_stmt_readonly`
// catches every statement that writes the database file; SQLite's authorizer catches what
// that check lets through: ATTACH, DETACH, transactions, PRAGMAs that set something, and every
// function that is not on the allowed list (`UserSQLFunctions`), and any read of a table the
// caller hides (the registry's accounts: `ReadOnlyQuery.hiddenTables`).
//
// The authorizer is consulted while a statement compiles, and a compiled statement that SQLite
// must compile again (the schema changed) is checked again only if the authorizer is still set:
// callers prepare inside the read transaction they run in, whose snapshot fixes the schema.
import CSQLite

extension Connection {
    /// Compiles one statement that may only read. A statement that would write, attach a
    /// database, open a transaction or set a PRAGMA fails with `SQLITE_AUTH` and a message
    /// saying what was refused (`SQLiteError.isRefused`). A statement that reads one of
    /// `hiddenTables` (lowercase names), directly or through a view, fails the same way.
    public func prepareReadOnly(_ sql: String, hiddenTables: Set<String> = []) throws(SQLiteError) -> Statement {
        installGuardedPrintf()
        let guardian = ReadOnlyGuard(hiddenTables: hiddenTables)
        let context = Unmanaged.passUnretained(guardian).toOpaque()
        sqlite3_set_authorizer(handle, readOnlyAuthorizer, context)
        defer { sqlite3_set_authorizer(handle, nil, nil) }
        let statement: Statement
        do {
            statement = try withExtendedLifetime(guardian) { () throws(SQLiteError) -> Statement in try prepare(sql) }
        } catch {
            if let refusal = guardian.refusal {
                let reason =
                    refusal.hasPrefix("the function")
                    ? "is not one of the functions queries may call"
                    : refusal.hasPrefix("the table")
                        ? "is not readable by queries" : "is not allowed; queries may only read"
                throw SQLiteError(.authorization, message: "\(refusal) \(reason)", sql: sql)
            }
            throw error
        }
        guard statement.isReadOnly else {
            throw SQLiteError(
                .authorization,
                message:
                    "the statement would change the database; queries may only read (SELECT, WITH, PRAGMAs that report)",
                sql: sql)
        }
        return statement
    }
}

extension SQLiteError {
    /// True when `prepareReadOnly` refused the statement because it does more than read.
    public var isRefused: Bool { ResultCode.authorization ~= extendedResultCode }

    /// The SQL ended inside a statement (`SELECT (`). SQLite has no code or offset for this
    /// case, only its message, so this layer reads it and nobody above has to.
    public var isIncompleteInput: Bool {
        ResultCode.error ~= extendedResultCode && offset == nil && message == "incomplete input"
    }
}

extension Statement {
    /// The statement's parameters in order: a named one without its prefix (`:region` is
    /// `region`), nil for a positional one (`?`, `?3`). SQLite lists each name once.
    public var parameterNames: [String?] {
        (0..<parameterCount).map { offset in
            guard let name = parameterName(offset + 1), !name.hasPrefix("?") else { return nil }
            return String(name.dropFirst())
        }
    }
}

/// What the authorizer refused first, for the error message.
private final class ReadOnlyGuard {
    var refusal: String?
    let hiddenTables: Set<String>

    init(hiddenTables: Set<String>) { self.hiddenTables = hiddenTables }

    func deny(_ what: String) -> Int32 {
        if refusal == nil { refusal = what }
        return SQLITE_DENY
    }

    /// PRAGMAs that only report, whatever their argument (a table, an index, a schema).
    static let reportingPragmas: Set<String> = [
        "table_info", "table_xinfo", "table_list", "index_info", "index_xinfo", "index_list",
        "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check",
        "database_list", "collation_list", "function_list", "module_list", "pragma_list",
        "compile_options", "data_version", "freelist_count", "page_count",
    ]

    /// PRAGMAs that read a setting when given no value, and change it when given one.
    static let settingPragmas: Set<String> = [
        "application_id", "user_version", "schema_version", "encoding", "page_size",
        "foreign_keys", "auto_vacuum", "cache_size", "busy_timeout", "query_only", "synchronous",
        "recursive_triggers", "secure_delete", "temp_store", "mmap_size", "max_page_count",
        "case_sensitive_like", "automatic_index", "defer_foreign_keys", "legacy_alter_table",
    ]

    func authorize(action: Int32, first: String?, second: String?) -> Int32 {
        switch action {
        case SQLITE_ATTACH: return deny("ATTACH")
        case SQLITE_DETACH: return deny("DETACH")
        case SQLITE_TRANSACTION: return deny("\(first ?? "BEGIN") (a transaction)")
        case SQLITE_SAVEPOINT: return deny("SAVEPOINT")
        case SQLITE_PRAGMA:
            let name = (first ?? "").lowercased()
            if Self.reportingPragmas.contains(name) { return SQLITE_OK }
            if Self.settingPragmas.contains(name) {
                return second == nil ? SQLITE_OK : deny("PRAGMA \(name) = \(second ?? "")")
            }
            return deny("PRAGMA \(name)")
        case SQLITE_READ:
            // Consulted for every column read, through views and subqueries alike (and with an
            // empty column for `count(*)`), so no way of naming a table gets round it.
            let table = (first ?? "").lowercased()
            return hiddenTables.contains(table) ? deny("the table \(table)") : SQLITE_OK
        case SQLITE_FUNCTION:
            let name = (second ?? "").lowercased()
            return UserSQLFunctions.allowed.contains(name) ? SQLITE_OK : deny("the function \(name)()")
        default:
            // Writes get through here only to be caught by sqlite3_stmt_readonly: virtual tables
            // such as FTS5 run internal statements whose authorizations must not be refused.
            return SQLITE_OK
        }
    }
}

private func readOnlyAuthorizer(
    context: UnsafeMutableRawPointer?, action: Int32, first: UnsafePointer<CChar>?,
    second: UnsafePointer<CChar>?, database: UnsafePointer<CChar>?,
    trigger: UnsafePointer<CChar>?
) -> Int32 {
    guard let context else { return SQLITE_DENY }
    let guardian = Unmanaged<ReadOnlyGuard>.fromOpaque(context).takeUnretainedValue()
    return guardian.authorize(
        action: action, first: first.map { String(cString: $0) }, second: second.map { String(cString: $0) })
}
