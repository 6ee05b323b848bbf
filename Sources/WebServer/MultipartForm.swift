// The body of a `multipart/form-data` form (RFC 7578), which the upload form sends: Hummingbird
// reads no such body, and the one form that sends it needs no more than this. Strict and bounded:
// a body is read whole (the route caps its size first), a part's headers are at most 8 KB, a form
// has at most 32 parts, and anything not framed as the RFC says (no closing delimiter, a part
// without a name, headers without an end) is malformed rather than guessed at.

struct MultipartForm: Sendable {
    struct Part: Sendable {
        let name: String
        /// The file name a file field was sent with (nil for a plain field).
        let fileName: String?
        let body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Malformed: Error, Equatable, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static let maxParts = 32
    static let maxHeaderBytes = 8 * 1024

    let parts: [Part]

    /// The first part named `name`.
    subscript(name: String) -> Part? { parts.first { $0.name == name } }

    /// The boundary of a `Content-Type: multipart/form-data; boundary=...` value: 1 to 70
    /// characters (RFC 2046), quoted or not; nil for any other type or a missing boundary.
    static func boundary(ofContentType type: String) -> String? {
        let pieces = type.split(separator: ";").map { $0.trimmingSpaces() }
        guard let first = pieces.first, first.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            guard piece[..<equals].trimmingSpaces().lowercased() == "boundary" else { continue }
            var value = piece[piece.index(after: equals)...].trimmingSpaces()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = value.dropFirst().dropLast() }
            // RFC 2046's bchars: printable ASCII, a space allowed but not last.
            guard (1...70).contains(value.utf8.count), value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }),
                value.utf8.last != 0x20
            else {
                return nil
            }
            return String(value)
        }
        return nil
    }

    /// The parts of `body` framed by `boundary`. A preamble before the first delimiter and an
    /// epilogue after the last are ignored, as RFC 2046 says.
    init(body: [UInt8], boundary: String) throws(Malformed) {
        let dashBoundary = Array("--\(boundary)".utf8)
        let delimiter = Array("\r\n--\(boundary)".utf8)
        var position: Int
        if Self.starts(body, with: dashBoundary, at: 0) {
            position = dashBoundary.count
        } else if let found = Self.find(delimiter, in: body, from: 0) {
            position = found + delimiter.count
        } else {
            throw Malformed("the form has no part (no boundary line)")
        }
        var parts: [Part] = []
        while true {
            if Self.starts(body, with: Array("--".utf8), at: position) { break }
            // Transport padding (spaces, tabs) may follow a delimiter before its line break.
            while position < body.count, body[position] == 0x20 || body[position] == 0x09 { position += 1 }
            guard Self.starts(body, with: [0x0D, 0x0A], at: position) else {
                throw Malformed("a boundary line does not end in CRLF")
            }
            position += 2
            guard !Self.starts(body, with: [0x0D, 0x0A], at: position) else {
                throw Malformed("a part has no Content-Disposition header")
            }
            guard parts.count < Self.maxParts else { throw Malformed("the form has more than \(Self.maxParts) parts") }
            guard let headerEnd = Self.find([0x0D, 0x0A, 0x0D, 0x0A], in: body, from: position),
                headerEnd - position <= Self.maxHeaderBytes
            else {
                throw Malformed("a part's headers have no end within \(Self.maxHeaderBytes) bytes")
            }
            let headers = String(decoding: body[position..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let contentEnd = Self.find(delimiter, in: body, from: contentStart) else {
                throw Malformed("the form ends before its closing boundary")
            }
            let (name, fileName) = try Self.disposition(headers)
            parts.append(Part(name: name, fileName: fileName, body: Array(body[contentStart..<contentEnd])))
            position = contentEnd + delimiter.count
        }
        self.parts = parts
    }

    /// The `name` and `filename` of a part's `Content-Disposition: form-data` header.
    private static func disposition(_ headers: String) throws(Malformed) -> (String, String?) {
        // An empty header block is one CRLF short of the four searched for: the part had no headers.
        for line in headers.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { throw Malformed("a part's header has no colon") }
            guard line[..<colon].trimmingSpaces().lowercased() == "content-disposition" else { continue }
            let parameters = Self.parameters(line[line.index(after: colon)...])
            guard parameters.first?.0.lowercased() == "form-data" else {
                throw Malformed("a part is not form-data")
            }
            guard let name = parameters.first(where: { $0.0.lowercased() == "name" })?.1 else {
                throw Malformed("a part has no name")
            }
            return (name, parameters.first(where: { $0.0.lowercased() == "filename" })?.1)
        }
        throw Malformed("a part has no Content-Disposition header")
    }

    /// `form-data; name="file"; filename="a;b.csv"` as (token, value) pairs, the first a bare
    /// token; quoted values may hold `;` and backslash escapes.
    private static func parameters(_ text: Substring) -> [(String, String)] {
        var result: [(String, String)] = []
        var index = text.startIndex
        while index < text.endIndex {
            while index < text.endIndex, text[index] == " " || text[index] == ";" || text[index] == "\t" {
                index = text.index(after: index)
            }
            var key = ""
            while index < text.endIndex, text[index] != "=", text[index] != ";" {
                key.append(text[index])
                index = text.index(after: index)
            }
            var value = ""
            if index < text.endIndex, text[index] == "=" {
                index = text.index(after: index)
                if index < text.endIndex, text[index] == "\"" {
                    index = text.index(after: index)
                    while index < text.endIndex, text[index] != "\"" {
                        if text[index] == "\\", text.index(after: index) < text.endIndex {
                            index = text.index(after: index)
                        }
                        value.append(text[index])
                        index = text.index(after: index)
                    }
                    if index < text.endIndex { index = text.index(after: index) }
                } else {
                    while index < text.endIndex, text[index] != ";" {
                        value.append(text[index])
                        index = text.index(after: index)
                    }
                }
            }
            let trimmedKey = key.trimmingSpaces()
            if !trimmedKey.isEmpty {
                result.append((String(trimmedKey), result.isEmpty && value.isEmpty ? "" : value))
            }
        }
        return result
    }

    private static func starts(_ body: [UInt8], with prefix: [UInt8], at position: Int) -> Bool {
        guard position >= 0, body.count - position >= prefix.count else { return false }
        for offset in 0..<prefix.count where body[position + offset] != prefix[offset] { return false }
        return true
    }

    /// The first index at or after `start` where `needle` begins.
    private static func find(_ needle: [UInt8], in body: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, body.count >= needle.count else { return nil }
        var position = start
        let last = body.count - needle.count
        while position <= last {
            if body[position] == first && starts(body, with: needle, at: position) { return position }
            position += 1
        }
        return nil
    }
}

extension StringProtocol {
    fileprivate func trimmingSpaces() -> SubSequence {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
