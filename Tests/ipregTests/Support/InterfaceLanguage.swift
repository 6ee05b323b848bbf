// Checks that a page speaks one language: its text (the parts of the page a test reads, tags
// stripped, entities decoded) minus the registry's own data, which is never translated, must hold
// no interface word of the other language. One checker for every page test: each says which parts
// it reads (`Reading`) and, for a Chinese page, which Latin words are allowed (formats, codes) or
// which English interface words it looks for.
import Foundation

enum InterfaceLanguage {
    /// A part of a page a test reads.
    enum Part {
        /// Everything but the stylesheet: the header, the title, `<main>`.
        case page
        /// The text of `<title>`.
        case title
        /// `<main>` (the whole page when it has none).
        case main
        /// The signed-in part of the header: the user's name and role and the sign-out button.
        case signedIn
    }

    /// What of a page a test reads: `parts`, without the elements `removed` (from an opening to
    /// the first closing after it: data, codes, a query's text), with the values of `aria-label`
    /// attributes (the accessible names) when `ariaLabels`.
    struct Reading {
        var parts: [Part]
        var removed: [(open: String, close: String)]
        var ariaLabels: Bool

        init(parts: [Part] = [.page], removed: [(String, String)] = [], ariaLabels: Bool = true) {
            self.parts = parts
            self.removed = removed.map { (open: $0.0, close: $0.1) }
            self.ariaLabels = ariaLabels
        }

        /// The print footer's address is the page's path and query, not interface words: never read.
        static let printAddress = (open: "<span class=\"print-address\">", close: "</span>")

        /// The whole page and its accessible names.
        static let page = Reading()
    }

    /// What a reader (or a screen reader) is told by `html` as `reading` reads it, without every
    /// value of `data` (longest first, so that a value holding another goes whole).
    static func text(of html: String, _ reading: Reading = .page, data: [String] = []) -> String {
        var text = reading.parts.map { part(part: $0, of: html) }.joined(separator: " ")
        for (open, close) in [Reading.printAddress] + reading.removed {
            while let start = text.range(of: open),
                let end = text.range(of: close, range: start.upperBound..<text.endIndex)
            {
                text.replaceSubrange(start.lowerBound..<end.upperBound, with: " ")
            }
        }
        let labels = reading.ariaLabels ? text.matches(of: /aria-label="([^"]*)"/).map { String($0.output.1) } : []
        text = text.replacing(/<[^>]*>/, with: " ")
        text += " " + labels.joined(separator: " ")
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return removing(data, from: text)
    }

    /// One part of `html`, as markup.
    static func part(part: Part, of html: String) -> String {
        switch part {
        case .page: return html.replacing(/<style[^>]*>.*?<\/style>/.dotMatchesNewlines(), with: " ")
        case .title:
            guard let open = html.firstRange(of: "<title>"), let close = html.firstRange(of: "</title>") else {
                return ""
            }
            return String(html[open.upperBound..<close.lowerBound])
        case .main:
            guard let open = html.firstRange(of: "<main>"), let close = html.firstRange(of: "</main>") else {
                return html
            }
            return String(html[open.upperBound..<close.lowerBound])
        case .signedIn:
            guard let open = html.firstRange(of: "<div class=\"signed-in\">"),
                let close = html[open.upperBound...].firstRange(of: "</form></div>")
            else { return "" }
            return String(html[open.lowerBound..<close.upperBound])
        }
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

    /// The Latin words of `text` (two letters or more; with `hyphens`, words joined by `-` count
    /// as one, as codes such as `by-kind` are written) but those `allowed`: on a Chinese page,
    /// every English word left over.
    static func latinWords(in text: String, allowed: Set<String> = [], hyphens: Bool = false) -> [String] {
        let words: [String]
        if hyphens {
            words = text.split { !($0.isASCII && ($0.isLetter || $0 == "-")) }.map(String.init)
                .filter { $0.count >= 2 && $0.contains { $0.isLetter } }
        } else {
            words = text.matches(of: /[A-Za-z]{2,}/).map { String($0.output) }
        }
        return words.filter { !allowed.contains($0) }
    }

    /// The words of `interfaceWords` (compared without case, as whole words of Latin letters)
    /// that `html` shows outside `data`: on a Chinese page, its English interface left over.
    static func englishWords(
        in html: String, interfaceWords: Set<String>, data: [String], _ reading: Reading = .page
    ) -> [String] {
        let text = text(of: html, reading, data: data)
        let words = text.split { !($0.isASCII && $0.isLetter) }.map { $0.lowercased() }
        var found: [String] = []
        for word in words where interfaceWords.contains(word) && !found.contains(word) { found.append(word) }
        return found
    }

    /// The runs of Chinese characters that `html` shows outside `data`: on an English page, its
    /// Chinese interface left over.
    static func chineseRuns(in html: String, data: [String], _ reading: Reading = .page) -> [String] {
        chineseRuns(inText: text(of: html, reading, data: data))
    }

    /// The runs of Chinese characters (and every other East Asian script, CJK punctuation and
    /// full-width forms) in `text`.
    static func chineseRuns(inText text: String) -> [String] {
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

    /// From the CJK radicals up: ideographs, kana, CJK punctuation, full-width forms (and
    /// anything above them, which no English page shows outside its data either).
    static func isChinese(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x2E80 }

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
