// A failed SQLite call: SQLite's own codes and message, and the SQL that failed.
import CSQLite

public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The primary result code (`SQLITE_CONSTRAINT`, `SQLITE_BUSY`, ...).
    public let resultCode: Int32
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE`, ...).
    public let extendedCode: Int32
    public let message: String
    /// The statement that failed, when there was one.
    public let sql: String?
    /// Byte offset in `sql` of the token that caused a syntax error, when SQLite knows it.
    public let offset: Int?

    public init(resultCode: Int32, extendedCode: Int32? = nil, message: String, sql: String? = nil, offset: Int? = nil) {
        self.resultCode = resultCode & 0xFF
        self.extendedCode = extendedCode ?? resultCode
        self.message = message
        self.sql = sql
        self.offset = offset
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
        self.init(resultCode: code, extendedCode: extended, message: message, sql: sql, offset: offset)
    }

    public var isBusy: Bool { resultCode == SQLITE_BUSY || resultCode == SQLITE_LOCKED }
    public var isConstraintViolation: Bool { resultCode == SQLITE_CONSTRAINT }
    /// A UNIQUE or PRIMARY KEY constraint refused a duplicate.
    public var isUniqueViolation: Bool { extendedCode == 2067 || extendedCode == 1555 }  // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY: macros Swift cannot import
    public var isNotADatabase: Bool { resultCode == SQLITE_NOTADB }
    public var isReadOnly: Bool { resultCode == SQLITE_READONLY }

    public var description: String {
        var text = "SQLite error \(extendedCode): \(message)"
        if let sql { text += " (in: \(sql))" }
        return text
    }
}
