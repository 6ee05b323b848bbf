// Numbers and dates as each language writes them on a page: 12,345 in both; 2026年12月7日 in
// Chinese, 7 Dec 2026 in English. Only what a reader sees: JSON and CSV keep the registry's own
// text (ISO dates, plain digits), which scripts read. No Foundation here, as in all of WebPages.
import IPRegistry

public enum Formatting {
    /// `12345` as `12,345` (both languages group by thousands on these pages).
    public static func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    /// `1234.56` with `digits` decimals (1 to 6) and its whole part grouped: `1,234.6`.
    public static func decimal(_ value: Double, digits: Int) -> String {
        let places = min(max(digits, 1), 6)
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = Int((value.magnitude * Double(scale)).rounded())
        let fraction = String(scaled % scale)
        let padded = String(repeating: "0", count: places - fraction.count) + fraction
        return (value < 0 && scaled > 0 ? "-" : "") + number(scaled / scale) + "." + padded
    }

    /// A cell as a page shows it: whole numbers grouped, everything else as its plain text.
    public static func cell(_ cell: Cell) -> String {
        if case .integer(let value) = cell { return number(Int(value)) }
        return cell.plainText(listSeparator: ", ")
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `2026-12-07`, `2026-12` or `2026` as the language writes it (zh `2026年12月7日`, en
    /// `7 Dec 2026`); a time after the date (`2026-12-07T10:30:00Z`, `2026-12-07 10:30:00`) follows
    /// it as given. Any other text is returned unchanged.
    public static func date(_ text: String, _ language: Language) -> String {
        let characters = Array(text)
        let datePart = characters.prefix(10)
        let fields = datePart.split(separator: "-", omittingEmptySubsequences: false).map { String($0) }
        let isDigits: (String) -> Bool = { $0.utf8.allSatisfy { (48...57).contains($0) } }
        guard (1...3).contains(fields.count), fields[0].count == 4, fields.allSatisfy(isDigits),
            fields.dropFirst().allSatisfy({ $0.count == 2 }), let year = Int(fields[0])
        else { return text }
        let numbers = fields.dropFirst().compactMap { Int($0) }
        let month = numbers.first
        let day = numbers.count > 1 ? numbers[1] : nil
        if let month, !(1...12).contains(month) { return text }
        if let day, !(1...31).contains(day) { return text }
        let consumed = fields.count == 3 ? 10 : fields.joined(separator: "-").count
        var rest = String(characters.dropFirst(consumed))
        if !rest.isEmpty {
            // Only a time may follow a date: `T` or a space, then the time as written.
            guard fields.count == 3, let first = rest.first, first == "T" || first == " " else { return text }
            rest = " " + rest.dropFirst()
        }
        switch language {
        case .zh:
            var shown = "\(year)年"
            if let month { shown += "\(month)月" }
            if let day { shown += "\(day)日" }
            return shown + rest
        case .en:
            var parts: [String] = []
            if let day { parts.append(String(day)) }
            if let month { parts.append(months[month - 1]) }
            parts.append(String(year))
            return parts.joined(separator: " ") + rest
        }
    }
}
