// The language a page speaks: Chinese first, English on request (docs/web.md, "Languages").
// Only the interface is translated: JSON and CSV keys, codes and the registry's own data stay as
// they are, since scripts read them.

public enum Language: String, Sendable, CaseIterable {
    case zh
    case en

    /// What `<html lang>` says.
    public var tag: String {
        switch self {
        case .zh: return "zh-CN"
        case .en: return "en"
        }
    }

    /// The name of the cookie the language switch sets.
    public static let cookieName = "lang"

    /// The query item that chooses the language on every page (`?lang=en`).
    public static let queryItem = "lang"

    /// The cookie that keeps the choice: a year, every path; `Lax`, so a link from elsewhere
    /// opens in the chosen language too. It says nothing secret, so scripts need not be kept out,
    /// but none read it (there are none), hence HttpOnly all the same.
    public static func cookie(_ language: Language) -> String {
        "\(cookieName)=\(language.rawValue); Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly"
    }

    /// The page's language: `?lang=zh|en` first, then the switch's cookie, then the browser's
    /// `Accept-Language` (the first of zh and en it names with a weight above zero, in order of
    /// weight), else Chinese. A value that is neither language is passed over.
    public static func negotiate(query: String?, cookie: String?, acceptLanguage: String?) -> Language {
        if let language = query.flatMap(Language.init(code:)) { return language }
        if let language = cookie.flatMap(Language.init(code:)) { return language }
        if let acceptLanguage, let language = preferred(acceptLanguage) { return language }
        return .zh
    }

    /// The language for a request whose query items are `items`: its last `lang` item when that
    /// names a language (`chosen`, which the answer keeps in the cookie), else `negotiate`'s order.
    public static func of(
        queryItems items: [(String, String)], cookie: String?, acceptLanguage: String?
    ) -> (language: Language, chosen: Language?) {
        let chosen = items.last { $0.0 == queryItem }.flatMap { Language(code: $0.1) }
        return (negotiate(query: chosen?.rawValue, cookie: cookie, acceptLanguage: acceptLanguage), chosen)
    }

    /// `zh`, `en`, or a tag of either (`zh-CN`, `en-GB`), in any case.
    init?(code: String) {
        let primary = code.split(separator: "-", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        guard let language = Language(rawValue: primary) else { return nil }
        self = language
    }

    /// The language an `Accept-Language` header prefers among those there are.
    static func preferred(_ header: String) -> Language? {
        var best: (language: Language, weight: Double, position: Int)?
        for (position, item) in header.split(separator: ",").enumerated() {
            let parts = item.split(separator: ";").map(trimmed)
            guard let range = parts.first, let language = Language(code: range) else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            guard weight > 0 else { continue }
            if best.map({ weight > $0.weight }) ?? true { best = (language, weight, position) }
        }
        return best?.language
    }
}

/// An interface text in both languages. Every word a page shows its reader is one of these, so
/// that no page can show one language's words in the other's page.
public struct Words: Sendable, Hashable {
    public let zh: String
    public let en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    public func callAsFunction(_ language: Language) -> String {
        switch language {
        case .zh: return zh
        case .en: return en
        }
    }
}

/// `text` without the spaces and tabs around it (no Foundation here).
private func trimmed(_ text: Substring) -> String {
    let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    return String(text.drop(while: isBlank).reversed().drop(while: isBlank).reversed())
}
