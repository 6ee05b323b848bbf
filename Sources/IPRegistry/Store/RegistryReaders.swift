// A pool of read-only connections on one registry file, for readers that run at once (the web
// view's requests): beside the one writer a WAL registry has, each reader reads its own snapshot.
// The pool is shared between tasks and threads; a connection is lent to one `read` at a time and
// is never handed out beyond it (the `Database` handle dies when the closure ends).
import Dispatch
import SQLiteDB
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The registry's path now names another file than the pool opened (deleted, or another file
/// moved into place), and the new one cannot be opened: a server answers 503 with this.
public struct RegistryFileChanged: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "\(path) changed on disk and cannot be read now: \(reason)" }
}

/// Which file a path names: its device and inode, as stat(2) gives them.
struct FileIdentity: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64

    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }
}

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
        var registry: Registry
        /// The file this reader's connection has open.
        var identity: FileIdentity?

        init(_ registry: Registry, identity: FileIdentity?) {
            self.registry = registry
            self.identity = identity
        }
    }

    private let busyTimeoutMilliseconds: Int32
    /// The file the path named when last looked at, and when that was (`DeadlineClock`): a
    /// registry deleted or replaced under a running server is noticed within a second.
    private let pathState: Mutex<(identity: FileIdentity?, checked: UInt64)>
    static let identityCheckInterval: UInt64 = 1_000_000_000

    /// Opens `count` (at least one) read-only, query-only connections on the registry at `path`,
    /// which must exist with this binary's schema: the pool never creates or migrates a file.
    public init(path: String, count: Int, busyTimeoutMilliseconds: Int32 = 5000) throws(RegistryError) {
        self.path = path
        self.count = max(1, count)
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        let identity = FileIdentity(path: path)
        pathState = Mutex((identity, DeadlineClock.nanoseconds()))
        var readers: [Reader] = []
        for _ in 0..<self.count {
            let registry = try Registry.openReader(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            if try registry.needsMigration {
                throw .cannotOpen(
                    path: path,
                    reason: "the registry's schema is older than this ipreg's; open it read-write once to migrate it")
            }
            readers.append(Reader(registry, identity: identity))
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
        let current = currentIdentity()
        if current != reader.identity { try reopen(reader, as: current) }
        return try reader.registry.read(body)
    }

    /// The file the path names now, looked at no more than once a second.
    private func currentIdentity() -> FileIdentity? {
        let now = DeadlineClock.nanoseconds()
        return pathState.withLock { state in
            if now &- state.checked >= Self.identityCheckInterval {
                state = (FileIdentity(path: path), now)
            }
            return state.identity
        }
    }

    /// Opens the file now at the path in place of the one `reader` had: the command line's
    /// writes to a registry copied or restored into place are seen, not the old file's.
    private func reopen(_ reader: Reader, as identity: FileIdentity?) throws {
        guard identity != nil else {
            throw RegistryFileChanged(path: path, reason: "the file is gone")
        }
        do {
            let registry = try Registry.openReader(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            if try registry.needsMigration {
                throw RegistryFileChanged(
                    path: path, reason: "the new file's schema is older than this ipreg's; open it read-write once")
            }
            reader.registry = registry
            reader.identity = identity
        } catch let error as RegistryFileChanged {
            throw error
        } catch {
            throw RegistryFileChanged(path: path, reason: "\(error)")
        }
    }
}
