// The rules of docs/commands.md for case statistics, shared by `stats add` and `import stats`.
public enum StatisticField: String, CaseIterable, Sendable {
    case centerCode = "center_code"
    case period
    case pretrialCases = "pretrial_cases"
    case protectionCases = "protection_cases"
    case source

    public var column: String { rawValue }
}

public enum StatisticValidator {
    /// At most twelve digits: far above any real count, and well inside SQLite's 64-bit integers.
    public static let maximumCount = 999_999_999_999
    static let countRule = "must be a whole number from 0 to \(maximumCount)"

    public static func statistic(from value: (StatisticField) -> String?) -> Result<CaseStatistic, ValidationFailures> {
        var failures: [ValidationFailure] = []
        func fail(_ field: StatisticField, _ raw: String, _ rule: String) {
            failures.append(ValidationFailure(field: field.column, value: raw, rule: rule))
        }
        let code = TextRules.trimmed(value(.centerCode) ?? "")
        if code.isEmpty { fail(.centerCode, code, "is required") }
        let rawPeriod = value(.period) ?? ""
        let period = Period(rawPeriod)
        if TextRules.trimmed(rawPeriod).isEmpty {
            fail(.period, rawPeriod, "is required")
        } else if period == nil {
            fail(.period, rawPeriod, Period.rule)
        }
        var counts: [Int?] = []
        for field in [StatisticField.pretrialCases, .protectionCases] {
            let raw = TextRules.trimmed(value(field) ?? "")
            if raw.isEmpty {
                counts.append(nil)
                continue
            }
            guard raw.utf8.count <= 12, raw.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(raw) else {
                fail(field, raw, StatisticValidator.countRule)
                counts.append(nil)
                continue
            }
            counts.append(number)
        }
        if failures.isEmpty, counts.allSatisfy({ $0 == nil }) {
            fail(.pretrialCases, "", "give pretrial_cases, protection_cases or both")
        }
        var source: String?
        let rawSource = TextRules.trimmed(value(.source) ?? "")
        if !rawSource.isEmpty {
            do throws(ValidationFailure) {
                source = try TextRules.checkedText(rawSource, limit: 2000, allowLineBreaks: true) {
                    ValidationFailure(field: StatisticField.source.column, value: rawSource, rule: $0)
                }
            } catch { failures.append(error) }
        }
        guard failures.isEmpty, let period else { return .failure(ValidationFailures(failures)) }
        return .success(
            CaseStatistic(
                centerCode: code, period: period, pretrialCases: counts[0], protectionCases: counts[1], source: source))
    }
}
