// The rules of SPEC.md section 1 for centers, in one place: `center add`, `center update`
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

    public init(codes: ReferenceCodes, today: PartialDate = Clock.today()) {
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
                    if field.isRequired { failures.append(ValidationFailure(field: field.column, value: "", rule: "is required")) }
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
    func apply(_ field: CenterField, bytes raw: UnsafeBufferPointer<UInt8>, to center: inout Center) throws(ValidationFailure) {
        let text = Self.trimmed(raw)
        func fail(_ rule: String) -> ValidationFailure {
            ValidationFailure(field: field.column, value: String(decoding: raw, as: UTF8.self), rule: rule)
        }
        func string() -> String { String(decoding: text, as: UTF8.self) }
        func checkedText(limit: Int, allowLineBreaks: Bool, isName: Bool = false) throws(ValidationFailure) -> String {
            try Self.storedText(text, limit: limit, allowLineBreaks: allowLineBreaks, isName: isName, fail: fail)
        }
        if text.isEmpty {
            guard !field.isRequired else { throw fail("is required") }
            clear(field, in: &center)
            return
        }
        switch field {
        case .code:
            guard text.count <= 64, text.allSatisfy(Self.isCodeByte) else {
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
            guard let date = PartialDate(utf8: text) else { throw fail("must be a real date written YYYY, YYYY-MM or YYYY-MM-DD") }
            guard date.year >= 1900 else { throw fail("must not be before 1900") }
            guard !today.isBefore(date) else { throw fail("must not be in the future") }
            if field == .approved { center.approved = date } else { center.opened = date }
        case .approvalDocument:
            center.approvalDocument = try checkedText(limit: 200, allowLineBreaks: false)
        case .host:
            center.host = try checkedText(limit: 200, allowLineBreaks: false)
        case .latitude, .longitude:
            let limit = field == .latitude ? 90.0 : 180.0
            guard let number = Self.decimal(text) else { throw fail("must be a decimal number of degrees") }
            guard abs(number) <= limit else { throw fail("must be between -\(Int(limit)) and \(Int(limit))") }
            if field == .latitude { center.latitude = number } else { center.longitude = number }
        case .website:
            guard Self.isWebAddress(text) else { throw fail("must be an absolute http or https URL") }
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
            throw ValidationFailure(field: given.column, value: center.text(of: given) ?? "",
                                    rule: "latitude and longitude go together: give both or neither")
        }
        if let opened = center.opened, let approved = center.approved, opened.isBefore(approved) {
            throw ValidationFailure(field: CenterField.opened.column, value: opened.description,
                                    rule: "must not be before approved (\(approved))")
        }
    }

    // MARK: Single-value rules, shared with other records

    public static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last, isSpace(first) || isSpace(last) else { return text }
        let start = scalars.firstIndex { !isSpace($0) } ?? scalars.endIndex
        let end = scalars.lastIndex { !isSpace($0) }.map { scalars.index(after: $0) } ?? start
        return start < end ? String(scalars[start..<end]) : ""
    }

    /// `trimmed` on UTF-8 bytes: the white space scalars at either end left out.
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0, end = bytes.count
        while start < end, let length = spaceLength(bytes, from: start, to: end) { start += length }
        while end > start, let length = spaceLength(bytes, endingAt: end, from: start) { end -= length }
        return start == 0 && end == bytes.count ? bytes : UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// The length of the white space scalar starting at `start`, or nil when the scalar there is another.
    private static func spaceLength(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        let lead = bytes[start]
        if lead < 0x80 { return isSpace(UInt32(lead)) ? 1 : nil }
        // Every white space scalar is below U+3001: two or three bytes, the lead at most E3.
        let length = lead >= 0xE0 ? 3 : 2
        guard lead >= 0xC2, lead <= 0xE3, end - start >= length else { return nil }
        return isSpace(scalarValue(bytes, at: start, length: length)) ? length : nil
    }

    /// The length of the white space scalar ending just before `end`, or nil when the scalar there is another.
    private static func spaceLength(_ bytes: UnsafeBufferPointer<UInt8>, endingAt end: Int, from start: Int) -> Int? {
        let last = bytes[end - 1]
        if last < 0x80 { return isSpace(UInt32(last)) ? 1 : nil }
        var lead = end - 1
        while lead > start, end - lead < 3, bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
        let length = end - lead, first = bytes[lead]
        guard first >= 0xC2, first <= 0xE3, length == (first >= 0xE0 ? 3 : 2) else { return nil }
        return isSpace(scalarValue(bytes, at: lead, length: length)) ? length : nil
    }

    /// The scalar of a two- or three-byte UTF-8 sequence.
    private static func scalarValue(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> UInt32 {
        if length == 2 { return UInt32(bytes[index] & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F) }
        return UInt32(bytes[index] & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
    }

    /// Unicode's White_Space characters, spelled out: the property look-up is slow on a hot path.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool { isSpace(scalar.value) }

    static func isSpace(_ value: UInt32) -> Bool {
        switch value {
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

    /// Text as it is stored (SPEC.md section 1): no control characters (line breaks and tabs only
    /// where allowed), in Unicode NFC, at most `limit` characters. A name must also show something
    /// and hold no bidirectional override or isolate.
    static func checkedText(_ text: String, limit: Int, allowLineBreaks: Bool, isName: Bool = false,
                            fail: (String) -> ValidationFailure) throws(ValidationFailure) -> String {
        var text = text
        var result: Result<String, ValidationFailure> = .success("")
        text.withUTF8 { bytes in
            do throws(ValidationFailure) {
                result = .success(try storedText(bytes, limit: limit, allowLineBreaks: allowLineBreaks, isName: isName, fail: fail))
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    /// `checkedText` on UTF-8 bytes: the import checks a field where the CSV reader holds it.
    static func storedText(_ text: UnsafeBufferPointer<UInt8>, limit: Int, allowLineBreaks: Bool, isName: Bool = false,
                           fail: (String) -> ValidationFailure) throws(ValidationFailure) -> String {
        // Control characters are C0 (bytes below 0x20), DEL, and C1 (U+0080-U+009F, encoded C2 80-C2 9F).
        var previous: UInt8 = 0
        var isASCII = true
        for byte in text {
            let isControl = byte < 0x20 || byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F)
            previous = byte
            if byte >= 0x80 { isASCII = false }
            guard isControl else { continue }
            if allowLineBreaks && (byte == 0x0A || byte == 0x09 || byte == 0x0D) { continue }
            throw fail("must not contain control characters")
        }
        // ASCII is NFC and, once trimmed and free of controls, visible: the common case costs one pass.
        let stored = isASCII || TextRules.isSurelyNFC(text)
            ? String(decoding: text, as: UTF8.self)
            : TextRules.nfc(String(decoding: text, as: UTF8.self))
        if stored.utf8.count > limit { try TextRules.checkLength(stored, limit: limit, fail: fail) }
        if isName && !isASCII { try TextRules.checkName(stored, fail: fail) }
        return stored
    }

    /// Codes separated by `;`, each one known: sorted, without repeats.
    private func checkedCodes(_ text: UnsafeBufferPointer<UInt8>, known: KnownCodes, kind: String,
                              field: CenterField) throws(ValidationFailure) -> [String] {
        // Other text goes by Characters, as Swift splits and compares it: a `;` with a combining mark
        // is no separator, and U+037E is one. Known codes are ASCII, so such text is an error anyway.
        guard text.allSatisfy({ $0 < 0x80 }) else {
            return try checkedCodes(String(decoding: text, as: UTF8.self), known: known.set, kind: kind, field: field)
        }
        var result: [String] = []
        var partStart = 0
        for end in 0...text.count where end == text.count || text[end] == UInt8(ascii: ";") {
            let part = Self.trimmed(UnsafeBufferPointer(rebasing: text[partStart..<end]))
            partStart = end + 1
            if part.isEmpty { continue }
            guard let code = known.code(part) else {
                let code = String(decoding: part, as: UTF8.self)
                throw ValidationFailure(field: field.column, value: code, rule: "no such \(kind)" + Suggestion.hint(for: code, among: known.set))
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

    private func checkedCodes(_ text: String, known: Set<String>, kind: String, field: CenterField) throws(ValidationFailure) -> [String] {
        var result: [String] = []
        for part in text.split(separator: ";") {
            let code = Self.trimmed(String(part))
            if code.isEmpty { continue }
            guard known.contains(code) else {
                throw ValidationFailure(field: field.column, value: code, rule: "no such \(kind)" + Suggestion.hint(for: code, among: known))
            }
            result.append(code)
        }
        return Array(Set(result)).sorted()
    }

    /// A plain decimal: optional sign, digits, optional fraction. No exponents, hex, inf or nan.
    static func decimal(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        let signed = text.first == UInt8(ascii: "-") || text.first == UInt8(ascii: "+")
        let number = text.dropFirst(signed ? 1 : 0)
        guard !number.isEmpty, number.count <= 40 else { return nil }
        var digits = 0, points = 0
        for byte in number {
            if byte >= 0x30 && byte <= 0x39 {
                digits += 1
            } else if byte == UInt8(ascii: ".") {
                points += 1
            } else {
                return nil
            }
        }
        guard digits > 0, points <= 1 else { return nil }
        return Double(String(decoding: text, as: UTF8.self))
    }

    static func isWebAddress(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isWebAddress($0) }
    }

    /// http:// or https:// (the scheme in any case), a host, and no white space or control
    /// characters anywhere (ASCII ones by byte, others by scalar); at most 2000 bytes.
    static func isWebAddress(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func startsWith(_ scheme: StaticString) -> Bool {
            bytes.count >= scheme.utf8CodeUnitCount
                && zip(bytes, UnsafeBufferPointer(start: scheme.utf8Start, count: scheme.utf8CodeUnitCount)).allSatisfy { byte, expected in
                    byte == expected || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") && byte + 0x20 == expected)
                }
        }
        let schemeLength: Int
        if startsWith("https://") {
            schemeLength = 8
        } else if startsWith("http://") {
            schemeLength = 7
        } else {
            return false
        }
        guard let hostByte = bytes.dropFirst(schemeLength).first, hostByte != UInt8(ascii: "/"), hostByte != UInt8(ascii: "?"),
              hostByte != UInt8(ascii: "#"), bytes.count <= 2000 else { return false }
        if bytes.contains(where: { $0 <= 0x20 || $0 == 0x7F }) { return false }
        if bytes.contains(where: { $0 >= 0x80 }) {
            let text = String(decoding: bytes, as: UTF8.self)
            return !text.unicodeScalars.contains { isSpace($0) || $0.properties.generalCategory == .control }
        }
        return true
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
        var low = 0, high = entries.count
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
