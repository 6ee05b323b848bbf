// The refusal pages speak the request's language (docs/web.md, "Refusals"): their title, the
// status's meaning and the message, Chinese first; the web view's own messages in Chinese with
// the English kept below, the registry's known problems translated, SQLite's words kept after a
// Chinese lead-in. The JSON and text answers keep their English `error` (the API's).
import HTTPTypes
import Testing
import WebServer

@testable import WebPages

@Suite struct RefusalLanguageTests {
    typealias Reply = WebSignInTests.Reply

    /// What `targets` answer for a browser that asks for `acceptLanguage` (nil: none), on a
    /// server set up as `configure` says.
    static func replies(
        _ targets: [(HTTPRequest.Method, String)], acceptLanguage: String?,
        configure: @escaping (inout WebServerConfiguration) -> Void = { _ in }
    ) async throws -> [Reply] {
        let registry = try WebSignInTests.registry()
        return try await WebSignInTests.run(registry, configure: configure) { browser in
            browser.acceptLanguage = acceptLanguage
            var replies: [Reply] = []
            for (method, target) in targets { replies.append(try await browser.send(method, target)) }
            return replies
        }
    }

    @Test func aRefusalPageIsInChineseByDefaultAndInEnglishOnRequest() async throws {
        let targets: [(HTTPRequest.Method, String)] = [(.get, "/nowhere"), (.get, "/nowhere?lang=en")]
        let replies = try await Self.replies(targets, acceptLanguage: nil)
        let chinese = replies[0].body
        #expect(replies[0].status == 404 && chinese.contains("<html lang=\"zh-CN\">"))
        #expect(chinese.contains("<title>404 未找到该页面</title>"))
        #expect(chinese.contains("<h1>404</h1><h2>未找到该页面</h2>"))
        #expect(chinese.contains("<p class=\"error\">网址所指的页面不存在：请检查网址，或从页首的导航进入</p>"))
        // The server's own English stays, below, for whoever reads the logs.
        #expect(chinese.contains("<summary>服务器原文（英文，供技术人员参考）</summary><p><code lang=\"en\">no such page</code>"))
        let english = replies[1].body
        #expect(replies[1].status == 404 && english.contains("<html lang=\"en\">"))
        #expect(english.contains("<title>404 Page not found</title>"))
        #expect(english.contains("<h2>Page not found</h2><p class=\"error\">no such page</p></section>"))
        #expect(!english.contains("服务器原文") && !english.contains("<details"))
    }

    @Test func theServersOwnRefusalsAreInTheRequestsLanguage() async throws {
        let targets: [(HTTPRequest.Method, String)] = [
            (.put, "/centers"), (.get, "/..%2f"), (.get, "/centers?=x"), (.get, "/centers/NOPE"),
            (.get, "/reports/nope"), (.get, "/centers/PC-BJ?x=1"), (.get, "/centers?limit=0"),
            (.post, "/centers/new"),
        ]
        let chinese = try await Self.replies(targets, acceptLanguage: "zh-CN,zh;q=0.9")
        let expected: [(Int, String)] = [
            (405, "不支持 PUT 请求：本网页只供查看（GET、HEAD）"),
            (404, "网址所指的页面不存在"),
            (400, "网址的查询字符串格式有误：有查询项没有名称"),
            (404, "没有编号为 NOPE 的中心"),
            (404, "没有名为 nope 的报表"),
            (400, "未知的查询项 x（此页面不接受查询项）"),
            (400, "每页条数“0”：须为 1 至 10000 的整数"),
            (403, "已拒绝：请先登录（此表单须在登录后提交）"),
        ]
        for ((method, target), (reply, (status, text))) in zip(targets, zip(chinese, expected)) {
            let name = "\(method) \(target)"
            #expect(reply.status == status, "\(name): \(reply.status)")
            #expect(reply.body.contains("<html lang=\"zh-CN\">"), "\(name)")
            #expect(reply.body.contains("<h2>\(RefusalWords.title(status).zh)</h2>"), "\(name)")
            #expect(reply.body.contains(text), "\(name): \(reply.body)")
        }
        let english = try await Self.replies(targets, acceptLanguage: "en")
        for ((method, target), reply) in zip(targets, english) {
            #expect(reply.body.contains("<html lang=\"en\">"), "\(method) \(target)")
            // The language switch names Chinese in Chinese.
            #expect(InterfaceLanguage.chineseRuns(in: reply.body, data: ["中文"]).isEmpty, "\(method) \(target)")
        }
    }

    @Test func aPrivateServersRefusalIsInTheRequestsLanguage() async throws {
        let targets: [(HTTPRequest.Method, String)] = [(.post, "/centers/new"), (.get, "/centers.json")]
        let replies = try await Self.replies(targets, acceptLanguage: nil) { $0.isPrivate = true }
        #expect(replies[0].status == 401)
        #expect(replies[0].body.contains("<title>401 请先登录</title>"))
        #expect(replies[0].body.contains("<p class=\"error\">此服务器不公开：请先在 /login 登录</p>"))
        // The data keeps the API's English.
        #expect(replies[1].status == 401)
        #expect(replies[1].body == "{\"error\":\"this server is private: sign in at /login first\"}\n")
    }

    @Test func theAPIAndTheDataKeepTheirEnglishErrors() async throws {
        let targets: [(HTTPRequest.Method, String)] = [
            (.get, "/nowhere.json"), (.get, "/centers.csv?colour=red"), (.get, "/api/centers"),
        ]
        let replies = try await Self.replies(targets, acceptLanguage: "zh-CN")
        #expect(replies[0].body == "{\"error\":\"no such page\"}\n")
        #expect(replies[1].body.hasPrefix("error: unknown query item colour"))
        #expect(replies[2].status == 401 && replies[2].body.contains("\"error\":\"the API takes an API token only"))
    }

    @Test func theRegistrysAndSQLitesWordsAreKeptAfterAChineseLead() async throws {
        let targets: [(HTTPRequest.Method, String)] = [
            (.get, "/sql?sql=SELEC"), (.get, "/reports/centers-by-region?region=BAD"),
            (.get, "/reports/centers-by-region?region=990000"),
        ]
        let replies = try await Self.replies(targets, acceptLanguage: nil)
        #expect(replies[0].status == 400)
        #expect(replies[0].body.contains("<p class=\"error\">查询出错：<span lang=\"en\">"))
        #expect(replies[1].body.contains("<p class=\"error\">行政区划“BAD”：须为六位行政区划代码（GB/T 2260）</p>"))
        #expect(replies[2].body.contains("<p class=\"error\">行政区划“990000”：没有这个行政区划</p>"))
    }

    @Test func aRefusalBeforeThePageVariesByTheHeadersThatChoseItsLanguage() async throws {
        let registry = try WebRoutesTests.registry()
        // The Host rule refuses before any page: the client's `localhost` is not allowed here.
        let refused = try await WebRoutesTests.replies(
            registry, [(.get, "/centers", [.acceptLanguage: "en"]), (.get, "/centers", [:])]
        ) { $0.allowedHosts = [] }
        #expect(refused.map(\.status) == [421, 421])
        #expect(refused[0].body.contains("<html lang=\"en\">") && refused[1].body.contains("<html lang=\"zh-CN\">"))
        #expect(refused.allSatisfy { $0.header("Vary") == "Cookie, Accept-Language" })
        // A path that is no page, refused by the router's middleware; its JSON is English for everyone.
        let missing = try await WebRoutesTests.get(registry, ["/nowhere", "/nowhere.json"])
        #expect(missing[0].status == 404 && missing[0].header("Vary") == "Cookie, Accept-Language")
        #expect(missing[1].status == 404 && missing[1].header("Vary") == nil)
    }

    @Test func everyStatusHasItsMeaningInBothLanguages() {
        for status in [400, 401, 403, 404, 405, 412, 413, 414, 421, 422, 429, 431, 500, 503] {
            let title = RefusalWords.title(status)
            #expect(title.zh.unicodeScalars.allSatisfy { $0.isASCII == false }, "\(status)")
            #expect(title.en.unicodeScalars.allSatisfy(\.isASCII) && !title.en.isEmpty, "\(status)")
        }
        #expect(RefusalWords.title(429).zh == "请求过于频繁，请稍后再试")
        #expect(RefusalWords.title(403).zh == "无权执行此操作")
        #expect(RefusalWords.title(401).zh == "请先登录")
        // Every whole sentence of the server's has its Chinese, and no Chinese keeps an English word
        // but the names of headers, options and paths.
        for (english, chinese) in RefusalWords.fixed {
            #expect(RefusalWords.chinese(english) == chinese)
            let words = chinese.matches(of: /[A-Za-z]{2,}/).map { String($0.output) }
            let allowed: Set<String> = ["Host", "allowed", "host", "login", "Origin", "Referer", "CSRF", "sql"]
            #expect(words.allSatisfy(allowed.contains), "\(chinese)")
        }
        // A message nobody translated is kept whole after the lead, marked English.
        let kept = RefusalWords.said("near \"SELEC\": syntax error", lead: "查询出错：", .zh).markup
        #expect(kept == "查询出错：<span lang=\"en\">near &quot;SELEC&quot;: syntax error</span>")
        #expect(RefusalWords.said("near", lead: "查询出错：", .en).markup == "near")
    }
}
