// Migration 0015: every prefecture-level and county-level division of mainland China, from the
// Ministry of Civil Affairs' current list (Scripts/gen-national-divisions.py), with their seats,
// beside Beijing-Tianjin-Hebei's rows of 0002, which stay as they were.
import IPRegistry
import SQLiteDB
import Testing

@Suite struct NationalDivisionsTests {
    private static let ministry = "Ministry of Civil Affairs, 国家地名信息库%"

    private let folder: TemporaryDirectory
    private let registry: Registry

    init() throws {
        folder = try TemporaryDirectory()
        registry = try Registry.open(path: folder.path("registry.sqlite"))
    }

    private func count(_ sql: String, _ values: [SQLiteValue] = []) throws -> Int? {
        try registry.outsideConnection().scalarInt(sql, values)
    }

    @Test func theMigrationAddsEveryPrefectureAndCountyOutsideBeijingTianjinAndHebei() throws {
        let added = "SELECT count(*) FROM divisions WHERE source LIKE ? AND level = ?"
        #expect(try count(added, [.text(Self.ministry), .integer(2)]) == 322)
        #expect(try count(added, [.text(Self.ministry), .integer(3)]) == 2648)
        #expect(try count("SELECT count(*) FROM divisions") == 245 + 2970)
        #expect(try count("SELECT count(*) FROM divisions WHERE level = 2") == 333)
        // None in the region of 0002, nothing below Taiwan, Hong Kong and Macao.
        let inTheRegion = "SELECT count(*) FROM divisions WHERE source LIKE ? AND code GLOB '1[123]*'"
        #expect(try count(inTheRegion, [.text(Self.ministry)]) == 0)
        #expect(try count("SELECT count(*) FROM divisions WHERE code GLOB '7*' OR code GLOB '8[12]*'") == 3)
    }

    @Test(
        arguments: [
            ("440100", "广州市", "440000", 2, "Guangzhou"),
            ("440106", "天河区", "440100", 3, nil),
            ("441900", "东莞市", "440000", 2, "Dongguan"),
            ("460100", "海口市", "460000", 2, "Haikou"),
            ("650102", "天山区", "650100", 3, nil),
            ("654021", "伊宁县", "654000", 3, nil),
            ("653132", "岑岭县", "653100", 3, nil),  // set up in 2026
            ("419001", "济源市", "410000", 3, nil),  // a county-level city the province governs directly
            ("500157", "两江新区", "500000", 3, nil),  // Chongqing's districts sit inside the municipality
        ] as [(String, String, String, Int, String?)])
    func aKnownDivisionSitsInsideItsParent(
        code: String, name: String, parent: String, level: Int, nameEnglish: String?
    ) throws {
        let statement = try registry.outsideConnection().prepare(
            "SELECT name, parent_code, level, name_en FROM divisions WHERE code = ?")
        try statement.bind(code, at: 1)
        #expect(try statement.step(), "\(code) is missing")
        #expect(statement.text(0) == name)
        #expect(statement.string(1) == parent)
        #expect(statement.int(2) == level)
        #expect(statement.string(3) == nameEnglish)
    }

    @Test func everyParentExistsAndEveryCodeOfTheOldEditionIsGone() throws {
        let orphans = "SELECT count(*) FROM divisions WHERE parent_code NOT IN (SELECT code FROM divisions)"
        #expect(try count(orphans) == 0)
        // 江北区 and 渝北区 became 两江新区 (2025); Amap's district-group codes are no divisions.
        #expect(try count("SELECT count(*) FROM divisions WHERE code IN ('500105', '500112', '500100', '133100')") == 0)
        #expect(try registry.outsideConnection().scalar("PRAGMA foreign_key_check") == nil)
    }

    @Test func theRowsOfBeijingTianjinAndHebeiAreThoseOf0002() throws {
        let region = "SELECT count(*) FROM divisions WHERE code GLOB '1[123]*' AND source LIKE '%revision 2019-04'"
        // The three provincial-level divisions and their 211 prefectures and counties.
        #expect(try count(region) == 3 + 211)
        #expect(try count("SELECT count(*) FROM divisions WHERE code GLOB '1[123]*'") == 3 + 211)
        // Hebei's 2020 renames are not applied: 0002's names stay.
        #expect(
            try registry.outsideConnection().scalarText("SELECT name FROM divisions WHERE code = '130502'") == "桥东区")
        #expect(try count("SELECT count(*) FROM divisions WHERE code IN ('130505', '130506')") == 0)
    }

    @Test func theNewDivisionsHaveSeatsWhoseDivisionsExist() throws {
        #expect(try count("SELECT count(*) FROM division_seats") == 243 + 2937)
        let orphans = "SELECT count(*) FROM division_seats WHERE code NOT IN (SELECT code FROM divisions)"
        #expect(try count(orphans) == 0)
        // 广州市's point in cpca is 23.12911 N, 113.264385 E (GCJ-02): WGS-84 is south-west of it.
        let guangzhou = try registry.outsideConnection().prepare(
            "SELECT latitude, longitude FROM division_seats WHERE code = '440100'")
        #expect(try guangzhou.step())
        #expect(abs(guangzhou.double(0) - 23.1318) < 0.001)
        #expect(abs(guangzhou.double(1) - 113.2591) < 0.001)
        // 两江新区 is newer than the source's list: no seat rather than a guessed one.
        #expect(try count("SELECT count(*) FROM division_seats WHERE code = '500157'") == 0)
    }

    @Test func aRegistryWhereAUserAddedSomeOfTheCodesMigratesAndKeepsTheUsersRows() throws {
        let path = folder.path("older.sqlite")
        do {
            // Schema version 14 is the one before this migration.
            let older = try Registry.open(path: path, migrateTo: 14)
            try older.write { db in
                let reference = ReferenceRepository(db)
                // Added before its prefecture: 宝安 sits directly inside Guangdong.
                let county = try reference.addDivision(code: "440306", name: "宝安")
                #expect(county.division.parentCode == "440000")
                try reference.addDivision(code: "440100", name: "广州", nameEnglish: "Canton")
            }
            #expect(try older.outsideConnection().scalarInt("SELECT count(*) FROM division_seats") == 243)
        }
        let migrated = try Registry.open(path: path)
        let db = try migrated.outsideConnection()
        #expect(try db.scalarInt("PRAGMA user_version") == Registry.schemaVersion)
        let guangzhou = try db.prepare("SELECT name, name_en, source FROM divisions WHERE code = '440100'")
        #expect(try guangzhou.step())
        #expect(guangzhou.text(0) == "广州")
        #expect(guangzhou.string(1) == "Canton")
        #expect(guangzhou.string(2) == nil)
        #expect(try db.scalarText("SELECT parent_code FROM divisions WHERE code = '440103'") == "440100")
        // The user's county moved inside its prefecture, as `region add 440300` would have moved it.
        #expect(
            try db.scalarText("SELECT name || ' ' || parent_code FROM divisions WHERE code = '440306'")
                == "宝安 440300")
        #expect(try db.scalarInt("SELECT count(*) FROM divisions") == 245 + 2970)
        #expect(try db.scalar("PRAGMA foreign_key_check") == nil)
        #expect(try db.scalarInt("SELECT count(*) FROM division_seats WHERE code = '440100'") == 1)
    }
}
