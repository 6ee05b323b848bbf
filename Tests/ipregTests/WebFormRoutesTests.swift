// The write forms served (docs/web.md): add, edit, remove, restore, statistics and the upload with
// its preview and confirmation, in process through HummingbirdTesting's router, signed in as an
// editor of Tianjin (120000), a viewer, or the admin; and the multipart body's parser.
import HTTPTypes
import HummingbirdTesting
import IPRegistry
import NIOCore
import Testing
import WebPages

@testable import WebServer

@Suite struct WebFormRoutesTests {
    typealias Browser = WebSignInTests.Browser

    /// The example centers, the admin `ada`, an editor `tj` of Tianjin and a viewer `vi`.
    static func registry() throws -> TestRegistry {
        let registry = try WebSignInTests.registry()
        guard let hashed = WebSignInTests.hashed else { throw WebSignInTests.TestFailure("cannot hash") }
        _ = try Registry.open(path: registry.path).write { db in
            let accounts = AccountRepository(db)
            _ = try accounts.add(name: "tj", role: .editor, regions: ["120000"], password: hashed)
            _ = try accounts.add(name: "vi", role: .viewer, regions: [], password: hashed)
        }
        return registry
    }

    /// Every center with its version: what a refused write must leave as it was.
    static func fingerprint(_ registry: TestRegistry) throws -> [String] { try fingerprint(path: registry.path) }

    static func fingerprint(path: String) throws -> [String] {
        try Registry.open(path: path, readOnly: true).read { db in
            var rows: [String] = []
            try CenterRepository(db).list(CenterFilter()) { stored in
                let version = try VersionedCenter.find(code: stored.center.code, in: db)?.version.text ?? ""
                rows.append("\(stored.center.code) \(version)")
            }
            return rows
        }
    }

    static func center(_ registry: TestRegistry, _ code: String) throws -> VersionedCenter? {
        try Registry.open(path: registry.path, readOnly: true).read { try VersionedCenter.find(code: code, in: $0) }
    }

    /// The value of the hidden field `name` in a page.
    static func hidden(_ name: String, in page: String) -> String? {
        guard let range = page.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }

    static func signedIn(_ browser: Browser, _ name: String) async throws -> String {
        let reply = try await browser.signIn(name)
        #expect(reply.status == 303, "sign-in of \(name)")
        return try await browser.csrf() ?? ""
    }

    static let newCenter: [(String, String)] = [
        ("code", "TJ-NEW"), ("name", "天津新中心"), ("kind", "tisc"), ("region_code", "120104"),
        ("industries", "new-materials"),
    ]

    // MARK: Centers

    @Test func theAdminsDivisionsAreGroupedByProvince() async throws {
        let registry = try Self.registry()
        let (zh, en) = try await WebSignInTests.run(registry) { browser in
            _ = try await Self.signedIn(browser, "ada")
            return (
                try await browser.send(.get, "/centers/new?lang=zh"),
                try await browser.send(.get, "/centers/new?lang=en")
            )
        }
        let provinces = try Registry.open(path: registry.path, readOnly: true).read { db in
            try ReferenceRepository(db).divisions().filter { $0.level == 1 }
        }
        let count = try Registry.open(path: registry.path, readOnly: true).read { db in
            try ReferenceRepository(db).divisions().count
        }
        #expect(zh.status == 200 && en.status == 200)
        let select = try #require(WebFormsTests.select("field-region_code", in: zh.body))
        // Every division still offered, once; a group per province, labelled with its name.
        #expect(select.matches(of: /<option value="\d{6}"/).count == count)
        let labels = select.matches(of: /<optgroup label="([^"]*)">/).map { String($0.output.1) }
        #expect(labels == provinces.map(\.name))
        // Each group holds its province's divisions only: Shijiazhuang's district among Hebei's.
        let hebei = try #require(select.firstRange(of: "<optgroup label=\"河北省\">"))
        let codes =
            select[hebei.upperBound...].split(separator: "</optgroup>").first?
            .matches(of: /<option value="(\d{6})"/).map { String($0.output.1) } ?? []
        #expect(codes.contains("130102") && codes.allSatisfy { $0.hasPrefix("13") })
        let english = try #require(WebFormsTests.select("field-region_code", in: en.body))
        #expect(english.contains("<optgroup label=\"\(provinces.first { $0.code == "130000" }?.nameEnglish ?? "?")\">"))
    }

    @Test func anEditorAddsACenterInItsRegionAndIsSentToIt() async throws {
        let registry = try Self.registry()
        let (form, added, page, invalid, taken) = try await WebSignInTests.run(registry) { browser in
            let csrf = try await Self.signedIn(browser, "tj")
            let form = try await browser.send(.get, "/centers/new")
            let added = try await browser.send(.post, "/centers/new", form: [("csrf", csrf)] + Self.newCenter)
            let page = try await browser.send(.get, "/centers/TJ-NEW")
            let invalid = try await browser.send(
                .post, "/centers/new", form: [("csrf", csrf), ("code", "TJ-BAD"), ("kind", "nonsense")])
            let taken = try await browser.send(.post, "/centers/new", form: [("csrf", csrf)] + Self.newCenter)
            return (form, added, page, invalid, taken)
        }
        #expect(form.status == 200 && form.body.contains("Add a center"))
        #expect(form.body.contains("value=\"120104\"") && !form.body.contains("value=\"110108\""))
        #expect(form.body.contains("Signed in as <strong>tj</strong>"))
        #expect(added.status == 303 && added.header("Location") == "/centers/TJ-NEW")
        #expect(page.status == 200 && page.body.contains("天津新中心"))
        let stored = try Self.center(registry, "TJ-NEW")
        #expect(stored?.stored.center.regionCode == "120104" && stored?.stored.center.industries == ["new-materials"])
        #expect(invalid.status == 422 && invalid.body.contains("name") && invalid.body.contains("kind"))
        #expect(invalid.body.contains("value=\"TJ-BAD\""), "the form comes back with what was typed")
        #expect(try Self.center(registry, "TJ-BAD") == nil)
        #expect(taken.status == 409 && taken.body.contains("already exists"))
        let history = try Registry.open(path: registry.path, readOnly: true).read {
            try CenterRepository($0).history(code: "TJ-NEW")
        }
        #expect(history.map(\.actor) == ["web:tj"], "the change is signed by the account")
    }

    @Test func anEditWithAnOldVersionIs412AndChangesNothing() async throws {
        let registry = try Self.registry()
        let (form, first, second) = try await WebSignInTests.run(registry) { browser in
            let csrf = try await Self.signedIn(browser, "tj")
            let form = try await browser.send(.get, "/centers/PC-TJ/edit")
            let version = Self.hidden("version", in: form.body) ?? ""
            let base: [(String, String)] = [
                ("csrf", csrf), ("version", version), ("code", "PC-TJ"), ("name", "中国（天津）知识产权保护中心"),
                ("kind", "protection"), ("region_code", "120000"), ("industries", "new-generation-it"),
            ]
            let first = try await browser.send(.post, "/centers/PC-TJ/edit", form: base + [("address", "天津市")])
            let second = try await browser.send(.post, "/centers/PC-TJ/edit", form: base + [("address", "别处")])
            return (form, first, second)
        }
        #expect(form.status == 200 && Self.hidden("version", in: form.body)?.count == 32)
        #expect(first.status == 303 && first.header("Location") == "/centers/PC-TJ")
        let after = try Self.center(registry, "PC-TJ")
        #expect(after?.stored.center.address == "天津市")
        #expect(after?.stored.center.industries == ["new-generation-it"], "an unticked box removes the industry")
        #expect(second.status == 412 && second.body.contains("天津市"))
        #expect(second.body.contains("when you opened the form"), "the opened version is found in the history")
        #expect(second.body.contains("changed by you and by someone else"))
        #expect(
            Self.hidden("version", in: second.body) == after?.version.text, "the conflict page carries the version now")
        #expect(try Self.center(registry, "PC-TJ") == after, "the stale edit changed nothing")
    }

    @Test func anotherRegionsCenterIsRefused403AndUnchanged() async throws {
        let registry = try Self.registry()
        let before = try Self.fingerprint(registry)
        let bjVersion = try Self.center(registry, "PC-BJ")?.version.text ?? ""
        let tjVersion = try Self.center(registry, "PC-TJ")?.version.text ?? ""
        let replies = try await WebSignInTests.run(registry) { browser in
            let csrf = try await Self.signedIn(browser, "tj")
            return [
                try await browser.send(.get, "/centers/PC-BJ/edit"),
                try await browser.send(
                    .post, "/centers/PC-BJ/edit",
                    form: [("csrf", csrf), ("version", bjVersion), ("name", "改名"), ("code", "PC-BJ")]),
                try await browser.send(.post, "/centers/PC-BJ/remove", form: [("csrf", csrf), ("version", bjVersion)]),
                try await browser.send(
                    .post, "/centers/PC-BJ/statistics",
                    form: [("csrf", csrf), ("period", "2024"), ("pretrial_cases", "3")]),
                // Moving a Tianjin center to a Beijing division.
                try await browser.send(
                    .post, "/centers/PC-TJ/edit",
                    form: [
                        ("csrf", csrf), ("version", tjVersion), ("code", "PC-TJ"), ("name", "中国（天津）知识产权保护中心"),
                        ("kind", "protection"), ("region_code", "110108"),
                    ]),
            ]
        }
        for reply in replies {
            #expect(reply.status == 403, "\(reply.body)")
            #expect(reply.body.contains("outside your regions"))
        }
        #expect(try Self.fingerprint(registry) == before)
    }

    @Test func removeRestoreAndStatisticsInTheRegion() async throws {
        let registry = try Self.registry()
        let version = try Self.center(registry, "TISC-TJU")?.version.text ?? ""
        let (confirm, removed, restored, statsForm, stats, badStats) = try await WebSignInTests.run(registry) {
            browser in
            let csrf = try await Self.signedIn(browser, "tj")
            let confirm = try await browser.send(.get, "/centers/TISC-TJU/remove")
            let removed = try await browser.send(
                .post, "/centers/TISC-TJU/remove", form: [("csrf", csrf), ("version", version)])
            let restored = try await browser.send(.post, "/centers/TISC-TJU/restore", form: [("csrf", csrf)])
            let statsForm = try await browser.send(.get, "/centers/TISC-TJU/statistics")
            let stats = try await browser.send(
                .post, "/centers/TISC-TJU/statistics",
                form: [("csrf", csrf), ("period", "2024"), ("pretrial_cases", "7"), ("protection_cases", "")])
            let badStats = try await browser.send(
                .post, "/centers/TISC-TJU/statistics", form: [("csrf", csrf), ("period", "someday")])
            return (confirm, removed, restored, statsForm, stats, badStats)
        }
        #expect(confirm.status == 200 && Self.hidden("version", in: confirm.body) == version)
        #expect(removed.status == 303)
        #expect(restored.status == 303 && restored.header("Location") == "/centers/TISC-TJU")
        #expect(statsForm.status == 200)
        #expect(stats.status == 303)
        let statistics = try Registry.open(path: registry.path, readOnly: true).read { db in
            try StatisticsRepository(db).statistics(centerID: try CenterRepository(db).require(code: "TISC-TJU").id)
        }
        #expect(statistics.count == 1 && statistics.first?.pretrialCases == 7)
        #expect(badStats.status == 422 && badStats.body.contains("period"))
    }

    @Test func formPostsNeedTheCSRFTokenAndAWriter() async throws {
        let registry = try Self.registry()
        let before = try Self.fingerprint(registry)
        let version = try Self.center(registry, "PC-TJ")?.version.text ?? ""
        let (noToken, viewerReplies, viewerForm) = try await WebSignInTests.run(registry) { browser in
            let csrf = try await Self.signedIn(browser, "tj")
            let noToken = try await browser.send(.post, "/centers/new", form: Self.newCenter)
            _ = try await browser.send(.post, "/logout", form: [("csrf", csrf)])
            let viewerCSRF = try await Self.signedIn(browser, "vi")
            var replies: [WebSignInTests.Reply] = []
            for (path, form) in [
                ("/centers/new", Self.newCenter), ("/centers/PC-TJ/edit", [("version", version), ("name", "x")]),
                ("/centers/PC-TJ/remove", [("version", version)]), ("/centers/PC-TJ/restore", []),
                ("/centers/PC-TJ/statistics", [("period", "2024"), ("pretrial_cases", "1")]),
                ("/upload/confirm", [("upload", "00000000000000000000000000000000")]),
            ] {
                replies.append(try await browser.send(.post, path, form: [("csrf", viewerCSRF)] + form))
            }
            let viewerForm = try await browser.send(.get, "/centers/new")
            return (noToken, replies, viewerForm)
        }
        #expect(noToken.status == 403 && noToken.body.contains("CSRF"))
        for reply in viewerReplies { #expect(reply.status == 403, "\(reply.body)") }
        #expect(viewerForm.status == 403)
        #expect(try Self.fingerprint(registry) == before)
    }

    @Test func anonymousFormsGoToSignIn() async throws {
        let registry = try Self.registry()
        let (form, post) = try await WebSignInTests.run(registry) { browser in
            (
                try await browser.send(.get, "/centers/new"),
                try await browser.send(.post, "/centers/new", form: Self.newCenter)
            )
        }
        #expect(form.status == 303 && form.header("Location") == "/login?next=%2Fcenters%2Fnew")
        #expect(post.status == 403)
    }

    @Test func pagesForASignedInUserNameItAndOfferTheFormsItMayUse() async throws {
        let registry = try Self.registry()
        let version = try Self.center(registry, "PC-TJ")?.version.text ?? ""
        let (anonymous, tianjin, beijing, list) = try await WebSignInTests.run(registry) { browser in
            let anonymous = try await browser.send(.get, "/centers/PC-TJ")
            _ = try await Self.signedIn(browser, "tj")
            return (
                anonymous, try await browser.send(.get, "/centers/PC-TJ"),
                try await browser.send(.get, "/centers/PC-BJ"),
                try await browser.send(.get, "/centers")
            )
        }
        #expect(!anonymous.body.contains("Signed in as") && !anonymous.body.contains("/edit\""))
        #expect(tianjin.body.contains("Signed in as <strong>tj</strong>"))
        #expect(tianjin.body.contains("href=\"/centers/PC-TJ/edit\"") && tianjin.body.contains("value=\"\(version)\""))
        #expect(beijing.body.contains("Signed in as") && !beijing.body.contains("/centers/PC-BJ/edit"))
        #expect(list.body.contains("Signed in as <strong>tj</strong>"))
    }

    // MARK: Upload

    static let boundary = "----ipregTestBoundary7MA4YWxkTrZu0gW"

    static func multipart(_ fields: [(String, String)], file: (name: String, text: String)?) -> [UInt8] {
        var body = ""
        for (name, value) in fields {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        if let file {
            body +=
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\n"
                + "Content-Type: text/csv\r\n\r\n\(file.text)\r\n"
        }
        return Array((body + "--\(boundary)--\r\n").utf8)
    }

    static func upload(_ browser: Browser, _ body: [UInt8]) async throws -> WebSignInTests.Reply {
        var headers = HTTPFields()
        if let cookie = browser.cookie { headers[.cookie] = "ipreg_session=\(cookie)" }
        if let language = browser.acceptLanguage { headers[HTTPField.Name("Accept-Language")!] = language }
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        let response = try await browser.client.execute(
            uri: "/upload", method: .post, headers: headers, body: ByteBuffer(bytes: body))
        return WebSignInTests.Reply(
            status: response.status.code, headers: response.headers, body: String(buffer: response.body))
    }

    @Test func anUploadIsPreviewedWithoutWritingAndConfirmedInOneGo() async throws {
        let registry = try Self.registry()
        let file = "code,name,kind,region_code\nTJ2,二号,tisc,120101\nTJ3,三号,protection,120116\n"
        let before = try Self.fingerprint(registry)
        let path = registry.path
        let (form, preview, afterPreview, stolen, confirmed, again) = try await WebSignInTests.run(registry) {
            browser in
            let csrf = try await Self.signedIn(browser, "tj")
            let form = try await browser.send(.get, "/upload")
            let preview = try await Self.upload(
                browser, Self.multipart([("csrf", csrf), ("kind", "centers"), ("mode", "fail")], file: ("b.csv", file)))
            let id = Self.hidden("upload", in: preview.body) ?? ""
            let afterPreview = try Self.fingerprint(path: path)
            // Another session cannot confirm it.
            let other = Browser(browser.client)
            let otherCSRF = try await Self.signedIn(other, "ada")
            let stolen = try await other.send(.post, "/upload/confirm", form: [("csrf", otherCSRF), ("upload", id)])
            let confirmed = try await browser.send(.post, "/upload/confirm", form: [("csrf", csrf), ("upload", id)])
            let again = try await browser.send(.post, "/upload/confirm", form: [("csrf", csrf), ("upload", id)])
            return (form, preview, afterPreview, stolen, confirmed, again)
        }
        #expect(form.status == 200 && form.body.contains("multipart/form-data"))
        #expect(preview.status == 200, "\(preview.body)")
        #expect(Self.hidden("upload", in: preview.body)?.count == 32)
        #expect(afterPreview == before, "a preview writes nothing")
        #expect(stolen.status == 404)
        #expect(confirmed.status == 200 && confirmed.body.contains("inserted 2"), "\(confirmed.body)")
        #expect(try Self.center(registry, "TJ2") != nil && Self.center(registry, "TJ3") != nil)
        #expect(again.status == 404, "an upload is confirmed once")
    }

    @Test func aPreviewNamesTheCentersItWouldAddAndChangeWithTheirFields() async throws {
        let registry = try Self.registry()
        let file = "code,name,kind,region_code\nPC-TJ,天津新名,protection,120000\nTJ4,四号,tisc,120101\n"
        let before = try Self.fingerprint(registry)
        let preview = try await WebSignInTests.run(registry) { browser in
            let csrf = try await Self.signedIn(browser, "tj")
            return try await Self.upload(
                browser,
                Self.multipart([("csrf", csrf), ("kind", "centers"), ("mode", "upsert")], file: ("b.csv", file)))
        }
        #expect(preview.status == 200, "\(preview.body)")
        let added = try #require(preview.body.firstRange(of: "Would be added")).upperBound
        let changed = try #require(preview.body.firstRange(of: "Would change")).upperBound
        #expect(added < changed)
        // An upsert replaces the whole record: the file has no industries or services, so they go too.
        let addedPart = preview.body[added..<changed]
        let changedPart = preview.body[changed...]
        #expect(addedPart.contains("TJ4") && addedPart.contains("四号") && !addedPart.contains("PC-TJ"))
        #expect(changedPart.contains("PC-TJ"))
        #expect(changedPart.contains("<td>name, industries, services</td>"), "\(changedPart.prefix(600))")
        #expect(try Self.fingerprint(registry) == before, "a preview writes nothing")
    }

    @Test func aBatchWithARowOutsideTheRegionIsRefusedWhole() async throws {
        let registry = try Self.registry()
        let file = "code,name,kind,region_code\nTJ2,二号,tisc,120101\nBJ2,北京二号,tisc,110105\n"
        let before = try Self.fingerprint(registry)
        let (refused, noToken, wrongToken, malformed) = try await WebSignInTests.run(registry) { browser in
            let csrf = try await Self.signedIn(browser, "tj")
            let refused = try await Self.upload(
                browser, Self.multipart([("csrf", csrf), ("kind", "centers")], file: ("b.csv", file)))
            let noToken = try await Self.upload(browser, Self.multipart([("kind", "centers")], file: ("b.csv", file)))
            let wrongToken = try await Self.upload(
                browser, Self.multipart([("csrf", "nope"), ("kind", "centers")], file: ("b.csv", file)))
            let malformed = try await Self.upload(browser, Array("--\(Self.boundary)\r\nno end".utf8))
            return (refused, noToken, wrongToken, malformed)
        }
        #expect(refused.status == 403 && refused.body.contains("BJ2") && refused.body.contains("b.csv:3"))
        #expect(noToken.status == 403 && noToken.body.contains("CSRF"))
        #expect(wrongToken.status == 403)
        #expect(malformed.status == 400)
        #expect(try Self.fingerprint(registry) == before)
    }

    @Test func aFileOverTheUploadLimitIs413AndAnInvalidBatchCannotBeConfirmed() async throws {
        let registry = try Self.registry()
        let before = try Self.fingerprint(registry)
        let big = "code,name,kind,region_code\n" + String(repeating: "TJ9,九号,tisc,120101\n", count: 40)
        let invalid = "code,name,kind,region_code\nTJ8,八号,museum,120101\n"
        let (tooLarge, preview) = try await WebSignInTests.run(registry, configure: { $0.maxUploadBytes = 500 }) {
            browser in
            let csrf = try await Self.signedIn(browser, "tj")
            let tooLarge = try await Self.upload(
                browser, Self.multipart([("csrf", csrf), ("kind", "centers")], file: ("big.csv", big)))
            let preview = try await Self.upload(
                browser, Self.multipart([("csrf", csrf), ("kind", "centers")], file: ("bad.csv", invalid)))
            return (tooLarge, preview)
        }
        #expect(tooLarge.status == 413)
        #expect(preview.status == 200 && preview.body.contains("bad.csv:2") && preview.body.contains("museum"))
        #expect(Self.hidden("upload", in: preview.body) == nil, "a batch with rejected rows offers no confirmation")
        #expect(try Self.fingerprint(registry) == before)
    }

    // MARK: The multipart parser

    @Test func multipartBodiesAreReadStrictly() throws {
        let good = Self.multipart([("csrf", "abc"), ("kind", "centers")], file: ("dir/b;c.csv", "a,b\r\n1,2\r\n"))
        let form = try MultipartForm(body: good, boundary: Self.boundary)
        #expect(form["csrf"]?.text == "abc" && form["kind"]?.text == "centers")
        #expect(form["file"]?.fileName == "dir/b;c.csv" && form["file"]?.text == "a,b\r\n1,2\r\n")
        #expect(MultipartForm.boundary(ofContentType: "multipart/form-data; boundary=\"x y\"") == "x y")
        #expect(MultipartForm.boundary(ofContentType: "multipart/form-data") == nil)
        #expect(MultipartForm.boundary(ofContentType: "text/plain; boundary=x") == nil)
        #expect(
            MultipartForm.boundary(ofContentType: "multipart/form-data; boundary=" + String(repeating: "x", count: 71))
                == nil)
        #expect(FormRoutes.fileName("C:\\Users\\x\\b.tsv") == "b.tsv" && FormRoutes.fileName(nil) == "upload")
        let b = Self.boundary
        let malformed: [String] = [
            "",
            "no boundary at all",
            "--\(b)\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue",
            "--\(b)\r\nContent-Disposition: form-data; name=\"a\"\r\nvalue without a blank line",
            "--\(b)\r\n\r\nno headers\r\n--\(b)--",
            "--\(b)\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--\(b)--",
            "--\(b)\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--\(b)--",
            "--\(b)\r\nX-Other: 1\r\n\r\nx\r\n--\(b)--",
            "--\(b)garbage\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--\(b)--",
            "--\(b)\r\nContent-Disposition: form-data; name=\"a\"" + String(repeating: "x", count: 9000)
                + "\r\n\r\nx\r\n--\(b)--",
            String(repeating: "--\(b)\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n", count: 40)
                + "--\(b)--",
        ]
        for body in malformed {
            #expect(throws: MultipartForm.Malformed.self, "\(body.prefix(80))") {
                try MultipartForm(body: Array(body.utf8), boundary: b)
            }
        }
    }
}
