// SQL functions written in Swift, for what SQLite's built-in functions cannot say.
import CSQLite

extension Connection {
    /// Registers (or replaces) a deterministic SQL function taking `argumentCount` arguments on
    /// this connection. `body` must not throw or call back into the connection.
    public func createFunction(
        _ name: String, argumentCount: Int32,
        _ body: @escaping @Sendable ([SQLiteValue]) -> SQLiteValue
    ) throws(SQLiteError) {
        let box = Unmanaged.passRetained(FunctionBox(body)).toOpaque()
        let code = sqlite3_create_function_v2(
            handle, name, argumentCount, SQLITE_UTF8 | SQLITE_DETERMINISTIC, box,
            { context, count, arguments in
                guard let context, let box = sqlite3_user_data(context) else { return }
                let function = Unmanaged<FunctionBox>.fromOpaque(box).takeUnretainedValue()
                var values: [SQLiteValue] = []
                values.reserveCapacity(Int(count))
                for index in 0..<Int(count) { values.append(SQLiteValue(arguments?[index])) }
                switch function.body(values) {
                case .null: sqlite3_result_null(context)
                case .integer(let value): sqlite3_result_int64(context, value)
                case .real(let value): sqlite3_result_double(context, value)
                case .text(let value):
                    value.withCString { text in
                        sqlite3_result_text64(
                            context, text, sqlite3_uint64(value.utf8.count), csqlite_transient(), UInt8(SQLITE_UTF8))
                    }
                case .blob(let bytes):
                    bytes.withUnsafeBytes { buffer in
                        sqlite3_result_blob64(
                            context, buffer.baseAddress, sqlite3_uint64(buffer.count), csqlite_transient())
                    }
                }
            },
            nil, nil,
            { box in if let box { Unmanaged<FunctionBox>.fromOpaque(box).release() } })
        // SQLite calls the destructor itself when registration fails.
        guard code == SQLITE_OK else { throw SQLiteError(code: code, handle: handle) }
    }
}

private final class FunctionBox {
    let body: @Sendable ([SQLiteValue]) -> SQLiteValue
    init(_ body: @escaping @Sendable ([SQLiteValue]) -> SQLiteValue) { self.body = body }
}

private extension SQLiteValue {
    init(_ value: OpaquePointer?) {
        switch sqlite3_value_type(value) {
        case SQLITE_INTEGER: self = .integer(sqlite3_value_int64(value))
        case SQLITE_FLOAT: self = .real(sqlite3_value_double(value))
        case SQLITE_TEXT:
            let count = Int(sqlite3_value_bytes(value))
            guard let start = sqlite3_value_text(value) else {
                self = .text("")
                return
            }
            self = .text(String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_value_bytes(value))
            guard let start = sqlite3_value_blob(value) else {
                self = .blob([])
                return
            }
            self = .blob(Array(UnsafeRawBufferPointer(start: start, count: count)))
        default: self = .null
        }
    }
}
