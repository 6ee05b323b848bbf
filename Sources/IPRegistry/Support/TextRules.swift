// The rules of docs/commands.md for stored text, on Strings and on UTF-8 bytes: trimming, codes,
// control characters, Unicode NFC, lengths in characters, names that show something and hold no
// bidirectional overrides, plain decimals and web addresses. The validators of centers, figures,
// statistics and reference data, and the types that parse a value once (Period, DivisionCode),
// all check text here. It depends on nothing: a broken rule is reported by the caller's `fail`,
// which turns the rule's text into the caller's own error.
//
// No Foundation: this runs for every text field of an import and on the start-up path of the
// commands. The standard library normalizes (`_nfcCodeUnits`, public though underscored: the
// named API, `_nfc`, is still SPI in Swift 6.3); a quick check by scalar ranges spares the
// common text (ASCII, Chinese, CJK punctuation) the work.
public enum TextRules {
    /// The text without the white space scalars (Unicode's White_Space) at either end.
    public static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last, isSpace(first) || isSpace(last) else { return text }
        let start = scalars.firstIndex { !isSpace($0) } ?? scalars.endIndex
        let end = scalars.lastIndex { !isSpace($0) }.map { scalars.index(after: $0) } ?? start
        return start < end ? String(scalars[start..<end]) : ""
    }

    /// `trimmed` on UTF-8 bytes: the white space scalars at either end left out.
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
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
        let length = end - lead
        let first = bytes[lead]
        guard first >= 0xC2, first <= 0xE3, length == (first >= 0xE0 ? 3 : 2) else { return nil }
        return isSpace(scalarValue(bytes, at: lead, length: length)) ? length : nil
    }

    /// The scalar of a two- or three-byte UTF-8 sequence.
    private static func scalarValue(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> UInt32 {
        if length == 2 { return UInt32(bytes[index] & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F) }
        return UInt32(bytes[index] & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6
            | UInt32(bytes[index + 2] & 0x3F)
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

    /// Text as it is stored (docs/commands.md): no control characters (line breaks and tabs only
    /// where allowed), in Unicode NFC, at most `limit` characters. A name must also show something
    /// and hold no bidirectional override or isolate.
    static func checkedText<Failure: Error>(
        _ text: String, limit: Int, allowLineBreaks: Bool, isName: Bool = false,
        fail: (String) -> Failure
    ) throws(Failure) -> String {
        var text = text
        var result: Result<String, Failure> = .success("")
        text.withUTF8 { bytes in
            do throws(Failure) {
                result = .success(
                    try storedText(bytes, limit: limit, allowLineBreaks: allowLineBreaks, isName: isName, fail: fail))
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    /// `checkedText` on UTF-8 bytes: the import checks a field where the CSV reader holds it.
    static func storedText<Failure: Error>(
        _ text: UnsafeBufferPointer<UInt8>, limit: Int, allowLineBreaks: Bool, isName: Bool = false,
        fail: (String) -> Failure
    ) throws(Failure) -> String {
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
        let stored =
            isASCII || isSurelyNFC(text)
            ? String(decoding: text, as: UTF8.self)
            : nfc(String(decoding: text, as: UTF8.self))
        if stored.utf8.count > limit { try checkLength(stored, limit: limit, fail: fail) }
        if isName && !isASCII { try checkName(stored, fail: fail) }
        return stored
    }

    /// A plain decimal: optional sign, digits, optional fraction. No exponents, hex, inf or nan.
    static func decimal(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        let signed = text.first == UInt8(ascii: "-") || text.first == UInt8(ascii: "+")
        let number = text.dropFirst(signed ? 1 : 0)
        guard !number.isEmpty, number.count <= 40 else { return nil }
        var digits = 0
        var points = 0
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
                && zip(bytes, UnsafeBufferPointer(start: scheme.utf8Start, count: scheme.utf8CodeUnitCount)).allSatisfy
                { byte, expected in
                    byte == expected
                        || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") && byte + 0x20 == expected)
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
        guard let hostByte = bytes.dropFirst(schemeLength).first, hostByte != UInt8(ascii: "/"),
            hostByte != UInt8(ascii: "?"),
            hostByte != UInt8(ascii: "#"), bytes.count <= 2000
        else { return false }
        if bytes.contains(where: { $0 <= 0x20 || $0 == 0x7F }) { return false }
        if bytes.contains(where: { $0 >= 0x80 }) {
            let text = String(decoding: bytes, as: UTF8.self)
            return !text.unicodeScalars.contains { isSpace($0) || $0.properties.generalCategory == .control }
        }
        return true
    }

    /// Whether `text` is certainly in NFC: every scalar lies in a range whose scalars all have
    /// NFC_Quick_Check=Yes and combining class 0, so nothing can reorder or compose. False for
    /// anything else, which may well be NFC too (`nfc` then finds out).
    static func isSurelyNFC(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < text.count {
            let lead = text[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let value: UInt32
            if lead < 0xE0 {
                guard index + 1 < text.count else { return false }
                value = UInt32(lead & 0x1F) << 6 | UInt32(text[index + 1] & 0x3F)
                index += 2
            } else if lead < 0xF0 {
                guard index + 2 < text.count else { return false }
                value = UInt32(lead & 0x0F) << 12 | UInt32(text[index + 1] & 0x3F) << 6 | UInt32(text[index + 2] & 0x3F)
                index += 3
            } else {
                return false
            }
            switch value {
            // Latin-1 and Latin Extended (before the combining marks at U+0300); general punctuation
            // after the singletons U+2000-U+2001; CJK punctuation before its marks U+302A-U+302F;
            // CJK ideographs and extension A (not the compatibility ideographs); Hangul syllables
            // (a trailing jamo after one would compose, and is outside these ranges); fullwidth forms.
            case 0x80..<0x300, 0x2002...0x206F, 0x3000...0x3029, 0x3030...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF,
                0xAC00...0xD7A3, 0xFF01...0xFF5E:
                continue
            default:
                return false
            }
        }
        return true
    }

    /// `text` in Unicode Normalization Form C.
    static func nfc(_ text: String) -> String {
        String(decoding: text._nfcCodeUnits, as: UTF8.self)
    }

    /// At most `limit` characters (Swift's Characters: an accent on its letter is one).
    static func checkLength<Failure: Error>(_ text: String, limit: Int, fail: (String) -> Failure) throws(Failure) {
        let scalars = text.unicodeScalars.count
        guard scalars > limit else { return }
        let characters = text.count
        if characters > limit { throw fail("must be at most \(limit) characters (it has \(characters))") }
        // The schema's CHECKs count with SQLite's length(), in code points: text within the limit in
        // characters but past it in code points (marks with no precomposed form) cannot be stored.
        throw fail(
            "must be at most \(limit) characters, and at most \(limit) code points as stored "
                + "(it has \(characters) characters of \(scalars) code points)")
    }

    static let bidiRule = "must not contain bidirectional override or isolate characters (U+202A-U+202E, U+2066-U+2069)"
    static let visibleRule =
        "must show at least one visible character (it has only spaces, zero-width or format characters)"

    /// A name shows at least one character and holds no bidirectional override or isolate, which
    /// would reorder what is printed after it.
    static func checkName<Failure: Error>(_ text: String, fail: (String) -> Failure) throws(Failure) {
        var showsSomething = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) { throw fail(bidiRule) }
            if !showsSomething && !isInvisible(scalar) { showsSomething = true }
        }
        if !showsSomething { throw fail(visibleRule) }
    }

    /// White space, and what displays as nothing: zero-width and format characters, Hangul fillers
    /// and the other default-ignorable code points.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        // The common visible scalars, without the slower property look-up.
        if (0x21...0x7E).contains(value) || (0x4E00...0x9FFF).contains(value) { return false }
        if isSpace(value) { return true }
        let properties = scalar.properties
        return properties.isDefaultIgnorableCodePoint || properties.generalCategory == .format
    }
}

extension String {
    /// Replaces each character found in `replacements` (one pass, no Foundation).
    package func replacingAll(_ replacements: [Character: String]) -> String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for character in self {
            if let replacement = replacements[character] { result += replacement } else { result.append(character) }
        }
        return result
    }
}
