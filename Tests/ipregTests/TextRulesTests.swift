// Stored text (docs/commands.md): Unicode NFC from the command line and from imports alike,
// lengths in characters, and names that show something and hold no bidirectional override,
// for centers, divisions, industries, services and statistics sources.
import Foundation
import Testing

@Suite struct TextRulesTests {
    let registry: TestRegistry

    init() throws { registry = try TestRegistry() }

    static let decomposed = String(repeating: "e\u{301}", count: 150)
    static let precomposed = String(repeating: "\u{e9}", count: 150)

    func scalars(_ value: Any?) -> [UInt32] { (value as? String)?.unicodeScalars.map(\.value) ?? [] }

    @Test func aNameTypedWithCombiningAccentsIsStoredPrecomposedAndFits() throws {
        let added = try registry.run(CenterSupport.newCenter([("--name", Self.decomposed), ("--address", "A\u{30A}")]))
        #expect(added.status == 0, "\(added.stderr)")
        let shown = try CenterSupport.shown(registry, "NEW-1")
        #expect(scalars(shown["name"]) == scalars(Self.precomposed))
        #expect(scalars(shown["address"]) == [0xC5])
        let tooLong = String(repeating: "e\u{301}", count: 201)
        try CenterSupport.expectRefusal(
            registry, ["center", "update", "NEW-1", "--name", tooLong], status: 65, message: "--name ")
        #expect(
            try registry.run(["center", "update", "NEW-1", "--name", tooLong]).stderr
                .contains("must be at most 200 characters (it has 201)"))
    }

    @Test func aSearchTypedWithCombiningAccentsFindsTheStoredText() throws {
        #expect(try registry.run(CenterSupport.newCenter([("--name-en", "Caf\u{e9} Cr\u{e8}me TISC")])).status == 0)
        for search in ["Cafe\u{301}", "e\u{300}", "CAFE\u{301} CRE\u{300}ME"] {
            #expect(
                try CenterSupport.listedCodes(registry, ["--search", search]) == ["NEW-1"],
                "\(search.unicodeScalars.map(\.value))")
        }
    }

    @Test func anImportStoresNFCToo() throws {
        let path = try registry.folder.write(
            "centers.csv", "code,name,kind,region_code,host\nNEW-1,\(Self.decomposed),tisc,130100,\u{1100}\u{1161}\n")
        let result = try registry.run(["import", "centers", path])
        #expect(result.status == 0, "\(result.stderr)")
        let shown = try CenterSupport.shown(registry, "NEW-1")
        #expect(scalars(shown["name"]) == scalars(Self.precomposed))
        #expect(scalars(shown["host"]) == [0xAC00])
    }

    @Test func referenceNamesAndStatisticsSourcesAreStoredInNFC() throws {
        #expect(try registry.run(["industry", "add", "cafe", "--name", "Cafe\u{301}"]).status == 0)
        let industries = try #require(try registry.json(["industry", "list"]) as? [[String: Any]])
        #expect(scalars(industries.first { $0["code"] as? String == "cafe" }?["name"]) == scalars("Caf\u{e9}"))
        #expect(try registry.run(["region", "add", "130198", "--name", "Ko\u{308}ln"]).status == 0)
        let regions = try #require(try registry.json(["region", "list", "--parent", "130100"]) as? [[String: Any]])
        #expect(scalars(regions.first { $0["code"] as? String == "130198" }?["name"]) == scalars("K\u{f6}ln"))
        #expect(try registry.run(CenterSupport.newCenter()).status == 0)
        #expect(
            try registry.run([
                "stats", "add", "--center", "NEW-1", "--period", "2024", "--pretrial", "1", "--source", "A\u{30A}",
            ]).status == 0)
        let statistics = try #require(try registry.json(["stats", "list"]) as? [[String: Any]])
        #expect(scalars(statistics.first?["source"]) == [0xC5])
    }

    static let invisibleNames = ["\u{200B}", " \u{200B}\u{2060} ", "\u{FEFF}", "\u{3164}", "\u{200D}\u{AD}"]
    static let overridingNames = ["中心\u{202E}abc", "\u{2066}中心\u{2069}", "Center\u{202A}"]

    @Test(arguments: [("--name", "name"), ("--name-en", "name_en")])
    func aCenterNameThatShowsNothingOrOverridesDirectionIsRefused(option: String, field: String) throws {
        for name in Self.invisibleNames {
            let result = try registry.run(CenterSupport.newCenter([(option, name)]))
            #expect(result.status == 65, "\(result.stderr)")
            #expect(result.stderr.hasPrefix("error: \(option) '"), "\(result.stderr)")
            #expect(result.stderr.contains("must show at least one visible character"), "\(result.stderr)")
        }
        for name in Self.overridingNames {
            let result = try registry.run(CenterSupport.newCenter([(option, name)]))
            #expect(result.status == 65, "\(result.stderr)")
            #expect(result.stderr.hasPrefix("error: \(option) "), "\(result.stderr)")
            #expect(
                result.stderr.contains("must not contain bidirectional override or isolate characters"),
                "\(result.stderr)")
        }
        let path = try registry.folder.write(
            "centers.csv",
            "code,name,name_en,kind,region_code\n"
                + "NEW-1,\(field == "name" ? "\u{200B}" : "中心"),\(field == "name" ? "" : "\u{202E}x"),tisc,130100\n")
        let result = try ImportSupport.expectRefusedImport(registry, ["centers", path])
        #expect(result.stderr.hasPrefix("\(path):2:\(field == "name" ? 2 : 3): error: \(field) "), "\(result.stderr)")
        #expect((try registry.json(["center", "list"]) as? [Any])?.isEmpty == true)
    }

    @Test func aDivisionIndustryOrServiceNameThatShowsNothingOrOverridesDirectionIsRefused() throws {
        for arguments in [
            ["region", "add", "130198"], ["industry", "add", "new-one"], ["service", "add", "new-one"],
        ] {
            for name in Self.invisibleNames + Self.overridingNames {
                try CenterSupport.expectRefusal(registry, arguments + ["--name", name], status: 65, message: "--name ")
                try CenterSupport.expectRefusal(
                    registry, arguments + ["--name", "ok", "--name-en", name], status: 65, message: "--name-en ")
            }
        }
        let path = try registry.folder.write("regions.csv", "code,name\n130198,\u{200B}\n")
        let result = try ImportSupport.expectRefusedImport(registry, ["regions", path])
        #expect(result.stderr.hasPrefix("\(path):2:2: error: name "), "\(result.stderr)")
    }
}
