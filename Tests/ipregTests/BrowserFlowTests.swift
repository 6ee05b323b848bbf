// An office's day in a real browser, driven by Selenium: Scripts/browser-flow.py signs in to
// `ipreg serve` as Tianjin's editor, edits a Tianjin center, is refused a Beijing one, uploads a
// batch (preview, then confirm) and signs out, printing what it saw; this test checks that and
// what the registry holds afterwards. Skips, saying what is missing, without python3's selenium,
// chromium or chromium-driver (Scripts/setup-system installs all three).
import Foundation
import Testing

enum SeleniumBrowser {
    static let driver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Whether python3 can import selenium and axe-selenium-python.
    static let seleniumAvailable: Bool = {
        guard let python = Workbooks.python, let folder = try? TemporaryDirectory(),
            let outcome = try? Spawned(
                ["-c", "import selenium, axe_selenium_python"], executable: python, outputFolder: folder.url
            ).wait(timeout: 60)
        else { return false }
        return outcome.status == 0
    }()

    /// What the flow lacks on this machine, or nil when it can run.
    static let missing: String? = {
        var missing: [String] = []
        if Workbooks.python == nil { missing.append("python3") }
        if !seleniumAvailable { missing.append("python3's selenium and axe-selenium-python (PyPI)") }
        if Browser.path == nil { missing.append("chromium") }
        if driver == nil { missing.append("chromium-driver") }
        guard !missing.isEmpty else { return nil }
        return "the Selenium browser flow needs \(missing.joined(separator: ", ")) (Scripts/setup-system installs them)"
    }()
}

@Suite(.enabled(if: SeleniumBrowser.missing == nil, Comment(rawValue: SeleniumBrowser.missing ?? "")))
struct BrowserFlowTests {
    static let password = "Tianjin office password"

    @Test func anEditorSignsInEditsTheirRegionIsRefusedAnotherUploadsABatchAndSignsOut() throws {
        let registry = try CenterSupport.registry()
        let added = try registry.run(
            ["user", "add", "tianjin", "--role", "editor", "--region", "120000", "--password-stdin"],
            stdin: Self.password + "\n")
        #expect(added.status == 0, "\(added.stderr)")
        let beijingBefore = try CenterSupport.shown(registry, "PC-BJ")
        let server = try ServeTests.server(registry)
        let folder = try TemporaryDirectory()
        let batch = try folder.write(
            "batch.csv",
            "code,name,kind,region_code\nSEL-TJ-1,浏览器上传中心一,tisc,120101\nSEL-TJ-2,浏览器上传中心二,operation,120000\n")
        // Markup in the notes must come back as text.
        let notes = "改于浏览器: <b>bold?</b> & \"quoted\""
        let python = try #require(Workbooks.python)
        let outcome = try Spawned(
            [
                Workbooks.scripts.appendingPathComponent("browser-flow.py").path, "http://127.0.0.1:\(server.port)",
                registry.path, "tianjin", Self.password, "PC-TJ", "PC-BJ", notes, batch, "SEL-TJ-1", "SEL-TJ-2",
            ], executable: python, outputFolder: folder.url
        ).wait(timeout: 240)
        #expect(outcome.status == 0, "\(outcome)")
        let seen = try #require(
            try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any], "\(outcome.stdout)")

        // Signed in.
        #expect(seen["login_status"] as? Int == 200)
        #expect(seen["signed_in"] as? Bool == true, "\(seen)")

        // The edit of a Tianjin center, shown on its page and kept in the registry, signed.
        #expect(seen["own_edit_status"] as? Int == 200)
        #expect(seen["own_saved_status"] as? Int == 200, "\(seen)")
        #expect(seen["own_page_shows_notes"] as? Bool == true, "\(seen)")
        #expect(try CenterSupport.shown(registry, "PC-TJ")["notes"] as? String == notes)
        let history = try #require(try registry.json(["center", "history", "PC-TJ"]) as? [[String: Any]])
        #expect(history.first?["actor"] as? String == "web:tianjin", "\(history)")

        // Beijing's center: 403, and unchanged.
        #expect(seen["other_refused_status"] as? Int == 403, "\(seen)")
        #expect(CenterSupport.same(try CenterSupport.shown(registry, "PC-BJ"), beijingBefore))
        let audit = try #require(try registry.json(["audit"]) as? [[String: Any]])
        #expect(
            audit.contains { $0["actor"] as? String == "web:tianjin" && $0["status"] as? Int == 403 }, "\(audit)")

        // The upload: a preview that adds two, nothing written before the confirmation, both after.
        #expect(seen["preview_status"] as? Int == 200, "\(seen)")
        let counts = try #require(seen["preview_counts"] as? [String: String], "\(seen)")
        #expect(counts["would be added"] == "2" && counts["rejected"] == "0", "\(counts)")
        #expect(seen["preview_lists_new_codes"] as? Bool == true, "the preview names the centers it would add")
        #expect(seen["written_before_confirm"] as? Int == 0)
        #expect(seen["confirmed_status"] as? Int == 200, "\(seen)")
        #expect(seen["written_after_confirm"] as? Int == 2)
        let pages = try #require(seen["new_pages"] as? [String: [String: Any]])
        for code in ["SEL-TJ-1", "SEL-TJ-2"] {
            #expect(pages[code]?["status"] as? Int == 200 && pages[code]?["shows_code"] as? Bool == true, "\(code)")
        }
        #expect(try CenterSupport.shown(registry, "SEL-TJ-1")["name"] as? String == "浏览器上传中心一")
        let uploaded = try #require(try registry.json(["center", "history", "SEL-TJ-2"]) as? [[String: Any]])
        #expect(uploaded.first?["actor"] as? String == "web:tianjin", "\(uploaded)")

        // Signed out: the edit form is closed to the browser again.
        #expect(seen["signed_in_after_sign_out"] as? Bool == false, "\(seen)")
        #expect(seen["edit_form_after_sign_out"] as? Bool == false, "\(seen)")

        // axe-core finds nothing wrong on the pages with forms.
        let violations = try #require(seen["accessibility"] as? [String: [String]])
        #expect(Set(violations.keys) == ["login", "edit", "upload", "preview"])
        #expect(violations.values.allSatisfy { $0.isEmpty }, "\(violations)")
    }
}

/// Under `Referrer-Policy: no-referrer` a browser posts a form with `Origin: null`, which the
/// server's origin check refuses: a page that posts forms asks for `same-origin` in a `<meta>`,
/// while every answer keeps the header (docs/web.md, Headers).
@Suite struct FormReferrerTests {
    static let meta = "<meta name=\"referrer\" content=\"same-origin\">"

    @Test func theSignInPageLetsTheBrowserNameItsOriginAndOtherPagesDoNot() throws {
        let registry = try CenterSupport.registry()
        let server = try ServeTests.server(registry)
        let login = try server.get("/login")
        #expect(login.status == 200)
        #expect(login.body.contains(Self.meta), "\(login.body.prefix(600))")
        #expect(login.header("Referrer-Policy") == "no-referrer")
        for target in ["/", "/centers", "/centers/PC-TJ"] {
            let page = try server.get(target)
            #expect(page.status == 200 && !page.body.contains("name=\"referrer\""), "\(target)")
        }
    }
}
