// Elapsed time for summaries and progress, immune to wall-clock changes.
#if canImport(Glibc)
import Glibc
#endif

public struct MonotonicClock: Sendable {
    private let start: Double

    public init() { start = Self.now() }

    public var elapsedSeconds: Double { Self.now() - start }

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
