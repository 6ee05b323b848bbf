// Query strings: parsed strictly (a malformed escape, text that is not UTF-8, a NUL or an item
// with no name is refused, for a 400 that says which), and encoded for the links the pages make.
public enum Query {
    /// Why a query string is refused, for the 400's message.
    public struct Malformed: Error, Sendable, Equatable {
        public let message: String
    }

    /// The items of `text` (without the `?`) in order; `+` is a space.
    public static func parse(_ text: Substring) throws(Malformed) -> [(String, String)] {
        var items: [(String, String)] = []
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decoded(pieces[0], plusIsSpace: true).get()
            // `?=x` or `?=`: a value without a name, which no page could take.
            guard !name.isEmpty else { throw Malformed(message: "malformed query string: a query item with no name") }
            let value = pieces.count > 1 ? try decoded(pieces[1], plusIsSpace: true).get() : ""
            items.append((name, value))
        }
        return items
    }

    /// Percent-decodes `text`; nil for a bad escape, invalid UTF-8, or a NUL.
    public static func decode(_ text: Substring, plusIsSpace: Bool) -> String? {
        try? decoded(text, plusIsSpace: plusIsSpace).get()
    }

    private static func decoded(_ text: Substring, plusIsSpace: Bool) -> Result<String, Malformed> {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return .failure(Malformed(message: "malformed query string: a % escape that is not two hex digits"))
                }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusIsSpace: bytes.append(0x20)
            default: bytes.append(byte)
            }
        }
        guard !bytes.contains(0) else { return .failure(Malformed(message: "malformed query string: a NUL (%00)")) }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            return .failure(Malformed(message: "malformed query string: text that is not UTF-8"))
        }
        return .success(string)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Percent-encodes everything but unreserved characters.
    public static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }

    public static func string(_ items: [(String, String)]) -> String {
        items.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }
}
