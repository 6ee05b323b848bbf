// The rules of SPEC.md section 1 for stored text: Unicode NFC, lengths in characters, and names
// that show something and hold no bidirectional overrides. CenterValidator applies them to every
// text field of centers, divisions, industries, services and statistics.
//
// No Foundation: this runs for every text field of an import and on the start-up path of the
// commands. The standard library normalizes (`_nfcCodeUnits`, public though underscored: the
// named API, `_nfc`, is still SPI in Swift 6.3); a quick check by scalar ranges spares the
// common text (ASCII, Chinese, CJK punctuation) the work.
enum TextRules {
    /// Whether `text` is certainly in NFC: every scalar lies in a range whose scalars all have
    /// NFC_Quick_Check=Yes and combining class 0, so nothing can reorder or compose. False for
    /// anything else, which may well be NFC too (`nfc` then finds out).
    static func isSurelyNFC(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < text.count {
            let lead = text[index]
            if lead < 0x80 { index += 1; continue }
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
    static func checkLength(_ text: String, limit: Int, fail: (String) -> ValidationFailure) throws(ValidationFailure) {
        let scalars = text.unicodeScalars.count
        guard scalars > limit else { return }
        let characters = text.count
        if characters > limit { throw fail("must be at most \(limit) characters (it has \(characters))") }
        // The schema's CHECKs count with SQLite's length(), in code points: text within the limit in
        // characters but past it in code points (marks with no precomposed form) cannot be stored.
        throw fail("must be at most \(limit) characters, and at most \(limit) code points as stored "
                   + "(it has \(characters) characters of \(scalars) code points)")
    }

    static let bidiRule = "must not contain bidirectional override or isolate characters (U+202A-U+202E, U+2066-U+2069)"
    static let visibleRule = "must show at least one visible character (it has only spaces, zero-width or format characters)"

    /// A name shows at least one character and holds no bidirectional override or isolate, which
    /// would reorder what is printed after it.
    static func checkName(_ text: String, fail: (String) -> ValidationFailure) throws(ValidationFailure) {
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
        if CenterValidator.isSpace(value) { return true }
        let properties = scalar.properties
        return properties.isDefaultIgnorableCodePoint || properties.generalCategory == .format
    }
}
