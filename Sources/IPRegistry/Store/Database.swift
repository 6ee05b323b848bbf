// The registry's database as code inside `Registry.read`/`write` and `RegistryReaders.read`
// sees it: an opaque handle that repositories are made from. It is valid only while the
// closure it was handed to runs; afterwards every use throws, so a repository that escapes its
// transaction (or a pooled reader's borrowing) can never touch the connection again.
import SQLiteDB

public final class Database {
    private let handle: Connection
    private var isOpen = true
    /// The registry's file and busy timeout, for the errors the door makes of SQLite's.
    let path: String
    let busyTimeoutMilliseconds: Int32
    /// The registry's clock, which repositories made from this handle stamp changes with.
    let clock: RegistryClock
    /// Who is writing (`Registry.actor`): every history entry written through this handle names it.
    let actor: String
    /// A pooled reader's kept answers (`remembered`); nil on a connection that may write.
    let memo: SnapshotMemo?
    /// The snapshot's `PRAGMA data_version`, read once: it cannot move inside one read transaction.
    private var dataVersion: Int64?

    init(
        _ connection: Connection, path: String, busyTimeoutMilliseconds: Int32, clock: RegistryClock,
        actor: String, memo: SnapshotMemo? = nil
    ) {
        handle = connection
        self.path = path
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.clock = clock
        self.actor = actor
        self.memo = memo
    }

    /// The connection, while the transaction or borrowing that made this handle lasts.
    var connection: Connection {
        get throws(SQLiteError) {
            guard isOpen else {
                throw SQLiteError(.misuse, message: "the registry's database was used after its read or write ended")
            }
            return handle
        }
    }

    /// The registry state this handle reads (see `remembered`).
    func snapshotVersion() throws(SQLiteError) -> Int64 {
        if let dataVersion { return dataVersion }
        let version = Int64(try connection.scalarInt("PRAGMA data_version") ?? 0)
        dataVersion = version
        return version
    }

    /// Ends the handle's life: called by the door when the closure returns or throws.
    func close() { isOpen = false }

    /// Runs `body` with a fresh handle on `connection` that dies when `body` ends.
    static func scoped<Result>(
        _ connection: Connection, path: String, busyTimeoutMilliseconds: Int32, clock: RegistryClock,
        actor: String, memo: SnapshotMemo? = nil, _ body: (Database) throws -> Result
    ) rethrows -> Result {
        let database = Database(
            connection, path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds, clock: clock, actor: actor,
            memo: memo)
        defer { database.close() }
        return try body(database)
    }

    /// An SQLite failure as the registry reports it, recognising a busy registry.
    func registryError(_ error: SQLiteError) -> RegistryError {
        RegistryError.from(error, path: path, busyTimeout: busyTimeoutMilliseconds)
    }
}

extension Database {
    /// Runs `body` in a savepoint of the transaction this handle belongs to: released when it
    /// returns, rolled back to when it throws, so a refused step leaves the transaction as it was.
    func savepoint<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try connection.savepoint(body)
        } catch let error as SQLiteError {
            throw registryError(error)
        }
    }

    /// SQLite's page cache for this connection, in KiB. Bulk work sizes it: a big transaction
    /// keeps its pages there, so more cache means fewer spills.
    func setCacheSize(kibibytes: Int) throws(SQLiteError) {
        // An integer, so nothing can be spliced in; PRAGMA takes no bound values.
        try connection.execute("PRAGMA cache_size = -\(kibibytes)")
    }
}
