// The rules of SPEC.md section 1 for centers, in one place: `center add`, `center update`
// and `import centers` all validate through this type.
public struct CenterValidator: Sendable {
    public let codes: ReferenceCodes
    public let today: PartialDate

    public init(codes: ReferenceCodes, today: PartialDate = Clock.today()) {
        self.codes = codes
        self.today = today
    }

    /// Builds a center from raw text per field (nil or blank: not given), checking every rule.
    /// Returns every problem found, not just the first.
    public func center(from value: (CenterField) -> String?) -> Result<Center, ValidationFailures> {
        var failures: [ValidationFailure] = []
        var center = Center(code: "", name: "", kind: .protection, regionCode: "")
        for field in CenterField.allCases {
            let raw = value(field)
            if field.isRequired, raw.map(Self.trimmed)?.isEmpty ?? true {
                failures.append(ValidationFailure(field: field.column, value: raw ?? "", rule: "is required"))
                continue
            }
            guard let raw else { continue }
            do throws(ValidationFailure) {
                try apply(field, raw: raw, to: &center)
            } catch {
                failures.append(error)
            }
        }
        if failures.isEmpty {
            do throws(ValidationFailure) { try checkCombinedRules(center) } catch { failures.append(error) }
        }
        return failures.isEmpty ? .success(center) : .failure(ValidationFailures(failures))
    }

    /// Sets one field from raw text; blank text clears an optional field.
    public func apply(_ field: CenterField, raw: String, to center: inout Center) throws(ValidationFailure) {
        let text = Self.trimmed(raw)
        func fail(_ rule: String) -> ValidationFailure { ValidationFailure(field: field.column, value: raw, rule: rule) }
        if text.isEmpty {
            guard !field.isRequired else { throw fail("is required") }
            clear(field, in: &center)
            return
        }
        switch field {
        case .code:
            guard text.utf8.count <= 64, text.utf8.allSatisfy(Self.isCodeByte) else {
                throw fail("must be 1-64 characters of A-Z a-z 0-9 . _ -")
            }
            center.code = text
        case .name, .nameEnglish:
            let value = try Self.checkedText(text, limit: 200, allowLineBreaks: false, fail: fail)
            if field == .name { center.name = value } else { center.nameEnglish = value }
        case .kind:
            guard let kind = CenterKind(rawValue: text) else {
                throw fail("must be one of \(CenterKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            center.kind = kind
        case .status:
            guard let status = CenterStatus(rawValue: text) else {
                throw fail("must be one of \(CenterStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            center.status = status
        case .regionCode:
            guard let code = DivisionCode(text) else { throw fail(DivisionCode.rule) }
            guard codes.divisions[code.text] != nil else { throw fail("no such division") }
            center.regionCode = code.text
        case .address:
            center.address = try Self.checkedText(text, limit: 500, allowLineBreaks: true, fail: fail)
        case .industries:
            center.industries = try checkedCodes(text, known: codes.industries, kind: "industry", fail: fail)
        case .services:
            center.services = try checkedCodes(text, known: codes.services, kind: "service", fail: fail)
        case .approved, .opened:
            guard let date = PartialDate(text) else { throw fail("must be a real date written YYYY, YYYY-MM or YYYY-MM-DD") }
            guard date.year >= 1900 else { throw fail("must not be before 1900") }
            guard !today.isBefore(date) else { throw fail("must not be in the future") }
            if field == .approved { center.approved = date } else { center.opened = date }
        case .approvalDocument:
            center.approvalDocument = try Self.checkedText(text, limit: 200, allowLineBreaks: false, fail: fail)
        case .host:
            center.host = try Self.checkedText(text, limit: 200, allowLineBreaks: false, fail: fail)
        case .latitude, .longitude:
            let limit = field == .latitude ? 90.0 : 180.0
            guard let number = Self.decimal(text) else { throw fail("must be a decimal number of degrees") }
            guard abs(number) <= limit else { throw fail("must be between -\(Int(limit)) and \(Int(limit))") }
            if field == .latitude { center.latitude = number } else { center.longitude = number }
        case .website:
            guard Self.isWebAddress(text) else { throw fail("must be an absolute http or https URL") }
            // Schemes are case-insensitive (RFC 3986); stored lowercase, as the schema's CHECK expects.
            let schemeEnd = text.utf8.firstIndex(of: UInt8(ascii: ":")) ?? text.utf8.startIndex
            center.website = String(text[..<schemeEnd]).lowercased() + String(text[schemeEnd...])
        case .source:
            center.source = try Self.checkedText(text, limit: 2000, allowLineBreaks: true, fail: fail)
        case .notes:
            center.notes = try Self.checkedText(text, limit: 2000, allowLineBreaks: true, fail: fail)
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
            throw ValidationFailure(field: given.column, value: center.text(of: given) ?? "",
                                    rule: "latitude and longitude go together: give both or neither")
        }
        if let opened = center.opened, let approved = center.approved, opened.isBefore(approved) {
            throw ValidationFailure(field: CenterField.opened.column, value: opened.description,
                                    rule: "must not be before approved (\(approved))")
        }
    }

    // MARK: Single-value rules, shared with other records

    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last, isSpace(first) || isSpace(last) else { return text }
        let start = scalars.firstIndex { !isSpace($0) } ?? scalars.endIndex
        let end = scalars.lastIndex { !isSpace($0) }.map { scalars.index(after: $0) } ?? start
        return start < end ? String(scalars[start..<end]) : ""
    }

    /// Unicode's White_Space characters, spelled out: the property look-up is slow on a hot path.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    static func isCodeByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == 0x2E || byte == 0x5F || byte == 0x2D
    }

    /// Lowercase `a-z 0-9 -`, 1-64 characters: the codes of industries and services.
    public static func isReferenceCode(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64
            && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }
    }

    /// Text of at most `limit` characters with no control characters (line breaks and tabs only where allowed).
    static func checkedText(_ text: String, limit: Int, allowLineBreaks: Bool,
                            fail: (String) -> ValidationFailure) throws(ValidationFailure) -> String {
        // Control characters are C0 (bytes below 0x20), DEL, and C1 (U+0080-U+009F, encoded C2 80-C2 9F).
        var previous: UInt8 = 0
        for byte in text.utf8 {
            let isControl = byte < 0x20 || byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F)
            previous = byte
            guard isControl else { continue }
            if allowLineBreaks && (byte == 0x0A || byte == 0x09 || byte == 0x0D) { continue }
            throw fail("must not contain control characters")
        }
        // Characters never outnumber bytes, so counting them is needed only for long text.
        // Characters are Unicode code points, as SQLite's length() counts them in the schema's CHECKs
        // (an accent written as a combining mark is a character of its own).
        if text.utf8.count > limit, text.unicodeScalars.count > limit {
            throw fail("must be at most \(limit) characters (it has \(text.unicodeScalars.count))")
        }
        return text
    }

    private func checkedCodes(_ text: String, known: Set<String>, kind: String,
                              fail: (String) -> ValidationFailure) throws(ValidationFailure) -> [String] {
        var result: [String] = []
        for part in text.split(separator: ";") {
            let code = Self.trimmed(String(part))
            if code.isEmpty { continue }
            guard known.contains(code) else {
                throw ValidationFailure(field: fail("").field, value: code,
                                        rule: "no such \(kind)" + Suggestion.hint(for: code, among: known))
            }
            result.append(code)
        }
        return Array(Set(result)).sorted()
    }

    /// A plain decimal: optional sign, digits, optional fraction. No exponents, hex, inf or nan.
    static func decimal(_ text: String) -> Double? {
        var bytes = text.utf8[...]
        if bytes.first == 0x2D || bytes.first == 0x2B { bytes = bytes.dropFirst() }
        let parts = bytes.split(separator: 0x2E, omittingEmptySubsequences: false)
        guard !bytes.isEmpty, parts.count <= 2, !(parts.first?.isEmpty ?? true) || parts.count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
              parts.contains(where: { !$0.isEmpty }), bytes.count <= 40 else { return nil }
        return Double(text)
    }

    static func isWebAddress(_ text: String) -> Bool {
        let bytes = text.utf8
        let schemeLength: Int
        if bytes.starts(with: "https://".utf8) || text.prefix(8).lowercased() == "https://" {
            schemeLength = 8
        } else if bytes.starts(with: "http://".utf8) || text.prefix(7).lowercased() == "http://" {
            schemeLength = 7
        } else {
            return false
        }
        let rest = bytes.dropFirst(schemeLength)
        guard let hostByte = rest.first, hostByte != UInt8(ascii: "/"), hostByte != UInt8(ascii: "?"),
              hostByte != UInt8(ascii: "#"), bytes.count <= 2000 else { return false }
        // No white space or control characters anywhere (ASCII ones by byte, others by scalar).
        if bytes.contains(where: { $0 <= 0x20 || $0 == 0x7F }) { return false }
        if bytes.contains(where: { $0 >= 0x80 }) {
            return !text.unicodeScalars.contains { isSpace($0) || $0.properties.generalCategory == .control }
        }
        return true
    }
}
