// A time limit on what a connection runs: SQLite's progress handler interrupts a statement once
// the deadline has passed, so a query that never ends (a recursive CTE) stops on time. The same
// handler stops a statement whose caller no longer wants it (a web client that went away).
import CSQLite

#if canImport(Glibc)
import Glibc
#endif

/// The deadline a progress handler checks; a class so that SQLite's C callback can reach it.
private final class DeadlineState {
    let end: UInt64
    let stop: (() -> Bool)?
    var passed = false
    var stopped = false
    init(end: UInt64, stop: (() -> Bool)?) {
        self.end = end
        self.stop = stop
    }
}

/// CLOCK_MONOTONIC in nanoseconds: what deadlines are measured on.
public enum DeadlineClock {
    public static func nanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    /// `milliseconds` from `start` (now when nil), saturating instead of overflowing: a limit of
    /// 10^17 ms is "never", not a crash.
    public static func deadline(milliseconds: Int, from start: UInt64? = nil) -> UInt64 {
        let (span, spanOverflow) = UInt64(max(milliseconds, 0)).multipliedReportingOverflow(by: 1_000_000)
        let (end, endOverflow) = (start ?? nanoseconds()).addingReportingOverflow(span)
        return spanOverflow || endOverflow ? UInt64.max : end
    }
}

extension Connection {
    /// Runs `body` with statements interrupted (SQLITE_INTERRUPT) once `milliseconds` have passed.
    /// Returns what `body` returned, or throws what it threw, and whether the deadline cut it short.
    public func withDeadline<Result>(
        milliseconds: Int, _ body: () throws -> Result
    ) -> (result: Swift.Result<Result, any Error>, timedOut: Bool) {
        let run = withDeadline(endingAt: DeadlineClock.deadline(milliseconds: milliseconds), stopWhen: nil, body)
        return (run.result, run.timedOut)
    }

    /// Runs `body` with statements interrupted once the monotonic clock reaches `end`
    /// (`DeadlineClock`), or once `stopWhen` answers true. Says which of the two cut it short.
    public func withDeadline<Result>(
        endingAt end: UInt64, stopWhen: (() -> Bool)?, _ body: () throws -> Result
    ) -> (result: Swift.Result<Result, any Error>, timedOut: Bool, stopped: Bool) {
        let state = DeadlineState(end: end, stop: stopWhen)
        let context = Unmanaged.passRetained(state)
        // Every 1000 virtual machine instructions: a few microseconds apart, never a measurable cost.
        sqlite3_progress_handler(
            handle, 1000,
            { pointer in
                guard let pointer else { return 0 }
                let state = Unmanaged<DeadlineState>.fromOpaque(pointer).takeUnretainedValue()
                if DeadlineClock.nanoseconds() >= state.end {
                    state.passed = true
                    return 1
                }
                if let stop = state.stop, stop() {
                    state.stopped = true
                    return 1
                }
                return 0
            }, context.toOpaque())
        defer {
            sqlite3_progress_handler(handle, 0, nil, nil)
            context.release()
        }
        let result = Swift.Result { try body() }
        return (result, state.passed, state.stopped)
    }
}
