// SQLite's result codes by name. A primary code (`.constraint`) matches every extended code of
// its family in a `switch` or `~=` (`.constraintUnique` is a `.constraint`); an extended code
// matches only itself. Swift cannot import the C macros of the extended codes, so they are here.
import CSQLite

public struct ResultCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The primary code of an extended one (its low byte); a primary code is its own.
    public var primaryResultCode: ResultCode { ResultCode(rawValue: rawValue & 0xFF) }

    public var isPrimary: Bool { rawValue == rawValue & 0xFF }

    /// SQLite's English text for the code (`sqlite3_errstr`).
    public var description: String { "\(rawValue) (\(String(cString: sqlite3_errstr(rawValue))))" }

    /// A primary pattern matches its whole family; an extended pattern only itself.
    public static func ~= (pattern: ResultCode, code: ResultCode) -> Bool {
        pattern.isPrimary ? pattern == code.primaryResultCode : pattern == code
    }

    // MARK: Primary codes
    public static let ok = ResultCode(rawValue: SQLITE_OK)
    public static let error = ResultCode(rawValue: SQLITE_ERROR)
    public static let `internal` = ResultCode(rawValue: SQLITE_INTERNAL)
    public static let permission = ResultCode(rawValue: SQLITE_PERM)
    public static let abort = ResultCode(rawValue: SQLITE_ABORT)
    public static let busy = ResultCode(rawValue: SQLITE_BUSY)
    public static let locked = ResultCode(rawValue: SQLITE_LOCKED)
    public static let noMemory = ResultCode(rawValue: SQLITE_NOMEM)
    public static let readOnly = ResultCode(rawValue: SQLITE_READONLY)
    public static let interrupt = ResultCode(rawValue: SQLITE_INTERRUPT)
    public static let ioError = ResultCode(rawValue: SQLITE_IOERR)
    public static let corrupt = ResultCode(rawValue: SQLITE_CORRUPT)
    public static let notFound = ResultCode(rawValue: SQLITE_NOTFOUND)
    public static let full = ResultCode(rawValue: SQLITE_FULL)
    public static let cannotOpen = ResultCode(rawValue: SQLITE_CANTOPEN)
    public static let `protocol` = ResultCode(rawValue: SQLITE_PROTOCOL)
    public static let schema = ResultCode(rawValue: SQLITE_SCHEMA)
    public static let tooBig = ResultCode(rawValue: SQLITE_TOOBIG)
    public static let constraint = ResultCode(rawValue: SQLITE_CONSTRAINT)
    public static let mismatch = ResultCode(rawValue: SQLITE_MISMATCH)
    public static let misuse = ResultCode(rawValue: SQLITE_MISUSE)
    public static let authorization = ResultCode(rawValue: SQLITE_AUTH)
    public static let range = ResultCode(rawValue: SQLITE_RANGE)
    public static let notADatabase = ResultCode(rawValue: SQLITE_NOTADB)
    public static let row = ResultCode(rawValue: SQLITE_ROW)
    public static let done = ResultCode(rawValue: SQLITE_DONE)

    // MARK: Extended codes (sqlite3.h, "Extended Result Codes")
    public static let errorMissingCollatingSequence = ResultCode(rawValue: 1 | (1 << 8))
    public static let errorRetry = ResultCode(rawValue: 1 | (2 << 8))
    public static let busyRecovery = ResultCode(rawValue: 5 | (1 << 8))
    public static let busySnapshot = ResultCode(rawValue: 5 | (2 << 8))
    public static let busyTimeout = ResultCode(rawValue: 5 | (3 << 8))
    public static let lockedSharedCache = ResultCode(rawValue: 6 | (1 << 8))
    public static let readOnlyRecovery = ResultCode(rawValue: 8 | (1 << 8))
    public static let readOnlyCannotLock = ResultCode(rawValue: 8 | (2 << 8))
    public static let readOnlyRollback = ResultCode(rawValue: 8 | (3 << 8))
    public static let readOnlyDatabaseMoved = ResultCode(rawValue: 8 | (4 << 8))
    public static let readOnlyDirectory = ResultCode(rawValue: 8 | (6 << 8))
    public static let ioErrorRead = ResultCode(rawValue: 10 | (1 << 8))
    public static let ioErrorShortRead = ResultCode(rawValue: 10 | (2 << 8))
    public static let ioErrorWrite = ResultCode(rawValue: 10 | (3 << 8))
    public static let ioErrorFsync = ResultCode(rawValue: 10 | (4 << 8))
    public static let corruptVirtualTable = ResultCode(rawValue: 11 | (1 << 8))
    public static let cannotOpenIsDirectory = ResultCode(rawValue: 14 | (2 << 8))
    public static let cannotOpenFullPath = ResultCode(rawValue: 14 | (3 << 8))
    public static let constraintCheck = ResultCode(rawValue: 19 | (1 << 8))
    public static let constraintForeignKey = ResultCode(rawValue: 19 | (3 << 8))
    public static let constraintNotNull = ResultCode(rawValue: 19 | (5 << 8))
    public static let constraintPrimaryKey = ResultCode(rawValue: 19 | (6 << 8))
    public static let constraintTrigger = ResultCode(rawValue: 19 | (7 << 8))
    public static let constraintUnique = ResultCode(rawValue: 19 | (8 << 8))
}
