// `center update`: only what is given changes; lists replaced or edited; fields cleared;
// a no-op succeeds without history; refusals change nothing.
import Foundation
import Testing

@Suite struct CenterUpdateTests {
    let registry: TestRegistry

    init() throws { registry = try CenterSupport.registry() }

    func update(_ arguments: String...) throws -> CommandResult {
        let result = try registry.run(["center", "update"] + arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return result
    }

    /// The keys whose values differ between two objects.
    func changedKeys(_ before: [String: Any], _ after: [String: Any]) -> Set<String> {
        Set(before.keys.filter { !CenterSupport.same(before[$0], after[$0]) })
    }

    @Test func onlyTheGivenFieldsChange() throws {
        let before = try CenterSupport.shown(registry, "PC-BJ")
        let result = try update("pc-bj", "--status", "suspended", "--address", "北京市海淀区", "--region", "110105")
        #expect(result.stderr == "updated center PC-BJ: status, region_code, address\n")
        let after = try CenterSupport.shown(registry, "PC-BJ")
        // updated_at changes too, unless the update ran within the same second as the add.
        #expect(
            changedKeys(before, after).subtracting(["updated_at"]) == [
                "status", "address", "region_code", "region_name", "region_name_en",
            ])
        #expect(try #require(after["updated_at"] as? String) >= (try #require(before["updated_at"] as? String)))
        #expect(after["region_name"] as? String == "北京市 / 朝阳区")
        #expect(after["created_at"] as? String == before["created_at"] as? String)
    }

    @Test func industryReplacesTheListAndAddRemoveEditIt() throws {
        _ = try update("PC-BJ", "--industry", "photovoltaics", "--industry", "nuclear-energy")
        #expect(
            try CenterSupport.shown(registry, "PC-BJ")["industries"] as? [String] == [
                "nuclear-energy", "photovoltaics",
            ])
        _ = try update(
            "PC-BJ", "--add-industry", "cybersecurity", "--remove-industry", "photovoltaics",
            "--add-service", "training", "--remove-service", "rights-confirmation", "--remove-service", "mediation")
        let center = try CenterSupport.shown(registry, "PC-BJ")
        #expect(center["industries"] as? [String] == ["cybersecurity", "nuclear-energy"])
        #expect(center["services"] as? [String] == ["rapid-pre-examination", "rights-protection", "training"])
        #expect(try CenterSupport.listedCodes(registry, ["--industry", "cybersecurity"]) == ["OC-SJZ-CYBER", "PC-BJ"])
    }

    @Test func clearTakesColumnOrOptionNamesAndCoordinatesGoAsAPair() throws {
        _ = try update("PC-BJ", "--clear", "name_en", "--clear", "website", "--clear", "lat", "--clear", "industries")
        _ = try update("PC-TJ", "--clear", "approval-doc", "--clear=--approved")
        let beijing = try CenterSupport.shown(registry, "PC-BJ")
        for key in ["name_en", "website", "latitude", "longitude"] { #expect(beijing[key] is NSNull, "\(key)") }
        #expect(beijing["industries"] as? [String] == [])
        let tianjin = try CenterSupport.shown(registry, "PC-TJ")
        #expect(tianjin["approval_doc"] is NSNull)
        #expect(tianjin["approved"] is NSNull)
    }

    @Test func anEmptyValueClearsAnOptionalField() throws {
        _ = try update("RPC-BAZHOU", "--address", "")
        #expect(try CenterSupport.shown(registry, "RPC-BAZHOU")["address"] is NSNull)
    }

    @Test func theCaseOfTheCodeMayChange() throws {
        _ = try update("PC-BJ", "--code", "pc-Bj")
        #expect(try CenterSupport.shown(registry, "PC-BJ")["code"] as? String == "pc-Bj")
    }

    @Test func anUpdateThatChangesNothingSucceedsWithoutHistory() throws {
        let before = try registry.fingerprint()
        let result = try update(
            "PC-TJ", "--kind", "protection", "--approved", "2020-10-09", "--add-industry", "new-materials")
        #expect(result.stderr == "center PC-TJ unchanged: every value given is already its value\n")
        #expect(try registry.fingerprint() == before)
        let history = try #require(try registry.json(["center", "history", "PC-TJ"]) as? [[String: Any]])
        #expect(history.count == 1)
    }

    @Test func refusedUpdatesChangeNothing() throws {
        let cases: [([String], Int32, String)] = [
            (["PC-BJ", "--code", "PC-BJ2"], 65, "--code PC-BJ2: a center's code cannot change, only its case (PC-BJ)"),
            (["PC-BJ", "--kind", "museum"], 65, "--kind museum: must be one of"),
            (["PC-BJ", "--name", ""], 65, "--name '': is required"),
            (["PC-BJ", "--approved", "2020-01"], 65, "--opened 2019-04: must not be before approved (2020-01)"),
            (["PC-BJ", "--lat", "95"], 65, "--lat 95: must be between -90 and 90"),
            (
                ["PC-BJ", "--add-industry", "photovoltaic"], 65,
                "--add-industry photovoltaic: no such industry (did you mean photovoltaics?)"
            ),
            (
                ["PC-BJ", "--remove-service", "trainin"], 65,
                "--remove-service trainin: no such service (did you mean training?)"
            ),
            (["PC-BJ", "--region", "990000"], 65, "--region 990000: no such division"),
            (["PC-BJ", "--clear", "name"], 64, "--clear name: name cannot be cleared"),
            (["PC-BJ", "--clear", "status"], 64, "--clear status: status cannot be cleared"),
            (["PC-BJ", "--clear", "colour"], 64, "--clear colour: no such field"),
            (
                ["PC-BJ", "--clear", "address", "--address", "x"], 64,
                "--clear address and --address contradict each other"
            ),
            (["PC-BJ", "--clear", "lon", "--lat", "1"], 64, "--clear lon and --lat contradict each other"),
            (
                ["PC-BJ", "--add-industry", "photovoltaics", "--remove-industry", "photovoltaics"], 64,
                "--add-industry photovoltaics and --remove-industry photovoltaics contradict each other: give one"
            ),
            (
                [
                    "PC-BJ", "--add-industry", "new-materials", "--add-industry", "photovoltaics", "--remove-industry",
                    " photovoltaics",
                ], 64,
                "--add-industry photovoltaics and --remove-industry photovoltaics contradict each other"
            ),
            (
                ["PC-BJ", "--remove-service", "rights-protection", "--add-service", "rights-protection"], 64,
                "--add-service rights-protection and --remove-service rights-protection contradict each other: give one"
            ),
            (
                ["PC-BJ", "--industry", "cybersecurity", "--add-industry", "photovoltaics"], 64,
                "--industry replaces the whole list"
            ),
            (["PC-BJ"], 64, "nothing to change"),
            (["PC-XX", "--status", "closed"], 1, "center PC-XX: no such center"),
        ]
        for (arguments, status, message) in cases {
            try CenterSupport.expectRefusal(
                registry, ["center", "update"] + arguments, status: status, message: message)
        }
    }
}
