// The rules of docs/commands.md for published figures, shared by `figure add` and `import figures`.
// Text rules (length, control characters) are CenterValidator's, so a figure's source is held to
// the same rules as a center's.
public struct FigureValidator: Sendable {
    public let codes: ReferenceCodes
    /// Division codes by name (Chinese and English), for "did you mean" when a name is typed for a code.
    private let codesByName: [String: String]

    public init(codes: ReferenceCodes) {
        self.codes = codes
        var byName: [String: String] = [:]
        for division in codes.divisions.values.sorted(by: { $0.code < $1.code }) {
            if byName[division.name] == nil { byName[division.name] = division.code }
            if let english = division.nameEnglish, byName[english.lowercased()] == nil {
                byName[english.lowercased()] = division.code
            }
        }
        codesByName = byName
    }

    /// Builds a figure from raw text per field (nil or blank: not given), checking every rule.
    /// Returns every problem found, not just the first.
    public func figure(from value: (FigureField) -> String?) -> Result<Figure, ValidationFailures> {
        var failures: [ValidationFailure] = []
        var texts: [FigureField: String] = [:]
        for field in FigureField.allCases {
            let text = TextRules.trimmed(value(field) ?? "")
            if text.isEmpty {
                if field.isRequired {
                    failures.append(ValidationFailure(field: field.column, value: "", rule: "is required"))
                }
            } else {
                texts[field] = text
            }
        }
        func attempt<T>(_ field: FigureField, _ check: (String) throws(ValidationFailure) -> T) -> T? {
            guard let text = texts[field] else { return nil }
            do throws(ValidationFailure) { return try check(text) } catch {
                failures.append(error)
                return nil
            }
        }
        let code = attempt(.code) { text throws(ValidationFailure) in
            guard text.utf8.count <= 64, text.utf8.allSatisfy(TextRules.isCodeByte) else {
                throw ValidationFailure(
                    field: FigureField.code.column, value: text, rule: "must be 1-64 characters of A-Z a-z 0-9 . _ -")
            }
            return text
        }
        let metric = attempt(.metric) { text throws(ValidationFailure) in
            try Self.choice(text, FigureMetric.self, field: .metric)
        }
        let regions = attempt(.regions) { text throws(ValidationFailure) in try checkedRegions(text) }
        let kinds: [CenterKind] =
            attempt(.kinds) { text throws(ValidationFailure) -> [CenterKind] in
                var kinds: [CenterKind] = []
                for part in Self.parts(text) { kinds.append(try Self.choice(part, CenterKind.self, field: .kinds)) }
                return kinds
            } ?? []
        let industries: [String] =
            attempt(.industries) { text throws(ValidationFailure) -> [String] in
                for part in Self.parts(text) where !codes.industries.contains(part) {
                    throw ValidationFailure(
                        field: FigureField.industries.column, value: part,
                        rule: "no such industry" + Suggestion.hint(for: part, among: codes.industries))
                }
                return Self.parts(text)
            } ?? []
        let period = attempt(.period) { text throws(ValidationFailure) in
            guard let period = Period(text) else {
                throw ValidationFailure(field: FigureField.period.column, value: text, rule: Period.rule)
            }
            return period
        }
        let number = attempt(.value) { text throws(ValidationFailure) in
            let isDigits = text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
            // Leading zeros do not make a number larger.
            if isDigits, text.drop(while: { $0 == "0" }).utf8.count > Self.maxValueDigits {
                throw ValidationFailure(
                    field: FigureField.value.column, value: text,
                    rule: "must be at most \(Self.maxValue) (\(Self.maxValueDigits) digits)")
            }
            let digits = text.drop(while: { $0 == "0" })
            guard isDigits, let number = digits.isEmpty ? 0 : Int(digits) else {
                throw ValidationFailure(
                    field: FigureField.value.column, value: text,
                    rule: text.hasPrefix("-")
                        ? "must not be negative: a whole number, zero or more"
                        : "must be a whole number, zero or more (digits only, as published: 32900)")
            }
            return number
        }
        let bound =
            attempt(.bound) { text throws(ValidationFailure) in try Self.choice(text, FigureBound.self, field: .bound) }
            ?? .exact
        let source = attempt(.source) { text throws(ValidationFailure) in
            let checked = try Self.text(text, field: .source)
            // A required source must say something: text of zero-width or format characters only
            // is refused, as it is for a name.
            if checked.unicodeScalars.allSatisfy(TextRules.isInvisible) {
                throw ValidationFailure(field: FigureField.source.column, value: text, rule: TextRules.visibleRule)
            }
            return checked
        }
        let notes = attempt(.notes) { text throws(ValidationFailure) in try Self.text(text, field: .notes) }
        // In the order of the fields, as a user reads the command or the header.
        let order = FigureField.allCases.map(\.column)
        failures = failures.enumerated().sorted { a, b in
            let (x, y) = (order.firstIndex(of: a.element.field) ?? 0, order.firstIndex(of: b.element.field) ?? 0)
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
        guard failures.isEmpty, let code, let metric, let regions, let period, let number, let source else {
            return .failure(ValidationFailures(failures))
        }
        return .success(
            Figure(
                code: code, metric: metric, regions: regions,
                kinds: Array(Set(kinds)).sorted { $0.rawValue < $1.rawValue },
                industries: Array(Set(industries)).sorted(), period: period, value: number, bound: bound,
                source: source, notes: notes))
    }

    /// The largest value a figure takes: 15 digits, which a double (the JSON outputs' numbers) and
    /// a spreadsheet (15 significant digits) both hold exactly.
    static let maxValueDigits = 15
    static let maxValue = 999_999_999_999_999

    /// `;`-separated division codes the registry has: sorted, without repeats, at least one.
    private func checkedRegions(_ text: String) throws(ValidationFailure) -> [String] {
        var result = Set<String>()
        for part in Self.parts(text) {
            guard let code = DivisionCode(part) else {
                let named = codesByName[part] ?? codesByName[part.lowercased()]
                throw ValidationFailure(
                    field: FigureField.regions.column, value: part,
                    rule: DivisionCode.rule + (named.map { " (did you mean \($0)?)" } ?? ""))
            }
            guard codes.divisions[code.text] != nil else {
                throw ValidationFailure(
                    field: FigureField.regions.column, value: part,
                    rule: "no such division" + Suggestion.hint(for: code.text, among: codes.divisions.keys))
            }
            result.insert(code.text)
        }
        guard !result.isEmpty else {
            throw ValidationFailure(field: FigureField.regions.column, value: text, rule: "is required")
        }
        return result.sorted()
    }

    /// A metric as `figure list --metric` takes it, with "did you mean" for a typo.
    public static func metric(_ text: String) throws(ValidationFailure) -> FigureMetric {
        try choice(text, FigureMetric.self, field: .metric)
    }

    /// The non-blank parts of a `;`-separated list, trimmed.
    private static func parts(_ text: String) -> [String] {
        text.split(separator: ";").map { TextRules.trimmed(String($0)) }.filter { !$0.isEmpty }
    }

    private static func choice<Choice: RawRepresentable & CaseIterable>(
        _ text: String, _: Choice.Type,
        field: FigureField
    ) throws(ValidationFailure) -> Choice
    where Choice.RawValue == String {
        if let choice = Choice(rawValue: text) { return choice }
        let names = Choice.allCases.map(\.rawValue)
        throw ValidationFailure(
            field: field.column, value: text,
            rule: "must be one of \(names.joined(separator: ", "))" + Suggestion.hint(for: text, among: names))
    }

    private static func text(_ text: String, field: FigureField) throws(ValidationFailure) -> String {
        try TextRules.checkedText(text, limit: 2000, allowLineBreaks: true) {
            ValidationFailure(field: field.column, value: text, rule: $0)
        }
    }
}
