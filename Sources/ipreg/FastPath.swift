// A way past swift-argument-parser for `center show CODE` and `sql QUERY`, the one-record lookups
// scripts run in loops. ArgumentParser's first parse costs 1.5-2 ms of CPU whatever the command (building its
// command tree, metadata and protocol-conformance look-ups, the completion-script check), where
// the lookup itself takes about 0.5 ms. Measured with `perf stat -r 50` on the 1M-center bench
// registry: 4.8 ms of CPU per `center show` through ArgumentParser, 3.1 ms through this path; the
// sqlite3 shell running the same SQL, 1.9 ms. Measured again with and without this path on
// 2026-12-02 (README, "Speed"): still about 3 ms less per call. This recogniser accepts only the
// plain shapes of that command and hands everything else (help, version, errors, anything
// unusual) to ArgumentParser, so usage and messages stay exactly ArgumentParser's. What it
// accepts it must read exactly as ArgumentParser would (Tests/ipregTests/FastPathTests compares
// the two).
import IPRegistry

/// `center show CODE` with `--db PATH`, `--format F` and `--busy-timeout MS`, each at most once,
/// as `--name value` or `--name=value`, in any order after `show`.
struct CenterShowArguments: Equatable {
    var code: String
    var registry = RegistrySettings()
    var format = OutputFormat.table

    /// The command's arguments (without the program's name), or nil when they are anything other
    /// than the plain shapes above, or hold a value ArgumentParser or `validate()` would refuse.
    init?(_ arguments: [String]) {
        guard arguments.count >= 3, arguments[0] == "center", arguments[1] == "show" else { return nil }
        var code: String?
        var db: String?
        var format: OutputFormat?
        var busyTimeout: Int32?
        var index = 2
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            // Bytes, not characters: whatever starts with a dash might be an option to ArgumentParser.
            guard argument.utf8.first == UInt8(ascii: "-") else {
                guard code == nil, !argument.isEmpty else { return nil }
                code = argument
                continue
            }
            let name: Substring
            let value: String
            if let equals = argument.firstIndex(of: "=") {
                name = argument[..<equals]
                value = String(argument[argument.index(after: equals)...])
            } else {
                guard index < arguments.count else { return nil }
                name = argument[...]
                value = arguments[index]
                index += 1
            }
            guard let first = value.utf8.first, first != UInt8(ascii: "-") else { return nil }
            switch name {
            case "--db":
                guard db == nil else { return nil }
                db = value
            case "--format":
                guard format == nil, let parsed = OutputFormat(rawValue: value) else { return nil }
                format = parsed
            case "--busy-timeout":
                // Int32(String), as ArgumentParser's ExpressibleByArgument conformance reads it.
                guard busyTimeout == nil, let parsed = Int32(value) else { return nil }
                busyTimeout = parsed
            default:
                return nil
            }
        }
        guard let code else { return nil }
        self.code = code
        registry.db = db
        if let busyTimeout { registry.busyTimeout = busyTimeout }
        if let format { self.format = format }
        guard registry.problem == nil else { return nil }
    }

    func run() throws {
        try IPReg.Center.Show.show(code: code, registry: registry, format: format)
    }
}

/// `sql QUERY` or `sql --file FILE`, with `--db PATH`, `--format F` and `--busy-timeout MS`, each
/// at most once, as `--name value` or `--name=value`, in any order after `sql`. A query or value
/// that starts with a dash (`-` for standard input, a query that opens with a `--` comment) goes
/// to ArgumentParser, as does everything else.
struct SQLArguments: Equatable {
    var query: String?
    var file: String?
    var registry = RegistrySettings()
    var format = QueryFormat.table

    init?(_ arguments: [String]) {
        guard arguments.count >= 2, arguments[0] == "sql" else { return nil }
        var query: String?
        var file: String?
        var db: String?
        var format: QueryFormat?
        var busyTimeout: Int32?
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.utf8.first == UInt8(ascii: "-") else {
                guard query == nil, !argument.isEmpty else { return nil }
                query = argument
                continue
            }
            let name: Substring
            let value: String
            if let equals = argument.firstIndex(of: "=") {
                name = argument[..<equals]
                value = String(argument[argument.index(after: equals)...])
            } else {
                guard index < arguments.count else { return nil }
                name = argument[...]
                value = arguments[index]
                index += 1
            }
            guard let first = value.utf8.first, first != UInt8(ascii: "-") else { return nil }
            switch name {
            case "--db":
                guard db == nil else { return nil }
                db = value
            case "--file":
                guard file == nil else { return nil }
                file = value
            case "--format":
                guard format == nil, let parsed = QueryFormat(rawValue: value) else { return nil }
                format = parsed
            case "--busy-timeout":
                guard busyTimeout == nil, let parsed = Int32(value) else { return nil }
                busyTimeout = parsed
            default:
                return nil
            }
        }
        guard (query == nil) != (file == nil) else { return nil }
        self.query = query
        self.file = file
        registry.db = db
        if let busyTimeout { registry.busyTimeout = busyTimeout }
        if let format { self.format = format }
        guard registry.problem == nil else { return nil }
    }

    func run() throws {
        try IPReg.SQL.run(
            query: query, file: file, parameters: { [:] }, registry: registry, format: format, barColumns: [])
    }
}
