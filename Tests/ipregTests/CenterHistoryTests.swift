// `center remove`, `center restore` and `center history`: a removed center comes back as it was,
// with its industries, services and statistics, and every change is listed newest first.
import Foundation
import Testing

@Suite struct CenterHistoryTests {
    let registry: TestRegistry

    init() throws { registry = try CenterSupport.registry() }

    func succeed(_ arguments: String...) throws {
        let result = try registry.run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
    }

    @Test func removeThenRestoreGivesBackTheSameCenterButForUpdatedAt() throws {
        try succeed(
            "center", "update", "PC-BJ", "--add-industry", "cybersecurity", "--host", "北京市知识产权局", "--remove-service",
            "rights-confirmation")
        try succeed("stats", "add", "--center", "PC-BJ", "--period", "2022", "--pretrial", "5000", "--source", "CNIPA")
        try succeed("stats", "add", "--center", "PC-BJ", "--period", "2023-Q1", "--protection", "12")
        let before = try CenterSupport.shown(registry, "PC-BJ")
        let statisticsBefore = try registry.json(["stats", "list", "--center", "PC-BJ"])

        let removal = try registry.run(["center", "remove", "pc-bj"])
        #expect(removal.status == 0)
        #expect(removal.stderr.hasPrefix("removed center PC-BJ"))
        try CenterSupport.expectRefusal(
            registry, ["center", "show", "PC-BJ"], status: 1, message: "center PC-BJ: no such center")
        #expect(try !CenterSupport.listedCodes(registry, []).contains("PC-BJ"))
        #expect((try registry.json(["stats", "list"]) as? [Any])?.isEmpty == true)

        let restore = try registry.run(["center", "restore", "PC-BJ"])
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(
            restore.stderr
                == "restored center PC-BJ (中国（北京）知识产权保护中心) with 3 industries, 2 services and 2 periods of statistics\n")
        var after = try CenterSupport.shown(registry, "PC-BJ")
        var expected = before
        expected.removeValue(forKey: "updated_at")
        #expect(after.removeValue(forKey: "updated_at") is String)
        #expect(CenterSupport.same(after, expected), "\(after)\n\(expected)")
        #expect(CenterSupport.same(try registry.json(["stats", "list", "--center", "PC-BJ"]), statisticsBefore))
        #expect(try CenterSupport.listedCodes(registry, ["--industry", "cybersecurity"]) == ["OC-SJZ-CYBER", "PC-BJ"])
    }

    @Test func historyListsEveryChangeNewestFirstWithItsFields() throws {
        try succeed("center", "update", "TISC-TJU", "--status", "operating", "--website", "http://tisc.tju.edu.cn/")
        try succeed("stats", "add", "--center", "TISC-TJU", "--period", "2023", "--pretrial", "1")
        try succeed("center", "remove", "TISC-TJU")
        try succeed("center", "restore", "tisc-tju")
        let history = try #require(try registry.json(["center", "history", "TISC-TJU"]) as? [[String: Any]])
        #expect(history.map { $0["change"] as? String } == ["restore", "remove", "update", "update", "add"])
        #expect(history[2]["fields"] as? [String] == ["statistics"])
        #expect(history[3]["fields"] as? [String] == ["status", "website"])
        #expect(
            history[4]["fields"] as? [String] == [
                "code", "name", "name_en", "kind", "status", "region_code", "services", "approved", "host",
            ])
        let times = history.compactMap { $0["changed_at"] as? String }
        #expect(times == times.sorted(by: >))
        let table = CenterSupport.tableRows(try registry.run(["center", "history", "TISC-TJU"]).stdout)
        #expect(table.map { $0["change"] } == ["restore", "remove", "update", "update", "add"])
        #expect(table[3]["fields"] == "status, website")
    }

    @Test func aClearedFieldIsListedAmongTheChangedFields() throws {
        try succeed(
            "center", "update", "PC-BJ", "--clear", "website", "--clear", "lat", "--remove-service",
            "rights-protection",
            "--host", "北京市知识产权局")
        let history = try #require(try registry.json(["center", "history", "PC-BJ"]) as? [[String: Any]])
        #expect(history.first?["fields"] as? [String] == ["services", "host", "latitude", "longitude", "website"])
    }

    @Test func historyOfARemovedCenterIsStillShown() throws {
        try succeed("center", "remove", "OC-HB-PV")
        let history = try #require(try registry.json(["center", "history", "oc-hb-pv"]) as? [[String: Any]])
        #expect(history.map { $0["change"] as? String } == ["remove", "add"])
    }

    @Test func refusedRemovalsAndRestoresChangeNothing() throws {
        try CenterSupport.expectRefusal(
            registry, ["center", "remove", "PC-XX"], status: 1, message: "center PC-XX: no such center")
        try CenterSupport.expectRefusal(
            registry, ["center", "restore", "PC-XX"], status: 1,
            message: "center PC-XX: no removed center with this code in the history")
        try CenterSupport.expectRefusal(
            registry, ["center", "restore", "PC-BJ"], status: 65, message: "center PC-BJ: is not removed")
        try CenterSupport.expectRefusal(
            registry, ["center", "history", "PC-XX"], status: 1, message: "center PC-XX: no such center")
        try CenterSupport.expectRefusal(
            registry, ["center", "remove"], status: 64, message: "Missing expected argument '<code>'")
    }
}
