// top-centers with a period is computed by merging the index's runs (TopCentersInPeriod), not by
// its SQL: the two must give the same rows, ties, NULLs, regions and limits included.
import Foundation
import SQLiteDB
import Testing

@testable import IPRegistry

@Suite struct TopCentersInPeriodTests {
    /// 240 centers in four divisions, statistics by year for some and by month for others, small
    /// values so that sums tie, NULLs, and rows of a center deleted with foreign keys off.
    static func registry() throws -> (Registry, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ipreg-top-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let registry = try Registry.open(path: folder.appendingPathComponent("registry.sqlite").path)
        let db = try registry.outsideConnection()
        var generator = SplitMix(seed: 19)
        let regions = ["110000", "110108", "130100", "130102", "120116", "130200"]
        var sql = "BEGIN;\n"
        for id in 1...240 {
            let region = regions[Int(generator.next() % UInt64(regions.count))]
            sql += "INSERT INTO centers (id, code, name, kind, status, region_code, created_at, updated_at) VALUES "
            sql += "(\(id), 'C\(1000 - id)', 'center \(id)', 'tisc', 'operating', '\(region)', 't', 't');\n"
            func value() -> String { generator.next() % 5 == 0 ? "NULL" : String(generator.next() % 6) }
            if id % 3 == 0 {
                for month in 1...24 where generator.next() % 3 != 0 {
                    let year = 2020 + (month - 1) / 12
                    let start = String(format: "%d-%02d-01", year, (month - 1) % 12 + 1)
                    var pretrial = value()
                    let protection = value()
                    if pretrial == "NULL" && protection == "NULL" { pretrial = "1" }
                    sql += "INSERT INTO case_statistics (center_id, period, period_start, period_end, "
                    sql += "pretrial_cases, protection_cases) VALUES (\(id), '\(start.prefix(7))', '\(start)', "
                    sql += "'\(start.prefix(8))28', \(pretrial), \(protection));\n"
                }
            } else {
                for year in 2019...2023 where generator.next() % 4 != 0 {
                    var pretrial = value()
                    let protection = value()
                    if pretrial == "NULL" && protection == "NULL" { pretrial = "2" }
                    sql += "INSERT INTO case_statistics (center_id, period, period_start, period_end, "
                    sql += "pretrial_cases, protection_cases) VALUES (\(id), '\(year)', '\(year)-01-01', "
                    sql += "'\(year)-12-31', \(pretrial), \(protection));\n"
                }
            }
        }
        sql += "COMMIT;\nPRAGMA foreign_keys = OFF;\nDELETE FROM centers WHERE id IN (7, 30, 41);\n"
        try db.execute(sql)
        return (registry, folder)
    }

    @Test func theMergeGivesTheRowsOfTheReportsSQL() throws {
        let (registry, folder) = try Self.registry()
        defer { try? FileManager.default.removeItem(at: folder) }
        var compared = 0
        for by in ["protection", "pretrial"] {
            for region in [nil, "130000", "110000", "130102"] {
                for (from, to) in [
                    ("2021", nil), (nil, "2021-Q2"), ("2020-Q2", "2021"), ("2020-03", "2020-03"),
                    ("2023", "2023"), ("2030", nil),
                ] as [(String?, String?)] {
                    for limit in ["1", "3", "10", "500"] {
                        var arguments = ["by": by, "limit": limit]
                        arguments["region"] = region
                        arguments["from"] = from
                        arguments["to"] = to
                        try registry.read { db in
                            let prepared = try ReportCatalog.prepare("top-centers", arguments: arguments, in: db)
                            let computed = try #require(prepared.computed)
                            var bySQL: [[Cell]] = []
                            try prepared.query.run(prepared.values) { bySQL.append($0) }
                            var merged: [[Cell]] = []
                            #expect(try computed.rows { merged.append($0) })
                            #expect(merged == bySQL, "\(arguments)")
                        }
                        compared += 1
                    }
                }
            }
        }
        #expect(compared == 192)
    }

    /// A period that holds every row ranks from the kept totals, as no period does; on a registry
    /// whose statistics all belong to centers, that is the rows the merge gives for it.
    @Test func aPeriodThatHoldsEveryRowRanksFromTheTotals() throws {
        let (registry, folder) = try Self.registry()
        defer { try? FileManager.default.removeItem(at: folder) }
        try registry.outsideConnection().execute("DELETE FROM case_statistics WHERE center_id IN (7, 30, 41)")
        for region in [nil, "130000"] {
            for by in ["protection", "pretrial"] {
                try registry.read { db in
                    var arguments = ["by": by, "from": "2019", "to": "2023-Q4", "limit": "7"]
                    arguments["region"] = region
                    let covering = try ReportCatalog.prepare("top-centers", arguments: arguments, in: db)
                    #expect(covering.computed == nil)
                    #expect(!covering.sql.contains(":from") && !covering.sql.contains(":to"))
                    var fromTotals: [[Cell]] = []
                    try covering.run { fromTotals.append($0) }
                    arguments["from"] = nil
                    arguments["to"] = nil
                    var withoutPeriod: [[Cell]] = []
                    try ReportCatalog.prepare("top-centers", arguments: arguments, in: db).run {
                        withoutPeriod.append($0)
                    }
                    let merge = TopCentersInPeriod(
                        database: db, rankColumn: by == "pretrial" ? "pretrial_cases" : "protection_cases",
                        from: "2019-01-01", to: "2023-12-31", regionLowest: region == nil ? nil : "130000",
                        regionHighest: region == nil ? nil : "139999", limit: 7)
                    var merged: [[Cell]] = []
                    #expect(try merge.rows { merged.append($0) })
                    #expect(fromTotals.count == 7)
                    #expect(fromTotals == withoutPeriod)
                    #expect(fromTotals == merged, "\(arguments)")
                }
            }
        }
        // One row outside the period: the period is summed again.
        try registry.read { db in
            let partial = try ReportCatalog.prepare(
                "top-centers", arguments: ["from": "2019-02", "to": "2023-Q4"], in: db)
            #expect(partial.computed != nil)
        }
    }

    @Test func withoutAPeriodTheSQLRuns() throws {
        let (registry, folder) = try Self.registry()
        defer { try? FileManager.default.removeItem(at: folder) }
        try registry.read { db in
            let prepared = try ReportCatalog.prepare("top-centers", arguments: ["region": "130000"], in: db)
            #expect(prepared.computed == nil)
        }
    }
}

/// A small seeded generator, so that the data is the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
