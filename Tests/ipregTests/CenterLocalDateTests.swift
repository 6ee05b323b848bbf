// "Not in the future" means after today's local date (SPEC.md section 1, `TZ`), not UTC's.
// The zone is picked from the current UTC hour so that its date differs from UTC's whenever the
// test runs: UTC+14 is already tomorrow from 10:00 UTC, UTC-12 still yesterday until 12:00 UTC.
import Foundation
import Testing

@Suite struct CenterLocalDateTests {
    /// A zone whose date is not UTC's now, with at least an hour to spare, and its today and tomorrow.
    static func farZone() throws -> (tz: String, today: String, tomorrow: String) {
        let now = Date()
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = try #require(TimeZone(identifier: "UTC"))
        let tz = utc.component(.hour, from: now) >= 11 ? "Pacific/Kiritimati" : "Etc/GMT+12"
        var local = Calendar(identifier: .gregorian)
        local.timeZone = try #require(TimeZone(identifier: tz))
        func day(_ date: Date) -> String {
            let parts = local.dateComponents([.year, .month, .day], from: date)
            return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        }
        let tomorrow = try #require(local.date(byAdding: .day, value: 1, to: now))
        #expect(day(now) != ISO8601DateFormatter().string(from: now).prefix(10).description)
        return (tz, day(now), day(tomorrow))
    }

    @Test func approvedAndOpenedTodayInTheLocalZoneAreAccepted() throws {
        let registry = try TestRegistry()
        let zone = try Self.farZone()
        let result = try CLI.run(CenterSupport.newCenter([("--approved", zone.today), ("--opened", zone.today)]) + ["--db", registry.path],
                                 environment: ["TZ": zone.tz])
        #expect(result.status == 0, "TZ=\(zone.tz): \(result.stderr)")
        let center = try CenterSupport.shown(registry, "NEW-1")
        #expect(center["approved"] as? String == zone.today)
        #expect(center["opened"] as? String == zone.today)
    }

    @Test func approvedAfterTheLocalTodayIsRefused() throws {
        let registry = try TestRegistry()
        let zone = try Self.farZone()
        let before = try registry.fingerprint()
        let result = try CLI.run(CenterSupport.newCenter([("--approved", zone.tomorrow)]) + ["--db", registry.path],
                                 environment: ["TZ": zone.tz])
        #expect(result.status == 65)
        #expect(result.stderr == "error: --approved \(zone.tomorrow): must not be in the future\n")
        #expect(try registry.fingerprint() == before)
    }

    @Test func openedAfterTheLocalTodayIsRefusedByUpdateToo() throws {
        let registry = try TestRegistry()
        let zone = try Self.farZone()
        #expect(try registry.run(CenterSupport.newCenter()).status == 0)
        let result = try CLI.run(["center", "update", "NEW-1", "--opened", zone.tomorrow, "--db", registry.path],
                                 environment: ["TZ": zone.tz])
        #expect(result.status == 65)
        #expect(result.stderr == "error: --opened \(zone.tomorrow): must not be in the future\n")
    }
}
