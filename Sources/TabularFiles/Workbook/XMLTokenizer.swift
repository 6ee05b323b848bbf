// A small pull tokenizer for the XML of workbook parts: start tags (with attributes), end tags
// and text, read in chunks from a zip entry through one buffer that grows only to hold one token.
//
// Why our own: the worksheet must stream (FoundationXML's parser would do, but brings Foundation
// and libxml2 into a binary that starts in 2 ms; XMLCoder decodes whole documents), and a workbook
// is untrusted: a document type declaration or any entity but the five predefined ones and
// character references is refused before anything is expanded, which no general parser promises
// by default. Namespaces are not resolved: names are compared by their local part (after any
// prefix), which is all the SpreadsheetML parts need.

#if canImport(Glibc)
import Glibc
#endif

package struct XMLLimits {
    /// The longest tag or text run; Excel's longest cell is 32767 characters.
    package static let maxToken = 8 << 20
}

package final class XMLTokenizer {
    package enum Token: Equatable { case start, end, text, endOfDocument }

    /// The part being read, for messages.
    package let part: String
    /// For `.start`: whether the tag closes itself (`<c r="A1"/>`); no `.end` follows it.
    private(set) var isSelfClosing = false

    private let fill: (UnsafeMutableBufferPointer<UInt8>) throws(WorkbookError) -> Int
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var end = 0
    private var cursor = 0
    private var atEndOfInput = false
    private var startedDocument = false
    // The current token: bytes [tokenStart, tokenEnd); for a tag, the name [nameStart, nameEnd).
    private var tokenStart = 0
    private var tokenEnd = 0
    private var nameStart = 0
    private var nameEnd = 0
    private var isCDATA = false
    /// Attributes of the current start tag: name and value ranges, relative to tokenStart.
    private var attributes: [(nameStart: Int, nameEnd: Int, valueStart: Int, valueEnd: Int)] = []
    private var scratch: [UInt8] = []
    /// The names of the open elements, one after another, and where each ends in `openNames`:
    /// end tags must match them and none may be left open at the end (well-formedness), checked
    /// without recursion in two fixed buffers (this runs for every tag of a worksheet).
    private let openNames = UnsafeMutablePointer<UInt8>.allocate(capacity: maxOpenNameBytes)
    private let openNameEnds = UnsafeMutablePointer<Int>.allocate(capacity: maxDepth)
    private var depth = 0
    private var rootClosed = false
    /// Far deeper than any SpreadsheetML part nests (a worksheet's text is 7 deep).
    package static let maxDepth = 256
    /// The open elements' names together; SpreadsheetML's are a few bytes each.
    package static let maxOpenNameBytes = 16 * 1024

    package init(
        part: String, bufferSize: Int = 64 * 1024,
        fill: @escaping (UnsafeMutableBufferPointer<UInt8>) throws(WorkbookError) -> Int
    ) {
        self.part = part
        self.fill = fill
        capacity = bufferSize
        buffer = .allocate(capacity: bufferSize)
    }

    package convenience init(part: String, bytes: [UInt8]) {
        var offset = 0
        self.init(part: part, bufferSize: max(bytes.count, 1024)) { destination in
            let count = min(destination.count, bytes.count - offset)
            for index in 0..<count { destination[index] = bytes[offset + index] }
            offset += count
            return count
        }
    }

    deinit {
        buffer.deallocate()
        openNames.deallocate()
        openNameEnds.deallocate()
    }

    // MARK: The current token

    /// Whether the current tag's local name (after any `prefix:`) is `name`.
    package func nameIs(_ name: StaticString) -> Bool {
        var from = nameStart
        for index in nameStart..<nameEnd where buffer[tokenStart + index] == UInt8(ascii: ":") { from = index + 1 }
        return equals(from, nameEnd, name)
    }

    /// The current start tag's attribute with this local name, entities decoded.
    package func attribute(_ name: StaticString) throws(WorkbookError) -> String? {
        for attribute in attributes {
            var from = attribute.nameStart
            for index in attribute.nameStart..<attribute.nameEnd where buffer[tokenStart + index] == UInt8(ascii: ":") {
                from = index + 1
            }
            if equals(from, attribute.nameEnd, name) {
                try decode(attribute.valueStart, attribute.valueEnd)
                return String(decoding: scratch, as: UTF8.self)
            }
        }
        return nil
    }

    /// The current start tag's attribute with this local name as written, without decoding (for
    /// the ASCII attributes of cells: reference, type, style); valid until the next token.
    package func rawAttribute(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        for attribute in attributes {
            var from = attribute.nameStart
            for index in attribute.nameStart..<attribute.nameEnd where buffer[tokenStart + index] == UInt8(ascii: ":") {
                from = index + 1
            }
            if equals(from, attribute.nameEnd, name) {
                return UnsafeBufferPointer(
                    start: buffer + tokenStart + attribute.valueStart, count: attribute.valueEnd - attribute.valueStart)
            }
        }
        return nil
    }

    /// Appends the current text token, decoded, to `target`.
    package func appendText(to target: inout [UInt8]) throws(WorkbookError) {
        if isCDATA {
            target.append(contentsOf: UnsafeBufferPointer(start: buffer + tokenStart, count: tokenEnd - tokenStart))
            return
        }
        // Most cell text has no entity: copied straight.
        let run = UnsafeBufferPointer(start: buffer + tokenStart, count: tokenEnd - tokenStart)
        if !run.contains(UInt8(ascii: "&")) {
            target.append(contentsOf: run)
            return
        }
        try decode(0, tokenEnd - tokenStart)
        target.append(contentsOf: scratch)
    }

    /// The current text token, entities decoded (CDATA as is); valid until the next token.
    package func text() throws(WorkbookError) -> [UInt8] {
        if isCDATA { return Array(UnsafeBufferPointer(start: buffer + tokenStart, count: tokenEnd - tokenStart)) }
        try decode(0, tokenEnd - tokenStart)
        return scratch
    }

    private func equals(_ from: Int, _ to: Int, _ name: StaticString) -> Bool {
        guard to - from == name.utf8CodeUnitCount else { return false }
        let expected = name.utf8Start
        for index in 0..<(to - from) where buffer[tokenStart + from + index] != expected[index] { return false }
        return true
    }

    // MARK: Reading

    package func next() throws(WorkbookError) -> Token {
        if !startedDocument {
            startedDocument = true
            _ = try available(3)
            if end - cursor >= 2,
                (buffer[cursor] == 0xFF && buffer[cursor + 1] == 0xFE)
                    || (buffer[cursor] == 0xFE && buffer[cursor + 1] == 0xFF)
            {
                throw WorkbookError.damaged("\(part) is UTF-16 XML, which ipreg does not read")
            }
            if end - cursor >= 3, buffer[cursor] == 0xEF, buffer[cursor + 1] == 0xBB, buffer[cursor + 2] == 0xBF {
                cursor += 3
            }
        }
        while true {
            tokenStart = cursor
            isCDATA = false
            guard try available(1) else {
                if depth > 0 {
                    throw WorkbookError.damaged(
                        "\(part) ends with \(depth) element\(depth == 1 ? "" : "s") "
                            + "left open (malformed XML, or truncated)")
                }
                return .endOfDocument
            }
            if buffer[cursor] != UInt8(ascii: "<") {
                // Text runs to the next tag.
                var index = cursor
                while true {
                    while index < end, buffer[index] != UInt8(ascii: "<") { index += 1 }
                    if index < end { break }
                    let offset = index - tokenStart
                    guard try more() else {
                        index = end
                        break
                    }
                    index = tokenStart + offset
                }
                tokenEnd = index
                cursor = index
                return .text
            }
            guard try available(2) else { throw WorkbookError.damaged("\(part) ends inside a tag") }
            let second = buffer[cursor + 1]
            if second == UInt8(ascii: "?") {
                try skip(past: "?>")
                continue
            }
            if second == UInt8(ascii: "!") {
                _ = try available(9)
                if matches(at: cursor, "<!--") {
                    try skip(past: "-->")
                    continue
                }
                if matches(at: cursor, "<![CDATA[") {
                    cursor += 9
                    tokenStart = cursor
                    try skip(past: "]]>")
                    tokenEnd = cursor - 3
                    isCDATA = true
                    return .text
                }
                throw WorkbookError(
                    "refused: \(part) declares a document type or entity (<!DOCTYPE or <!ENTITY); workbooks never need one"
                )
            }
            return try readTag()
        }
    }

    /// Reads `<name attr="v" ...>`, `</name>` or `<name/>` at the cursor.
    private func readTag() throws(WorkbookError) -> Token {
        // Find the closing `>`, stepping over quoted attribute values (which may hold `>`).
        var index = cursor + 1
        var quote: UInt8 = 0
        scan: while true {
            while index < end {
                let byte = buffer[index]
                if quote != 0 {
                    if byte == quote { quote = 0 }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: ">") {
                    break scan
                } else if byte == UInt8(ascii: "<") {
                    throw WorkbookError.damaged("\(part) has a '<' inside a tag")
                }
                index += 1
            }
            let offset = index - tokenStart
            guard try more() else { throw WorkbookError.damaged("\(part) ends inside a tag") }
            index = tokenStart + offset
        }
        tokenEnd = index + 1
        cursor = index + 1
        let isEnd = buffer[tokenStart + 1] == UInt8(ascii: "/")
        isSelfClosing = !isEnd && buffer[index - 1] == UInt8(ascii: "/")
        let last = isSelfClosing ? index - 1 : index
        var position = tokenStart + (isEnd ? 2 : 1)
        nameStart = position - tokenStart
        while position < last, !Self.isSpace(buffer[position]) { position += 1 }
        nameEnd = position - tokenStart
        if nameEnd == nameStart { throw WorkbookError.damaged("\(part) has a tag without a name") }
        attributes.removeAll(keepingCapacity: true)
        try checkNesting(isEnd: isEnd)
        if isEnd { return .end }
        while true {
            while position < last, Self.isSpace(buffer[position]) { position += 1 }
            if position >= last { break }
            let attributeNameStart = position
            while position < last, buffer[position] != UInt8(ascii: "="), !Self.isSpace(buffer[position]) {
                position += 1
            }
            let attributeNameEnd = position
            while position < last, Self.isSpace(buffer[position]) { position += 1 }
            guard position < last, buffer[position] == UInt8(ascii: "=") else {
                throw WorkbookError.damaged("\(part) has an attribute without a value")
            }
            position += 1
            while position < last, Self.isSpace(buffer[position]) { position += 1 }
            guard position < last, buffer[position] == UInt8(ascii: "\"") || buffer[position] == UInt8(ascii: "'")
            else {
                throw WorkbookError.damaged("\(part) has an unquoted attribute value")
            }
            let quoteByte = buffer[position]
            position += 1
            let valueStart = position
            while position < last, buffer[position] != quoteByte { position += 1 }
            guard position < last else { throw WorkbookError.damaged("\(part) has an unterminated attribute value") }
            attributes.append(
                (
                    attributeNameStart - tokenStart, attributeNameEnd - tokenStart, valueStart - tokenStart,
                    position - tokenStart
                ))
            position += 1
        }
        return .start
    }

    /// Keeps the stack of open elements: a start tag opens one (unless it closes itself), an end
    /// tag must close the innermost, and nothing may start after the root element has closed.
    private func checkNesting(isEnd: Bool) throws(WorkbookError) {
        let name = buffer + tokenStart + nameStart
        let length = nameEnd - nameStart
        if isEnd {
            guard depth > 0 else {
                throw WorkbookError.damaged("\(part) has an end tag that closes no element (malformed XML)")
            }
            let first = depth > 1 ? openNameEnds[depth - 2] : 0
            let last = openNameEnds[depth - 1]
            guard last - first == length, memcmp(openNames + first, name, length) == 0 else {
                let open = String(
                    decoding: UnsafeBufferPointer(start: openNames + first, count: last - first), as: UTF8.self)
                let closing = String(decoding: UnsafeBufferPointer(start: name, count: length), as: UTF8.self)
                throw WorkbookError.damaged(
                    "\(part) closes <\(open.prefix(40))> with </\(closing.prefix(40))> (malformed XML)")
            }
            depth -= 1
            if depth == 0 { rootClosed = true }
            return
        }
        guard !rootClosed || depth > 0 else {
            throw WorkbookError.damaged("\(part) has an element after its root element (malformed XML)")
        }
        if isSelfClosing {
            if depth == 0 { rootClosed = true }
            return
        }
        guard depth < Self.maxDepth else {
            throw WorkbookError.damaged("\(part) nests elements more than \(Self.maxDepth) deep")
        }
        let first = depth > 0 ? openNameEnds[depth - 1] : 0
        guard first + length <= Self.maxOpenNameBytes else {
            throw WorkbookError.damaged("\(part) has open elements whose names pass \(Self.maxOpenNameBytes >> 10) KiB")
        }
        (openNames + first).update(from: name, count: length)
        openNameEnds[depth] = first + length
        depth += 1
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private func matches(at index: Int, _ text: StaticString) -> Bool {
        guard end - index >= text.utf8CodeUnitCount else { return false }
        for offset in 0..<text.utf8CodeUnitCount where buffer[index + offset] != text.utf8Start[offset] { return false }
        return true
    }

    /// Moves the cursor past the next `terminator`.
    private func skip(past terminator: StaticString) throws(WorkbookError) {
        var index = cursor
        while true {
            while index + terminator.utf8CodeUnitCount <= end {
                if matches(at: index, terminator) {
                    cursor = index + terminator.utf8CodeUnitCount
                    return
                }
                index += 1
            }
            let offset = index - tokenStart
            guard try more() else {
                throw WorkbookError.damaged("\(part) ends inside a comment, CDATA section or declaration")
            }
            index = tokenStart + offset
        }
    }

    /// Whether `count` bytes from the cursor are in the buffer, reading more as needed.
    private func available(_ count: Int) throws(WorkbookError) -> Bool {
        while end - cursor < count {
            guard try more() else { return false }
        }
        return true
    }

    /// Moves the current token to the front, grows the buffer when the token fills it (up to the
    /// limit), and reads more. False at the end of input.
    private func more() throws(WorkbookError) -> Bool {
        if atEndOfInput { return false }
        if tokenStart > 0 {
            let kept = end - tokenStart
            if kept > 0 { buffer.update(from: buffer + tokenStart, count: kept) }
            cursor -= tokenStart
            end = kept
            tokenStart = 0
        }
        if end == capacity {
            guard capacity < XMLLimits.maxToken else {
                throw WorkbookError.damaged("\(part) has a tag or text longer than \(XMLLimits.maxToken >> 20) MiB")
            }
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * capacity)
            larger.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = larger
            capacity *= 2
        }
        let count = try fill(UnsafeMutableBufferPointer(start: buffer + end, count: capacity - end))
        if count == 0 {
            atEndOfInput = true
            return false
        }
        end += count
        return true
    }

    /// Decodes the bytes [from, to) of the current token into `scratch`: the five predefined
    /// entities and character references; any other entity is refused, never looked up.
    private func decode(_ from: Int, _ to: Int) throws(WorkbookError) {
        scratch.removeAll(keepingCapacity: true)
        let base = buffer + tokenStart
        var index = from
        while index < to {
            let byte = base[index]
            if byte != UInt8(ascii: "&") {
                scratch.append(byte)
                index += 1
                continue
            }
            // A character reference is read to its `;` however long its digits run, so that a
            // huge number is named as what it is; entity names are short.
            let isReference = index + 1 < to && base[index + 1] == UInt8(ascii: "#")
            var close = index + 1
            while close < to, close - index < (isReference ? 64 : 12), base[close] != UInt8(ascii: ";") { close += 1 }
            guard close < to, base[close] == UInt8(ascii: ";") else {
                if isReference {
                    let shown = String(
                        decoding: UnsafeBufferPointer(start: base + index, count: close - index)
                            .prefix(24), as: UTF8.self)
                    throw WorkbookError.damaged("\(part) has an invalid character reference \(shown)... (no ';')")
                }
                throw WorkbookError.damaged("\(part) has a bare '&'")
            }
            let name = Array(UnsafeBufferPointer(start: base + index + 1, count: close - index - 1))
            switch name {
            case Array("lt".utf8): scratch.append(UInt8(ascii: "<"))
            case Array("gt".utf8): scratch.append(UInt8(ascii: ">"))
            case Array("amp".utf8): scratch.append(UInt8(ascii: "&"))
            case Array("quot".utf8): scratch.append(UInt8(ascii: "\""))
            case Array("apos".utf8): scratch.append(UInt8(ascii: "'"))
            default:
                guard name.first == UInt8(ascii: "#") else {
                    throw WorkbookError(
                        "refused: \(part) uses the entity &\(String(decoding: name, as: UTF8.self)); (only XML's predefined entities are read)"
                    )
                }
                let hex = name.count > 1 && (name[1] == UInt8(ascii: "x") || name[1] == UInt8(ascii: "X"))
                let digits = String(decoding: name.dropFirst(hex ? 2 : 1), as: UTF8.self)
                guard let value = UInt32(digits, radix: hex ? 16 : 10), let scalar = Unicode.Scalar(value), value != 0
                else {
                    throw WorkbookError.damaged(
                        "\(part) has an invalid character reference &\(String(decoding: name.prefix(24), as: UTF8.self))"
                            + (name.count > 24 ? "...;" : ";") + " (not a Unicode character)")
                }
                scratch.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            index = close + 1
        }
    }
}
