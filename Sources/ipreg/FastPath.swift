// A way past swift-argument-parser for `center show CODE` and `sql QUERY`, the one-record lookups
// scripts run in loops. ArgumentParser's first parse costs 1.5-2 ms of CPU whatever the command
// (building its command tree, metadata and protocol-conformance look-ups, the completion-script
// check), where the lookup itself takes about 0.5 ms. Measured with `perf stat -r 50` on the
// 1M-center bench registry: 4.8 ms of CPU per `center show` through ArgumentParser, 3.1 ms through
// this path; the sqlite3 shell running the same SQL, 1.9 ms. Measured again with and without this
// path on 2026-12-02 and 2026-12-03 (docs/performance.md). These recognisers accept only the plain
// shapes of those commands and hand everything else (help, version, errors, anything unusual) to
// ArgumentParser, so usage and messages stay exactly ArgumentParser's. What they accept they must
// read exactly as ArgumentParser would (Tests/ipregTests/FastPathTests compares the two).
import IPRegistry
import RegistryOutput
import TabularFiles

/// The plain shape both commands share after their name: at most one positional argument, and
/// long options from `names`, each at most once, as `--name value` or `--name=value`, in any order.
/// Nil for anything else: a second positional, an unknown or repeated option, an empty value, or a
/// value or argument that starts with a dash (ArgumentParser may read it as an option).
private struct PlainArguments {
    var positional: String?
    var options: [Substring: String] = [:]

    init?(_ arguments: ArraySlice<String>, names: Set<Substring>) {
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            // Bytes, not characters: whatever starts with a dash might be an option to ArgumentParser.
            guard argument.utf8.first == UInt8(ascii: "-") else {
                guard positional == nil, !argument.isEmpty else { return nil }
                positional = argument
                continue
            }
            let name: Substring
            let value: String
            if let equals = argument.firstIndex(of: "=") {
                name = argument[..<equals]
                value = String(argument[argument.index(after: equals)...])
            } else {
                guard index < arguments.endIndex else { return nil }
                name = argument[...]
                value = arguments[index]
                index += 1
            }
            guard let first = value.utf8.first, first != UInt8(ascii: "-"), names.contains(name),
                options.updateValue(value, forKey: name) == nil
            else { return nil }
        }
    }

    /// `--db` and `--busy-timeout` as RegistryOptions reads them (Int32(String), as ArgumentParser's
    /// ExpressibleByArgument conformance does); nil when either is refused.
    var registry: RegistrySettings? {
        var settings = RegistrySettings(db: options["--db"])
        if let text = options["--busy-timeout"] {
            guard let milliseconds = Int32(text) else { return nil }
            settings.busyTimeout = milliseconds
        }
        return settings.problem == nil ? settings : nil
    }

    /// `--format` read by `Format(rawValue:)`: `fallback` when absent, nil when refused.
    func format<Format: RawRepresentable<String>>(_ fallback: Format) -> Format? {
        guard let text = options["--format"] else { return fallback }
        return Format(rawValue: text)
    }
}

/// `center show CODE` with `--db PATH`, `--format F` and `--busy-timeout MS`.
struct CenterShowArguments: Equatable {
    var code: String
    var registry = RegistrySettings()
    var format = OutputFormat.table

    /// The command's arguments (without the program's name), or nil when they are anything other
    /// than the plain shapes above, or hold a value ArgumentParser or `validate()` would refuse.
    init?(_ arguments: [String]) {
        guard arguments.count >= 3, arguments[0] == "center", arguments[1] == "show",
            let plain = PlainArguments(arguments.dropFirst(2), names: ["--db", "--format", "--busy-timeout"]),
            let code = plain.positional, let registry = plain.registry, let format = plain.format(OutputFormat.table)
        else { return nil }
        self.code = code
        self.registry = registry
        self.format = format
    }

    func run() throws {
        try IPReg.CenterCommand.Show.show(code: code, registry: registry, format: format)
    }
}

/// `center nearest --lat X --lon Y` with `--limit N`, `--within KM`, `--db PATH`, `--format F` and
/// `--busy-timeout MS`; filters (CenterFilterOptions) go to ArgumentParser. Numbers are read as
/// ArgumentParser reads them (`Double(String)`, `Int(String)`), and only values `validate()`
/// accepts are taken: ArgumentParser says what is wrong with the others. (A negative coordinate
/// starts with a dash: ArgumentParser's.)
struct CenterNearestArguments: Equatable {
    var latitude: Double
    var longitude: Double
    var limit = 10
    var within: Double?
    var registry = RegistrySettings()
    var format = OutputFormat.table

    init?(_ arguments: [String]) {
        guard arguments.count >= 2, arguments[0] == "center", arguments[1] == "nearest",
            let plain = PlainArguments(
                arguments.dropFirst(2),
                names: ["--lat", "--lon", "--limit", "--within", "--db", "--format", "--busy-timeout"]),
            plain.positional == nil, let latitude = plain.options["--lat"].flatMap(Double.init),
            let longitude = plain.options["--lon"].flatMap(Double.init), let registry = plain.registry,
            let format = plain.format(OutputFormat.table)
        else { return nil }
        var limit = 10
        if let text = plain.options["--limit"] {
            guard let number = Int(text) else { return nil }
            limit = number
        }
        var within: Double?
        if let text = plain.options["--within"] {
            guard let number = Double(text) else { return nil }
            within = number
        }
        guard
            IPReg.CenterCommand.Nearest.problem(
                latitude: latitude, longitude: longitude, limit: limit, within: within) == nil
        else { return nil }
        self.limit = limit
        self.within = within
        self.latitude = latitude
        self.longitude = longitude
        self.registry = registry
        self.format = format
    }

    func run() throws {
        try IPReg.CenterCommand.Nearest.nearest(
            latitude: latitude, longitude: longitude, limit: limit, within: within, selected: [], registry: registry,
            format: CenterOutputFormat(format))
    }
}

/// `sql QUERY` or `sql --file FILE`, with `--db PATH`, `--format F` and `--busy-timeout MS`. A
/// query or file that starts with a dash (`-` for standard input, a query that opens with a `--`
/// comment) goes to ArgumentParser, as do `--param` and `--bar`.
struct SQLArguments: Equatable {
    var query: String?
    var file: String?
    var registry = RegistrySettings()
    var format = QueryFormat.table

    init?(_ arguments: [String]) {
        guard arguments.count >= 2, arguments[0] == "sql",
            let plain = PlainArguments(
                arguments.dropFirst(), names: ["--db", "--file", "--format", "--busy-timeout"]),
            (plain.positional == nil) != (plain.options["--file"] == nil),
            let registry = plain.registry, let format = plain.format(QueryFormat.table)
        else { return nil }
        query = plain.positional
        file = plain.options["--file"]
        self.registry = registry
        self.format = format
    }

    func run() throws {
        try IPReg.SQL.run(
            query: query, file: file, parameters: { [:] }, registry: registry, format: format, barColumns: [])
    }
}
