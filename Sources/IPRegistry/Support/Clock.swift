// The current time in the forms the registry uses: ISO 8601 UTC timestamps for what it stores,
// and the local calendar date (`TZ`) for "not in the future".
#if canImport(Glibc)
import Glibc
#endif

enum Clock {
    /// `2026-11-25T09:30:12Z`.
    static func timestamp() -> String {
        let parts = utcNow()
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))Z"
    }

    /// Today's date where the user is (`TZ`, else the system's zone): a center approved this
    /// morning in Beijing is approved "today" even while it is still yesterday in UTC.
    static func today() -> (year: Int, month: Int, day: Int) {
        var seconds = time(nil)
        var parts = tm()
        // localtime_r need not read TZ itself; tzset makes it.
        tzset()
        localtime_r(&seconds, &parts)
        return (Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday))
    }

    private static func utcNow() -> tm {
        var seconds = time(nil)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return parts
    }

    private static func pad(_ number: Int32, _ width: Int) -> String {
        String(number).leftPadded(to: width)
    }
}
