// A change to a stored center, as `center update` asks for it: fields to set, fields to clear,
// industries and services to add or remove. Applied through the same validator as a new center.
public struct CenterEdit: Sendable {
    /// Raw text per field; blank text clears an optional field. Industries and services given
    /// here replace the center's whole list (codes separated by `;`).
    public var values: [CenterField: String] = [:]
    public var cleared: Set<CenterField> = []
    public var addedIndustries: [String] = []
    public var removedIndustries: [String] = []
    public var addedServices: [String] = []
    public var removedServices: [String] = []

    public init() {}

    public var isEmpty: Bool {
        values.isEmpty && cleared.isEmpty && addedIndustries.isEmpty && removedIndustries.isEmpty
            && addedServices.isEmpty && removedServices.isEmpty
    }

    /// The center after the change, or every rule the change breaks.
    /// Setting and clearing: values first, then clears; then removals and additions of
    /// industries and services; then the rules across fields. Clearing either coordinate
    /// clears both, since they only exist as a pair.
    public func applied(to original: Center, validator: CenterValidator) -> Result<Center, ValidationFailures> {
        var center = original
        var failures: [ValidationFailure] = []
        for field in CenterField.allCases {
            guard let raw = values[field] else { continue }
            do throws(ValidationFailure) {
                try validator.apply(field, raw: raw, to: &center)
            } catch {
                failures.append(error)
            }
        }
        if center.code != original.code && center.code.lowercased() != original.code.lowercased() {
            failures.append(
                ValidationFailure(
                    field: CenterField.code.column, value: values[.code] ?? center.code,
                    rule: "a center's code cannot change, only its case (\(original.code))"))
        }
        for field in CenterField.allCases where cleared.contains(field) {
            validator.clear(field, in: &center)
            if field == .latitude || field == .longitude {
                validator.clear(.latitude, in: &center)
                validator.clear(.longitude, in: &center)
            }
        }
        center.industries = changedCodes(
            center.industries, field: .industries, adding: addedIndustries,
            removing: removedIndustries, validator: validator, failures: &failures)
        center.services = changedCodes(
            center.services, field: .services, adding: addedServices,
            removing: removedServices, validator: validator, failures: &failures)
        if failures.isEmpty {
            do throws(ValidationFailure) { try validator.checkCombinedRules(center) } catch { failures.append(error) }
        }
        return failures.isEmpty ? .success(center) : .failure(ValidationFailures(failures))
    }

    /// The list after removals and additions; every code named must exist in the registry.
    /// Failures name the option's field: `add_industry`, `remove_service`, ...
    private func changedCodes(
        _ current: [String], field: CenterField, adding: [String], removing: [String],
        validator: CenterValidator, failures: inout [ValidationFailure]
    ) -> [String] {
        let singular = field == .industries ? "industry" : "service"
        func checked(_ codes: [String], label: String) -> [String] {
            var result: [String] = []
            for code in codes {
                var scratch = Center(code: "", name: "", kind: .protection, regionCode: "")
                do throws(ValidationFailure) {
                    guard !TextRules.trimmed(code).isEmpty, !code.contains(";") else {
                        throw ValidationFailure(field: label, value: code, rule: "must be one \(singular) code")
                    }
                    try validator.apply(field, raw: code, to: &scratch)
                } catch {
                    failures.append(ValidationFailure(field: label, value: error.value, rule: error.rule))
                    continue
                }
                result += field == .industries ? scratch.industries : scratch.services
            }
            return result
        }
        let removed = Set(checked(removing, label: "remove_" + singular))
        let added = checked(adding, label: "add_" + singular)
        return Array(Set(current).subtracting(removed).union(added)).sorted()
    }
}
