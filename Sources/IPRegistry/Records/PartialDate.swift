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
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count),
              parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count == 2 }),
              parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
              let year = Int(parts[0]), year >= 1 else { return nil }
        var month: Int?
        var day: Int?
        if parts.count >= 2 {
            guard let value = Int(parts[1]), (1...12).contains(value) else { return nil }
            month = value
        }
        if parts.count == 3, let month {
            guard let value = Int(parts[2]), value >= 1, value <= Self.daysIn(month: month, year: year) else { return nil }
            day = value
        }
        self.init(year: year, month: month, day: day)
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
    String(date.year).leftPadded(to: 4) + "-" + String(date.month).leftPadded(to: 2) + "-" + String(date.day).leftPadded(to: 2)
}
