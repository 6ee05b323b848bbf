// bcrypt for sign-in, on threads of its own: one check takes about a quarter of a second at
// cost 12, which must hold neither an event loop, nor Swift's cooperative pool, nor the writer
// (docs/web-security.md). A name that has no account is checked against a hash of nothing
// anyone knows, so that it costs what a wrong password costs and its answer comes no sooner.
import IPRegistry
import NIOPosix
import ServiceLifecycle

final class PasswordChecker: Sendable {
    private let threads: NIOThreadPool

    init(threads count: Int) {
        threads = NIOThreadPool(numberOfThreads: max(1, count))
        threads.start()
    }

    /// A bcrypt string of cost 12 of a random password nobody kept: fixed, so that no request
    /// ever pays for making it.
    static let dummyHash = "$2b$12$Kff.6ur0rAkS1zgXp8FA3ucL/vRBjP3JPGayh4wZyDAITFVi9coIm"

    /// Whether `password` matches `hash`; with no hash (no such account), the same work against
    /// the dummy, and false.
    func verify(_ password: String, hash: String?) async -> Bool {
        await withCheckedContinuation { continuation in
            threads.submit { state in
                guard case .active = state else { return continuation.resume(returning: false) }
                // bcrypt reads 72 bytes at most; sign-in refuses longer ones as the command line does.
                let usable = password.utf8.count <= PasswordHash.maximumBytes
                let matches = PasswordHash.verify(password, hash: hash ?? Self.dummyHash)
                continuation.resume(returning: hash != nil && usable && matches)
            }
        }
    }
}

extension PasswordChecker: Service {
    func run() async throws {
        try? await gracefulShutdown()
        try? await threads.shutdownGracefully()
    }
}
