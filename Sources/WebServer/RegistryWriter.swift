// The server's one read-write connection (docs/web-security.md): every write of the web view
// (sign-ins, sessions, token stamps, the audit log, and the forms' and the API's changes) runs
// here, one transaction at a time, on a thread of its own, so that SQLite's blocking calls never
// hold an event loop or Swift's cooperative pool, and writers queue here instead of fighting for
// the file's write lock. The registry is opened read-write (which migrates it, as any write
// command does) on the first write: a server that never writes never opens it so. From then on
// its WAL is checkpointed once a second on another thread, not inside the writes
// (WALCheckpointer.swift says why).
import IPRegistry
import NIOPosix
import ServiceLifecycle
import Synchronization

public final class RegistryWriter: Sendable {
    public let path: String
    let busyTimeoutMilliseconds: Int32
    let clock: RegistryClock
    private let thread: NIOThreadPool

    /// The open registry; touched only on the writer's one thread.
    private final class Connection: @unchecked Sendable {
        var registry: Registry?
    }
    private let connection = Connection()

    /// How often the WAL is checkpointed once the writer has written.
    static let checkpointInterval = Duration.seconds(1)
    private let checkpointThread: NIOThreadPool
    /// The checkpointer; touched only on `checkpointThread`.
    private final class Checkpoints: @unchecked Sendable {
        var checkpointer: WALCheckpointer?
    }
    private let checkpoints = Checkpoints()
    /// Set once the writer has opened the registry and handed its checkpoints over.
    private let handedOver = Atomic<Bool>(false)

    public init(path: String, busyTimeoutMilliseconds: Int32 = 5000, clock: RegistryClock = .system) {
        self.path = path
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.clock = clock
        thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        checkpointThread = NIOThreadPool(numberOfThreads: 1)
        checkpointThread.start()
    }

    /// The writer has stopped (the server is stopping): nothing more is written.
    public struct Stopped: Error, CustomStringConvertible {
        public var description: String { "the server is stopping: nothing more is written" }
    }

    /// Runs `body` in one write transaction on the writer's thread, after the writes queued
    /// before it; it commits when `body` returns and rolls back when it throws. `actor` is what
    /// history records for the changes (`web:NAME`, `token:NAME/LABEL`; `Principal.actor`).
    public func write<T: Sendable>(
        actor: String?, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit(actor: actor, body) { continuation.resume(with: $0) }
        }
    }

    /// Queues `body` without waiting for it (the audit log, a session's last use): a failure is
    /// dropped, since the answer it would have changed is already on its way.
    public func writeLater(actor: String?, _ body: @escaping @Sendable (Database) throws -> Void) {
        submit(actor: actor, body) { _ in }
    }

    /// Appends `entry` to the audit log, without waiting.
    public func recordLater(_ entry: AuditEntry) {
        writeLater(actor: nil) { try AuditLog($0).record(entry) }
    }

    private func submit<T: Sendable>(
        actor: String?, _ body: @escaping @Sendable (Database) throws -> T,
        then finish: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        thread.submit { [self, connection, path, busyTimeoutMilliseconds, clock] state in
            guard case .active = state else { return finish(.failure(Stopped())) }
            do {
                let registry: Registry
                if let open = connection.registry {
                    registry = open
                } else {
                    registry = try Registry.open(
                        path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds, clock: clock)
                    try registry.handOverCheckpoints()
                    self.handedOver.store(true, ordering: .releasing)
                    connection.registry = registry
                }
                // What history records as the author of these changes; a write with none (an
                // audit entry, a session's stamp) changes no center or figure.
                registry.actor = actor ?? "server"
                finish(.success(try registry.write(body)))
            } catch {
                finish(.failure(error))
            }
        }
    }
}

extension RegistryWriter: Service {
    /// Lasts as long as the application; then finishes the queued writes (the audit entries of
    /// the last answers among them: a stopping pool would drop them) and stops its thread.
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { [self] in
                while (try? await Task.sleep(for: Self.checkpointInterval)) != nil { checkpoint() }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            thread.submit { _ in continuation.resume() }
        }
        try? await thread.shutdownGracefully()
        // What was written since the last checkpoint stays in the WAL, safe: the next connection
        // to open the registry reads it, and the next checkpoint copies it.
        try? await checkpointThread.shutdownGracefully()
    }

    /// Checkpoints the WAL on the checkpoint thread, once the writer has written.
    func checkpoint() {
        guard handedOver.load(ordering: .acquiring) else { return }
        checkpointThread.submit { [checkpoints, path] state in
            guard case .active = state else { return }
            let checkpointer = checkpoints.checkpointer ?? WALCheckpointer(path: path)
            checkpoints.checkpointer = checkpointer
            checkpointer.checkpoint()
        }
    }
}
