// Migration 0013: where each shipped division's government sits (division_seats), for the
// distance from a county's seat to its nearest protection center.
import IPRegistry
import SQLiteDB
import Testing

@Suite struct DivisionSeatsTests {
    private struct Seat {
        let code: String
        let latitude: Double
        let longitude: Double
        let level: Int
        let parentCode: String?
    }

    private let folder: TemporaryDirectory
    private let registry: Registry

    init() throws {
        folder = try TemporaryDirectory()
        registry = try Registry.open(path: folder.path("registry.sqlite"))
    }

    private func seats() throws -> [Seat] {
        let statement = try registry.outsideConnection().prepare(
            """
            SELECT s.code, s.latitude, s.longitude, d.level, d.parent_code
            FROM division_seats AS s JOIN divisions AS d USING (code) ORDER BY s.code
            """)
        var seats: [Seat] = []
        while try statement.step() {
            seats.append(
                Seat(
                    code: statement.text(0), latitude: statement.double(1), longitude: statement.double(2),
                    level: statement.int(3), parentCode: statement.string(4)))
        }
        return seats
    }

    @Test func everyDivisionOfTheRegionHasASeatButTheTwoTheSourceLacks() throws {
        let codes = Set(try seats().map(\.code))
        #expect(codes.count == 3180)
        let outside = try registry.outsideConnection()
        let orphans = "SELECT count(*) FROM division_seats WHERE code NOT IN (SELECT code FROM divisions)"
        #expect(try outside.scalarInt(orphans) == 0)
        let statement = try outside.prepare("SELECT code FROM divisions WHERE code GLOB '1[123]*' ORDER BY code")
        var missing: [String] = []
        while try statement.step() {
            if !codes.contains(statement.text(0)) { missing.append(statement.text(0)) }
        }
        // 辛集市 and 定州市: the source gives them no point (Scripts/gen-division-seats.py).
        #expect(missing == ["130181", "130682"])
    }

    @Test func seatsOfTheRegionLieInsideItAndNearTheirCity() throws {
        let all = try seats()
        let byCode = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })
        for seat in all where seat.code.hasPrefix("11") || seat.code.hasPrefix("12") || seat.code.hasPrefix("13") {
            #expect((36.0...42.7).contains(seat.latitude), "\(seat.code) latitude \(seat.latitude)")
            #expect((113.4...119.9).contains(seat.longitude), "\(seat.code) longitude \(seat.longitude)")
            // A county's seat is within a couple of degrees of its city's (Hebei's cities are < 300 km across).
            if seat.level == 3, let parent = seat.parentCode, let city = byCode[parent] {
                #expect(abs(seat.latitude - city.latitude) < 2.5, "\(seat.code) far from \(parent)")
                #expect(abs(seat.longitude - city.longitude) < 2.5, "\(seat.code) far from \(parent)")
            }
        }
    }

    @Test func aSeatIsStoredAsWGS84NotAsTheWebMapsOffsetPoint() throws {
        // 三河市's point in the source is 39.982718 N, 117.078294 E (GCJ-02); in WGS-84 the same
        // place is about 0.0013 degrees south and 0.0062 degrees west of it.
        let sanhe = try #require(try seats().first { $0.code == "131082" })
        #expect(abs(sanhe.latitude - (39.982718 - 0.0013)) < 0.0004)
        #expect(abs(sanhe.longitude - (117.078294 - 0.0062)) < 0.0004)
    }
}
