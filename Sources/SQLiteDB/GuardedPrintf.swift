// printf() and format() for SQL from a user, with their widths and precisions checked first.
// SQLite's own printf writes `%.672647168c` one character at a time: seconds of work inside one
// function call, which no progress handler interrupts and no length limit shortens. These
// replacements refuse a width or precision past the length limit, then hand the call to the
// real printf on a private in-memory connection, so the output is SQLite's to the byte.
import CSQLite

extension Connection {
    /// Replaces printf() and format() on this connection with the checked versions (once).
    func installGuardedPrintf() {
        guard !hasGuardedPrintf else { return }
        let box = Unmanaged.passRetained(PrintfDelegate()).toOpaque()
        var installed = true
        for name in ["printf", "format"] {
            // Each registration holds its own reference, released by SQLite with the function.
            _ = Unmanaged<PrintfDelegate>.fromOpaque(box).retain()
            let code = sqlite3_create_function_v2(
                handle, name, -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, box,
                { context, count, arguments in
                    guard let context, let box = sqlite3_user_data(context) else { return }
                    let delegate = Unmanaged<PrintfDelegate>.fromOpaque(box).takeUnretainedValue()
                    delegate.call(context, Int(count), arguments)
                }, nil, nil,
                { box in if let box { Unmanaged<PrintfDelegate>.fromOpaque(box).release() } })
            if code != SQLITE_OK { installed = false }
        }
        Unmanaged<PrintfDelegate>.fromOpaque(box).release()
        hasGuardedPrintf = installed
    }
}

/// The real printf, on a connection of its own that no user SQL reaches.
private final class PrintfDelegate {
    /// Opened at the first call: most queries never call printf, and `ipreg sql` should not pay
    /// for a second connection at start-up.
    private var opened: Connection?
    /// `SELECT printf(?1, ..., ?N)` by N.
    var statements: [Int: Statement] = [:]

    private func connection() throws(SQLiteError) -> Connection {
        if let opened { return opened }
        let connection = try Connection.inMemory()
        opened = connection
        return connection
    }

    func call(_ context: OpaquePointer, _ count: Int, _ arguments: UnsafeMutablePointer<OpaquePointer?>?) {
        guard count >= 1, let arguments else {
            sqlite3_result_error(context, "wrong number of arguments to function printf()", -1)
            return
        }
        let limit = sqlite3_limit(sqlite3_context_db_handle(context), SQLITE_LIMIT_LENGTH, -1)
        if let refusal = Self.refusal(arguments, count: count, limit: Int(limit)) {
            sqlite3_result_error(context, refusal, -1)
            sqlite3_result_error_code(context, SQLITE_TOOBIG)
            return
        }
        guard let connection = try? connection() else {
            sqlite3_result_error(context, "printf() could not be prepared", -1)
            return
        }
        let statement: Statement
        if let cached = statements[count] {
            statement = cached
        } else {
            let placeholders = (1...count).map { "?\($0)" }.joined(separator: ", ")
            guard let prepared = try? connection.prepare("SELECT printf(\(placeholders))") else {
                sqlite3_result_error(context, "printf() could not be prepared", -1)
                return
            }
            statements[count] = prepared
            statement = prepared
        }
        sqlite3_limit(connection.handle, SQLITE_LIMIT_LENGTH, limit)
        defer {
            sqlite3_reset(statement.handle)
            sqlite3_clear_bindings(statement.handle)
        }
        for index in 0..<count { sqlite3_bind_value(statement.handle, Int32(index + 1), arguments[index]) }
        let code = sqlite3_step(statement.handle)
        if code == SQLITE_ROW {
            sqlite3_result_value(context, sqlite3_column_value(statement.handle, 0))
        } else if code == SQLITE_TOOBIG || sqlite3_errcode(connection.handle) == SQLITE_TOOBIG {
            sqlite3_result_error_toobig(context)
        } else {
            sqlite3_result_error(context, sqlite3_errmsg(connection.handle), -1)
        }
    }

    /// Why the call is refused: a width or precision (written in the format, or given by `*`)
    /// larger than `limit`, the longest value the connection may make.
    static func refusal(_ arguments: UnsafeMutablePointer<OpaquePointer?>, count: Int, limit: Int) -> String? {
        guard let text = sqlite3_value_text(arguments[0]) else { return nil }
        let format = UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(arguments[0])))
        var next = 1
        func argument() -> Int {
            defer { next += 1 }
            guard next < count else { return 0 }
            let value = sqlite3_value_int64(arguments[next])
            return value == Int64.min ? Int.max : Int(value.magnitude)
        }
        func number(at index: inout Int) -> Int {
            if index < format.count, format[index] == UInt8(ascii: "*") {
                index += 1
                return argument()
            }
            var value = 0
            while index < format.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(format[index]) {
                value = min(value &* 10 &+ Int(format[index] - UInt8(ascii: "0")), Int(Int32.max) * 10)
                index += 1
            }
            return value
        }
        var index = 0
        while index < format.count {
            guard format[index] == UInt8(ascii: "%") else {
                index += 1
                continue
            }
            index += 1
            if index < format.count, format[index] == UInt8(ascii: "%") {
                index += 1
                continue
            }
            while index < format.count, "-+ #!0,".utf8.contains(format[index]) { index += 1 }
            var sizes = [number(at: &index)]
            if index < format.count, format[index] == UInt8(ascii: ".") {
                index += 1
                sizes.append(number(at: &index))
            }
            if let size = sizes.max(), size > limit {
                return "printf(): a width or precision of \(size) is over the limit of \(limit) bytes for a value"
            }
            while index < format.count, format[index] == UInt8(ascii: "l") { index += 1 }
            index += 1
            _ = argument()
        }
        return nil
    }
}
