// `center show CODE`: the field/value listing with names and latest statistics, and the
// docs/files.md object in JSON.
import Foundation
import IPRegistry
import Testing

@Suite struct CenterShowTests {
    let registry: TestRegistry

    init() throws { registry = try CenterSupport.registry() }

    @Test func tableListsEveryFieldWithIndustryAndServiceNames() throws {
        let result = try registry.run(["center", "show", "pc-bj"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = CenterSupport.tableRows(result.stdout)
        var values: [String: [String]] = [:]
        var field = ""
        for row in rows {
            if let name = row["field"], !name.isEmpty { field = name }
            values[field, default: []].append(row["value"] ?? "")
        }
        for key in CenterSnapshot.keys { #expect(values[key] != nil, "\(key) is missing") }
        #expect(values["code"] == ["PC-BJ"])
        #expect(values["region_name"] == ["北京市 / 海淀区"])
        #expect(values["industries"] == ["high-end-equipment (高端装备制造产业)", "new-generation-it (新一代信息技术产业)"])
        #expect(
            values["services"] == [
                "rapid-pre-examination (专利快速预审)", "rights-confirmation (快速确权)", "rights-protection (快速维权)",
            ])
        #expect(values["latitude"] == ["39.98"])
        #expect(values["address"] == [""])
        #expect(values["statistics"] == [""])
    }

    @Test func tableShowsTheLatestStatistics() throws {
        #expect(
            try registry.run(["stats", "add", "--center", "PC-TJ", "--period", "2022", "--pretrial", "900"]).status == 0
        )
        #expect(
            try registry.run([
                "stats", "add", "--center", "PC-TJ", "--period", "2023-01..2023-10", "--pretrial", "1200",
                "--protection", "35",
            ]).status == 0)
        let rows = CenterSupport.tableRows(try registry.run(["center", "show", "PC-TJ"]).stdout)
        let statistics = try #require(rows.first { $0["field"] == "statistics" })
        #expect(
            statistics["value"]?.hasPrefix(
                "2023-01..2023-10: pretrial_cases 1200, protection_cases 35 (latest of 2 periods") == true)
    }

    @Test func markdownListsFieldAndValue() throws {
        let rows = CenterSupport.markdownRows(
            try registry.run(["center", "show", "PC-TJ", "--format", "markdown"]).stdout)
        #expect(rows.first?["field"] == "code")
        #expect(rows.first { $0["field"] == "approval_doc" }?["value"] == "国知发保函字〔2020〕177号")
    }

    @Test func jsonIsOneSection4Object() throws {
        let result = try registry.run(["center", "show", "PC-TJ", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Array(object.keys).sorted() == CenterSnapshot.keys.sorted())
        #expect(object["approved"] as? String == "2020-10-09")
        #expect(object["industries"] as? [String] == ["new-generation-it", "new-materials"])
        #expect(object["services"] as? [String] == ["rapid-pre-examination"])
        #expect(object["latitude"] is NSNull)
        #expect(object["region_name"] as? String == "天津市")
        let listed = try #require(try registry.json(["center", "list", "--search", "天津"]) as? [[String: Any]])
        #expect(CenterSupport.same(listed.first { $0["code"] as? String == "PC-TJ" }, object))
    }

    @Test func csvIsTheHeaderAndOneRecord() throws {
        let result = try registry.run(["center", "show", "OC-HB-PV", "--format", "csv"])
        let rows = CenterSupport.csvRows(result.stdout)
        #expect(CenterSupport.csvRecords(result.stdout).first == CenterSnapshot.keys)
        #expect(rows.count == 1)
        #expect(rows.first?["status"] == "preparing")
        #expect(rows.first?["approved"] == "2023")
    }

    @Test func anUnknownCenterIsStatus1() throws {
        try CenterSupport.expectRefusal(
            registry, ["center", "show", "PC-XX"], status: 1, message: "center PC-XX: no such center")
        try CenterSupport.expectRefusal(
            registry, ["center", "show"], status: 64, message: "Missing expected argument '<code>'")
    }
}
