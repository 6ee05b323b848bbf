// A period as reports take it (`from`, `to`): `YYYY`, `YYYY-Qn`, `YYYY-MM` or `YYYY-MM..YYYY-MM`,
// kept as its first and last day (`YYYY-MM-DD`, so that text order is date order).
public struct ReportPeriod: Sendable, Equatable, CustomStringConvertible {
    public let text: String
    public let firstDay: String
    public let lastDay: String

    /// Parses `text`, or says what is wrong with it (`field` names it in the message).
    public init(_ text: String, field: String = "period") throws(ValidationFailure) {
        let rule = "a period is YYYY, YYYY-Qn, YYYY-MM or YYYY-MM..YYYY-MM"
        func failure(_ rule: String) -> ValidationFailure { ValidationFailure(field: field, value: text, rule: rule) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 3, parts[1].isEmpty {
            // YYYY-MM..YYYY-MM: from the first day of one month to the last day of another.
            guard let start = Self.month(parts[0]), let end = Self.month(parts[2]) else { throw failure(rule) }
            guard start <= end else { throw failure("the range ends before it starts") }
            self.init(text: text, first: (start.year, start.month, 1), last: (end.year, end.month, Self.days(in: end.month, of: end.year)))
            return
        }
        guard parts.count == 1 else { throw failure(rule) }
        let bytes = Array(text.utf8)
        if bytes.count == 4, let year = Self.number(bytes[0..<4]), year >= 1 {
            self.init(text: text, first: (year, 1, 1), last: (year, 12, 31))
        } else if bytes.count == 7, bytes[4] == UInt8(ascii: "-"), bytes[5] == UInt8(ascii: "Q"),
                  let year = Self.number(bytes[0..<4]), year >= 1, let quarter = Self.number(bytes[6..<7]), (1...4).contains(quarter) {
            let lastMonth = quarter * 3
            self.init(text: text, first: (year, lastMonth - 2, 1), last: (year, lastMonth, Self.days(in: lastMonth, of: year)))
        } else if let month = Self.month(Substring(text)) {
            self.init(text: text, first: (month.year, month.month, 1), last: (month.year, month.month, Self.days(in: month.month, of: month.year)))
        } else {
            throw failure(rule)
        }
    }

    private init(text: String, first: (Int, Int, Int), last: (Int, Int, Int)) {
        self.text = text
        firstDay = Self.day(first)
        lastDay = Self.day(last)
    }

    public var description: String { text }

    private struct Month: Comparable {
        let year: Int
        let month: Int
        static func < (a: Month, b: Month) -> Bool { (a.year, a.month) < (b.year, b.month) }
    }

    /// `YYYY-MM` with a real month.
    private static func month(_ text: Substring) -> Month? {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"),
              let year = number(bytes[0..<4]), year >= 1,
              let month = number(bytes[5..<7]), (1...12).contains(month) else { return nil }
        return Month(year: year, month: month)
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return digits.isEmpty ? nil : value
    }

    static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func day(_ date: (Int, Int, Int)) -> String {
        func padded(_ number: Int, _ width: Int) -> String {
            let digits = String(number)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(date.0, 4))-\(padded(date.1, 2))-\(padded(date.2, 2))"
    }
}
