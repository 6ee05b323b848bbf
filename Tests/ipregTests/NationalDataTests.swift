// Data/national: the nation's centers and CNIPA's counts, each fact with its source. The files
// import into a new registry and `check` passes; Scripts/check-national-data enforces the
// source rules (Data/national/SOURCES.md), and fails on a copy with a row without a source, a
// source on a domain that is not credible, or a date no checked source states.
import Foundation
import Testing

@Suite struct NationalDataTests {
    static let folder = ImportSupport.examples.deletingLastPathComponent().appendingPathComponent("Data/national")
    static let script = ImportSupport.examples.deletingLastPathComponent().appendingPathComponent(
        "Scripts/check-national-data")

    @Test func theCentersAndFiguresImportAndCheckPasses() throws {
        let registry = try TestRegistry()
        let centers = try registry.run(["import", "centers", Self.folder.appendingPathComponent("centers.csv").path])
        #expect(centers.status == 0, "\(centers.stderr)")
        let figures = try registry.run(["import", "figures", Self.folder.appendingPathComponent("figures.csv").path])
        #expect(figures.status == 0, "\(figures.stderr)")
        #expect(try registry.run(["check"]).status == 0)
        let rows = try #require(try registry.json(["center", "list", "--format", "json"]) as? [[String: Any]])
        #expect(rows.count >= 60)
        let provinces = Set(rows.compactMap { ($0["region_code"] as? String)?.prefix(2) })
        #expect(provinces.count >= 25)
        #expect(rows.allSatisfy { (($0["source"] as? String) ?? "").contains("http") })
        // The registry's count beside CNIPA's national count of protection centers.
        let reconcile = try #require(
            try registry.json(["report", "run", "reconcile", "--format", "json"]) as? [[String: Any]])
        let national = reconcile.first { $0["code"] as? String == "CN-PROTECTION-CENTERS-2024-12" }
        #expect(national?["published"] as? Int == 75)
        #expect((national?["registry"] as? Int).map { $0 > 0 } == true)
    }

    private func check(_ folder: URL) throws -> (status: Int32?, output: String) {
        let python = try #require(Workbooks.python)
        let scratch = try TemporaryDirectory()
        let outcome = try Spawned([Self.script.path, folder.path], executable: python, outputFolder: scratch.url)
            .wait(timeout: 120)
        return (outcome.status, outcome.stdout + outcome.stderr)
    }

    @Test(.enabled(if: Workbooks.python != nil, "needs python3"))
    func theSourceRulesHoldAndACopyBreakingThemFails() throws {
        let shipped = try check(Self.folder)
        #expect(shipped.status == 0, "\(shipped.output)")

        let copy = try TemporaryDirectory()
        for name in ["centers.csv", "checked-facts.csv", "figures.csv", "SOURCES.md"] {
            try FileManager.default.copyItem(
                at: Self.folder.appendingPathComponent(name), to: copy.url.appendingPathComponent(name))
        }
        let centersFile = copy.url.appendingPathComponent("centers.csv")
        let original = try String(contentsOf: centersFile, encoding: .utf8)
        var lines = original.components(separatedBy: "\n")
        // PC-TJ: its source becomes a content farm's page, and its approval a date no source gives.
        let row = try #require(lines.firstIndex { $0.hasPrefix("PC-TJ,") })
        lines[row] = lines[row]
            .replacingOccurrences(of: "2020-10-09", with: "2020-10-08")
            .replacingOccurrences(of: "https://www.cnipa.gov.cn/", with: "https://skf-fag-ina.com/")
            .replacingOccurrences(of: "http://cneip.org.cn/", with: "https://skf-fag-ina.com/")
            .replacingOccurrences(of: "http://english.cnipa.gov.cn/", with: "https://skf-fag-ina.com/")
        // And a center with no source at all.
        let sourceless = "PC-SX-TAIYUAN,中国（太原）知识产权保护中心,,protection,,140100,,,,,,,,,,,,"
        lines.insert(sourceless, at: row + 1)
        try lines.joined(separator: "\n").write(to: centersFile, atomically: true, encoding: .utf8)
        let broken = try check(copy.url)
        #expect(broken.status == 1)
        #expect(broken.output.contains("skf-fag-ina.com"))
        #expect(broken.output.contains("2020-10-08"))
        #expect(broken.output.contains("PC-SX-TAIYUAN: no source on a credible domain"), "\(broken.output)")
    }
}
