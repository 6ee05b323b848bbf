// The clock the registry stamps its changes with and reads "today" from: a value the door
// (`Registry.open(clock:)`) hands every repository, so that a test can fix the time and an import
// can stamp all its rows alike (`stopped()`), with no global to set.
public struct RegistryClock: Sendable {
    /// The time a change is stamped with, `2026-11-25T09:30:12Z`.
    public var timestamp: @Sendable () -> String
    /// Today's date where the user is, for "not in the future".
    public var today: @Sendable () -> PartialDate

    public init(timestamp: @escaping @Sendable () -> String, today: @escaping @Sendable () -> PartialDate) {
        self.timestamp = timestamp
        self.today = today
    }

    /// The system's time, and today's date in the user's zone (`TZ`).
    public static let system = RegistryClock(timestamp: { Clock.timestamp() }, today: { PartialDate.today() })

    /// Always `timestamp` (`2026-11-25T09:30:12Z`); today is its date.
    public static func fixed(_ timestamp: String) -> RegistryClock {
        let date = PartialDate(timestamp.prefix(10)) ?? PartialDate(year: 1970, month: 1, day: 1)
        return RegistryClock(timestamp: { timestamp }, today: { date })
    }

    /// This clock stopped at its current time: everything stamped through it is stamped alike.
    public func stopped() -> RegistryClock {
        let now = timestamp()
        return RegistryClock(timestamp: { now }, today: today)
    }
}
