// `ipreg audit`: the audit log (sign-ins, failed sign-ins, token use, refusals), oldest first. It
// only lists: ipreg has no command that changes or deletes an entry (docs/web-security.md).
import ArgumentParser
import IPRegistry

extension IPReg {
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "List the audit log of the web view, oldest first.",
            discussion: "Times are UTC, as the log keeps them."
        )

        @OptionGroup var registryOptions: RegistryOptions
        @OptionGroup var outputOptions: OutputOptions

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Only entries at or after this date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM[:SS][Z], UTC).",
                valueName: "date-or-time"))
        var since: String?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Only entries of this account: web:NAME, token:NAME/..., or NAME as a failed sign-in typed it.",
                valueName: "name"))
        var user: String?

        func run() throws {
            let since = try since.map(Self.sinceBound)
            let registry = try registryOptions.openForReading(tidyingLog: true)
            let entries = try registry.read { db in try AuditLog(db).list(since: since, user: user) }
            outputOptions.print(columns: ["time", "actor", "address", "method", "path", "status", "detail"]) {
                write in
                for entry in entries {
                    write([
                        .text(entry.time), Cell(entry.actor), Cell(entry.address), Cell(entry.method),
                        Cell(entry.path), Cell(entry.status), Cell(entry.detail),
                    ])
                }
            }
        }

        static let sinceRule = "must be a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM[:SS][Z])"

        /// `--since` as the log's times compare with it: a date as it is (every time of that day
        /// sorts after it), a time as the log writes one (`2026-12-07T09:30:00Z`).
        static func sinceBound(_ text: String) throws -> String {
            let failure = ValidationFailure(field: "--since", value: text, rule: sinceRule)
            let characters = Array(text)
            guard characters.count >= 10, PartialDate(String(characters[0..<10]))?.day != nil else { throw failure }
            let date = String(characters[0..<10])
            guard characters.count > 10 else { return date }
            var time = characters[11...]
            guard characters[10] == "T" || characters[10] == " " else { throw failure }
            if time.last == "Z" { time.removeLast() }
            let parts = time.split(separator: ":", omittingEmptySubsequences: false)
            let limits = [23, 59, 59]
            guard parts.count == 2 || parts.count == 3 else { throw failure }
            var numbers: [Int] = []
            for (part, limit) in zip(parts, limits) {
                guard part.count == 2, part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(String(part)),
                    value <= limit
                else { throw failure }
                numbers.append(value)
            }
            if numbers.count == 2 { numbers.append(0) }
            let clock = numbers.map { $0 < 10 ? "0\($0)" : "\($0)" }.joined(separator: ":")
            return "\(date)T\(clock)Z"
        }
    }
}
