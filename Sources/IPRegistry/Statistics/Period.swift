// A statistics period: `2023`, `2023-Q2`, `2023-05`, or a range of months `2023-01..2023-10`,
// kept as written and as its first and last day.
public struct Period: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    /// `YYYY-MM-DD`.
    public let firstDay: String
    /// `YYYY-MM-DD`.
    public let lastDay: String

    public var description: String { text }

    public init?(_ raw: String) {
        let text = TextRules.trimmed(raw)
        let range = text.split(separator: ".", omittingEmptySubsequences: false)
        if range.count == 3, range[1].isEmpty {
            // YYYY-MM..YYYY-MM
            guard let from = PartialDate(range[0]), from.month != nil, from.day == nil,
                let to = PartialDate(range[2]), to.month != nil, to.day == nil,
                !to.isBefore(from)
            else { return nil }
            self.init(text: text, first: from.firstDay, last: to.lastDay)
        } else if range.count == 1, text.count == 7, text.dropFirst(4).hasPrefix("-Q") {
            guard let year = PartialDate(text.prefix(4)), let quarter = Int(text.suffix(1)), (1...4).contains(quarter)
            else { return nil }
            let firstMonth = (quarter - 1) * 3 + 1
            self.init(
                text: text, first: (year.year, firstMonth, 1),
                last: (year.year, firstMonth + 2, PartialDate.daysIn(month: firstMonth + 2, year: year.year)))
        } else if range.count == 1, let date = PartialDate(text), date.day == nil {
            self.init(text: text, first: date.firstDay, last: date.lastDay)
        } else {
            return nil
        }
        guard firstDay >= "1900-01-01" else { return nil }
    }

    private init(text: String, first: (year: Int, month: Int, day: Int), last: (year: Int, month: Int, day: Int)) {
        self.text = text
        firstDay = isoDay(first)
        lastDay = isoDay(last)
    }

    public func overlaps(_ other: Period) -> Bool { firstDay <= other.lastDay && other.firstDay <= lastDay }

    public static let rule = "must be a period: YYYY, YYYY-Qn, YYYY-MM or YYYY-MM..YYYY-MM"
}
