// The order in which the server's readers take waiting requests: a token's or a session's look-up
// before the pages queued ahead of it, so a write through the API does not wait behind a crowd of
// page reads for the check of its credentials (Scripts/bench-writes, eight reading connections).
import Foundation
import Synchronization
import Testing

@testable import WebServer

@Suite struct ReaderSchedulerTests {
    @Test func credentialsAreLookedUpBeforeThePagesWaitingAheadOfThem() async throws {
        let scheduler = ReaderScheduler(readers: 1, userSQLReaders: 1, maxWaitingPages: 8, maxWaitingUserSQL: 8)
        let order = Order()
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let never: @Sendable () -> Bool = { false }

        // The one reader is held until every other request is waiting.
        async let holding: Void = scheduler.run(.page, clientGone: never) {
            started.signal()
            release.wait()
            order.append("holding")
        }
        await Self.wait(for: started)
        async let page1: Void = scheduler.run(.page, clientGone: never) { order.append("page 1") }
        async let page2: Void = scheduler.run(.page, clientGone: never) { order.append("page 2") }
        async let sql: Void = scheduler.run(.userSQL, clientGone: never) { order.append("sql") }
        try await Task.sleep(for: .milliseconds(100))
        async let token: Void = scheduler.run(.credentials, clientGone: never) {
            order.append("token")
        }
        try await Task.sleep(for: .milliseconds(100))
        release.signal()
        _ = try await (holding, page1, page2, sql, token)

        let seen = order.seen
        #expect(seen.first == "holding")
        #expect(seen.dropFirst().first == "token", "\(seen)")
        #expect(Set(seen) == ["holding", "page 1", "page 2", "sql", "token"])
        #expect(seen.last == "sql", "user SQL waits behind pages: \(seen)")
    }

    private final class Order: Sendable {
        private let names = Mutex<[String]>([])
        func append(_ name: String) { names.withLock { $0.append(name) } }
        var seen: [String] { names.withLock { $0 } }
    }

    /// Waits for a reader thread's signal without blocking Swift's cooperative pool.
    private static func wait(for semaphore: DispatchSemaphore) async {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                semaphore.wait()
                continuation.resume()
            }
        }
    }
}
