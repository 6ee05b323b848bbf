// Which language a page speaks: the query, then the switch's cookie, then Accept-Language, else Chinese.
import HTTPTypes
import Testing

@testable import WebPages

@Suite struct LanguageTests {
    @Test func theQueryComesFirstThenTheCookieThenTheBrowser() {
        #expect(Language.negotiate(query: "en", cookie: "zh", acceptLanguage: "zh-CN") == .en)
        #expect(Language.negotiate(query: nil, cookie: "en", acceptLanguage: "zh-CN") == .en)
        #expect(Language.negotiate(query: nil, cookie: nil, acceptLanguage: "en-GB,en;q=0.9") == .en)
        #expect(Language.negotiate(query: nil, cookie: nil, acceptLanguage: nil) == .zh)
    }

    @Test func unknownValuesArePassedOver() {
        #expect(Language.negotiate(query: "fr", cookie: "de", acceptLanguage: "fr-FR") == .zh)
        #expect(Language.negotiate(query: "", cookie: "EN", acceptLanguage: nil) == .en)
        #expect(Language.negotiate(query: "zh-Hans-CN", cookie: nil, acceptLanguage: nil) == .zh)
    }

    @Test func acceptLanguageIsReadByWeight() {
        #expect(Language.preferred("fr;q=1, en;q=0.5, zh;q=0.8") == .zh)
        #expect(Language.preferred("zh;q=0, en;q=0.1") == .en)
        #expect(Language.preferred("de, fr") == nil)
        #expect(Language.preferred("en-US, zh-CN") == .en)
        #expect(Language.preferred("zh-TW;q=0.9 , en ; q=0.3") == .zh)
    }

    @Test func aRequestsLanguageIsItsLastLangItemWhenItNamesOneThenTheRest() {
        #expect(
            Language.of(queryItems: [("lang", "zh"), ("lang", "en-GB")], cookie: "zh", acceptLanguage: nil) == (
                .en, .en
            ))
        #expect(
            Language.of(queryItems: [("lang", "en"), ("lang", "fr")], cookie: "zh", acceptLanguage: nil) == (.zh, nil))
        #expect(Language.of(queryItems: [("lang", "ZH-cn")], cookie: "en", acceptLanguage: nil) == (.zh, .zh))
        #expect(Language.of(queryItems: [("kind", "tisc")], cookie: "en", acceptLanguage: nil) == (.en, nil))
    }

    @Test func wordsAreSaidInTheLanguageAsked() {
        let centers = Words(zh: "中心", en: "Centers")
        #expect(centers(.zh) == "中心")
        #expect(centers(.en) == "Centers")
        #expect(Language.zh.tag == "zh-CN" && Language.en.tag == "en")
    }
}

@Suite struct PageLanguageTests {
    private static func headers(_ pairs: [(String, String)]) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in pairs { if let name = HTTPField.Name(name) { fields[name] = value } }
        return fields
    }

    @Test func aLangItemChoosesTheLanguageSetsTheCookieAndIsNoPagesItem() async throws {
        let registry = try WebRoutesTests.registry()
        let replies = try await WebRoutesTests.replies(
            registry,
            [
                (.get, "/centers?lang=en", Self.headers([("Cookie", "lang=zh")])),
                (.get, "/centers", Self.headers([("Cookie", "ipreg_session=x; lang=en")])),
                (.get, "/centers", Self.headers([("Accept-Language", "fr, zh;q=0.5, en;q=0.4")])),
                (.get, "/centers", Self.headers([("Accept-Language", "en-GB,en;q=0.9")])),
                (.get, "/", [:]),
                // A page that takes no query items takes `lang`; a language there is not is passed over.
                (.get, "/reports?lang=fr", [:]),
                (.get, "/reports.json?lang=en", [:]),
            ])
        #expect(replies.map(\.status) == [200, 200, 200, 200, 200, 200, 200])
        let tags = replies.prefix(6).map { reply in
            reply.body.contains("<html lang=\"en\">") ? "en" : reply.body.contains("<html lang=\"zh-CN\">") ? "zh" : "?"
        }
        #expect(tags.prefix(5) == ["en", "en", "zh", "en", "zh"])
        #expect(replies[0].header("Set-Cookie")?.hasPrefix("lang=en; Path=/;") == true)
        #expect(replies[1].header("Set-Cookie") == nil)
        #expect(replies[5].header("Set-Cookie") == nil)
        #expect(replies[0].header("Vary") == "Cookie, Accept-Language")
        // Chinese headings are not broken between their characters in a narrow column.
        #expect(replies[4].body.contains("th{word-break:keep-all}"))
    }
}
