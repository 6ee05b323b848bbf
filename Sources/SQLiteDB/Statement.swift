// A prepared statement: owns its sqlite3_stmt and finalizes it once, in deinit.
import CSQLite

public final class Statement {
    let handle: OpaquePointer
    /// The connection's handle, for error messages; the connection outlives its statements
    /// because `sqlite3_close_v2` defers closing until every statement is finalized.
    let connectionHandle: OpaquePointer
    public let sql: String

    init(handle: OpaquePointer, connectionHandle: OpaquePointer, sql: String) {
        self.handle = handle
        self.connectionHandle = connectionHandle
        self.sql = sql
    }

    /// Buffers `bindInPlace` keeps per parameter (index - 1); they outlive every binding into them.
    private var inPlaceBuffers: [UnsafeMutableRawBufferPointer] = []

    deinit {
        sqlite3_finalize(handle)
        for buffer in inPlaceBuffers { buffer.deallocate() }
    }

    private func check(_ code: Int32) throws(SQLiteError) {
        guard code == SQLITE_OK else { throw SQLiteError(code: code, handle: connectionHandle, sql: sql) }
    }

    /// The values bound now, by parameter (index - 1), for the errors of a later step: SQLite
    /// cannot be asked for them back. Empty until the first binding. A statement is used by one
    /// thread at a time, so the run-time exclusivity check on every bind of a bulk load (about 2%
    /// of an import's CPU) guards nothing.
    @exclusivity(unchecked) private var boundValues: [SQLiteValue] = []

    /// Checks a binding's result code and remembers the value bound.
    private func bound(_ code: Int32, _ value: @autoclosure () -> SQLiteValue, at index: Int32) throws(SQLiteError) {
        try check(code)
        let slot = Int(index) - 1
        if boundValues.isEmpty { boundValues.append(contentsOf: repeatElement(.null, count: Int(parameterCount))) }
        if slot >= 0, slot < boundValues.count { boundValues[slot] = value() }
    }

    /// The values bound, for an error; nil when nothing was bound.
    var boundArguments: [SQLiteValue]? { boundValues.isEmpty ? nil : boundValues }

    // MARK: Binding (indexes are 1-based, as in SQLite)

    public var parameterCount: Int32 { sqlite3_bind_parameter_count(handle) }

    /// The index of a named parameter (`:name`, `@name` or `$name`; give the prefix), or nil.
    public func parameterIndex(_ name: String) -> Int32? {
        let index = sqlite3_bind_parameter_index(handle, name)
        return index > 0 ? index : nil
    }

    /// The name of parameter `index` with its prefix, or nil for `?` parameters.
    public func parameterName(_ index: Int32) -> String? {
        sqlite3_bind_parameter_name(handle, index).map { String(cString: $0) }
    }

    public func bind(_ value: SQLiteValue, at index: Int32) throws(SQLiteError) {
        switch value {
        case .null: try bound(sqlite3_bind_null(handle, index), value, at: index)
        case .integer(let number): try bound(sqlite3_bind_int64(handle, index, number), value, at: index)
        case .real(let number): try bound(sqlite3_bind_double(handle, index, number), value, at: index)
        case .text(let text): try bind(text, at: index)
        case .blob(let bytes):
            let code = bytes.withUnsafeBytes { buffer in
                sqlite3_bind_blob64(
                    handle, index, buffer.baseAddress, sqlite3_uint64(buffer.count), csqlite_transient())
            }
            try bound(code, value, at: index)
        }
    }

    public func bind(_ text: String, at index: Int32) throws(SQLiteError) {
        var text = text
        var failure: SQLiteError?
        text.withUTF8 { buffer in
            do throws(SQLiteError) { try check(bindBytes(buffer, at: index)) } catch { failure = error }
        }
        if let failure { throw failure }
        try bound(SQLITE_OK, .text(text), at: index)
    }

    public func bind(_ text: String?, at index: Int32) throws(SQLiteError) {
        if let text { try bind(text, at: index) } else { try bound(sqlite3_bind_null(handle, index), .null, at: index) }
    }

    public func bind(_ number: Int64?, at index: Int32) throws(SQLiteError) {
        if let number {
            try bound(sqlite3_bind_int64(handle, index, number), .integer(number), at: index)
        } else {
            try bound(sqlite3_bind_null(handle, index), .null, at: index)
        }
    }

    public func bind(_ number: Int?, at index: Int32) throws(SQLiteError) {
        try bind(number.map(Int64.init), at: index)
    }

    public func bind(_ number: Double?, at index: Int32) throws(SQLiteError) {
        if let number {
            try bound(sqlite3_bind_double(handle, index, number), .real(number), at: index)
        } else {
            try bound(sqlite3_bind_null(handle, index), .null, at: index)
        }
    }

    private func bindBytes(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int32) -> Int32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            return sqlite3_bind_text64(handle, index, "", 0, csqlite_static(), UInt8(SQLITE_UTF8))
        }
        let pointer = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
        return sqlite3_bind_text64(
            handle, index, pointer, sqlite3_uint64(bytes.count), csqlite_transient(), UInt8(SQLITE_UTF8))
    }

    /// Binds text through a buffer the statement keeps for this parameter, which SQLite reads in
    /// place: a statement run once per row then allocates nothing, where `bind` has SQLite copy the
    /// text into a fresh allocation (and free the last one) on every call. The buffer grows to the
    /// longest text bound at this position and lives as long as the statement.
    public func bindInPlace(_ text: String, at index: Int32) throws(SQLiteError) {
        var text = text
        let slot = Int(index) - 1
        guard slot >= 0, slot < Int(parameterCount) else {
            // Out of range: SQLite reports it (SQLITE_RANGE) as for any other binding.
            return try bind(text, at: index)
        }
        let pointer: UnsafeMutableRawPointer? = text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
            if inPlaceBuffers.isEmpty {
                inPlaceBuffers = Array(
                    repeating: UnsafeMutableRawBufferPointer(start: nil, count: 0), count: Int(parameterCount))
            }
            if inPlaceBuffers[slot].count < bytes.count {
                // The old buffer may still be bound here; rebinding below replaces that binding.
                sqlite3_bind_null(handle, index)
                inPlaceBuffers[slot].deallocate()
                inPlaceBuffers[slot] = .allocate(byteCount: max(bytes.count, 64), alignment: 1)
            }
            let buffer = inPlaceBuffers[slot]
            buffer.baseAddress?.copyMemory(from: base, byteCount: bytes.count)
            return buffer.baseAddress
        }
        guard let pointer else {
            return try bound(bindBytes(UnsafeBufferPointer(start: nil, count: 0), at: index), .text(""), at: index)
        }
        try bound(
            sqlite3_bind_text64(
                handle, index, pointer.assumingMemoryBound(to: CChar.self),
                sqlite3_uint64(text.utf8.count), csqlite_static(), UInt8(SQLITE_UTF8)), .text(text), at: index)
    }

    public func bindInPlace(_ text: String?, at index: Int32) throws(SQLiteError) {
        if let text {
            try bindInPlace(text, at: index)
        } else {
            try bound(sqlite3_bind_null(handle, index), .null, at: index)
        }
    }

    /// Binds values to positions 1, 2, ...: one for each parameter, no more, no fewer.
    public func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        guard values.count == Int(parameterCount) else {
            throw SQLiteError(
                .range, message: "the statement takes \(parameterCount) values, \(values.count) were given",
                sql: sql, arguments: values, fault: .argumentCount(expected: Int(parameterCount), given: values.count))
        }
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    /// Binds values by parameter name; names may be given with or without the `:` prefix. A name
    /// without one binds the parameter under every prefix the statement spells it with (`:a`, `@a`).
    /// A name the statement does not use is an error, so a typo never goes unnoticed.
    public func bind(named values: [String: SQLiteValue]) throws(SQLiteError) {
        for (name, value) in values {
            let candidates =
                name.first.map { ":@$".contains($0) } == true ? [name] : [":" + name, "@" + name, "$" + name]
            let indexes = candidates.compactMap(parameterIndex)
            guard !indexes.isEmpty else {
                throw SQLiteError(
                    .range, message: "no parameter named \(name)", sql: sql, fault: .unknownParameter(name))
            }
            for index in indexes { try bind(value, at: index) }
        }
    }

    public func clearBindings() {
        sqlite3_clear_bindings(handle)
        boundValues.removeAll(keepingCapacity: true)
    }

    /// Makes the statement ready to run again; bindings are kept unless cleared.
    public func reset() { sqlite3_reset(handle) }

    // MARK: Running

    /// Advances to the next row: true when a row is available, false when done.
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            // sqlite3_reset returns the same error; reset so the statement can be reused.
            sqlite3_reset(handle)
            let error = SQLiteError(code: code, handle: connectionHandle, sql: sql)
            throw boundArguments.map { error.with(arguments: $0) } ?? error
        }
    }

    /// Runs the statement to completion, ignoring any rows, and resets it.
    public func execute() throws(SQLiteError) {
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    /// Runs the statement with these values, one for each parameter, then resets it for reuse.
    public func execute(_ values: [SQLiteValue]) throws(SQLiteError) {
        reset()
        clearBindings()
        do {
            try bind(values)
            try execute()
        } catch {
            throw error.with(arguments: values)
        }
    }

    /// True when the statement makes no direct change to the database file.
    public var isReadOnly: Bool { sqlite3_stmt_readonly(handle) != 0 }

    // MARK: Reading the current row (columns are 0-based, as in SQLite)

    public var columnCount: Int32 { sqlite3_column_count(handle) }

    public func columnName(_ column: Int32) -> String {
        sqlite3_column_name(handle, column).map { String(cString: $0) } ?? ""
    }

    public var columnNames: [String] { (0..<columnCount).map(columnName) }

    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    public func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    public func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    /// The column as text, or nil when it is NULL.
    public func string(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// The column as text, or "" when it is NULL.
    public func text(_ column: Int32) -> String { string(column) ?? "" }

    public func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }

    public func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }

    public func value(_ column: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, column))
        case SQLITE_TEXT: return .text(text(column))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, column))
            guard count > 0, let pointer = sqlite3_column_blob(handle, column) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: count)))
        default: return .null
        }
    }

    /// All values of the current row.
    public var values: [SQLiteValue] { (0..<columnCount).map(value) }
}
