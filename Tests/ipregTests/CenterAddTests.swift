// `center add`: what it stores, and every rule of docs/commands.md it enforces: each refused
// value named by its option, exit status 65, and the registry left exactly as it was.
import Foundation
import Testing

/// One invalid `center add`: options that replace or extend a valid base, and the message expected.
struct InvalidCenterInput: Sendable, CustomTestStringConvertible {
    let rule: String
    let options: [(String, String)]
    let message: String
    var status: Int32 = 65

    var testDescription: String { rule }

    var arguments: [String] { CenterSupport.newCenter(options) }
}

@Suite struct CenterAddTests {
    @Test func addStoresEveryFieldAsTheJSONObjectOfSection4() throws {
        let registry = try CenterSupport.registry()
        let center = try CenterSupport.shown(registry, "PC-BJ")
        let expected: [String: Any] = [
            "code": "PC-BJ", "name": "中国（北京）知识产权保护中心",
            "name_en": "China (Beijing) Intellectual Property Protection Center", "kind": "protection",
            "status": "operating",
            "region_code": "110108", "region_name": "北京市 / 海淀区", "region_name_en": "Beijing / Haidian District",
            "address": NSNull(),
            "industries": ["high-end-equipment", "new-generation-it"],
            "services": ["rapid-pre-examination", "rights-confirmation", "rights-protection"],
            "approved": NSNull(), "opened": "2019-04", "approval_doc": NSNull(), "host": NSNull(),
            "latitude": 39.98, "longitude": 116.31, "website": "https://www.bjippc.cn/", "source": "CNIPA 2020",
            "notes": NSNull(),
        ]
        var withoutTimes = center
        let created = try #require(withoutTimes.removeValue(forKey: "created_at") as? String)
        let updated = try #require(withoutTimes.removeValue(forKey: "updated_at") as? String)
        #expect(CenterSupport.same(withoutTimes, expected), "\(center)")
        #expect(created == updated)
        #expect(created.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil)
    }

    @Test func addPrintsAConfirmationOnStandardErrorOnly() throws {
        let registry = try TestRegistry()
        let result = try registry.run(CenterSupport.newCenter())
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "added center NEW-1 (新中心)\n")
    }

    @Test func statusDefaultsToOperatingAndNegativeCoordinatesAreValues() throws {
        let registry = try TestRegistry()
        let add = try registry.run(CenterSupport.newCenter([("--lat", "-33.86"), ("--lon", "-70.5")]))
        #expect(add.status == 0, "\(add.stderr)")
        let center = try CenterSupport.shown(registry, "new-1")
        #expect(center["status"] as? String == "operating")
        #expect(center["latitude"] as? Double == -33.86)
        #expect(center["longitude"] as? Double == -70.5)
    }

    @Test func valuesAreTrimmedAndIndustriesSortedWithoutRepeats() throws {
        let registry = try TestRegistry()
        let options = [
            ("--name", "  新中心  "), ("--industry", "photovoltaics"), ("--industry", "cybersecurity"),
            ("--industry", "photovoltaics"),
        ]
        #expect(try registry.run(CenterSupport.newCenter(options)).status == 0)
        let center = try CenterSupport.shown(registry, "NEW-1")
        #expect(center["name"] as? String == "新中心")
        #expect(center["industries"] as? [String] == ["cybersecurity", "photovoltaics"])
    }

    @Test func missingRequiredOptionIsAUsageError() throws {
        let registry = try TestRegistry()
        for option in ["--code", "--name", "--kind", "--region"] {
            var arguments = CenterSupport.newCenter()
            let index = try #require(arguments.firstIndex(of: option))
            arguments.removeSubrange(index...index + 1)
            try CenterSupport.expectRefusal(
                registry, arguments, status: 64, message: "Missing expected argument '\(option) ")
        }
    }

    @Test func everyProblemOfOneCenterIsReportedOnItsOwnLine() throws {
        let registry = try TestRegistry()
        let before = try registry.fingerprint()
        let result = try registry.run([
            "center", "add", "--code", "X", "--name", "x", "--kind", "museum", "--region", "990000",
            "--industry", "photovoltaic", "--approved", "2023-02-29",
        ])
        #expect(result.status == 65)
        #expect(
            result.errorLines == [
                "error: --kind museum: must be one of protection, rapid-protection, operation, tisc",
                "error: --region 990000: no such division",
                "error: --industry photovoltaic: no such industry (did you mean photovoltaics?)",
                "error: --approved 2023-02-29: must be a real date written YYYY, YYYY-MM or YYYY-MM-DD",
            ])
        #expect(try registry.fingerprint() == before)
    }

    static let long = String(repeating: "中", count: 57) + "..."

    static let invalidInputs: [InvalidCenterInput] = [
        InvalidCenterInput(
            rule: "code with a space", options: [("--code", "PC BJ")],
            message: "--code PC BJ: must be 1-64 characters of A-Z a-z 0-9 . _ -"),
        InvalidCenterInput(
            rule: "code with Chinese characters", options: [("--code", "中心1")],
            message: "--code 中心1: must be 1-64 characters of A-Z a-z 0-9 . _ -"),
        InvalidCenterInput(
            rule: "code of 65 characters", options: [("--code", String(repeating: "A", count: 65))],
            message: "--code '\(String(repeating: "A", count: 57))...': must be 1-64 characters"),
        InvalidCenterInput(
            rule: "code taken in another case", options: [("--code", "pc-bj")],
            message: "--code pc-bj: already exists (as PC-BJ)"),
        InvalidCenterInput(rule: "empty name", options: [("--name", "")], message: "--name '': is required"),
        InvalidCenterInput(rule: "blank name", options: [("--name", "   ")], message: "--name '   ': is required"),
        InvalidCenterInput(
            rule: "name of 201 characters", options: [("--name", String(repeating: "中", count: 201))],
            message: "--name '\(long)': must be at most 200 characters (it has 201)"),
        InvalidCenterInput(
            rule: "name with a control character", options: [("--name", "中心\u{7}")],
            message: "--name '中心\\u{7}': must not contain control characters"),
        InvalidCenterInput(
            rule: "name with a line break", options: [("--name", "中\n心")],
            message: "--name '中\\n心': must not contain control characters"),
        InvalidCenterInput(
            rule: "English name of 201 characters", options: [("--name-en", String(repeating: "x", count: 201))],
            message: "--name-en '\(String(repeating: "x", count: 57))...': must be at most 200 characters"),
        InvalidCenterInput(
            rule: "English name with a tab", options: [("--name-en", "IP\tCenter")],
            message: "--name-en 'IP\\tCenter': must not contain control characters"),
        InvalidCenterInput(
            rule: "unknown kind", options: [("--kind", "museum")],
            message: "--kind museum: must be one of protection, rapid-protection, operation, tisc"),
        InvalidCenterInput(
            rule: "kind in another case", options: [("--kind", "TISC")],
            message: "--kind TISC: must be one of protection, rapid-protection, operation, tisc"),
        InvalidCenterInput(
            rule: "unknown status", options: [("--status", "open")],
            message: "--status open: must be one of preparing, operating, suspended, closed"),
        InvalidCenterInput(
            rule: "region of five digits", options: [("--region", "13010")],
            message: "--region 13010: must be a six-digit division code"),
        InvalidCenterInput(
            rule: "region of letters", options: [("--region", "hebei1")],
            message: "--region hebei1: must be a six-digit division code"),
        InvalidCenterInput(
            rule: "unknown region", options: [("--region", "990000")], message: "--region 990000: no such division"),
        InvalidCenterInput(
            rule: "address of 501 characters", options: [("--address", String(repeating: "中", count: 501))],
            message: "--address '\(long)': must be at most 500 characters (it has 501)"),
        InvalidCenterInput(
            rule: "unknown industry, with a suggestion", options: [("--industry", "photovoltaic")],
            message: "--industry photovoltaic: no such industry (did you mean photovoltaics?)"),
        InvalidCenterInput(
            rule: "unknown industry among known ones",
            options: [("--industry", "cybersecurity"), ("--industry", "quantum")],
            message: "--industry quantum: no such industry"),
        InvalidCenterInput(
            rule: "unknown service, with a suggestion", options: [("--service", "mediations")],
            message: "--service mediations: no such service (did you mean mediation?)"),
        InvalidCenterInput(
            rule: "approved written with slashes", options: [("--approved", "2020/10/09")],
            message: "--approved 2020/10/09: must be a real date written YYYY, YYYY-MM or YYYY-MM-DD"),
        InvalidCenterInput(
            rule: "approved on a day that does not exist", options: [("--approved", "2023-02-29")],
            message: "--approved 2023-02-29: must be a real date"),
        InvalidCenterInput(
            rule: "approved in month 13", options: [("--approved", "2023-13")],
            message: "--approved 2023-13: must be a real date"),
        InvalidCenterInput(
            rule: "approved in the future", options: [("--approved", "2999-01-01")],
            message: "--approved 2999-01-01: must not be in the future"),
        InvalidCenterInput(
            rule: "approved before 1900", options: [("--approved", "1899")],
            message: "--approved 1899: must not be before 1900"),
        InvalidCenterInput(
            rule: "opened on an unreal date", options: [("--opened", "2021-04-31")],
            message: "--opened 2021-04-31: must be a real date"),
        InvalidCenterInput(
            rule: "opened before approved", options: [("--approved", "2021-05"), ("--opened", "2021-04-30")],
            message: "--opened 2021-04-30: must not be before approved (2021-05)"),
        InvalidCenterInput(
            rule: "approval document of 201 characters",
            options: [("--approval-doc", String(repeating: "号", count: 201))],
            message: "--approval-doc '\(String(repeating: "号", count: 57))...': must be at most 200 characters"),
        InvalidCenterInput(
            rule: "host of 201 characters", options: [("--host", String(repeating: "h", count: 201))],
            message: "--host '\(String(repeating: "h", count: 57))...': must be at most 200 characters"),
        InvalidCenterInput(
            rule: "latitude without longitude", options: [("--lat", "39.9")],
            message: "--lat 39.9: latitude and longitude go together: give both or neither"),
        InvalidCenterInput(
            rule: "longitude without latitude", options: [("--lon", "116.4")],
            message: "--lon 116.4: latitude and longitude go together: give both or neither"),
        InvalidCenterInput(
            rule: "latitude beyond 90", options: [("--lat", "90.5"), ("--lon", "116.4")],
            message: "--lat 90.5: must be between -90 and 90"),
        InvalidCenterInput(
            rule: "longitude beyond -180", options: [("--lat", "39.9"), ("--lon", "-180.01")],
            message: "--lon -180.01: must be between -180 and 180"),
        InvalidCenterInput(
            rule: "latitude with an exponent", options: [("--lat", "1e1"), ("--lon", "116.4")],
            message: "--lat 1e1: must be a decimal number of degrees"),
        InvalidCenterInput(
            rule: "latitude in words", options: [("--lat", "north"), ("--lon", "116.4")],
            message: "--lat north: must be a decimal number of degrees"),
        InvalidCenterInput(
            rule: "longitude with a comma", options: [("--lat", "39.9"), ("--lon", "116,4")],
            message: "--lon 116,4: must be a decimal number of degrees"),
        InvalidCenterInput(
            rule: "website on ftp", options: [("--website", "ftp://example.org/")],
            message: "--website ftp://example.org/: must be an absolute http or https URL"),
        InvalidCenterInput(
            rule: "relative website", options: [("--website", "www.example.org")],
            message: "--website www.example.org: must be an absolute http or https URL"),
        InvalidCenterInput(
            rule: "website without a host", options: [("--website", "https:///path")],
            message: "--website https:///path: must be an absolute http or https URL"),
        InvalidCenterInput(
            rule: "source of 2001 characters", options: [("--source", String(repeating: "s", count: 2001))],
            message: "--source '\(String(repeating: "s", count: 57))...': must be at most 2000 characters"),
        InvalidCenterInput(
            rule: "source with a control character", options: [("--source", "CNIPA\u{1}")],
            message: "--source 'CNIPA\\u{1}': must not contain control characters"),
        InvalidCenterInput(
            rule: "notes of 2001 characters", options: [("--notes", String(repeating: "n", count: 2001))],
            message: "--notes '\(String(repeating: "n", count: 57))...': must be at most 2000 characters (it has 2001)"),
    ]

    @Test(arguments: invalidInputs)
    func invalidValueIsRefusedByItsOptionAndChangesNothing(_ input: InvalidCenterInput) throws {
        let registry = try TestRegistry()
        #expect(try registry.run(["center", "add"] + CenterSupport.centers[0]).status == 0)
        try CenterSupport.expectRefusal(registry, input.arguments, status: input.status, message: input.message)
    }
}
