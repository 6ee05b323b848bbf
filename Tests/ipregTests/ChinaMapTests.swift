// The overview's national map: China by provincial-level division with each province's centers
// and, where a published figure covers one province alone, that figure against the registry.
import Foundation
import Testing

@Suite struct ChinaMapTests {
    /// Centers that are not closed in Hebei, as the registry counts them.
    private func hebeiCenters(_ registry: TestRegistry) throws -> String {
        let result = try registry.run([
            "sql", "--format", "csv",
            "SELECT count(*) FROM centers WHERE region_code BETWEEN '130000' AND '139999' AND status <> 'closed'",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").last.map(String.init) ?? ""
    }

    @Test func theOverviewDrawsChinaWithEachProvincesCentersInBothLanguages() throws {
        let registry = try CenterSupport.registry()
        let hebei = try hebeiCenters(registry)
        #expect(hebei != "0")
        let chinese = try registry.run(["dashboard", "--lang", "zh"])
        #expect(chinese.status == 0, "\(chinese.stderr)")
        let html = chinese.stdout
        #expect(html.contains("<section id=\"china-map\"><h2>全国知识产权服务中心分布</h2>"))
        #expect(html.contains("aria-labelledby=\"china-map-title\""))
        // Every provincial-level division is drawn; Hebei carries its count on the map and in the table.
        #expect(html.components(separatedBy: "<path d=\"M").count - 1 >= 34)
        #expect(html.contains("<title>河北省：\(hebei) 个中心</title>"))
        #expect(html.contains("data-code=\"130000\">\(hebei)</text>"))
        #expect(html.contains("<tr><th scope=\"row\">河北省</th><td class=\"n\">\(hebei)</td>"))
        // The South China Sea islands in their inset, and the maritime boundary line.
        #expect(html.contains(">南海诸岛</text>"))
        // A file of its own: no link to the server's pages.
        #expect(!html.contains("href=\"/?region="))

        let english = try registry.run(["dashboard", "--lang", "en"])
        #expect(english.status == 0, "\(english.stderr)")
        #expect(english.stdout.contains("<h2>Centers across China</h2>"))
        #expect(english.stdout.contains("<title>Hebei Province: \(hebei) centers</title>"))
        #expect(english.stdout.contains(">South China Sea Islands</text>"))
        #expect(!english.stdout.contains("全国知识产权服务中心分布"))
    }

    @Test func aFigureForOneProvinceStandsBesideItsCount() throws {
        let registry = try CenterSupport.registry()
        let hebei = try hebeiCenters(registry)
        let added = try registry.run([
            "figure", "add", "--code", "HE-2024", "--metric", "centers", "--region", "130000", "--period", "2024",
            "--value", "99", "--source", "test figure, not published by anyone",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        // A figure over two provinces is no one province's.
        let both = try registry.run([
            "figure", "add", "--code", "BTH-2025", "--metric", "centers", "--region", "110000", "--region",
            "130000", "--period", "2025", "--value", "5", "--source", "test figure, not published by anyone",
        ])
        #expect(both.status == 0, "\(both.stderr)")
        let html = try registry.run(["dashboard", "--lang", "zh"]).stdout
        #expect(html.contains("<title>河北省：\(hebei) 个中心；2024 公布 99，登记 \(hebei)（登记数不足）</title>"))
        #expect(html.contains("<td>2024 公布 99，登记 \(hebei)（登记数不足）</td>"))
        #expect(!html.contains("2025 公布 5"))
    }

    @Test func aRegionsOverviewHasNoNationalMap() throws {
        let registry = try CenterSupport.registry()
        let result = try registry.run(["dashboard", "--region", "130000"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("china-map"))
    }
}
