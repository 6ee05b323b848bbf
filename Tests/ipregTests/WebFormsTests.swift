// The write forms' HTML (issue 21): every value and message escaped, check boxes ticked for what
// a center has, divisions limited to those given, the hidden CSRF token and version, a label for
// every control, problems at the top and beside their fields, the stale edit's page, the upload
// and its preview, and the signed-in parts left off the pages an anonymous reader gets.
import IPRegistry
import Testing
import WebPages

@Suite struct WebFormsTests {
    /// A value that would be markup if it were not escaped, different per field.
    static func hostile(_ name: String) -> String { "<script>alert('\(name)')</script> & \"\(name)\"" }
    static func escaped(_ text: String) -> String { HTML(text: text).markup }

    static let choices = CenterFormChoices(
        divisions: [FormChoice(code: "110000", name: "北京市"), FormChoice(code: "110101", name: "东城区")],
        industries: [
            FormChoice(code: "a-industry", name: "A"), FormChoice(code: "b-industry", name: "B"),
            FormChoice(code: "c-industry", name: "C"),
        ],
        services: [FormChoice(code: "x-service", name: "X"), FormChoice(code: "y-service", name: "Y")])

    static let user = SignedInUser(name: "tianjin", role: .editor, csrf: "token-1")

    /// Every non-hidden control of `markup` without an id, or whose id no `<label for>` names.
    static func unlabelledControls(_ markup: String) -> [String] {
        var unlabelled: [String] = []
        for match in markup.matches(of: /<(input|select|textarea)\b[^>]*>/) {
            let tag = String(match.output.0)
            if tag.contains("type=\"hidden\"") { continue }
            guard let id = tag.firstMatch(of: /\bid="([^"]*)"/)?.output.1,
                markup.contains("<label for=\"\(id)\"")
            else {
                unlabelled.append(tag)
                continue
            }
        }
        return unlabelled
    }

    /// The markup of the `<select>` whose id is `id`.
    static func select(_ id: String, in markup: String) -> Substring? {
        guard let start = markup.range(of: "<select id=\"\(id)\"") else { return nil }
        guard let end = markup[start.upperBound...].range(of: "</select>") else { return nil }
        return markup[start.lowerBound..<end.upperBound]
    }

    // MARK: The center form

    @Test func everyFieldValueAndMessageOfTheCenterFormIsEscaped() {
        var text: [CenterField: String] = [:]
        for field in CenterField.allCases { text[field] = Self.hostile(field.column) }
        let values = CenterFormValues(text: text, industries: [Self.hostile("industry")], services: [])
        let problems = CenterField.allCases.map {
            FormProblem(field: $0.column, message: Self.hostile("m-\($0.column)"))
        }
        let hostileChoices = CenterFormChoices(
            divisions: [FormChoice(code: Self.hostile("division-code"), name: Self.hostile("division"))],
            industries: [FormChoice(code: Self.hostile("industry"), name: Self.hostile("industry-name"))],
            services: [FormChoice(code: Self.hostile("service"), name: Self.hostile("service-name"))])
        let page = Forms.center(
            CenterFormInput(
                mode: .edit(code: Self.hostile("code-in-path"), version: Self.hostile("version")), values: values,
                choices: hostileChoices, csrf: Self.hostile("csrf"), problems: problems,
                signedIn: SignedInUser(name: Self.hostile("user"), role: .admin, csrf: Self.hostile("csrf"))
            )
        ).markup
        #expect(!page.contains("<script"))
        #expect(!page.contains("'"))
        let selects: Set<CenterField> = [.kind, .status, .regionCode, .industries, .services]
        for field in CenterField.allCases where !selects.contains(field) {
            #expect(page.contains(Self.escaped(Self.hostile(field.column))), "value of \(field.column)")
        }
        // A choice's value that is not among the choices is not offered.
        for field in [CenterField.kind, .status, .regionCode] {
            #expect(!page.contains(Self.escaped(Self.hostile(field.column)) + "\""), "\(field.column)")
        }
        for field in CenterField.allCases {
            // Once in the summary, once beside the field.
            #expect(page.components(separatedBy: Self.escaped(Self.hostile("m-\(field.column)"))).count == 3)
        }
        for name in ["division", "division-code", "industry", "industry-name", "service-name", "version", "user"] {
            #expect(page.contains(Self.escaped(Self.hostile(name))), "\(name)")
        }
        #expect(page.contains("value=\"\(Self.escaped(Self.hostile("csrf")))\""))
    }

    @Test func theCenterFormTicksTheCentersIndustriesAndServices() {
        let center = Center(
            code: "PC-1", name: "中心", kind: .tisc, regionCode: "110101", industries: ["c-industry", "a-industry"],
            services: ["y-service"])
        let page = Forms.center(
            CenterFormInput(
                mode: .edit(code: "PC-1", version: "v1"), values: CenterFormValues(center: center),
                choices: Self.choices, csrf: "t", language: .en)
        ).markup
        #expect(page.contains("name=\"industries\" value=\"a-industry\" checked>"))
        #expect(page.contains("name=\"industries\" value=\"b-industry\">"))
        #expect(page.contains("name=\"industries\" value=\"c-industry\" checked>"))
        #expect(page.contains("name=\"services\" value=\"x-service\">"))
        #expect(page.contains("name=\"services\" value=\"y-service\" checked>"))
        // The groups are fieldsets with a legend.
        #expect(page.contains("<fieldset class=\"choices\" id=\"field-industries\""))
        #expect(page.contains("<legend>Industries <span class=\"key\">industries</span></legend>"))
        // Kind and status are selects holding the center's, named in the page's language.
        #expect(
            page.contains("<option value=\"tisc\" selected>Technology and innovation support center (TISC)</option>"))
        #expect(page.contains("<option value=\"operating\" selected>Operating</option>"))
        #expect(page.contains("<option value=\"110101\" selected>110101 东城区</option>"))
    }

    @Test func theDivisionIsAChoiceOfTheGivenDivisionsOnly() throws {
        var values = CenterFormValues()
        values.text[.regionCode] = "130100"
        let page = Forms.center(CenterFormInput(mode: .add, values: values, choices: Self.choices, csrf: "t")).markup
        let select = try #require(Self.select("field-region_code", in: page))
        let options = select.matches(of: /<option value="([^"]*)"/).map { String($0.output.1) }
        #expect(options == ["", "110000", "110101"])
        #expect(!page.contains("130100\""))
    }

    @Test func theDivisionsAreGroupedByTheirProvince() throws {
        // An editor of Shijiazhuang: Hebei itself is no choice, but names the group.
        let choices = CenterFormChoices(
            divisions: [
                FormChoice(code: "110000", name: "北京市", nameEnglish: "Beijing"),
                FormChoice(code: "110101", name: "东城区"), FormChoice(code: "130100", name: "石家庄市"),
                FormChoice(code: "130102", name: "长安区"), FormChoice(code: "990101", name: "无省"),
            ],
            industries: [], services: [],
            provinces: [FormChoice(code: "130000", name: "河北省", nameEnglish: "Hebei Province")])
        var values = CenterFormValues()
        values.text[.regionCode] = "130102"
        for (language, beijing, hebei) in [(Language.zh, "北京市", "河北省"), (.en, "Beijing", "Hebei Province")] {
            let page = Forms.center(
                CenterFormInput(mode: .add, values: values, choices: choices, csrf: "t", language: language)
            ).markup
            let select = try #require(Self.select("field-region_code", in: page))
            let expected =
                "<optgroup label=\"\(beijing)\"><option value=\"110000\">110000 \(beijing)</option>"
                + "<option value=\"110101\">110101 东城区</option></optgroup>"
                + "<optgroup label=\"\(hebei)\"><option value=\"130100\">130100 石家庄市</option>"
                + "<option value=\"130102\" selected>130102 长安区</option></optgroup>"
                + "<option value=\"990101\">990101 无省</option></select>"
            #expect(select.hasSuffix(expected), "\(language): \(select)")
        }
    }

    @Test func theCenterFormCarriesTheTokenAndTheVersionAndPostsWhereItShould() {
        let add = Forms.center(CenterFormInput(mode: .add, values: .init(), choices: Self.choices, csrf: "tok")).markup
        #expect(add.contains("<input type=\"hidden\" name=\"csrf\" value=\"tok\">"))
        #expect(!add.contains("name=\"version\""))
        #expect(
            add.contains(
                "<form class=\"record\" method=\"post\" action=\"/centers/new\" enctype=\"application/x-www-form-urlencoded\""
            ))
        let edit = Forms.center(
            CenterFormInput(
                mode: .edit(code: "PC BJ", version: "\"7\""), values: .init(), choices: Self.choices, csrf: "tok")
        ).markup
        #expect(edit.contains("<input type=\"hidden\" name=\"csrf\" value=\"tok\">"))
        #expect(edit.contains("<input type=\"hidden\" name=\"version\" value=\"&quot;7&quot;\">"))
        #expect(edit.contains("method=\"post\" action=\"/centers/PC%20BJ/edit\""))
        // Nothing from another host, and no script.
        #expect(!edit.contains("http://") && !edit.contains("https://") && !edit.contains("<script"))
    }

    @Test func everyControlOfEveryFormHasALabel() {
        let problems = [FormProblem(field: "name", message: "name \"\": is required")]
        let pages = [
            Forms.center(
                CenterFormInput(mode: .add, values: .init(), choices: Self.choices, csrf: "t", problems: problems)),
            Forms.center(
                CenterFormInput(
                    mode: .edit(code: "C", version: "1"), values: .init(), choices: Self.choices, csrf: "t",
                    signedIn: Self.user)),
            Forms.centerConflict(
                CenterConflict(
                    code: "C", submitted: .init(), opened: .init(), current: .init(), currentVersion: "2",
                    choices: Self.choices, csrf: "t")),
            Forms.centerRemovalPage(CenterRemovalInput(action: .remove, code: "C", name: "n", version: "1", csrf: "t")),
            Forms.statistics(StatisticsFormInput(code: "C", centerName: "n", csrf: "t", problems: problems)),
            Forms.upload(UploadFormInput(csrf: "t", mayImportFigures: true)),
            Forms.uploadPreview(
                UploadPreview(upload: "u1", fileName: "f.csv", kind: .centers, mode: .fail, summary: .init(), csrf: "t")
            ),
        ]
        for page in pages {
            #expect(Self.unlabelledControls(page.markup).isEmpty, "\(Self.unlabelledControls(page.markup))")
            #expect(page.markup.contains("<meta http-equiv=\"Content-Security-Policy\""))
        }
    }

    @Test func problemsAreSummarisedAtTheTopAndShownBesideTheirFields() throws {
        let problems = [
            FormProblem(ValidationFailure(field: "name", value: "", rule: "is required")),
            FormProblem(ValidationFailure(field: "industries", value: "zz", rule: "no such industry")),
            FormProblem(field: nil, message: "center C is outside your regions"),
        ]
        let page = Forms.center(
            CenterFormInput(
                mode: .add, values: .init(), choices: Self.choices, csrf: "t", problems: problems, language: .en)
        ).markup
        let summary = try #require(page.range(of: "<div class=\"error-summary\" role=\"alert\""))
        let form = try #require(page.range(of: "<form class=\"record\""))
        #expect(summary.lowerBound < form.lowerBound)
        #expect(page.contains("<li><a href=\"#field-name\">name &#39;&#39;: is required</a></li>"))
        #expect(
            page.contains("<li><a href=\"#field-industries-0\">industries zz: no such industry</a></li>"))
        #expect(page.contains("<li>center C is outside your regions</li>"))
        #expect(page.contains("<title>Error: Add a center</title>"))
        #expect(
            page.contains(
                "id=\"field-name\" name=\"name\" aria-describedby=\"field-name-hint field-name-error\" aria-invalid=\"true\""
            ))
        #expect(page.contains("<p class=\"field-error\" id=\"field-name-error\">"))
        #expect(
            page.contains("id=\"field-industries\" aria-describedby=\"field-industries-hint field-industries-error\""))
        // A field without a problem is not marked invalid.
        #expect(page.contains("id=\"field-address\" name=\"address\" aria-describedby=\"field-address-hint\" rows="))
        // Without problems: no summary, no invalid field.
        let clean = Forms.center(CenterFormInput(mode: .add, values: .init(), choices: Self.choices, csrf: "t")).markup
        #expect(!clean.contains("class=\"error-summary\"") && !clean.contains("aria-invalid"))
    }

    @Test func aSubmittedFormReadsBackAsTheValidatorsTakeIt() {
        let values = CenterFormValues(items: [
            ("csrf", "t"), ("version", "3"), ("code", "C-1"), ("name", "甲"), ("name", "second"),
            ("industries", "b"), ("industries", "a"), ("services", "x"), ("latitude", " 39.9 "), ("bogus", "1"),
        ])
        #expect(values.value(of: .code) == "C-1")
        #expect(values.value(of: .name) == "甲")
        #expect(values.value(of: .industries) == "b;a")
        #expect(values.value(of: .services) == "x")
        #expect(values.value(of: .latitude) == " 39.9 ")
        #expect(values.value(of: .notes) == "")
        #expect(values.text.count == 3)
        let center = Center(
            code: "C", name: "n", kind: .operation, regionCode: "110000", latitude: 39.5, longitude: 116)
        let shown = CenterFormValues(center: center)
        #expect(shown.value(of: .kind) == "operation" && shown.value(of: .latitude) == "39.5")
        #expect(shown.value(of: .longitude) == "116" && shown.value(of: .website) == "")
    }

    // MARK: A stale edit

    @Test func aStaleEditShowsWhatChangedAndOffersTheUsersChangesOverTheRecordNow() throws {
        let opened = CenterFormValues(
            text: [.code: "C", .name: "old name", .address: "old address", .host: "host"], industries: ["a-industry"])
        var submitted = opened
        submitted.text[.name] = "my name"
        submitted.text[.host] = "my host"
        var current = opened
        current.text[.address] = "<b>their</b> address"
        current.text[.host] = "their host"
        let conflict = CenterConflict(
            code: "C", submitted: submitted, opened: opened, current: current, currentVersion: "v9",
            choices: Self.choices, csrf: "tok", signedIn: Self.user, language: .en)
        let page = Forms.centerConflict(conflict).markup
        #expect(page.contains("<tr><th scope=\"row\">name</th><td>my name</td><td>old name</td><td>old name</td>"))
        #expect(
            page.contains(
                "<tr class=\"meanwhile\"><th scope=\"row\">address</th><td>old address</td><td>old address</td>"
                    + "<td>&lt;b&gt;their&lt;/b&gt; address</td><td>changed by someone else</td>"))
        #expect(
            page.contains(
                "<tr class=\"both\"><th scope=\"row\">host</th><td>my host</td><td>host</td><td>their host</td>"))
        #expect(!page.contains("<th scope=\"row\">code</th>"))
        // The form again: the current version, the user's name, the other's address.
        #expect(page.contains("<input type=\"hidden\" name=\"version\" value=\"v9\">"))
        #expect(page.contains("<input type=\"hidden\" name=\"csrf\" value=\"tok\">"))
        #expect(conflict.merged.value(of: .name) == "my name")
        #expect(conflict.merged.value(of: .address) == "<b>their</b> address")
        #expect(conflict.merged.value(of: .host) == "my host")
        #expect(page.contains("value=\"my name\""))
        #expect(page.contains(">&lt;b&gt;their&lt;/b&gt; address</textarea>"))
        #expect(page.contains("role=\"alert\""))
    }

    // MARK: Remove, restore, and the center's page

    @Test func removeAndRestoreArePostedWithTheTokenAndTheVersion() {
        let remove = Forms.centerRemoval(code: "PC-1", action: .remove, version: "v2", csrf: "tok", language: .en)
            .markup
        #expect(
            remove
                == "<form class=\"inline\" method=\"post\" action=\"/centers/PC-1/remove\">"
                + "<input type=\"hidden\" name=\"csrf\" value=\"tok\"><input type=\"hidden\" name=\"version\" value=\"v2\">"
                + "<button type=\"submit\">Remove center PC-1</button></form>")
        let page = Forms.centerRemovalPage(
            CenterRemovalInput(
                action: .restore, code: "PC-1", name: "<i>n</i>", version: "v2", csrf: "tok",
                problems: [FormProblem(field: nil, message: "<stale>")], language: .en)
        ).markup
        #expect(page.contains("action=\"/centers/PC-1/restore\""))
        #expect(page.contains("&lt;i&gt;n&lt;/i&gt;") && page.contains("<li>&lt;stale&gt;</li>"))
    }

    @Test func theCenterPageShowsEditButtonsOnlyToAnEditorWhoMayChangeIt() throws {
        let registry = try CenterSupport.registry()
        let data = WebData(registry: try Registry.open(path: registry.path))
        let detail = try data.center(code: "PC-BJ")
        let anonymous = Pages.center(detail, language: .en).markup
        for absent in ["/edit", "/statistics", "/remove", "/logout", "csrf", "Signed in", ":focus-visible"] {
            #expect(!anonymous.contains(absent), "\(absent)")
        }
        let notAllowed = CenterActions(code: "PC-BJ", version: "v1", csrf: "tok", mayEdit: false)
        #expect(Forms.centerActions(notAllowed).isEmpty)
        #expect(Pages.center(detail, actions: notAllowed, language: .en).markup == anonymous)
        let editor = Pages.center(
            detail, actions: CenterActions(code: "PC-BJ", version: "v1", csrf: "tok", mayEdit: true, language: .en),
            signedIn: Self.user, language: .en
        ).markup
        #expect(editor.contains("<a href=\"/centers/PC-BJ/edit\">Edit</a>"))
        #expect(editor.contains("<a href=\"/centers/PC-BJ/statistics\">Add statistics</a>"))
        #expect(editor.contains("action=\"/centers/PC-BJ/remove\""))
        #expect(editor.contains("<input type=\"hidden\" name=\"version\" value=\"v1\">"))
        #expect(!editor.contains("/restore"))
        #expect(editor.contains("Signed in as <strong>tianjin</strong> (editor)"))
        // What the anonymous page shows is all there, unchanged, around the additions.
        #expect(editor.contains(try #require(anonymous.split(separator: "<section><h2>Fields</h2>").last)))
        let removed = Forms.centerActions(
            CenterActions(code: "PC-BJ", version: "v1", csrf: "tok", mayEdit: true, removed: true)
        ).markup
        #expect(removed.contains("action=\"/centers/PC-BJ/restore\"") && !removed.contains("/edit"))
    }

    @Test func theSignedInPartIsOnlyOnPagesThatSaySomeoneIsSignedIn() {
        let anonymous = Layout.document(title: "t", body: "<p>b</p>").markup
        #expect(
            !anonymous.contains("signed-in") && !anonymous.contains("/logout") && !anonymous.contains("focus-visible"))
        let user = SignedInUser(name: "<b>x</b>", role: .viewer, csrf: "a\"b")
        let signed = Layout.document(title: "t", body: "<p>b</p>", signedIn: user, language: .en).markup
        #expect(signed.contains("Signed in as <strong>&lt;b&gt;x&lt;/b&gt;</strong> (viewer)"))
        #expect(
            signed.contains(
                "<form class=\"sign-out\" method=\"post\" action=\"/logout\">"
                    + "<input type=\"hidden\" name=\"csrf\" value=\"a&quot;b\"><button type=\"submit\">Sign out</button></form>"
            ))
        // The rest of the page is the anonymous one.
        #expect(signed.hasSuffix("</header><main><p>b</p></main></body></html>\n"))
    }

    // MARK: Statistics

    @Test func theStatisticsFormEscapesAndShowsItsProblems() throws {
        var text: [StatisticField: String] = [:]
        for field in StatisticField.allCases { text[field] = Self.hostile(field.column) }
        let page = Forms.statistics(
            StatisticsFormInput(
                code: "PC&1", centerName: Self.hostile("center"), values: StatisticsFormValues(text: text),
                csrf: "tok",
                problems: [
                    FormProblem(ValidationFailure(field: "period", value: "2023-Q5", rule: Self.hostile("rule"))),
                    FormProblem(ValidationFailure(field: "center_code", value: "x", rule: "no such center")),
                ], language: .en)
        ).markup
        #expect(!page.contains("<script"))
        for field in [StatisticField.period, .pretrialCases, .protectionCases, .source] {
            #expect(page.contains(Self.escaped(Self.hostile(field.column))), "\(field.column)")
        }
        #expect(!page.contains(Self.escaped(Self.hostile("center_code"))))
        #expect(page.contains("action=\"/centers/PC%261/statistics\""))
        #expect(page.contains("<input type=\"hidden\" name=\"csrf\" value=\"tok\">"))
        #expect(
            page.contains(
                "<li><a href=\"#field-period\">period 2023-Q5: \(Self.escaped(Self.hostile("rule")))"))
        #expect(page.contains("<li>center_code x: no such center</li>"))
        #expect(
            page.contains(
                "id=\"field-period\" name=\"period\" aria-describedby=\"field-period-hint field-period-error\" aria-invalid=\"true\""
            ))
        let values = StatisticsFormValues(items: [("center_code", "OTHER"), ("period", "2023"), ("period", "2024")])
        #expect(values.value(of: .centerCode) == "" && values.value(of: .period) == "2023")
    }

    // MARK: Upload

    @Test func theUploadFormSendsAFileWithWhatItHoldsAndTheMode() {
        let page = Forms.upload(
            UploadFormInput(csrf: "tok", kind: .stats, mode: .upsert, maxUploadBytes: 52_428_800, language: .en)
        ).markup
        #expect(page.contains("method=\"post\" action=\"/upload\" enctype=\"multipart/form-data\""))
        #expect(page.contains("<input type=\"hidden\" name=\"csrf\" value=\"tok\">"))
        #expect(page.contains("<input type=\"file\" id=\"field-file\" name=\"file\""))
        #expect(page.contains("name=\"kind\" value=\"centers\">"))
        #expect(page.contains("name=\"kind\" value=\"stats\" checked>"))
        #expect(!page.contains("value=\"figures\""))
        for mode in ["fail", "skip"] { #expect(page.contains("name=\"mode\" value=\"\(mode)\">")) }
        #expect(page.contains("name=\"mode\" value=\"upsert\" checked>"))
        #expect(page.contains("At most 52428800 bytes."))
        #expect(page.contains("<legend>What the file holds <span class=\"key\">kind</span></legend>"))
        let admin = Forms.upload(UploadFormInput(csrf: "tok", mayImportFigures: true)).markup
        #expect(admin.contains("name=\"kind\" value=\"figures\">"))
    }

    @Test func thePreviewListsWhatWouldHappenAndConfirmsOnlyAFileThatCanBeImported() throws {
        var summary = ImportSummary()
        summary.read = 5
        summary.inserted = 2
        summary.updated = 1
        summary.unchanged = 1
        summary.rejected = 1
        let rejection = UploadPreview.Rejection(
            reportedLine: "batch.csv:4:3: error: kind <x>: must be one of protection")
        #expect(
            rejection
                == UploadPreview.Rejection(location: "batch.csv:4:3", message: "kind <x>: must be one of protection"))
        let refused = Forms.uploadPreview(
            UploadPreview(
                upload: "u-1", fileName: Self.hostile("file"), kind: .centers, mode: .fail, summary: summary,
                added: [.init(key: "A-1", name: Self.hostile("added")), .init(key: "A-2")],
                changed: [.init(key: "C-1", name: "c", changedFields: ["name", "address"])],
                unchanged: [.init(key: "U-1")], rejected: [rejection], csrf: "tok", language: .en)
        ).markup
        #expect(!refused.contains("<script") && !refused.contains("<x>"))
        #expect(
            refused.contains(Self.escaped(Self.hostile("file")))
                && refused.contains(Self.escaped(Self.hostile("added"))))
        #expect(refused.contains("<tr><td>batch.csv:4:3</td><td>kind &lt;x&gt;: must be one of protection</td></tr>"))
        #expect(refused.contains("<tr><td>C-1</td><td>c</td><td>name, address</td></tr>"))
        #expect(refused.contains("<tr><th scope=\"row\">would be added</th><td class=\"n\">2</td></tr>"))
        #expect(refused.contains("role=\"alert\"") && !refused.contains("/upload/confirm"))
        #expect(refused.contains("<a href=\"/upload\">Cancel</a>"))
        summary.rejected = 0
        summary.inserted = 3
        let accepted = Forms.uploadPreview(
            UploadPreview(
                upload: "u\"1", fileName: "f.xlsx", kind: .stats, mode: .skip, summary: summary,
                added: [.init(key: "A-1")], csrf: "tok", language: .en)
        ).markup
        #expect(
            accepted.contains(
                "<form class=\"inline\" method=\"post\" action=\"/upload/confirm\">"
                    + "<input type=\"hidden\" name=\"csrf\" value=\"tok\"><input type=\"hidden\" name=\"upload\" value=\"u&quot;1\">"
            ))
        #expect(accepted.contains("The first 1 of 3 are listed."))
        #expect(!accepted.contains("role=\"alert\""))
    }
}
