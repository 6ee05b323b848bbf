// One value of an output row, whatever produced it: a center field, a report column, a query result.
import SQLiteDB

public enum Cell: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    /// A list of codes (industries, services): a JSON array, `;`-joined in CSV.
    case list([String])

    public init(_ value: SQLiteValue) {
        switch value {
        case .null: self = .null
        case .integer(let number): self = .integer(number)
        case .real(let number): self = .real(number)
        case .text(let text): self = .text(text)
        case .blob(let bytes): self = .text(Self.blobLiteral(bytes))
        }
    }

    /// A blob as SQL writes it, `x'00ff'`, in one buffer: two bytes out for each byte in, with
    /// no allocation per byte (a 10 MB blob is 20 MB of text, not 10 million Strings).
    static func blobLiteral(_ bytes: [UInt8]) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: bytes.count * 2 + 3) { buffer in
            buffer[0] = UInt8(ascii: "x")
            buffer[1] = UInt8(ascii: "'")
            var index = 2
            for byte in bytes {
                buffer[index] = digits[Int(byte >> 4)]
                buffer[index + 1] = digits[Int(byte & 0x0F)]
                index += 2
            }
            buffer[index] = UInt8(ascii: "'")
            return index + 1
        }
    }

    public init(_ text: String?) { self = text.map(Cell.text) ?? .null }
    public init(_ number: Int?) { self = number.map { .integer(Int64($0)) } ?? .null }
    public init(_ number: Double?) { self = number.map(Cell.real) ?? .null }

    public var isNumeric: Bool {
        switch self {
        case .integer, .real: return true
        default: return false
        }
    }

    public var numericValue: Double? {
        switch self {
        case .integer(let number): return Double(number)
        case .real(let number): return number
        default: return nil
        }
    }

    /// The value as plain text, as CSV and TSV show it (NULL is empty).
    public func plainText(listSeparator: String = ";") -> String {
        switch self {
        case .null: return ""
        case .integer(let number): return String(number)
        case .real(let number): return NumberText.shortest(number)
        case .text(let text): return text
        case .list(let items): return items.joined(separator: listSeparator)
        }
    }
}
