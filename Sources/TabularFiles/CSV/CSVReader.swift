// Streaming RFC 4180 CSV reader: the hot path of every import.
//
// Input is read with read(2) into one reusable buffer. A record's fields are offsets into that
// buffer, relative to the record's first byte; when a record runs past the bytes read so far it is
// moved to the front of the buffer (which grows only when one record does not fit), so memory
// stays flat whatever the file size. Quoted fields with doubled quotes are unescaped in place once
// the record is complete. UTF-8 is validated while scanning; no String is made unless asked for.
//
// Decisions:
// - A line break is LF, CRLF or a lone CR, inside quoted fields as well as between records.
// - A field is quoted only when its first byte is a quote. A quote anywhere else in an unquoted
//   field is an ordinary character (`ab"c`, `37°36'37.8"N`), as in Python's csv module and the
//   sqlite3 shell; csv-spectrum's location_coordinates.csv needs this. The one quote error is
//   text after a quoted field's closing quote (`"ab"c`): RFC 4180 allows only `,`, CR, LF or the
//   end of input there, and guessing what was meant could silently shift the record's fields.
// - Blank lines (no bytes between two line breaks) are skipped, not read as a record with one
//   empty field; they still count in line numbers. csv-spectrum has no blank-line case, and a
//   trailing blank line is common in files written by hand. A line holding only `""` is a record.
// - Error columns count Unicode scalars (see `CSVError.column`).
// - Other encodings (GB18030, UTF-16) are decoded to UTF-8 before the scan (`TranscodingInput`),
//   a chunk per refill; a UTF-16 byte-order mark switches to UTF-16 unless an encoding was named.
// - TSV is this format with a tab for the comma, quoted as spreadsheets write it ("Unicode text").
// - The error reported for a bad record does not depend on the buffer size: a field over
//   `maxFieldBytes` is reported even when something else is wrong further inside it.

#if canImport(Glibc)
import Glibc
#endif

/// Reads RFC 4180 records one at a time:
///
///     let reader = CSVReader(fileDescriptor: fd, closeWhenDone: true)
///     while try reader.readRecord() {
///         let code = reader.string(at: 0)   // fields stay valid until the next readRecord()
///     }
///
/// Not thread-safe: one reader belongs to one task.
public final class CSVReader {
    /// A field whose bytes (between the quotes, for a quoted field) exceed this throws `.fieldTooLong`.
    public var maxFieldBytes: Int = 16 << 20
    /// A record with more fields than this throws `.tooManyFields`.
    public var maxFields: Int = 4096
    /// When set, a record with another field count throws `.fieldCountMismatch` after the whole
    /// record is consumed; its fields stay readable and reading may go on.
    public var expectedFieldCount: Int?

    /// Number of fields in the current record (0 before the first record and at end of input).
    public private(set) var fieldCount = 0
    /// Physical line (1-based) where the current record starts.
    public private(set) var recordLine = 0
    /// Input bytes consumed so far (byte-order mark, blank lines and line ends included). When the
    /// input is decoded from another encoding: the input bytes decoded so far, up to a buffer ahead.
    public var bytesConsumed: Int { decoder.map { decodedFrom + $0.bytesDecoded } ?? bufferOffset + start }

    /// What separates fields: a comma, a tab (TSV), or whichever the header line says (a tab and
    /// no comma in it: a tab).
    public enum Delimiter: Sendable { case comma, tab, detect }
    /// The delimiter in use; after the first record, what `.detect` found.
    public private(set) var delimiter: UInt8
    private var detectsDelimiter: Bool

    // Input.
    private let fileDescriptor: Int32
    private var closeWhenDone: Bool
    private var atEndOfInput: Bool
    private var atStartOfInput = true
    private var failure: CSVError?
    /// Decodes the input to UTF-8 when it is not UTF-8.
    private var decoder: TranscodingInput?
    /// No encoding was named: a UTF-16 byte-order mark at the start selects UTF-16.
    private let detectsUTF16: Bool
    /// Input bytes read before the decoder took over (a UTF-16 byte-order mark).
    private var decodedFrom = 0

    // The buffer: bytes [start, end) are read and not yet consumed; the current record begins at
    // `recordStart`, on physical line `recordStartLine`.
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0
    private var end = 0
    private var recordStart = 0
    private var recordStartLine = 1
    /// Input offset of buffer[0].
    private var bufferOffset = 0
    /// Physical line of buffer[start].
    private var line = 1

    // Field i of the current record is bytes [bounds[2i], bounds[2i+1]) from recordStart.
    private var bounds: UnsafeMutablePointer<Int>
    private var boundsCapacity = 64
    /// Fields that hold doubled quotes still to be unescaped.
    private var escapedFields: [Int] = []
    /// Per byte value: bit 0 set when it ends a run of unquoted field bytes, bit 1 when it ends a
    /// run of quoted field bytes. A quote ends only quoted runs: inside an unquoted field it is data.
    private let byteClass: UnsafeMutablePointer<UInt8>

    /// Streams from a file descriptor with a fixed-size buffer; memory stays flat whatever the file size.
    /// `encoding` nil: UTF-8, or UTF-16 when the input starts with its byte-order mark.
    public init(
        fileDescriptor: Int32, closeWhenDone: Bool, bufferSize: Int = 256 * 1024,
        encoding: TextEncoding? = nil, delimiter: Delimiter = .comma
    ) {
        precondition(bufferSize > 0, "bufferSize must be positive")
        self.fileDescriptor = fileDescriptor
        self.closeWhenDone = closeWhenDone
        self.atEndOfInput = false
        self.capacity = bufferSize
        self.buffer = .allocate(capacity: bufferSize)
        self.bounds = .allocate(capacity: 2 * boundsCapacity)
        let separator = delimiter == .tab ? Self.tab : Self.comma
        self.delimiter = separator
        self.detectsDelimiter = delimiter == .detect
        self.byteClass = Self.makeByteClasses(delimiter: separator)
        self.detectsUTF16 = encoding == nil
        self.decoder = Self.decoder(for: encoding, fileDescriptor: fileDescriptor, prefix: [])
    }

    /// Reads from memory; for tests and small inputs.
    public init(bytes: [UInt8], encoding: TextEncoding? = nil, delimiter: Delimiter = .comma) {
        self.fileDescriptor = -1
        self.closeWhenDone = false
        let separator = delimiter == .tab ? Self.tab : Self.comma
        self.delimiter = separator
        self.detectsDelimiter = delimiter == .detect
        self.byteClass = Self.makeByteClasses(delimiter: separator)
        self.detectsUTF16 = encoding == nil
        let decoder = Self.decoder(for: encoding, fileDescriptor: -1, prefix: bytes)
        self.decoder = decoder
        // Decoded input arrives through refills; UTF-8 is all in the buffer from the start.
        let stored = decoder == nil ? bytes : []
        self.atEndOfInput = decoder == nil
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(stored.count, 1))
        stored.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { buffer.initialize(from: base, count: source.count) }
        }
        self.buffer = buffer
        self.capacity = max(stored.count, 1)
        self.end = stored.count
        self.bounds = .allocate(capacity: 2 * boundsCapacity)
    }

    private static func decoder(
        for encoding: TextEncoding?, fileDescriptor: Int32, prefix: [UInt8]
    ) -> TranscodingInput? {
        let source: TranscodingInput.Source
        switch encoding {
        case nil, .utf8: return nil
        case .gb18030: source = .gb18030
        case .utf16: source = .utf16(bigEndian: nil)
        }
        return prefix.withUnsafeBufferPointer {
            TranscodingInput(fileDescriptor: fileDescriptor, source: source, prefix: $0)
        }
    }

    public convenience init(string: String) {
        self.init(bytes: Array(string.utf8))
    }

    deinit {
        closeInput()
        buffer.deallocate()
        bounds.deallocate()
        byteClass.deallocate()
    }

    // MARK: Fields of the current record

    /// The current record's field `index`, decoded.
    public func string(at index: Int) -> String {
        withFieldBytes(at: index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Input offset of the current record's first byte (in the decoded text, when decoding).
    public var recordOffset: Int { bufferOffset + recordStart }

    /// The bytes read so far from the current record's first byte on, as read (quotes not
    /// unescaped); valid only in `body`. For a closer look at a record that failed to read.
    public func withBufferedRecordBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: buffer + recordStart, count: end - recordStart))
    }

    /// The unescaped bytes of field `index` (no enclosing quotes, doubled quotes made single),
    /// without copying; valid only until the next `readRecord()`.
    public func withFieldBytes<R>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        precondition(index >= 0 && index < fieldCount, "CSV field index \(index) out of range 0..<\(fieldCount)")
        let from = bounds[2 * index]
        let to = bounds[2 * index + 1]
        return try body(UnsafeBufferPointer(start: buffer + recordStart + from, count: to - from))
    }

    /// Whether field `index` is empty (quoted or not).
    public func isEmpty(at index: Int) -> Bool {
        precondition(index >= 0 && index < fieldCount, "CSV field index \(index) out of range 0..<\(fieldCount)")
        return bounds[2 * index] == bounds[2 * index + 1]
    }

    /// All fields of the current record.
    public func record() -> [String] {
        (0..<fieldCount).map { string(at: $0) }
    }

    // MARK: Reading

    /// Reads the next record; returns false at end of input. After any error but
    /// `.fieldCountMismatch`, every later call throws the same error.
    public func readRecord() throws(CSVError) -> Bool {
        if let failure { throw failure }
        do {
            return try scanRecord()
        } catch {
            if case .fieldCountMismatch = error.reason {} else { failure = error }
            throw error
        }
    }

    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), tab = UInt8(ascii: "\t")
    private static let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    private static func makeByteClasses(delimiter: UInt8) -> UnsafeMutablePointer<UInt8> {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        table.initialize(repeating: 0, count: 256)
        for byte in [0, lf, cr] { table[Int(byte)] = 0b11 }
        table[Int(quote)] = 0b10
        table[Int(delimiter)] = 0b01
        for byte in 0x80..<256 { table[byte] = 0b11 }
        return table
    }

    /// Before the first record: a UTF-16 byte-order mark hands the input to a UTF-16 decoder, a
    /// UTF-8 one is skipped, and a delimiter to detect is chosen from the header line.
    private func startInput() throws(CSVError) {
        recordStart = start
        while end - start < 3, try refill() {}
        if detectsUTF16, decoder == nil, end - start >= 2,
            (buffer[start] == 0xFF && buffer[start + 1] == 0xFE) || (buffer[start] == 0xFE && buffer[start + 1] == 0xFF)
        {
            let bigEndian = buffer[start] == 0xFE
            decoder = TranscodingInput(
                fileDescriptor: fileDescriptor, source: .utf16(bigEndian: bigEndian),
                prefix: UnsafeBufferPointer(start: buffer + start + 2, count: end - start - 2))
            end = start
            decodedFrom = 2
            // The bytes after the mark went to the decoder: more comes through it, even from memory.
            atEndOfInput = false
            while end - start < 3, try refill() {}
        }
        if end - start >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB, buffer[start + 2] == 0xBF {
            start += 3
        }
        guard detectsDelimiter else { return }
        detectsDelimiter = false
        // The header line, as far as it goes in a reasonable size.
        recordStart = start
        var lineEnd = start
        while true {
            while lineEnd < end, buffer[lineEnd] != Self.lf, buffer[lineEnd] != Self.cr { lineEnd += 1 }
            if lineEnd < end || end - start >= 64 * 1024 { break }
            let offset = lineEnd - start
            guard try refill() else { break }
            lineEnd = start + offset
        }
        var tabs = false
        var commas = false
        for k in start..<lineEnd {
            if buffer[k] == Self.tab { tabs = true } else if buffer[k] == Self.comma { commas = true }
        }
        if tabs && !commas {
            delimiter = Self.tab
            byteClass[Int(Self.comma)] = 0
            byteClass[Int(Self.tab)] = 0b01
        }
    }

    private func scanRecord() throws(CSVError) -> Bool {
        fieldCount = 0
        if !escapedFields.isEmpty { escapedFields.removeAll(keepingCapacity: true) }
        if atStartOfInput {
            atStartOfInput = false
            try startInput()
        }
        // Skip blank lines.
        while true {
            recordStart = start
            recordStartLine = line
            if start == end, try !refill() { return false }
            let byte = buffer[start]
            if byte == Self.lf {
                start += 1
                line += 1
            } else if byte == Self.cr {
                start += 1
                line += 1
                recordStart = start
                if start == end { _ = try refill() }
                if start < end, buffer[start] == Self.lf { start += 1 }
            } else {
                break
            }
        }
        recordLine = line

        // The scan works on locals: `p` is the record's first byte, `n` the bytes read from there
        // (both change only when `refill()` moves or grows the buffer), `i` the scan position.
        let byteClass = self.byteClass
        var p = buffer + recordStart
        var n = end - recordStart
        var i = 0
        var lineBreaks = 0
        var count = 0
        var fieldBounds = bounds
        var fieldLimit = min(boundsCapacity, maxFields)
        let maxFieldBytes = self.maxFieldBytes
        let delimiter = self.delimiter

        func reload() {
            p = buffer + recordStart
            n = end - recordStart
        }
        func append(_ from: Int, _ to: Int, firstByte: Int) throws(CSVError) {
            if to - from > maxFieldBytes { throw problem(.fieldTooLong(limit: maxFieldBytes), at: firstByte) }
            fieldBounds[2 * count] = from
            fieldBounds[2 * count + 1] = to
            count += 1
        }
        /// The error `reason` at `position` in a field whose content so far is `length` bytes. A field
        /// already over the limit reports that instead, as a refill finds it first when the buffer
        /// is small: the error must not depend on the buffer size.
        func fieldProblem(_ reason: CSVError.Reason, at position: Int, fieldStart: Int, length: Int) -> CSVError {
            if length > maxFieldBytes { return problem(.fieldTooLong(limit: maxFieldBytes), at: fieldStart) }
            return problem(reason, at: position)
        }
        /// After a CR that ends the record: takes the LF of a CRLF.
        func takeLF() throws(CSVError) {
            if i == n, try refill() { reload() }
            if i < n, p[i] == Self.lf { i += 1 }
        }

        record: while true {
            let fieldStart = i
            // Room for one more field is made before the field is scanned, so that a field too many
            // is reported before anything wrong inside it, whatever the buffer size.
            if count == fieldLimit {
                fieldCount = count
                try growBounds(firstByte: fieldStart)
                fieldBounds = bounds
                fieldLimit = min(boundsCapacity, maxFields)
            }
            if i == n {
                if try refill() {
                    reload()
                    continue record
                }
                try append(i, i, firstByte: i)  // input ends right after a comma
                break record
            }
            if p[i] == Self.quote {
                i += 1
                let contentStart = i
                var hasDoubledQuotes = false
                while true {
                    while i < n, byteClass[Int(p[i])] & 0b10 == 0 { i += 1 }
                    if i == n {
                        guard try refill() else {
                            throw fieldProblem(
                                .unterminatedQuote, at: fieldStart, fieldStart: fieldStart, length: i - contentStart)
                        }
                        reload()
                        if i - contentStart > maxFieldBytes {
                            throw problem(.fieldTooLong(limit: maxFieldBytes), at: fieldStart)
                        }
                        continue
                    }
                    let byte = p[i]
                    if byte == Self.quote {
                        if i + 1 == n, try refill() { reload() }
                        let closing = i
                        i += 1
                        let next: UInt8 = i < n ? p[i] : Self.lf  // end of input ends the record
                        if next == Self.quote {
                            hasDoubledQuotes = true
                            i += 1
                            continue
                        }
                        if next != delimiter, next != Self.lf, next != Self.cr {
                            throw fieldProblem(
                                .strayQuote, at: closing, fieldStart: fieldStart, length: closing - contentStart)
                        }
                        try append(contentStart, closing, firstByte: fieldStart)
                        if hasDoubledQuotes { escapedFields.append(count - 1) }
                        if i == n { break record }
                        i += 1
                        if next == delimiter { continue record }
                        lineBreaks += 1
                        if next == Self.cr { try takeLF() }
                        break record
                    } else if byte == Self.lf {
                        if p[i - 1] != Self.cr { lineBreaks += 1 }
                        i += 1
                    } else if byte == Self.cr {
                        lineBreaks += 1
                        i += 1
                    } else if byte == 0 {
                        throw fieldProblem(.nulByte, at: i, fieldStart: fieldStart, length: i - contentStart)
                    } else {
                        guard let next = try validateUTF8(at: i) else {
                            throw fieldProblem(.invalidUTF8, at: i, fieldStart: fieldStart, length: i - contentStart)
                        }
                        i = next
                        reload()
                    }
                }
            } else {
                // An unquoted field: a quote in it is data, so the run below steps over it.
                while true {
                    while i < n, byteClass[Int(p[i])] & 0b01 == 0 { i += 1 }
                    if i == n {
                        if try refill() {
                            reload()
                            if i - fieldStart > maxFieldBytes {
                                throw problem(.fieldTooLong(limit: maxFieldBytes), at: fieldStart)
                            }
                            continue
                        }
                        try append(fieldStart, i, firstByte: fieldStart)
                        break record
                    }
                    let byte = p[i]
                    if byte == delimiter {
                        try append(fieldStart, i, firstByte: fieldStart)
                        i += 1
                        continue record
                    } else if byte == Self.lf || byte == Self.cr {
                        try append(fieldStart, i, firstByte: fieldStart)
                        i += 1
                        lineBreaks += 1
                        if byte == Self.cr { try takeLF() }
                        break record
                    } else if byte == 0 {
                        throw fieldProblem(.nulByte, at: i, fieldStart: fieldStart, length: i - fieldStart)
                    } else {
                        guard let next = try validateUTF8(at: i) else {
                            throw fieldProblem(.invalidUTF8, at: i, fieldStart: fieldStart, length: i - fieldStart)
                        }
                        i = next
                        reload()
                    }
                }
            }
        }

        fieldCount = count
        start = recordStart + i
        line = recordLine + lineBreaks
        var mismatch: CSVError?
        if let expected = expectedFieldCount, expected != count {
            mismatch = fieldCountMismatch(expected: expected)
        }
        for index in escapedFields { unescape(field: index) }
        if let mismatch { throw mismatch }
        return true
    }

    /// Checks the UTF-8 sequence whose first byte is at `i` (relative to the record) and returns
    /// the position after it, or nil when it is not UTF-8: an overlong, a surrogate, a code point
    /// above U+10FFFF, a truncated sequence. Throws only when reading fails.
    private func validateUTF8(at i: Int) throws(CSVError) -> Int? {
        var p = buffer + recordStart
        let first = p[i]
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        let length: Int
        switch first {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            low = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: length = 3
        case 0xED:
            length = 3
            high = 0x9F
        case 0xF0:
            length = 4
            low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            high = 0x8F
        default: return nil
        }
        while end - recordStart - i < length {
            guard try refill() else { return nil }
            p = buffer + recordStart
        }
        let second = p[i + 1]
        guard second >= low, second <= high else { return nil }
        if length > 2 {
            guard p[i + 2] & 0xC0 == 0x80 else { return nil }
            if length > 3 {
                guard p[i + 3] & 0xC0 == 0x80 else { return nil }
            }
        }
        return i + length
    }

    /// Moves the current record to the front of the buffer, doubles the buffer when the record
    /// already fills it, and reads more input. Returns false at end of input.
    private func refill() throws(CSVError) -> Bool {
        if atEndOfInput { return false }
        if recordStart > 0 {
            let kept = end - recordStart
            if kept > 0 { memmove(buffer, buffer + recordStart, kept) }
            bufferOffset += recordStart
            start -= recordStart
            end = kept
            recordStart = 0
        }
        if end == capacity {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * capacity)
            larger.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = larger
            capacity *= 2
        }
        if let decoder {
            let count: Int
            do {
                count = try decoder.take(into: buffer + end, count: capacity - end)
            } catch {
                throw problem(error.reason, at: end - recordStart)
            }
            if count == 0 {
                atEndOfInput = true
                closeInput()
                return false
            }
            end += count
            return true
        }
        while true {
            let count = read(fileDescriptor, buffer + end, capacity - end)
            if count > 0 {
                end += count
                return true
            }
            if count == 0 {
                atEndOfInput = true
                closeInput()
                return false
            }
            let code = errno
            if code == EINTR { continue }
            throw problem(.unreadable(String(cString: strerror(code))), at: end - recordStart)
        }
    }

    private func closeInput() {
        if closeWhenDone {
            closeWhenDone = false
            _ = close(fileDescriptor)
        }
    }

    private func growBounds(firstByte: Int) throws(CSVError) {
        if fieldCount >= maxFields { throw problem(.tooManyFields(limit: maxFields), at: firstByte) }
        let larger = min(2 * boundsCapacity, maxFields)
        let grown = UnsafeMutablePointer<Int>.allocate(capacity: 2 * larger)
        grown.update(from: bounds, count: 2 * fieldCount)
        bounds.deallocate()
        bounds = grown
        boundsCapacity = larger
    }

    /// Collapses the doubled quotes of a quoted field, in place.
    private func unescape(field index: Int) {
        let p = buffer + recordStart
        var read = bounds[2 * index]
        var write = read
        let to = bounds[2 * index + 1]
        while read < to {
            let byte = p[read]
            p[write] = byte
            write += 1
            read += byte == Self.quote ? 2 : 1
        }
        bounds[2 * index + 1] = write
    }

    /// The error for a record with `fieldCount` fields, pointing at the first field too many or at
    /// the end of the last field. Call before unescaping: it reads the record's raw bytes.
    private func fieldCountMismatch(expected: Int) -> CSVError {
        let p = buffer + recordStart
        func isQuoted(_ index: Int) -> Bool {
            let from = bounds[2 * index]
            return from > 0 && p[from - 1] == Self.quote
        }
        let position: Int
        if fieldCount > expected {
            position = bounds[2 * expected] - (isQuoted(expected) ? 1 : 0)
        } else {
            let last = fieldCount - 1
            position = bounds[2 * last + 1] + (isQuoted(last) ? 1 : 0)
        }
        return problem(.fieldCountMismatch(expected: expected, found: fieldCount), at: position)
    }

    /// The error at byte `offset` of the current record, with its physical line and column.
    private func problem(_ reason: CSVError.Reason, at offset: Int) -> CSVError {
        let p = buffer + recordStart
        var line = recordStartLine
        var lineStart = 0
        for k in 0..<offset {
            let byte = p[k]
            if byte == Self.lf {
                if k == 0 || p[k - 1] != Self.cr { line += 1 }
                lineStart = k + 1
            } else if byte == Self.cr {
                line += 1
                lineStart = k + 1
            }
        }
        var column = 1
        for k in lineStart..<offset where p[k] & 0xC0 != 0x80 { column += 1 }
        return CSVError(reason, line: line, column: column)
    }
}

extension CSVReader {
    /// A reader with no input whose records are set by `load`: how rows that do not come from
    /// CSV (a worksheet's) reach the row handlers, which read fields from a `CSVReader`.
    package convenience init() { self.init(bytes: []) }

    /// Makes the fields `ranges` of `bytes` the current record, first read at `line`.
    package func load(_ bytes: UnsafeBufferPointer<UInt8>, ranges: [(start: Int, end: Int)], line: Int) {
        if bytes.count > capacity {
            buffer.deallocate()
            capacity = bytes.count
            buffer = .allocate(capacity: capacity)
        }
        if let base = bytes.baseAddress, bytes.count > 0 { buffer.update(from: base, count: bytes.count) }
        if ranges.count > boundsCapacity {
            bounds.deallocate()
            boundsCapacity = ranges.count
            bounds = .allocate(capacity: 2 * boundsCapacity)
        }
        for (index, range) in ranges.enumerated() {
            bounds[2 * index] = range.start
            bounds[2 * index + 1] = range.end
        }
        recordStart = 0
        start = 0
        end = bytes.count
        fieldCount = ranges.count
        recordLine = line
    }
}
