// A time limit on what a connection runs: SQLite's progress handler interrupts a statement once
// the deadline has passed, so a query that never ends (a recursive CTE) stops on time.
import CSQLite

#if canImport(Glibc)
import Glibc
#endif

/// The deadline a progress handler checks; a class so that SQLite's C callback can reach it.
private final class DeadlineState {
    let end: UInt64
    var passed = false
    init(end: UInt64) { self.end = end }
}

private func monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

extension Connection {
    /// Runs `body` with statements interrupted (SQLITE_INTERRUPT) once `milliseconds` have passed.
    /// Returns what `body` returned, or throws what it threw, and whether the deadline cut it short.
    public func withDeadline<Result>(
        milliseconds: Int, _ body: () throws -> Result
    ) -> (result: Swift.Result<Result, any Error>, timedOut: Bool) {
        let state = DeadlineState(end: monotonicNanoseconds() + UInt64(max(milliseconds, 0)) * 1_000_000)
        let context = Unmanaged.passRetained(state)
        // Every 1000 virtual machine instructions: a few microseconds apart, never a measurable cost.
        sqlite3_progress_handler(
            handle, 1000,
            { pointer in
                guard let pointer else { return 0 }
                let state = Unmanaged<DeadlineState>.fromOpaque(pointer).takeUnretainedValue()
                if monotonicNanoseconds() >= state.end {
                    state.passed = true
                    return 1
                }
                return 0
            }, context.toOpaque())
        defer {
            sqlite3_progress_handler(handle, 0, nil, nil)
            context.release()
        }
        let result = Swift.Result { try body() }
        return (result, state.passed)
    }
}
