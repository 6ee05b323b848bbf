// Numbers as text, the one way the registry writes them: shortest round-trip decimals for output,
// decimals without an exponent for CSV coordinates, zero-padded parts of dates and times.
public enum NumberText {
    /// Shortest text that reads back as the same Double; integers without a fraction.
    public static func shortest(_ number: Double) -> String {
        if number.isFinite, number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }

    /// Like `shortest`, but never with an exponent (`0.00001`, not `1e-05`): the form CSV
    /// coordinates take, so that an export imports back.
    public static func plain(_ number: Double) -> String {
        let text = shortest(number)
        guard let marker = text.firstIndex(where: { $0 == "e" || $0 == "E" }),
            let exponent = Int(text[text.index(after: marker)...])
        else { return text }
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
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
