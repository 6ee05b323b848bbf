// Which language a page speaks: the query, then the switch's cookie, then Accept-Language, else Chinese.
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

    @Test func wordsAreSaidInTheLanguageAsked() {
        let centers = Words(zh: "中心", en: "Centers")
        #expect(centers(.zh) == "中心")
        #expect(centers(.en) == "Centers")
        #expect(Language.zh.tag == "zh-CN" && Language.en.tag == "en")
    }
}
