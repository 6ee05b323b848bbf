// Every way a registry operation can fail, each with a message a user can act on.
// The command-line tool maps these to exit statuses in one place.
import SQLiteDB
import TabularFiles

public enum RegistryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The record asked for does not exist.
    case notFound(String)
    /// A value breaks a rule: `field value: rule`.
    case invalidValue(ValidationFailure)
    /// Rows of a file are invalid; each was already reported, this is the closing summary.
    case invalidRows(summary: String)
    /// Invalid input that is not one field's value (a malformed file, a refused query).
    case invalidInput(String)
    case inputUnreadable(path: String, reason: String)
    case outputUnwritable(path: String, reason: String)
    case cannotOpen(path: String, reason: String)
    case notARegistry(path: String)
    case schemaTooNew(path: String, found: Int, known: Int)
    /// Another writer kept the registry locked past the busy timeout.
    case busy(path: String, timeoutMilliseconds: Int32)
    /// `check` found problems (already printed).
    case checkFailed(count: Int)
    /// An SQLite failure that none of the above explains.
    case database(SQLiteError)

    public var description: String {
        switch self {
        case .notFound(let what): return what
        case .invalidValue(let failure): return failure.description
        case .invalidRows(let summary): return summary
        case .invalidInput(let message): return message
        case .inputUnreadable(let path, let reason): return "\(path): \(reason)"
        case .outputUnwritable(let path, let reason): return "\(path): \(reason)"
        case .cannotOpen(let path, let reason): return "\(path): cannot open the registry: \(reason)"
        case .notARegistry(let path): return "\(path): not an ipreg registry (left untouched)"
        case .schemaTooNew(let path, let found, let known):
            return
                "\(path): the registry's schema version \(found) is newer than this ipreg knows (\(known)); use a newer ipreg (left untouched)"
        case .busy(let path, let timeout):
            return "\(path): the registry stayed locked by another writer for more than \(timeout) ms (--busy-timeout)"
        case .checkFailed(let count): return "check found \(count) problem\(count == 1 ? "" : "s")"
        case .database(let error): return error.message
        }
    }
}

/// One value that breaks one rule. `field` is the record's field name (`region_code`);
/// the command line shows it as its option (`--region`), imports as the column.
public struct ValidationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let value: String
    public let rule: String

    public init(field: String, value: String, rule: String) {
        self.field = field
        self.value = value
        self.rule = rule
    }

    public var description: String { "\(field) \(Self.quoted(value)): \(rule)" }

    /// Shows a value so that an empty or space-padded one is visible, and a huge one stays one short line.
    public static func quoted(_ value: String) -> String {
        var shown = value.count > 60 ? String(value.prefix(57)) + "..." : value
        shown = shown.unicodeScalars.map { scalar -> String in
            switch scalar {
            case "\n": return "\\n"
            case "\r": return "\\r"
            case "\t": return "\\t"
            default:
                // Control and invisible characters (a byte-order mark, zero-width space, Hangul filler) are shown escaped.
                let properties = scalar.properties
                let category = properties.generalCategory
                return category == .control || category == .format || properties.isDefaultIgnorableCodePoint
                    ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
            }
        }.joined()
        if shown.isEmpty || shown.first == " " || shown.last == " " || shown != value { return "'\(shown)'" }
        return shown
    }
}

extension RegistryError {
    /// What an SQLite failure that reached the command line was, for its exit status.
    public enum DatabaseFailure: Sendable {
        /// Another connection held a lock past the busy timeout.
        case busy
        /// A constraint refused a value.
        case constraint
        /// Anything else: the file, the disk, SQLite itself.
        case other
    }

    /// For `.database`, what kind of failure it was; nil for every other case.
    public var databaseFailure: DatabaseFailure? {
        guard case .database(let error) = self else { return nil }
        if error.isBusy { return .busy }
        if error.isConstraintViolation { return .constraint }
        return .other
    }

    /// Any error as the registry reports it: an SQLite failure that escaped a repository
    /// becomes `.database` and a file that could not be written `.outputUnwritable`, so that nothing
    /// above IPRegistry needs to know SQLite's or TabularFiles' error types.
    public static func wrapping(_ error: any Error) -> any Error {
        if let error = error as? SQLiteError { return RegistryError.database(error) }
        if let error = error as? FileWriteError { return RegistryError(error) }
        return error
    }

    /// Wraps an SQLite failure, recognising a busy registry.
    static func from(_ error: SQLiteError, path: String, busyTimeout: Int32) -> RegistryError {
        error.isBusy ? .busy(path: path, timeoutMilliseconds: busyTimeout) : .database(error)
    }
}

/// Every rule one record breaks.
public struct ValidationFailures: Error, Sendable, Equatable {
    public let all: [ValidationFailure]

    public init(_ all: [ValidationFailure]) { self.all = all }

    public var first: ValidationFailure? { all.first }
}

extension RegistryError {
    /// A file that could not be written, in the same words as the registry's own failures.
    public init(_ error: FileWriteError) {
        switch error {
        case .unwritable(let path, let reason): self = .outputUnwritable(path: path, reason: reason)
        case .invalid(let message): self = .invalidInput(message)
        }
    }
}
