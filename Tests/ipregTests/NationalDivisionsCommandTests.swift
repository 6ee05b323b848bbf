// The divisions of the whole country (migration 0015) through the command line: a province's
// cities listed by `region list --parent`, and `check` passing on a new and on a migrated registry.
import Foundation
import IPRegistry
import Testing

@Suite struct NationalDivisionsCommandTests {
    @Test func regionListParentGuangdongListsItsTwentyOneCities() throws {
        let registry = try TestRegistry()
        let result = try registry.run(["region", "list", "--parent", "440000", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = CSVText.records(result.stdout).dropFirst()
        #expect(
            rows.map { $0[1] } == [
                "广州市", "韶关市", "深圳市", "珠海市", "汕头市", "佛山市", "江门市", "湛江市", "茂名市", "肇庆市", "惠州市",
                "梅州市", "汕尾市", "河源市", "阳江市", "清远市", "东莞市", "中山市", "潮州市", "揭阳市", "云浮市",
            ])
        #expect(rows.first == ["440100", "广州市", "Guangzhou", "440000", "2"])
        #expect(rows.allSatisfy { $0[3] == "440000" && $0[4] == "2" })
        let districts = try registry.run(["region", "list", "--parent", "440100", "--format", "csv"])
        #expect(CSVText.records(districts.stdout).dropFirst().map { $0[0] }.contains("440106"))
    }

    @Test func checkPassesOnANewRegistry() throws {
        let registry = try TestRegistry()
        let result = try registry.run(["check"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test func checkPassesOnAnOlderRegistryWhereAUserAddedGuangzhouByHand() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("registry.sqlite")
        do {
            // Schema version 14 is the one before migration 0015.
            let older = try Registry.open(path: path, migrateTo: 14)
            _ = try older.write { db in try ReferenceRepository(db).addDivision(code: "440100", name: "广州") }
        }
        // `sql` migrates an older registry first; `check` looks at it as it is.
        let migrated = try CLI.run(["sql", "SELECT count(*) FROM divisions", "--db", path, "--format", "csv"])
        #expect(migrated.stdout == "count(*)\n3215\n", "\(migrated.stderr)")
        let listed = try CLI.run(["region", "list", "--parent", "440000", "--db", path, "--format", "csv"])
        let names = CSVText.records(listed.stdout).dropFirst().map { $0[1] }
        #expect(names.count == 21)
        #expect(names.first == "广州")
        let checked = try CLI.run(["check", "--db", path])
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
    }
}
