// The write forms in both languages (docs/web.md, "Languages"): every form page served in
// Chinese shows no English interface word and in English no Chinese outside the registry's data;
// the sign-in refusal is one text for an unknown name and a wrong password in each language; the
// validators' English problems have Chinese sentences on the Chinese page and stay English for
// the English page; `?lang=` on a form sets the cookie its POST is answered in.
import HTTPTypes
import HummingbirdTesting
import IPRegistry
import Testing
import WebPages

@testable import WebServer

@Suite struct WebFormLanguageTests {
    typealias Browser = WebSignInTests.Browser
    typealias Reply = WebSignInTests.Reply

    // MARK: The helper: what a page says, its data taken out

    /// Every text the registry holds that a page may show as data: centers' fields, statistics'
    /// sources, the reference names. Longest first, so that a name is removed before its parts.
    static func dataValues(_ registry: TestRegistry) throws -> [String] {
        var values: Set<String> = []
        try Registry.open(path: registry.path, readOnly: true).read { db in
            try CenterRepository(db).list(CenterFilter()) { stored in
                for field in CenterField.allCases {
                    if let text = stored.center.text(of: field) { values.insert(text) }
                }
                for statistic in try StatisticsRepository(db).statistics(centerID: stored.id) {
                    if let source = statistic.source { values.insert(source) }
                }
            }
            let reference = ReferenceRepository(db)
            for division in try reference.divisions() {
                values.insert(division.code)
                values.insert(division.name)
                if let english = division.nameEnglish { values.insert(english) }
            }
            for list in [CodeList.industries, .services] {
                for entry in try reference.entries(list) {
                    values.insert(entry.code)
                    values.insert(entry.name)
                    if let english = entry.nameEnglish { values.insert(english) }
                }
            }
        }
        return values.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    /// What a reader reads of a page: its signed-in part and `<main>`, without the keys
    /// (`<span class="key">`: the CSV columns, codes kept on purpose) and `<code>`.
    static let reading = InterfaceLanguage.Reading(
        parts: [.signedIn, .main], removed: [("<span class=\"key\">", "</span>"), ("<code>", "</code>")],
        ariaLabels: false)

    /// Latin words a Chinese page may show: formats, standards, names of file types and tools.
    static let latinAllowed: Set<String> = [
        "YYYY", "MM", "DD", "Qn", "CSV", "TSV", "Excel", "xlsx", "UTF", "GBK", "GB", "http", "https", "ipreg",
        "TISC", "Windows", "CSRF", "utf", "gb", "docs", "files", "md",
    ]

    /// A page as both checks see it: its `<html lang>`, then the words out of place.
    static func check(_ reply: Reply, _ language: Language, data: [String], _ name: String) {
        #expect(reply.body.contains("<html lang=\"\(language.tag)\">"), "\(name): lang")
        let text = InterfaceLanguage.text(of: reply.body, reading, data: data)
        switch language {
        case .zh:
            let english = InterfaceLanguage.latinWords(in: text, allowed: latinAllowed)
            #expect(english.isEmpty, "\(name) in Chinese: \(english)")
        case .en:
            let chinese = InterfaceLanguage.chineseRuns(inText: text)
            #expect(chinese.isEmpty, "\(name) in English: \(chinese)")
        }
    }

    @Test func theHelperFindsWordsOutOfPlace() {
        let page = "<main><h1>新增中心</h1><p>Add <span class=\"key\">name</span> 名称 YYYY</p></main>"
        let text = InterfaceLanguage.text(of: page, Self.reading, data: ["名称"])
        #expect(InterfaceLanguage.latinWords(in: text, allowed: Self.latinAllowed) == ["Add"])
        #expect(InterfaceLanguage.chineseRuns(inText: text) == ["新增中心"])
    }

    // MARK: Every form page, in each language

    /// Every form page as `tj` (an editor of Tianjin) sees it in `language`: new center, a
    /// refused add (422), edit, statistics, a refused statistic, upload, a refused upload, the
    /// upload's preview with a rejected row and a clean one, the 412 conflict page, the
    /// removal page, the sign-in page and its refusal.
    static func pages(_ registry: TestRegistry, _ language: Language) async throws -> [(String, Reply)] {
        try await WebSignInTests.run(registry) { browser in
            browser.acceptLanguage = language == .en ? "en-GB,en;q=0.9" : "zh-CN,zh;q=0.9,en;q=0.5"
            var pages: [(String, Reply)] = []
            pages.append(("sign-in", try await browser.send(.get, "/login")))
            pages.append(("sign-in refused", try await browser.signIn("tj", "not the password at all")))
            let csrf = try await WebFormRoutesTests.signedIn(browser, "tj")
            pages.append(("new center", try await browser.send(.get, "/centers/new")))
            pages.append(
                (
                    "refused add",
                    try await browser.send(
                        .post, "/centers/new",
                        form: [
                            ("csrf", csrf), ("code", "TJ BAD"), ("kind", "museum"), ("region_code", "120104"),
                            ("approved", "2999"), ("latitude", "95"), ("website", "ftp://x"),
                        ])
                ))
            pages.append(
                (
                    "taken code",
                    try await browser.send(.post, "/centers/new", form: [("csrf", csrf)] + WebFormRoutesTests.newCenter)
                ))
            pages.append(
                (
                    "taken code again",
                    try await browser.send(.post, "/centers/new", form: [("csrf", csrf)] + WebFormRoutesTests.newCenter)
                ))
            let edit = try await browser.send(.get, "/centers/PC-TJ/edit")
            pages.append(("edit", edit))
            let version = WebFormRoutesTests.hidden("version", in: edit.body) ?? ""
            let base: [(String, String)] = [
                ("csrf", csrf), ("version", version), ("code", "PC-TJ"), ("name", "中国（天津）知识产权保护中心"),
                ("kind", "protection"), ("region_code", "120000"),
            ]
            _ = try await browser.send(.post, "/centers/PC-TJ/edit", form: base + [("host", "one")])
            pages.append(
                ("conflict", try await browser.send(.post, "/centers/PC-TJ/edit", form: base + [("host", "two")])))
            pages.append(("statistics", try await browser.send(.get, "/centers/PC-TJ/statistics")))
            pages.append(
                (
                    "refused statistics",
                    try await browser.send(
                        .post, "/centers/PC-TJ/statistics",
                        form: [("csrf", csrf), ("period", "2023-Q5"), ("pretrial_cases", "-1")])
                ))
            pages.append(("remove", try await browser.send(.get, "/centers/PC-TJ/remove")))
            pages.append(("upload", try await browser.send(.get, "/upload")))
            pages.append(
                (
                    "refused upload",
                    try await WebFormRoutesTests.upload(
                        browser, WebFormRoutesTests.multipart([("csrf", csrf), ("encoding", "latin-1")], file: nil))
                ))
            let rejected = "code,name,kind,region_code\nTJ7,七号,museum,120101\nTJ8,八号,tisc,120101\n"
            pages.append(
                (
                    "preview with a rejected row",
                    try await WebFormRoutesTests.upload(
                        browser,
                        WebFormRoutesTests.multipart(
                            [("csrf", csrf), ("kind", "centers"), ("mode", "fail")], file: ("bad.csv", rejected)))
                ))
            let clean = "code,name,kind,region_code\nTJ9,九号,tisc,120101\nPC-TJ,中国（天津）知识产权保护中心,protection,120000\n"
            pages.append(
                (
                    "preview",
                    try await WebFormRoutesTests.upload(
                        browser,
                        WebFormRoutesTests.multipart(
                            [("csrf", csrf), ("kind", "centers"), ("mode", "upsert")], file: ("good.csv", clean)))
                ))
            return pages
        }
    }

    @Test(arguments: Language.allCases)
    func everyFormPageSpeaksOneLanguage(_ language: Language) async throws {
        let registry = try WebFormRoutesTests.registry()
        let pages = try await Self.pages(registry, language)
        // The data: the registry's, and what the pages were sent (codes, names, values typed).
        let data =
            try Self.dataValues(registry) + [
                "TJ BAD", "museum", "2999", "ftp://x", "2023-Q5", "-1", "latin-1", "bad.csv:2", "bad.csv", "good.csv",
                "七号", "八号", "九号", "中国（天津）知识产权保护中心", "TJ-NEW", "天津新中心", "new-materials", "PC-TJ", "TJ7", "TJ8", "TJ9",
                "one", "two", "tj",
                "protection, rapid-protection, operation, tisc",
            ]
        let statuses = pages.map { "\($0.0) \($0.1.status)" }
        #expect(
            statuses == [
                "sign-in 200", "sign-in refused 401", "new center 200", "refused add 422", "taken code 303",
                "taken code again 409", "edit 200", "conflict 412", "statistics 200", "refused statistics 422",
                "remove 200", "upload 200", "refused upload 422", "preview with a rejected row 200", "preview 200",
            ])
        for (name, reply) in pages where reply.status != 303 {
            Self.check(reply, language, data: data, name)
        }
        let byName = Dictionary(pages.map { ($0.0, $0.1.body) }, uniquingKeysWith: { first, _ in first })
        switch language {
        case .zh:
            #expect(byName["new center"]?.contains("已登录：<strong>tj</strong>（编辑）") == true)
            #expect(byName["new center"]?.contains(">技术与创新支持中心 (TISC)</option>") == true)
            #expect(byName["refused add"]?.contains("<title>错误：新增中心</title>") == true)
            #expect(byName["refused add"]?.contains("类型“museum”：须为以下之一") == true)
            #expect(byName["taken code again"]?.contains("中心编号 TJ-NEW 已存在") == true)
            #expect(byName["conflict"]?.contains("您和他人都改了：请选择") == true)
            #expect(byName["preview"]?.contains("将新增") == true)
        case .en:
            #expect(byName["new center"]?.contains("Signed in as <strong>tj</strong> (editor)") == true)
            #expect(byName["refused add"]?.contains("kind museum: must be one of") == true)
            #expect(byName["taken code again"]?.contains("already exists") == true)
            #expect(byName["conflict"]?.contains("changed by you and by someone else") == true)
        }
    }

    // MARK: Signing in

    @Test(arguments: [(Language.zh, "用户名或密码错误"), (.en, "wrong name or password")])
    func anUnknownNameAndAWrongPasswordGetTheSameTextInEachLanguage(
        _ language: Language, _ text: String
    )
        async throws
    {
        let registry = try WebSignInTests.registry()
        let (unknown, wrong) = try await WebSignInTests.run(registry) { browser in
            browser.acceptLanguage = nil
            let headers = [("Cookie", "lang=\(language.rawValue)")]
            return (
                try await browser.send(
                    .post, "/login", form: [("name", "nobody"), ("password", WebSignInTests.password)],
                    headers: headers),
                try await browser.send(
                    .post, "/login", form: [("name", "ada"), ("password", "not the password at all")],
                    headers: headers)
            )
        }
        #expect(unknown.status == 401 && wrong.status == 401)
        #expect(unknown.body == wrong.body)
        #expect(unknown.body.contains(text))
        #expect(unknown.body.contains("<html lang=\"\(language.tag)\">"))
    }

    @Test func theSignInRefusalsAndThe429PageSpeakThePagesLanguage() {
        let refusals = [
            SignInPage.wrongNameOrPassword, SignInPage.nameAndPasswordRequired, SignInPage.throttled(minutes: 15),
        ]
        for language in Language.allCases {
            for refusal in refusals {
                let page = String(decoding: SignInPage.html(error: refusal, language: language), as: UTF8.self)
                Self.check(Reply(status: 200, headers: HTTPFields(), body: page), language, data: [], refusal.en)
                #expect(page.contains("<p class=\"error\" role=\"alert\">\(refusal(language))</p>"))
            }
        }
        #expect(SignInPage.throttled(minutes: 15).zh.contains("15 分钟"))
    }

    @Test func aLanguageChosenOnAFormIsKeptForItsPost() async throws {
        let registry = try WebFormRoutesTests.registry()
        let (form, posted) = try await WebSignInTests.run(registry) { browser in
            browser.acceptLanguage = "zh-CN"
            let csrf = try await WebFormRoutesTests.signedIn(browser, "tj")
            let form = try await browser.send(.get, "/centers/new?lang=en")
            let cookie = form.header("Set-Cookie") ?? ""
            let posted = try await browser.send(
                .post, "/centers/new", form: [("csrf", csrf), ("code", "X")],
                headers: [("Cookie", "ipreg_session=\(browser.cookie ?? ""); \(cookie.prefix { $0 != ";" })")])
            return (form, posted)
        }
        #expect(form.header("Set-Cookie")?.hasPrefix("lang=en;") == true)
        #expect(form.body.contains("<html lang=\"en\">") && form.body.contains("Add a center"))
        #expect(posted.status == 422 && posted.body.contains("<html lang=\"en\">"), "\(posted.body.prefix(300))")
        #expect(posted.body.contains("is required"))
    }

    // MARK: The validators' words

    @Test func theValidatorsProblemsHaveChineseSentencesAndKeepTheirEnglish() {
        let cases: [(ValidationFailure, String)] = [
            (ValidationFailure(field: "name", value: "", rule: "is required"), "名称“”：必须填写"),
            (
                ValidationFailure(field: "kind", value: "museum", rule: "must be one of protection, tisc"),
                "类型“museum”：须为以下之一：protection, tisc"
            ),
            (
                ValidationFailure(field: "region_code", value: "990000", rule: "no such division"),
                "行政区划“990000”：没有这个行政区划"
            ),
            (
                ValidationFailure(field: "latitude", value: "95", rule: "must be between -90 and 90"),
                "纬度“95”：须在 -90 与 90 之间"
            ),
            (
                ValidationFailure(field: "period", value: "2023-Q5", rule: Period.rule),
                "统计期“2023-Q5”：须为统计期：YYYY、YYYY-Qn、YYYY-MM 或 YYYY-MM..YYYY-MM"
            ),
            (
                ValidationFailure(field: "opened", value: "2019", rule: "must not be before approved (2020)"),
                "启用时间“2019”：不得早于批准时间（2020）"
            ),
        ]
        for (failure, chinese) in cases {
            let problem = FormProblem(failure)
            #expect(problem.text(.zh) == chinese)
            #expect(problem.text(.en) == failure.description, "the English page and the API keep the English")
        }
        #expect(FormMessages.chinese("center TJ-1 already exists (as TJ-1)") == "中心编号 TJ-1 已存在（TJ-1）")
        #expect(
            FormMessages.chinese("changing center PC-BJ: division 110000 is outside your regions")
                == "行政区划 110000 不在您的管辖区域内，不能修改中心 PC-BJ")
        #expect(FormMessages.chinese("center X: no such center") == "没有编号为 X 的中心")
        // A problem of a kind not known here keeps its words after a Chinese sentence.
        #expect(FormMessages.chinese("something new") == "无法保存：something new")
    }

    @Test func choicesAreNamedInThePagesLanguage() {
        let choices = CenterFormChoices(
            divisions: [
                FormChoice(code: "120000", name: "天津市", nameEnglish: "Tianjin"),
                FormChoice(code: "120101", name: "和平区"),
            ],
            industries: [FormChoice(code: "new-materials", name: "新材料", nameEnglish: "New materials")],
            services: [FormChoice(code: "patent-pretrial", name: "专利预审", nameEnglish: "")])
        let english = Forms.center(
            CenterFormInput(mode: .add, values: .init(), choices: choices, csrf: "t", language: .en)
        ).markup
        let chinese = Forms.center(CenterFormInput(mode: .add, values: .init(), choices: choices, csrf: "t")).markup
        #expect(english.contains(">120000 Tianjin</option>") && english.contains(">120101 和平区</option>"))
        #expect(english.contains(">New materials <span class=\"key\">new-materials</span></label>"))
        #expect(
            english.contains(">专利预审 <span class=\"key\">patent-pretrial</span></label>"), "no English name: Chinese")
        #expect(chinese.contains(">120000 天津市</option>") && chinese.contains(">新材料 <span"))
        #expect(chinese.contains("<label for=\"field-name\">名称（必填） <span class=\"key\">name</span></label>"))
        #expect(english.contains("<label for=\"field-name\">Name (required) <span class=\"key\">name</span></label>"))
    }
}
