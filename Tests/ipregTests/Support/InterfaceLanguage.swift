// Checks that a page speaks one language: its visible text (tags stripped, entities decoded,
// with the accessible names of `aria-label` and the page's title kept) minus the registry's own
// data, which is never translated, must hold no interface word of the other language.
import Foundation

enum InterfaceLanguage {
    /// What a reader (or a screen reader) is told by `html`: the text between tags, and the
    /// values of `aria-label` attributes; styles are left out.
    static func visibleText(_ html: String) -> String {
        var text = html.replacing(/<style[^>]*>.*?<\/style>/.dotMatchesNewlines(), with: " ")
        // The print footer's address is the page's path and query, not interface words.
        text = text.replacing(/<span class="print-address">[^<]*<\/span>/, with: " ")
        let labels = text.matches(of: /aria-label="([^"]*)"/).map { String($0.output.1) }
        text = text.replacing(/<[^>]*>/, with: " ")
        text += " " + labels.joined(separator: " ")
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    /// `text` without every occurrence of each of `data` (longest first, so that a value holding
    /// another goes whole).
    static func removing(_ data: [String], from text: String) -> String {
        var text = text
        for value in data.filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
            text = text.replacingOccurrences(of: value, with: " ")
        }
        return text
    }

    /// The words of `interfaceWords` (compared without case, as whole words of Latin letters)
    /// that `html` shows outside `data`: on a Chinese page, its English interface left over.
    static func englishWords(in html: String, interfaceWords: Set<String>, data: [String]) -> [String] {
        let text = removing(data, from: visibleText(html))
        let words = text.split { !($0.isASCII && $0.isLetter) }.map { $0.lowercased() }
        var found: [String] = []
        for word in words where interfaceWords.contains(word) && !found.contains(word) { found.append(word) }
        return found
    }

    /// The runs of Chinese characters (CJK ideographs, CJK punctuation, full-width forms) that
    /// `html` shows outside `data`: on an English page, its Chinese interface left over.
    static func chineseRuns(in html: String, data: [String]) -> [String] {
        let text = removing(data, from: visibleText(html))
        var runs: [String] = []
        var current = ""
        for character in text {
            if character.unicodeScalars.contains(where: isChinese) {
                current.append(character)
            } else if !current.isEmpty {
                runs.append(current)
                current = ""
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    static func isChinese(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3000...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF00...0xFFEF: return true
        default: return false
        }
    }

    /// Every string in a JSON value (objects' values, arrays' items), for the data a page shows.
    static func strings(inJSON text: String) -> [String] {
        guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { return [] }
        var strings: [String] = []
        func collect(_ value: Any) {
            switch value {
            case let string as String: strings.append(string)
            case let array as [Any]: array.forEach(collect)
            case let object as [String: Any]: object.values.forEach(collect)
            default: break
            }
        }
        collect(value)
        return strings
    }
}
