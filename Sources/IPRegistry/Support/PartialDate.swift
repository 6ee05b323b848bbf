// A date as precise as its source: a year, a month, or a day (`2020`, `2020-10`, `2020-10-09`).
public struct PartialDate: Sendable, Hashable, CustomStringConvertible {
    public let year: Int
    public let month: Int?
    public let day: Int?

    public init(year: Int, month: Int? = nil, day: Int? = nil) {
        self.year = year
        self.month = month
        self.day = month == nil ? nil : day
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; nil unless it is a real calendar date.
    public init?(_ text: some StringProtocol) {
        var text = String(text)
        guard let date = text.withUTF8({ Self(utf8: $0) }) else { return nil }
        self = date
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` from UTF-8 bytes; nil unless it is a real calendar date.
    init?(utf8 text: UnsafeBufferPointer<UInt8>) {
        guard text.count == 4 || text.count == 7 || text.count == 10 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = text[index]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), year >= 1 else { return nil }
        var month: Int?
        var day: Int?
        if text.count >= 7 {
            guard text[4] == UInt8(ascii: "-"), let value = number(5..<7), (1...12).contains(value) else { return nil }
            month = value
        }
        if text.count == 10, let month {
            guard text[7] == UInt8(ascii: "-"), let value = number(8..<10), value >= 1,
                value <= Self.daysIn(month: month, year: year)
            else { return nil }
            day = value
        }
        self.init(year: year, month: month, day: day)
    }

    /// Today's date where the user is (Clock.today).
    public static func today() -> PartialDate {
        let today = Clock.today()
        return PartialDate(year: today.year, month: today.month, day: today.day)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        var text = String(year).leftPadded(to: 4)
        if let month { text += "-" + String(month).leftPadded(to: 2) }
        if let day { text += "-" + String(day).leftPadded(to: 2) }
        return text
    }

    /// The first and last day this date covers.
    public var firstDay: (year: Int, month: Int, day: Int) { (year, month ?? 1, day ?? 1) }
    public var lastDay: (year: Int, month: Int, day: Int) {
        let lastMonth = month ?? 12
        return (year, lastMonth, day ?? Self.daysIn(month: lastMonth, year: year))
    }

    /// Compares at the precision both dates share: `2020` is neither before nor after `2020-05`.
    public func isBefore(_ other: PartialDate) -> Bool {
        if year != other.year { return year < other.year }
        guard let month, let otherMonth = other.month else { return false }
        if month != otherMonth { return month < otherMonth }
        guard let day, let otherDay = other.day else { return false }
        return day < otherDay
    }
}

func isoDay(_ date: (year: Int, month: Int, day: Int)) -> String {
    String(date.year).leftPadded(to: 4) + "-" + String(date.month).leftPadded(to: 2) + "-"
        + String(date.day).leftPadded(to: 2)
}
