// "Not in the future" means after today's local date (docs/commands.md, `TZ`), not UTC's.
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

    // Each test both accepts the local today and refuses the local tomorrow: whichever way the
    // zone differs from UTC, one of the two fails where "today" is UTC's.
    @Test func approvedTodayInTheLocalZoneIsAcceptedAndTheDayAfterRefused() throws {
        let registry = try TestRegistry()
        let zone = try Self.farZone()
        let accepted = try CLI.run(
            CenterSupport.newCenter([("--approved", zone.today), ("--opened", zone.today)]) + ["--db", registry.path],
            environment: ["TZ": zone.tz])
        #expect(accepted.status == 0, "TZ=\(zone.tz): \(accepted.stderr)")
        let center = try CenterSupport.shown(registry, "NEW-1")
        #expect(center["approved"] as? String == zone.today)
        #expect(center["opened"] as? String == zone.today)

        let before = try registry.fingerprint()
        let refused = try CLI.run(
            CenterSupport.newCenter([("--code", "NEW-2"), ("--approved", zone.tomorrow)]) + ["--db", registry.path],
            environment: ["TZ": zone.tz])
        #expect(refused.status == 65)
        #expect(refused.stderr == "error: --approved \(zone.tomorrow): must not be in the future\n")
        #expect(try registry.fingerprint() == before)
    }

    @Test func updateAcceptsOpenedTodayInTheLocalZoneAndRefusesTheDayAfter() throws {
        let registry = try TestRegistry()
        let zone = try Self.farZone()
        #expect(try registry.run(CenterSupport.newCenter()).status == 0)
        let accepted = try CLI.run(
            ["center", "update", "NEW-1", "--opened", zone.today, "--db", registry.path],
            environment: ["TZ": zone.tz])
        #expect(accepted.status == 0, "TZ=\(zone.tz): \(accepted.stderr)")
        let refused = try CLI.run(
            ["center", "update", "NEW-1", "--opened", zone.tomorrow, "--db", registry.path],
            environment: ["TZ": zone.tz])
        #expect(refused.status == 65)
        #expect(refused.stderr == "error: --opened \(zone.tomorrow): must not be in the future\n")
        #expect(try CenterSupport.shown(registry, "NEW-1")["opened"] as? String == zone.today)
    }
}
