// A pool of read-only connections on one registry file, for readers that run at once (the web
// view's requests): beside the one writer a WAL registry has, each reader reads its own snapshot.
// The pool is shared between tasks and threads; a connection is lent to one `read` at a time and
// is never handed out beyond it (the `Database` handle dies when the closure ends).
import Dispatch
import SQLiteDB
import Synchronization

public final class RegistryReaders: Sendable {
    public let path: String
    /// How many reads may run at once.
    public let count: Int
    private let idle: Mutex<[Reader]>
    /// Counts the idle readers, so a `read` waits while every reader is lent out.
    private let available: DispatchSemaphore

    /// A read-only registry, used by one thread at a time: the pool lends it between a wait and a
    /// signal of `available`, taking it from and returning it to `idle` under the lock.
    private final class Reader: @unchecked Sendable {
        let registry: Registry

        init(_ registry: Registry) { self.registry = registry }
    }

    /// Opens `count` (at least one) read-only, query-only connections on the registry at `path`,
    /// which must exist with this binary's schema: the pool never creates or migrates a file.
    public init(path: String, count: Int, busyTimeoutMilliseconds: Int32 = 5000) throws(RegistryError) {
        self.path = path
        self.count = max(1, count)
        var readers: [Reader] = []
        for _ in 0..<self.count {
            let registry = try Registry.openReader(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            if try registry.needsMigration {
                throw .cannotOpen(
                    path: path,
                    reason: "the registry's schema is older than this ipreg's; open it read-write once to migrate it")
            }
            readers.append(Reader(registry))
        }
        idle = Mutex(readers)
        available = DispatchSemaphore(value: self.count)
    }

    /// Runs `body` in one read transaction (one snapshot) on a connection of the pool, waiting
    /// while all are lent out. A `read` inside `body` on the same pool may wait for ever: read
    /// everything in one.
    public func read<Result>(_ body: (Database) throws -> Result) throws -> Result {
        available.wait()
        defer { available.signal() }
        guard let reader = idle.withLock({ $0.popLast() }) else {
            // `available` counts the idle readers, so one is always there after the wait.
            throw RegistryError.database(SQLiteError(.misuse, message: "the reader pool lost count of its connections"))
        }
        defer { idle.withLock { $0.append(reader) } }
        return try reader.registry.read(body)
    }
}
