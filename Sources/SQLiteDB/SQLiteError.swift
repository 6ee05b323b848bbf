// A failed SQLite call: SQLite's own code and message, the SQL that failed and the values bound
// to it. Failures this layer detects before SQLite is asked (no statement, two statements, the
// wrong number of values) carry SQLITE_MISUSE or SQLITE_RANGE and say which in `fault`.
import CSQLite

public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What this layer refused itself, so callers never need to read a message to tell.
    public enum Fault: Sendable, Equatable {
        case noStatement
        case moreThanOneStatement
        case argumentCount(expected: Int, given: Int)
        case unknownParameter(String)
        case transactionAlreadyOpen
    }

    /// The extended result code (`.constraintUnique`); match it against a primary code
    /// (`case .constraint`) to test the family.
    public let extendedResultCode: ResultCode
    public let message: String
    /// The statement that failed, when there was one.
    public let sql: String?
    /// The values bound to `sql` when they are known.
    public let arguments: [SQLiteValue]?
    /// Byte offset in `sql` of the token that caused a syntax error, when SQLite knows it.
    public let offset: Int?
    public let fault: Fault?

    /// The primary result code (`.constraint`, `.busy`, ...).
    public var resultCode: ResultCode { extendedResultCode.primaryResultCode }

    public init(
        _ code: ResultCode, message: String, sql: String? = nil, arguments: [SQLiteValue]? = nil,
        offset: Int? = nil, fault: Fault? = nil
    ) {
        extendedResultCode = code
        self.message = message
        self.sql = sql
        self.arguments = arguments
        self.offset = offset
        self.fault = fault
    }

    /// Reads the error state of `handle` right after a call returned `code`.
    init(code: Int32, handle: OpaquePointer?, sql: String? = nil) {
        let message: String
        if let handle, let text = sqlite3_errmsg(handle) {
            message = String(cString: text)
        } else {
            message = String(cString: sqlite3_errstr(code))
        }
        let extended = handle.map { sqlite3_extended_errcode($0) } ?? code
        let offset = handle.map { Int(sqlite3_error_offset($0)) }.flatMap { $0 >= 0 ? $0 : nil }
        // sqlite3_extended_errcode may describe a later call than the one that returned `code`.
        let code = ResultCode(rawValue: extended & 0xFF == code & 0xFF ? extended : code)
        self.init(code, message: message, sql: sql, offset: offset)
    }

    /// The same error, with the values that were bound to its statement.
    public func with(arguments: [SQLiteValue]) -> SQLiteError {
        SQLiteError(extendedResultCode, message: message, sql: sql, arguments: arguments, offset: offset, fault: fault)
    }

    public var isBusy: Bool {
        switch extendedResultCode {
        case .busy, .locked: return true
        default: return false
        }
    }

    public var isConstraintViolation: Bool { ResultCode.constraint ~= extendedResultCode }
    /// A UNIQUE or PRIMARY KEY constraint refused a duplicate.
    public var isUniqueViolation: Bool {
        extendedResultCode == .constraintUnique || extendedResultCode == .constraintPrimaryKey
    }
    public var isNotADatabase: Bool { ResultCode.notADatabase ~= extendedResultCode }
    public var isReadOnly: Bool { ResultCode.readOnly ~= extendedResultCode }

    public var description: String {
        var text = "SQLite error \(extendedResultCode.rawValue): \(message)"
        if let sql { text += " (in: \(sql))" }
        if let arguments { text += " with \(arguments)" }
        return text
    }
}
