// The reference data every registry ships: the divisions agree with the Ministry of Civil
// Affairs list (Tests/Fixtures/divisions-mca-201904.tsv), parents follow the codes, and the industries and
// services exist with their names.
import Foundation
import IPRegistry
import SQLiteDB
import Testing

/// Tests/Fixtures/divisions-mca-201904.tsv, a copy of the Ministry of Civil Affairs list (2019-04).
enum MinistryDivisionList {
    static let url: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Tests/IPRegistryTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Fixtures/divisions-mca-201904.tsv")
        .standardizedFileURL

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: url.path) }

    /// Code → official Chinese name, from the `code<TAB>name` file.
    static func names() throws -> [String: String] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var names: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 2 else {
                Issue.record("\(url.path): malformed line \(line)")
                continue
            }
            names[String(fields[0])] = String(fields[1])
        }
        return names
    }
}

@Suite struct ReferenceDataTests {
    private struct Row: Equatable {
        let code: String
        let name: String
        let nameEnglish: String?
        let parentCode: String?
        let level: Int
    }

    private let registry: Registry
    private let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
        registry = try Registry.open(path: folder.path("registry.sqlite"))
    }

    private func divisions(_ condition: String = "1") throws -> [Row] {
        let statement = try registry.outsideConnection().prepare(
            "SELECT code, name, name_en, parent_code, level FROM divisions WHERE \(condition) ORDER BY code")
        var rows: [Row] = []
        while try statement.step() {
            rows.append(
                Row(
                    code: statement.text(0), name: statement.text(1), nameEnglish: statement.string(2),
                    parentCode: statement.string(3), level: statement.int(4)))
        }
        return rows
    }

    private func codedEntries(_ table: String) throws -> [String: (name: String, nameEnglish: String?)] {
        let statement = try registry.outsideConnection().prepare("SELECT code, name, name_en FROM \(table)")
        var entries: [String: (name: String, nameEnglish: String?)] = [:]
        while try statement.step() { entries[statement.text(0)] = (statement.text(1), statement.string(2)) }
        return entries
    }

    // MARK: Divisions

    @Test(
        .enabled(
            if: MinistryDivisionList.isAvailable,
            "Tests/Fixtures/divisions-mca-201904.tsv is missing, so the shipped divisions cannot be compared with it"
        ))
    func shippedDivisionsAreTheMinistryListsCodesAndChineseNames() throws {
        let official = try MinistryDivisionList.names()
        #expect(official.count == 245)
        // The rows 0002 ships: the provinces and Beijing, Tianjin and Hebei (0015 adds the others).
        let shipped = Dictionary(
            uniqueKeysWithValues: try divisions("level = 1 OR substr(code, 1, 2) IN ('11', '12', '13')").map {
                ($0.code, $0.name)
            })
        #expect(shipped.count == 245)
        #expect(Set(shipped.keys) == Set(official.keys))
        for (code, name) in official.sorted(by: { $0.key < $1.key }) where shipped[code] != name {
            Issue.record("\(code): ships \(shipped[code] ?? "nothing"), the Ministry's list says \(name)")
        }
    }

    @Test func thirtyFourProvincialDivisionsEachHaveAnEnglishName() throws {
        let provinces = try divisions("level = 1")
        #expect(provinces.count == 34)
        for province in provinces {
            #expect(province.code.hasSuffix("0000"))
            #expect(province.nameEnglish?.isEmpty == false, "\(province.code) \(province.name) has no English name")
        }
        #expect(provinces.first { $0.code == "130000" }?.nameEnglish == "Hebei Province")
    }

    @Test func hebeisElevenPrefecturesHaveTheirEnglishNames() throws {
        let prefectures = try divisions("parent_code = '130000'")
        #expect(
            prefectures.map(\.code) == [
                "130100", "130200", "130300", "130400", "130500", "130600",
                "130700", "130800", "130900", "131000", "131100",
            ])
        #expect(
            prefectures.map(\.nameEnglish) == [
                "Shijiazhuang", "Tangshan", "Qinhuangdao", "Handan", "Xingtai", "Baoding",
                "Zhangjiakou", "Chengde", "Cangzhou", "Langfang", "Hengshui",
            ])
        #expect(prefectures.allSatisfy { $0.level == 2 })
    }

    @Test func everyParentFollowsFromTheCode() throws {
        let rows = try divisions()
        let codes = Set(rows.map(\.code))
        for row in rows {
            let province = String(row.code.prefix(2)) + "0000"
            let prefecture = String(row.code.prefix(4)) + "00"
            let expected: String?
            if row.code == province {
                expected = nil
            } else if row.code == prefecture || !codes.contains(prefecture) {
                expected = province  // a prefecture, or a county straight under a municipality
            } else {
                expected = prefecture
            }
            #expect(row.parentCode == expected, "\(row.code) \(row.name)")
        }
    }

    @Test func levelsFollowFromTheCode() throws {
        for row in try divisions() {
            let expected = row.code.hasSuffix("0000") ? 1 : row.code.hasSuffix("00") ? 2 : 3
            #expect(row.level == expected, "\(row.code) \(row.name)")
        }
    }

    @Test func districtsOfBeijingAndTianjinSitDirectlyInsideTheirMunicipality() throws {
        let beijing = try divisions("code LIKE '1101__'")
        let tianjin = try divisions("code LIKE '1201__'")
        #expect(beijing.count == 16)
        #expect(tianjin.count == 16)
        #expect(beijing.allSatisfy { $0.parentCode == "110000" })
        #expect(tianjin.allSatisfy { $0.parentCode == "120000" })
    }

    // MARK: Industries and services

    @Test(arguments: [
        "photovoltaics", "modern-chemicals", "energy-internet", "satellite-internet", "cybersecurity", "nuclear-energy",
    ])
    func specIndustryShipsWithChineseAndEnglishNames(_ code: String) throws {
        let entry = try #require(try codedEntries("industries")[code], "industry \(code) is missing")
        #expect(entry.name.unicodeScalars.contains { $0.properties.isIdeographic }, "\(code): \(entry.name)")
        #expect(entry.nameEnglish?.isEmpty == false)
    }

    @Test(arguments: ["rapid-pre-examination", "rights-confirmation", "rights-protection"])
    func specServiceShipsWithChineseAndEnglishNames(_ code: String) throws {
        let entry = try #require(try codedEntries("services")[code], "service \(code) is missing")
        #expect(entry.name.unicodeScalars.contains { $0.properties.isIdeographic }, "\(code): \(entry.name)")
        #expect(entry.nameEnglish?.isEmpty == false)
    }
}
