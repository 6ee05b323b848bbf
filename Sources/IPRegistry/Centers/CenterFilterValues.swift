// A CenterFilter from values typed as text, the one parser behind `center list`'s options and the
// web view's query items: each value checked by the rule of its field, so a typo is an error
// rather than an empty list.
extension CenterFilter {
    /// The selections a filter takes as text, each checked by the rule of one center field.
    public enum Selection: String, CaseIterable, Sendable {
        case kind, status, region, industry, service

        /// The field whose rule checks a value.
        public var field: CenterField {
            switch self {
            case .kind: return .kind
            case .status: return .status
            case .region: return .regionCode
            case .industry: return .industries
            case .service: return .services
            }
        }
    }

    /// What a refused value's failure is named after: the field's column (the command line, which
    /// names the option after it) or the selection (the web view's query item).
    public enum FailureNaming: Sendable { case column, selection }

    /// The filter that selects `values`, in their order; AND between selections, OR within one.
    /// Every refused value is reported, in the order given, not only the first.
    public static func parsing(
        _ values: [(Selection, String)], validator: CenterValidator, naming: FailureNaming
    ) throws(ValidationFailures) -> CenterFilter {
        var filter = CenterFilter()
        var failures: [ValidationFailure] = []
        for (selection, value) in values {
            let field = selection.field
            var scratch = Center(code: "", name: "", kind: .protection, regionCode: "")
            do throws(ValidationFailure) {
                guard !value.allSatisfy(\.isWhitespace), !value.contains(";") else {
                    throw ValidationFailure(field: field.column, value: value, rule: "must be one value")
                }
                try validator.apply(field, raw: value, to: &scratch)
            } catch {
                switch naming {
                case .column: failures.append(error)
                case .selection:
                    failures.append(ValidationFailure(field: selection.rawValue, value: error.value, rule: error.rule))
                }
                continue
            }
            switch selection {
            case .kind: filter.kinds.append(scratch.kind)
            case .status: filter.statuses.append(scratch.status)
            case .region: filter.regions.append(scratch.regionCode)
            case .industry: filter.industries += scratch.industries
            case .service: filter.services += scratch.services
            }
        }
        guard failures.isEmpty else { throw ValidationFailures(failures) }
        return filter
    }
}
