// The form that adds a period of case statistics to a center (`/centers/CODE/statistics`), with
// the fields of `stats add` (docs/commands.md): period, pretrial_cases, protection_cases, source.
// The center comes from the path, so `center_code` is no field: a problem with it is shown in the
// summary only.
import IPRegistry

/// What the statistics form holds, as typed.
public struct StatisticsFormValues: Sendable, Equatable {
    public var text: [StatisticField: String]

    public init(text: [StatisticField: String] = [:]) { self.text = text }

    /// The values of a submitted form; of a field given twice the first counts, and `center_code`
    /// is never taken from the form (the path names the center).
    public init(items: [(String, String)]) {
        self.init()
        for (name, value) in items {
            guard let field = StatisticField(rawValue: name), field != .centerCode, text[field] == nil else { continue }
            text[field] = value
        }
    }

    /// The field as `StatisticValidator.statistic(from:)` takes it: empty when blank.
    public func value(of field: StatisticField) -> String { text[field] ?? "" }
}

public struct StatisticsFormInput: Sendable {
    /// The center the statistics are for.
    public var code: String
    public var centerName: String
    public var values: StatisticsFormValues
    /// The center's statistics so far, shown under the form so that a period that would overlap
    /// one is seen before it is sent.
    public var existing: [CaseStatistic]
    public var csrf: String
    public var problems: [FormProblem]
    public var signedIn: SignedInUser?
    public var language: Language

    public init(
        code: String, centerName: String, values: StatisticsFormValues = StatisticsFormValues(),
        existing: [CaseStatistic] = [], csrf: String, problems: [FormProblem] = [], signedIn: SignedInUser? = nil,
        language: Language = .zh
    ) {
        self.language = language
        self.code = code
        self.centerName = centerName
        self.values = values
        self.existing = existing
        self.csrf = csrf
        self.problems = problems
        self.signedIn = signedIn
    }
}

extension Forms {
    /// The statistics form of a center, new or again after a refused submit.
    public static func statistics(_ input: StatisticsFormInput) -> HTML {
        let language = input.language
        let words = { (zh: String, en: String) in Words(zh: zh, en: en)(language) }
        let path = "/centers/\(Query.encode(input.code))"
        let fields: [StatisticField] = [.period, .pretrialCases, .protectionCases, .source]
        var body: HTML =
            "<h1>\(words("添加统计数据：", "Add statistics to "))<a href=\"\(path)\">\(input.centerName)</a> "
            + "<span class=\"key\">\(input.code)</span></h1>"
        body += errorSummary(input.problems, language: language) { name in
            StatisticField(rawValue: name).flatMap { fields.contains($0) ? controlID(name) : nil }
        }
        body +=
            "<form class=\"record\" method=\"post\" action=\"\(path)/statistics\" "
            + "enctype=\"application/x-www-form-urlencoded\" accept-charset=\"utf-8\">\(hidden(csrfField, input.csrf))"
            + "<fieldset><legend>\(words("中心在一个统计期内受理的案件", "Cases the center accepted in one period"))</legend>"
        for field in fields {
            let (label, hint, control) = describe(field, language: language)
            body += Forms.field(
                field.column, label: label, required: field == .period, hint: hint,
                value: input.values.value(of: field),
                control: control, problems: input.problems, language: language)
        }
        body +=
            "</fieldset><div class=\"buttons\"><button type=\"submit\">\(words("添加统计数据", "Add the statistics"))</button>"
            + "<a href=\"\(path)\">\(cancel(language))</a></div></form>"
        body += "<section><h2>\(words("已有的统计数据", "Statistics so far"))</h2>"
        body +=
            input.existing.isEmpty
            ? "<p class=\"note\">\(words("暂无。", "None yet."))</p>"
            : statisticsTable(input.existing, language: language)
        body += "</section>"
        return page(
            title: words("添加统计数据：", "Add statistics to ") + input.code, problems: input.problems, body: body,
            signedIn: input.signedIn, language: language)
    }

    /// The center's statistics so far: the read page's table in English; in Chinese, the same
    /// columns under Chinese headings (the values are numbers, periods and sources: data).
    static func statisticsTable(_ statistics: [CaseStatistic], language: Language) -> HTML {
        let table = Pages.statisticsTable(statistics)
        guard language == .zh else { return Layout.table(table) }
        let headings = table.columns.map { column -> String in
            guard let field = StatisticField(rawValue: column) else { return column }
            return describe(field, language: .zh).label
        }
        return Layout.table(Table(columns: headings, rows: table.rows))
    }

    /// A statistics field's label, the rule it follows, and how it is typed in.
    static func describe(_ field: StatisticField, language: Language) -> (label: String, hint: String, control: Control)
    {
        let count = Words(
            zh: "0 至 \(StatisticValidator.maximumCount) 的整数；本项与另一项至少填写一项。",
            en: "A whole number from 0 to \(StatisticValidator.maximumCount); give this, the other or both.")(language)
        switch field {
        case .period:
            return (
                Words(zh: "统计期", en: "Period")(language),
                Words(
                    zh: "YYYY、YYYY-Qn、YYYY-MM 或 YYYY-MM..YYYY-MM；不得与该中心的其他统计期重叠。",
                    en: "YYYY, YYYY-Qn, YYYY-MM or YYYY-MM..YYYY-MM; it must not overlap another of the center.")(
                        language),
                .text(inputMode: nil)
            )
        case .pretrialCases:
            return (Words(zh: "专利预审案件数", en: "Pretrial cases")(language), count, .text(inputMode: "numeric"))
        case .protectionCases:
            return (Words(zh: "维权案件数", en: "Protection cases")(language), count, .text(inputMode: "numeric"))
        case .centerCode:
            return (
                Words(zh: "中心", en: "Center")(language), Words(zh: "中心编号。", en: "The center's code.")(language),
                .text(inputMode: nil)
            )
        case .source:
            return (
                Words(zh: "来源", en: "Source")(language),
                Words(zh: "数据的出处：网址或引文。", en: "Where the figures come from: an address or a citation.")(language),
                .textArea
            )
        }
    }
}
