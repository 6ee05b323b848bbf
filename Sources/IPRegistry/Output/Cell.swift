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
        case .blob(let bytes): self = .text("x'" + bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined() + "'")
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
        case .real(let number): return Self.format(number)
        case .text(let text): return text
        case .list(let items): return items.joined(separator: listSeparator)
        }
    }

    /// Like `format`, but never with an exponent (`0.00001`, not `1e-05`): the form CSV
    /// coordinates take, so that an export imports back.
    public static func formatPlain(_ number: Double) -> String {
        let text = format(number)
        guard let marker = text.firstIndex(where: { $0 == "e" || $0 == "E" }),
              let exponent = Int(text[text.index(after: marker)...]) else { return text }
        var mantissa = text[..<marker]
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa = mantissa.dropFirst() }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let digits = parts.joined()
        let point = parts[0].count + exponent
        let plain: String
        if point <= 0 {
            plain = "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            plain = digits + String(repeating: "0", count: point - digits.count)
        } else {
            plain = digits.prefix(point) + "." + digits.dropFirst(point)
        }
        return (negative ? "-" : "") + plain
    }

    /// Shortest text that reads back as the same Double; integers without a fraction.
    public static func format(_ number: Double) -> String {
        if number.isFinite, number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
