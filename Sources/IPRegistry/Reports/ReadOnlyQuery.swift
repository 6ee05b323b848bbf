// One SQL statement from a user (`ipreg sql`, a saved report) or a built-in report, compiled
// so that it can only read, with its parameters bound by name and its rows as output cells.
import SQLiteDB

public final class ReadOnlyQuery {
    /// Where the SQL came from, for error positions: `line 2, column 7` or `FILE:2:7`.
    public enum Source: Sendable, Equatable {
        case argument
        case standardInput
        case file(String)
        case savedReport(String)
    }

    private let statement: Statement
    /// Checked before each run: the statement belongs to a read that must still be going on.
    private let database: Database
    public let source: Source

    /// Compiles `sql`. Refuses (as invalid input) SQL that does not compile, holds more than
    /// one statement, would write, attach, open a transaction or set a PRAGMA, or uses `?`
    /// parameters, which cannot be bound by name.
    public init(_ database: Database, sql: String, source: Source = .argument) throws(RegistryError) {
        self.database = database
        self.source = source
        do {
            statement = try database.connection.prepareReadOnly(sql, hiddenTables: Self.hiddenTables)
        } catch {
            throw Self.describe(error, in: sql, source: source, database: database)
        }
        if statement.parameterNames.contains(nil) {
            throw .invalidInput("\(source.prefix)\(Self.positionalParameterRefusal)")
        }
    }

    /// Accounts, tokens, sessions and the audit log: password and token hashes never leave the
    /// registry through ipreg (docs/web-security.md), so no query reads these tables.
    public static let hiddenTables: Set<String> = [
        "users", "user_regions", "tokens", "token_regions", "sessions", "audit_log",
    ]

    /// Why a query with a `?` parameter is refused, in the command line's words.
    public static let positionalParameterRefusal =
        "the query uses a positional parameter (?); name it (:name) and give --param name=VALUE"
    /// The same, in the web view's words: a value is a query item or a form field there.
    public static let positionalParameterRefusalForTheWeb =
        "the query uses a positional parameter (?); name it (:name) and give its value as a field of the form"

    /// The query's parameters by name, without the `:`, `@` or `$` prefix, in order.
    public var parameterNames: [String] { statement.parameterNames.compactMap { $0 } }

    public var columnNames: [String] { statement.columnNames }

    /// Binds `values` by name and hands each row to `body`. Every parameter must be given,
    /// and every value given must be used (`ParameterError` otherwise).
    public func run(_ values: [String: SQLiteValue], eachRow body: ([Cell]) throws -> Void) throws {
        let names = parameterNames
        if let unused = values.keys.sorted().first(where: { !names.contains($0) }) {
            let has = names.isEmpty ? "" : " (it has \(names.map { ":" + $0 }.joined(separator: ", ")))"
            throw ParameterError(
                "--param \(unused): the query has no parameter :\(unused)" + has,
                web: "\(unused): the query has no parameter :\(unused)" + has)
        }
        if let missing = names.first(where: { values[$0] == nil }) {
            throw ParameterError("the query needs --param \(missing)=VALUE", web: "give a value for \(missing)")
        }
        do {
            let connection = try database.connection
            statement.reset()
            statement.clearBindings()
            try statement.bind(named: values)
            let count = statement.columnCount
            let limit = UserSQLFunctions.maxValueBytes
            var row = [Cell](repeating: .null, count: Int(count))
            try connection.withValueLengthLimit(limit) {
                while try statement.step() {
                    // Sizes first, from SQLite's own counts: a row of many large values
                    // (`zeroblob(9e6)` twenty times) is refused before any of it is copied.
                    var bytes = 0
                    for column in 0..<count { bytes += statement.byteCount(column) }
                    if bytes > Int(limit) {
                        throw RegistryError.invalidInput(
                            "\(source.prefix)the query failed: a row of its result holds more than \(limit) bytes")
                    }
                    for column in 0..<count { row[Int(column)] = Cell(statement.value(column)) }
                    try body(row)
                }
            }
        } catch let error as SQLiteError {
            throw Self.describeFailure(error, source: source, database: database)
        }
    }

    /// A failure while running: the query's own fault (a malformed JSON argument, an integer
    /// overflow, a value too big) is invalid input; a busy, damaged or unreadable file is not.
    static func describeFailure(_ error: SQLiteError, source: Source, database: Database) -> RegistryError {
        switch error.extendedResultCode {
        case .error, .range, .mismatch, .tooBig, .constraint, .interrupt:
            return .invalidInput("\(source.prefix)the query failed: \(error.message)")
        default:
            return database.registryError(error)
        }
    }

    /// A failure to compile as one line a user can act on, with where the problem is.
    static func describe(_ error: SQLiteError, in sql: String, source: Source, database: Database) -> RegistryError {
        if error.isBusy { return .busy(path: database.path, timeoutMilliseconds: database.busyTimeoutMilliseconds) }
        if error.isRefused { return .invalidInput("\(source.prefix)refused: \(error.message)") }
        if error.fault == .moreThanOneStatement {
            return .invalidInput(
                "\(source.prefix)refused: the query holds more than one SQL statement; run one at a time")
        }
        if error.fault == .noStatement {
            return .invalidInput("\(source.prefix)the query is empty")
        }
        // SQLite gives no offset for a statement cut short: the problem is where the text ends.
        let end = sql.utf8.lastIndex { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }.map {
            sql.utf8.distance(from: sql.utf8.startIndex, to: $0) + 1
        }
        guard let offset = error.offset ?? (error.isIncompleteInput ? end : nil) else {
            return .invalidInput("\(source.prefix)\(error.message)")
        }
        let position = TextPosition(of: offset, in: sql)
        return .invalidInput("\(source.prefix(at: position))\(error.message): \(position.excerpt)")
    }
}

extension ReadOnlyQuery.Source {
    /// `FILE: ` or `saved report NAME: ` before a message; nothing for an argument.
    var prefix: String {
        switch self {
        case .argument, .standardInput: return ""
        case .file(let path): return "\(path): "
        case .savedReport(let name): return "saved report \(name): "
        }
    }

    func prefix(at position: TextPosition) -> String {
        switch self {
        case .file(let path): return "\(path):\(position.line):\(position.column): "
        case .argument: return "query line \(position.line), column \(position.column): "
        case .standardInput: return "<stdin>:\(position.line):\(position.column): "
        case .savedReport(let name): return "saved report \(name), line \(position.line), column \(position.column): "
        }
    }
}

/// A byte offset in SQL text as a line and a column (both from 1, columns in characters),
/// and the line around it with the spot marked, for error messages.
struct TextPosition: Equatable {
    let line: Int
    let column: Int
    let excerpt: String

    init(of byteOffset: Int, in text: String) {
        let bytes = Array(text.utf8)
        let offset = min(max(0, byteOffset), bytes.count)
        let lineStart = bytes[..<offset].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let lineEnd = bytes[offset...].firstIndex(of: 0x0A) ?? bytes.count
        line = bytes[..<offset].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let before = String(decoding: bytes[lineStart..<offset], as: UTF8.self)
        let after = String(decoding: bytes[offset..<lineEnd], as: UTF8.self)
        column = before.count + 1
        // The marker sits where SQLite stopped reading; at most 40 characters either side.
        let shownBefore = before.count > 40 ? "…" + String(before.suffix(40)) : before
        let shownAfter = after.count > 40 ? String(after.prefix(40)) + "…" : after
        excerpt = (shownBefore + "▸" + shownAfter).trimmingSpacesAtEnds
    }
}

private extension String {
    var trimmingSpacesAtEnds: String {
        let scalars = unicodeScalars.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
        return String(
            String.UnicodeScalarView(scalars.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed()))
    }
}

/// Parameters that do not match what a query or report takes: a usage error, not bad data.
public struct ParameterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The command line's words (`--param NAME=VALUE`).
    public let message: String
    /// The same for the web view, where a value is a form field or a query item, never `--param`.
    public let webMessage: String

    public init(_ message: String, web: String? = nil) {
        self.message = message
        webMessage = web ?? message
    }

    public var description: String { message }

    /// The same refusal whichever words it has for the web.
    public static func == (left: ParameterError, right: ParameterError) -> Bool { left.message == right.message }
}
