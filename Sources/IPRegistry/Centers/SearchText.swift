// How `center list --search TEXT` matches: the text anywhere in a center's name, English name,
// host or address, in any script, ignoring case. The trigram index (Migrations/0004) finds the
// centers that have every three-character piece of the text somewhere; `ipreg_contains` then
// keeps those that have the whole text in one field.
import SQLiteDB

enum SearchText {
    static let functionName = "ipreg_contains"

    /// Texts of fewer characters have no trigram and are looked for by a scan.
    static func isIndexable(_ text: String) -> Bool { text.unicodeScalars.count >= 3 }

    /// An FTS5 query for the rows that hold every trigram of `text` (in any column, any order):
    /// `"abc" AND "bcd"`. The tokenizer folds case in the query as it did in the index.
    static func trigramQuery(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var seen = Set<String>()
        var terms: [String] = []
        for start in 0..<max(0, scalars.count - 2) {
            var trigram = ""
            trigram.unicodeScalars.append(contentsOf: scalars[start..<start + 3])
            if seen.insert(trigram).inserted {
                terms.append("\"" + trigram.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"")
            }
        }
        return terms.joined(separator: " AND ")
    }

    /// Makes `ipreg_contains(field, text)` available on `db`: 1 when `field` holds `text`, ignoring case.
    static func register(on db: Connection) throws(SQLiteError) {
        try db.createFunction(functionName, argumentCount: 2) { arguments in
            guard case .text(let field) = arguments[0], case .text(let text) = arguments[1] else { return .integer(0) }
            return .integer(contains(field, text) ? 1 : 0)
        }
    }

    /// True when `field` holds `text` as a run of code points, each compared by its lowercase
    /// form, as the trigram tokenizer compares them.
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

    /// Each code point by its lowercase form where that is one code point (simple case folding).
    static func folded(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let isUppercase = (0x41...0x5A).contains(scalar.value)
                result.unicodeScalars.append(isUppercase ? Unicode.Scalar(UInt8(scalar.value | 0x20)) : scalar)
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
