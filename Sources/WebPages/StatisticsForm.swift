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

    public init(
        code: String, centerName: String, values: StatisticsFormValues = StatisticsFormValues(),
        existing: [CaseStatistic] = [], csrf: String, problems: [FormProblem] = [], signedIn: SignedInUser? = nil
    ) {
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
        let path = "/centers/\(Query.encode(input.code))"
        let fields: [StatisticField] = [.period, .pretrialCases, .protectionCases, .source]
        var body: HTML =
            "<h1>Add statistics to <a href=\"\(path)\">\(input.centerName)</a> <span class=\"key\">\(input.code)</span></h1>"
        body += errorSummary(input.problems) { name in
            StatisticField(rawValue: name).flatMap { fields.contains($0) ? controlID(name) : nil }
        }
        body +=
            "<form class=\"record\" method=\"post\" action=\"\(path)/statistics\" "
            + "enctype=\"application/x-www-form-urlencoded\" accept-charset=\"utf-8\">\(hidden(csrfField, input.csrf))"
            + "<fieldset><legend>Cases the center accepted in one period</legend>"
        for field in fields {
            let (label, hint, control) = describe(field)
            body += Forms.field(
                field.column, label: label, required: field == .period, hint: hint,
                value: input.values.value(of: field),
                control: control, problems: input.problems)
        }
        body +=
            "</fieldset><div class=\"buttons\"><button type=\"submit\">Add the statistics</button>"
            + "<a href=\"\(path)\">Cancel</a></div></form>"
        body += "<section><h2>Statistics so far</h2>"
        body +=
            input.existing.isEmpty
            ? "<p class=\"note\">None yet.</p>" : Layout.table(Pages.statisticsTable(input.existing))
        body += "</section>"
        return page(
            title: "Add statistics to \(input.code)", problems: input.problems, body: body, signedIn: input.signedIn)
    }

    /// A statistics field's label, the rule it follows, and how it is typed in.
    static func describe(_ field: StatisticField) -> (label: String, hint: String, control: Control) {
        let count = "A whole number from 0 to \(StatisticValidator.maximumCount); give this, the other or both."
        switch field {
        case .period:
            return (
                "Period", "YYYY, YYYY-Qn, YYYY-MM or YYYY-MM..YYYY-MM; it must not overlap another of the center.",
                .text(inputMode: nil)
            )
        case .pretrialCases: return ("Pretrial cases", count, .text(inputMode: "numeric"))
        case .protectionCases: return ("Protection cases", count, .text(inputMode: "numeric"))
        case .centerCode: return ("Center", "The center's code.", .text(inputMode: nil))
        case .source: return ("Source", "Where the figures come from: an address or a citation.", .textArea)
        }
    }
}
