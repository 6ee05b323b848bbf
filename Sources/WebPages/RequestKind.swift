// Which requests run SQL that a user wrote: the server lets those hold only part of its readers,
// so that pages never wait behind them.
import IPRegistry

extension WebApp {
    /// True for `/sql` and a saved report's page (`/reports/NAME` where NAME is no built-in
    /// report), in any format. Decided from the path alone, before any reader is taken.
    public static func runsUserSQL(target: String) -> Bool {
        let path = target.prefix { $0 != "?" && $0 != "#" }
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        guard var last = segments.popLast() else { return false }
        for suffix in [".json", ".csv", ".xlsx", ".tsv"] where last.hasSuffix(suffix) {
            last.removeLast(suffix.count)
            break
        }
        segments.append(last)
        if segments == ["sql"] { return true }
        guard segments.count == 2, segments[0] == "reports" else { return false }
        let name = Query.decode(Substring(segments[1]), plusIsSpace: false) ?? segments[1]
        return !name.isEmpty && BuiltInReport(rawValue: name) == nil
    }
}
