// The registry's clock is a value the door hands its repositories: a fixed clock stamps every
// change and decides "today", and a stopped one stamps an import's rows alike.
import Foundation
import Synchronization
import Testing

@testable import IPRegistry

@Suite struct RegistryClockTests {
    @Test func aFixedClockStampsEveryChangeAndIsTodayForTheRules() throws {
        let folder = try TemporaryDirectory()
        let registry = try Registry.open(path: folder.path("registry.sqlite"), clock: .fixed("2025-03-04T05:06:07Z"))
        let stored = try registry.write { db in
            try CenterRepository(db).insert(Center(code: "PC-1", name: "中心", kind: .tisc, regionCode: "110000"))
        }
        #expect(stored.createdAt == "2025-03-04T05:06:07Z")
        #expect(stored.updatedAt == "2025-03-04T05:06:07Z")
        #expect(
            try registry.read { db in try CenterRepository(db).history(code: "PC-1") }.map(\.changedAt) == [
                "2025-03-04T05:06:07Z"
            ])
        let validator = try registry.read { db in try CenterRepository(db).validator }
        #expect(validator.today == PartialDate(year: 2025, month: 3, day: 4))
        var center = Center(code: "PC-2", name: "中心", kind: .tisc, regionCode: "110000")
        try validator.apply(.approved, raw: "2025-03-04", to: &center)
        #expect(throws: ValidationFailure.self) { try validator.apply(.approved, raw: "2025-03-05", to: &center) }
    }

    @Test func aStoppedClockGivesTheSameTimeEveryTime() {
        let ticks = Atomic<Int>(0)
        let running = RegistryClock(
            timestamp: { "2025-01-01T00:00:0\(ticks.add(1, ordering: .relaxed).newValue)Z" },
            today: { PartialDate(year: 2025, month: 1, day: 1) })
        #expect(running.timestamp() != running.timestamp())
        let stopped = running.stopped()
        #expect(stopped.timestamp() == stopped.timestamp())
    }

    @Test func theSystemClockStampsISO8601UTC() {
        let stamp = RegistryClock.system.timestamp()
        #expect(stamp.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"#, options: .regularExpression) != nil)
    }
}
