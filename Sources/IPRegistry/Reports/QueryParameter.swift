// The value of `--param NAME=VALUE`: numbers bind as numbers, everything else as text.
import SQLiteDB

public enum QueryParameter {
    /// `42` and `-7` bind as integers, `2.5` and `1e3` as reals; anything else, including
    /// `007`, `+5`, `0x10`, `inf` and the empty text, binds as text exactly as given.
    public static func value(of text: String) -> SQLiteValue {
        if isInteger(text), let number = Int64(text) { return .integer(number) }
        if isDecimal(text), let number = Double(text), number.isFinite { return .real(number) }
        return .text(text)
    }

    /// An optional minus, then `0` or digits that do not start with `0`.
    private static func isInteger(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "-" { digits = digits.dropFirst() }
        guard let first = digits.first, digits.allSatisfy(\.isASCIIDigit) else { return false }
        return first != "0" || digits.count == 1
    }

    /// An integer part as above, then a fraction (`.5`), an exponent (`e-3`), or both.
    private static func isDecimal(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.first == "-" { rest = rest.dropFirst() }
        let integerPart = rest.prefix(while: \.isASCIIDigit)
        guard !integerPart.isEmpty, integerPart.first != "0" || integerPart.count == 1 else { return false }
        rest = rest.dropFirst(integerPart.count)
        var hasFractionOrExponent = false
        if rest.first == "." {
            let fraction = rest.dropFirst().prefix(while: \.isASCIIDigit)
            guard !fraction.isEmpty else { return false }
            rest = rest.dropFirst(1 + fraction.count)
            hasFractionOrExponent = true
        }
        if rest.first == "e" || rest.first == "E" {
            rest = rest.dropFirst()
            if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
            let exponent = rest.prefix(while: \.isASCIIDigit)
            guard !exponent.isEmpty else { return false }
            rest = rest.dropFirst(exponent.count)
            hasFractionOrExponent = true
        }
        return hasFractionOrExponent && rest.isEmpty
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
