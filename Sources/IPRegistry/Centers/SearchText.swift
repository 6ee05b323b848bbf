// How `center list --search TEXT` matches: the text anywhere in a center's name, English name,
// host or address, in any script, ignoring case. Three characters or more are a phrase of
// trigrams for the FTS5 index, which folds case itself. Shorter texts are looked for by a scan:
// SQLite's lower() folds ASCII only, so a text with other cased letters (Greek, Cyrillic,
// accented Latin) is compared by `ipreg_contains`, which folds each character.
import SQLiteDB

enum SearchText {
    static let functionName = "ipreg_contains"

    /// Texts of fewer characters have no trigram and are looked for by a scan.
    static func isIndexable(_ text: String) -> Bool { text.unicodeScalars.count >= 3 }

    /// True when `text` has a letter outside ASCII that has another case.
    static func needsCaseFolding(_ text: String) -> Bool {
        text.unicodeScalars.contains { !$0.isASCII && $0.properties.changesWhenCaseMapped }
    }

    /// Makes `ipreg_contains(field, text)` available on `db`: 1 when `field` holds `text`, ignoring case.
    static func register(on db: Connection) throws(SQLiteError) {
        try db.createFunction(functionName, argumentCount: 2) { arguments in
            guard case .text(let field) = arguments[0], case .text(let text) = arguments[1] else { return .integer(0) }
            return .integer(contains(field, text) ? 1 : 0)
        }
    }

    /// True when `field` holds `text` as a run of code points, each compared by its lowercase form.
    static func contains(_ field: String, _ text: String) -> Bool {
        let needle = Array(folded(text).utf8)
        if needle.isEmpty { return true }
        let haystack = Array(folded(field).utf8)
        guard haystack.count >= needle.count else { return false }
        // UTF-8 is self-synchronising: a byte match of whole encoded strings is a code point match.
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<start + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }

    /// Each code point by its lowercase form where that is one code point; final sigma as sigma,
    /// as FTS5 folds it for longer texts.
    static func folded(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let isUppercase = (0x41...0x5A).contains(scalar.value)
                result.unicodeScalars.append(isUppercase ? Unicode.Scalar(UInt8(scalar.value | 0x20)) : scalar)
                continue
            }
            if scalar == "ς" {
                result.unicodeScalars.append("σ")
                continue
            }
            let lower = scalar.properties.lowercaseMapping.unicodeScalars
            if lower.count == 1, let first = lower.first {
                result.unicodeScalars.append(first)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
