// The clock a query's time limit counts on (SQLiteDB's DeadlineClock), for code above the door
// that does not see SQLite: the web view counts a request's time limit from its arrival.
import SQLiteDB

public enum QueryClock {
    /// Now, in nanoseconds of the monotonic clock.
    public static func now() -> UInt64 { DeadlineClock.nanoseconds() }

    /// `milliseconds` after `start` (now when nil), saturating: a limit too far off is "never".
    public static func deadline(milliseconds: Int, from start: UInt64? = nil) -> UInt64 {
        DeadlineClock.deadline(milliseconds: milliseconds, from: start)
    }
}
