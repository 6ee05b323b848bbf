// The rules of docs/commands.md for centers, in one place: `center add`, `center update`
// and `import centers` all validate through this type.
//
// The rules read a field's UTF-8 bytes: an import checks each field where the CSV reader holds
// it and makes a String only for a value it keeps (a million rows, eighteen fields each); the
// commands lend their Strings' bytes to the same code.

/// Raw text per center field, lent as UTF-8 bytes for the length of a call.
protocol CenterFieldSource {
    /// Calls `body` with the bytes of `field`, the `index`th of `CenterField.allCases`, or with
    /// nil when the field is not given.
    func withBytes<R>(of field: CenterField, index: Int, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R
}

public struct CenterValidator: Sendable {
    public let codes: ReferenceCodes
    public let today: PartialDate
    private let industryCodes: KnownCodes
    private let serviceCodes: KnownCodes

    public init(codes: ReferenceCodes, today: PartialDate = .today()) {
        self.codes = codes
        self.today = today
        industryCodes = KnownCodes(codes.industries)
        serviceCodes = KnownCodes(codes.services)
    }

    /// Builds a center from raw text per field (nil or blank: not given), checking every rule.
    /// Returns every problem found, not just the first.
    public func center(from value: (CenterField) -> String?) -> Result<Center, ValidationFailures> {
        withoutActuallyEscaping(value) { value in center(from: TextFields(value: value)) }
    }

    private struct TextFields: CenterFieldSource {
        let value: (CenterField) -> String?

        func withBytes<R>(of field: CenterField, index: Int, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
            guard var text = value(field) else { return body(nil) }
            return text.withUTF8 { body($0) }
        }
    }

    private static let fields = CenterField.allCases

    /// Builds a center from raw bytes per field, as `center(from:)` does from Strings.
    func center(from source: some CenterFieldSource) -> Result<Center, ValidationFailures> {
        var failures: [ValidationFailure] = []
        var center = Center(code: "", name: "", kind: .protection, regionCode: "")
        for (index, field) in Self.fields.enumerated() {
            source.withBytes(of: field, index: index) { raw in
                guard let raw else {
                    if field.isRequired {
                        failures.append(ValidationFailure(field: field.column, value: "", rule: "is required"))
                    }
                    return
                }
                do throws(ValidationFailure) {
                    try apply(field, bytes: raw, to: &center)
                } catch {
                    failures.append(error)
                }
            }
        }
        if failures.isEmpty {
            do throws(ValidationFailure) { try checkCombinedRules(center) } catch { failures.append(error) }
        }
        return failures.isEmpty ? .success(center) : .failure(ValidationFailures(failures))
    }

    /// Sets one field from raw text; blank text clears an optional field.
    public func apply(_ field: CenterField, raw: String, to center: inout Center) throws(ValidationFailure) {
        var raw = raw
        var failure: ValidationFailure?
        raw.withUTF8 { bytes in
            do throws(ValidationFailure) { try apply(field, bytes: bytes, to: &center) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Sets one field from raw UTF-8 bytes; blank text clears an optional field.
    func apply(
        _ field: CenterField, bytes raw: UnsafeBufferPointer<UInt8>, to center: inout Center
    ) throws(ValidationFailure) {
        let text = TextRules.trimmed(raw)
        func fail(_ rule: String) -> ValidationFailure {
            ValidationFailure(field: field.column, value: String(decoding: raw, as: UTF8.self), rule: rule)
        }
        func string() -> String { String(decoding: text, as: UTF8.self) }
        func checkedText(limit: Int, allowLineBreaks: Bool, isName: Bool = false) throws(ValidationFailure) -> String {
            try TextRules.storedText(text, limit: limit, allowLineBreaks: allowLineBreaks, isName: isName, fail: fail)
        }
        if text.isEmpty {
            guard !field.isRequired else { throw fail("is required") }
            clear(field, in: &center)
            return
        }
        switch field {
        case .code:
            guard text.count <= 64, text.allSatisfy(TextRules.isCodeByte) else {
                throw fail("must be 1-64 characters of A-Z a-z 0-9 . _ -")
            }
            center.code = string()
        case .name:
            center.name = try checkedText(limit: 200, allowLineBreaks: false, isName: true)
        case .nameEnglish:
            center.nameEnglish = try checkedText(limit: 200, allowLineBreaks: false, isName: true)
        case .kind:
            guard let kind = CenterKind.allCases.first(where: { $0.rawValue.utf8.elementsEqual(text) }) else {
                throw fail("must be one of \(CenterKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            center.kind = kind
        case .status:
            guard let status = CenterStatus.allCases.first(where: { $0.rawValue.utf8.elementsEqual(text) }) else {
                throw fail("must be one of \(CenterStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            center.status = status
        case .regionCode:
            guard let code = DivisionCode(string()) else { throw fail(DivisionCode.rule) }
            guard codes.divisions[code.text] != nil else { throw fail("no such division") }
            center.regionCode = code.text
        case .address:
            center.address = try checkedText(limit: 500, allowLineBreaks: true)
        case .industries:
            center.industries = try checkedCodes(text, known: industryCodes, kind: "industry", field: field)
        case .services:
            center.services = try checkedCodes(text, known: serviceCodes, kind: "service", field: field)
        case .approved, .opened:
            guard let date = PartialDate(utf8: text) else {
                throw fail("must be a real date written YYYY, YYYY-MM or YYYY-MM-DD")
            }
            guard date.year >= 1900 else { throw fail("must not be before 1900") }
            guard !today.isBefore(date) else { throw fail("must not be in the future") }
            if field == .approved { center.approved = date } else { center.opened = date }
        case .approvalDocument:
            center.approvalDocument = try checkedText(limit: 200, allowLineBreaks: false)
        case .host:
            center.host = try checkedText(limit: 200, allowLineBreaks: false)
        case .latitude, .longitude:
            let limit = field == .latitude ? 90.0 : 180.0
            guard let number = TextRules.decimal(text) else { throw fail("must be a decimal number of degrees") }
            guard abs(number) <= limit else { throw fail("must be between -\(Int(limit)) and \(Int(limit))") }
            if field == .latitude { center.latitude = number } else { center.longitude = number }
        case .website:
            guard TextRules.isWebAddress(text) else { throw fail("must be an absolute http or https URL") }
            // Schemes are case-insensitive (RFC 3986); stored lowercase, as the schema's CHECK expects.
            let schemeEnd = text.firstIndex(of: UInt8(ascii: ":")) ?? 0
            if text[..<schemeEnd].contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) {
                let website = string()
                let end = website.utf8.index(website.utf8.startIndex, offsetBy: schemeEnd)
                center.website = String(website[..<end]).lowercased() + String(website[end...])
            } else {
                center.website = string()
            }
        case .source:
            center.source = try checkedText(limit: 2000, allowLineBreaks: true)
        case .notes:
            center.notes = try checkedText(limit: 2000, allowLineBreaks: true)
        }
    }

    public func clear(_ field: CenterField, in center: inout Center) {
        switch field {
        case .nameEnglish: center.nameEnglish = nil
        case .address: center.address = nil
        case .industries: center.industries = []
        case .services: center.services = []
        case .approved: center.approved = nil
        case .opened: center.opened = nil
        case .approvalDocument: center.approvalDocument = nil
        case .host: center.host = nil
        case .latitude: center.latitude = nil
        case .longitude: center.longitude = nil
        case .website: center.website = nil
        case .source: center.source = nil
        case .notes: center.notes = nil
        case .status: center.status = .operating
        case .code, .name, .kind, .regionCode: break
        }
    }

    /// Rules across fields: coordinates come in pairs; a center opens no earlier than it is approved.
    public func checkCombinedRules(_ center: Center) throws(ValidationFailure) {
        if (center.latitude == nil) != (center.longitude == nil) {
            let given: CenterField = center.latitude == nil ? .longitude : .latitude
            throw ValidationFailure(
                field: given.column, value: center.text(of: given) ?? "",
                rule: "latitude and longitude go together: give both or neither")
        }
        if let opened = center.opened, let approved = center.approved, opened.isBefore(approved) {
            throw ValidationFailure(
                field: CenterField.opened.column, value: opened.description,
                rule: "must not be before approved (\(approved))")
        }
    }

    /// Codes separated by `;`, each one known: sorted, without repeats.
    private func checkedCodes(
        _ text: UnsafeBufferPointer<UInt8>, known: KnownCodes, kind: String,
        field: CenterField
    ) throws(ValidationFailure) -> [String] {
        // Other text goes by Characters, as Swift splits and compares it: a `;` with a combining mark
        // is no separator, and U+037E is one. Known codes are ASCII, so such text is an error anyway.
        guard text.allSatisfy({ $0 < 0x80 }) else {
            return try checkedCodes(String(decoding: text, as: UTF8.self), known: known.set, kind: kind, field: field)
        }
        var result: [String] = []
        var partStart = 0
        for end in 0...text.count where end == text.count || text[end] == UInt8(ascii: ";") {
            let part = TextRules.trimmed(UnsafeBufferPointer(rebasing: text[partStart..<end]))
            partStart = end + 1
            if part.isEmpty { continue }
            guard let code = known.code(part) else {
                let code = String(decoding: part, as: UTF8.self)
                throw ValidationFailure(
                    field: field.column, value: code,
                    rule: "no such \(kind)" + Suggestion.hint(for: code, among: known.set))
            }
            result.append(code)
        }
        if result.count > 1 {
            result.sort()
            var kept = 1
            for index in 1..<result.count where result[index] != result[kept - 1] {
                result[kept] = result[index]
                kept += 1
            }
            result.removeLast(result.count - kept)
        }
        return result
    }

    private func checkedCodes(
        _ text: String, known: Set<String>, kind: String, field: CenterField
    ) throws(ValidationFailure) -> [String] {
        var result: [String] = []
        for part in text.split(separator: ";") {
            let code = TextRules.trimmed(String(part))
            if code.isEmpty { continue }
            guard known.contains(code) else {
                throw ValidationFailure(
                    field: field.column, value: code, rule: "no such \(kind)" + Suggestion.hint(for: code, among: known)
                )
            }
            result.append(code)
        }
        return Array(Set(result)).sorted()
    }

}

/// The codes of industries or services, found from bytes without making a String.
private struct KnownCodes: Sendable {
    let set: Set<String>
    /// Sorted by their bytes, for a binary search.
    private let entries: [(bytes: [UInt8], code: String)]

    init(_ codes: Set<String>) {
        set = codes
        entries = codes.map { (Array($0.utf8), $0) }.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
    }

    /// The known code spelled exactly `bytes`, or nil.
    func code(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            let order = entries[middle].bytes.withUnsafeBufferPointer { Self.compare($0, bytes) }
            if order == 0 { return entries[middle].code }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    private static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}
