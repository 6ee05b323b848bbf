// Large imports: a file large next to the registry builds the search index and the secondary
// indexes once at the end; a small file next to a large registry (or a pipe, whose size is not
// known) keeps them row by row. Either way every imported center is found by search and by
// every filter, and the file passes SQLite's checks. A refused large import restores them all.
import Foundation
import Testing

@Suite struct ImportBulkTests {
    typealias Summary = ImportSupport.Summary

    static let rows = ImportSupport.generatedCenters(3000)
    static let text = ImportSupport.csv([ImportSupport.centerHeader] + rows)
    static let deferrable: Set<String> = [
        "centers_by_region", "centers_by_kind", "centers_by_status", "center_industries_by_industry",
        "center_services_by_service", "center_history_by_code", "centers_search_after_insert",
        "centers_external_insert", "center_industries_external_insert", "center_services_external_insert",
    ]

    /// The generated codes a filter must select, by the generator's rules.
    static func codes(_ prefix: String = "GEN", where include: ([String]) -> Bool) -> Set<String> {
        Set(rows.filter(include).map { prefix + $0[0].dropFirst(3) })
    }

    func listed(_ registry: TestRegistry, _ arguments: [String]) throws -> Set<String> {
        Set(try CenterSupport.listedCodes(registry, arguments))
    }

    /// Search, each filter and the checks, for the generated centers imported under `prefix`.
    func expectFound(
        _ registry: TestRegistry, prefix: String = "GEN", sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let code = { (i: Int) in "\(prefix)-\(String(format: "%05d", i))" }
        #expect(
            try CenterSupport.listedCodes(registry, ["--search", "测试\(ImportSupport.chineseNumeral(1234))知识"]).filter {
                $0.hasPrefix(prefix)
            }
                == [code(1234)], sourceLocation: sourceLocation)
        #expect(
            try CenterSupport.listedCodes(registry, ["--search", "test center 2999,"]).filter { $0.hasPrefix(prefix) }
                == [code(2999)],
            sourceLocation: sourceLocation)
        #expect(
            try CenterSupport.listedCodes(registry, ["--search", "某路1717号"]).filter { $0.hasPrefix(prefix) } == [
                code(1717)
            ],
            sourceLocation: sourceLocation)
        func mine(_ arguments: [String]) throws -> Set<String> {
            try listed(registry, arguments).filter { $0.hasPrefix(prefix) }
        }
        #expect(try mine(["--kind", "tisc"]) == Self.codes(prefix) { $0[3] == "tisc" }, sourceLocation: sourceLocation)
        #expect(
            try mine(["--status", "closed"]) == Self.codes(prefix) { $0[4] == "closed" }, sourceLocation: sourceLocation
        )
        #expect(
            try mine(["--region", "130000"]) == Self.codes(prefix) { $0[5].hasPrefix("13") },
            sourceLocation: sourceLocation)
        #expect(
            try mine(["--region", "120104"]) == Self.codes(prefix) { $0[5] == "120104" }, sourceLocation: sourceLocation
        )
        #expect(
            try mine(["--industry", "cybersecurity"])
                == Self.codes(prefix) { $0[7].split(separator: ";").contains("cybersecurity") },
            sourceLocation: sourceLocation)
        #expect(
            try mine(["--service", "training"])
                == Self.codes(prefix) { $0[8].split(separator: ";").contains("training") },
            sourceLocation: sourceLocation)
        #expect(try mine([]).count == 3000, sourceLocation: sourceLocation)
        try ImportSupport.expectIntact(registry, sourceLocation: sourceLocation)
        #expect(try ImportSupport.schemaNames(registry).isSuperset(of: Self.deferrable), sourceLocation: sourceLocation)
    }

    @Test func aLargeFileIntoASmallRegistryIsFoundBySearchAndFilters() throws {
        let registry = try CenterSupport.registry()
        // Also an update of an existing center, whose search entry must follow it.
        let tianjin =
            ["PC-TJ", "天津市改名后的保护中心", "", "protection", "operating", "120000"] + Array(repeating: "", count: 12)
        let path = try registry.folder.write("centers.csv", Self.text + ImportSupport.csv([tianjin]))
        try ImportSupport.expectImport(
            registry, ["centers", path, "--on-conflict", "update"], Summary(read: 3001, inserted: 3000, updated: 1))
        try expectFound(registry)
        #expect(try CenterSupport.listedCodes(registry, ["--search", "改名后的"]) == ["PC-TJ"])
        #expect(try CenterSupport.listedCodes(registry, ["--search", "中国（天津）"]).isEmpty)
        #expect(try CenterSupport.listedCodes(registry, ["--search", "北京"]) == ["PC-BJ"])
    }

    @Test func aSmallFileIntoALargeRegistryIsFoundBySearchAndFilters() throws {
        let registry = try TestRegistry()
        let path = try registry.folder.write("centers.csv", Self.text)
        try ImportSupport.expectImport(registry, ["centers", path], Summary(read: 3000, inserted: 3000))
        // 200 new centers and 100 renamed ones: small next to the 3000 already there.
        let more = ImportSupport.generatedCenters(200, prefix: "MORE")
        let renamed = Self.rows.prefix(100).map { row -> [String] in
            var row = row
            row[1] = "改名" + row[1]
            return row
        }
        let small = try registry.folder.write(
            "more.csv", ImportSupport.csv([ImportSupport.centerHeader] + more + renamed))
        try ImportSupport.expectImport(
            registry, ["centers", small, "--on-conflict", "update"], Summary(read: 300, inserted: 200, updated: 100))
        try expectFound(registry)
        let numeral = ImportSupport.chineseNumeral(42)
        #expect(try CenterSupport.listedCodes(registry, ["--search", "改名测试\(numeral)"]) == ["GEN-00042"])
        #expect(
            try CenterSupport.listedCodes(registry, ["--search", "测试\(numeral)知识"]) == ["GEN-00042", "MORE-00042"])
        #expect(
            try listed(registry, ["--kind", "tisc"]).filter { $0.hasPrefix("MORE") }
                == Set(more.filter { $0[3] == "tisc" }.map { $0[0] }))
    }

    @Test func aLargeImportFromStandardInputIsFoundBySearchAndFilters() throws {
        let registry = try TestRegistry()
        try ImportSupport.expectImport(
            registry, ["centers", "-"], stdin: Self.text, Summary(read: 3000, inserted: 3000))
        try expectFound(registry)
    }

    @Test func aLargeImportRefusedAtItsLastRowLeavesTheRegistryAsItWas() throws {
        let registry = try CenterSupport.registry()
        let schema = try ImportSupport.schemaNames(registry)
        let path = try registry.folder.write(
            "centers.csv", Self.text + "BAD-1,坏,,tisc,,999999" + String(repeating: ",", count: 12) + "\n")
        let result = try ImportSupport.expectRefusedImport(registry, ["centers", path])
        #expect(
            result.errorText.first
                == "\(path):\(Self.text.split(separator: "\n", omittingEmptySubsequences: false).count):6: error: region_code 999999: no such division"
        )
        #expect(try ImportSupport.schemaNames(registry) == schema)
        try ImportSupport.expectIntact(registry)
        #expect(try CenterSupport.listedCodes(registry, []) == CenterSupport.allCodes)
    }
}
