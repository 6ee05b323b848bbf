// docs/reliability.md: "A process killed at any moment leaves the registry as it was before the
// command or as it is after it, and `ipreg check` passes." Imports are killed with SIGKILL at
// seeded random moments; after each kill the registry holds none or all of that file's rows.
// Scripts/stress runs this with IPREG_STRESS=long: 200k rows a file.
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite(.serialized) struct ReliabilityCrashTests {
    @Test func anImportKilledAtRandomMomentsLeavesNoneOrAllOfItsRows() throws {
        let rows = StressScale.count("kill_rows", ci: 3_000, long: 200_000)
        let kills = StressScale.count("kills", ci: 10, long: 10)
        let registry = try TestRegistry()

        // One whole import of such a file, elsewhere, says how long one takes: the kills are
        // spread over that time and a while after it, so some land after the commit too.
        let timing = try TestRegistry()
        let timingFile = timing.folder.path("timing.csv")
        try CenterFile.write(rows: rows, prefix: "W", to: timingFile)
        let whole = try timing.spawn(["import", "centers", timingFile], timeout: 1_800)
        try #require(whole.status == 0, "a whole import failed: \(whole)")
        let duration = whole.seconds

        var generator = SeededGenerator(seed: StressScale.seed)
        var leftNone = 0
        var leftAll = 0
        var finishedFirst = 0
        for round in 1...kills {
            let prefix = "R\(round)"
            let file = registry.folder.path("\(prefix).csv")
            try CenterFile.write(rows: rows, prefix: prefix, to: file)
            // Stratified: round i lands somewhere in the i-th tenth of 1.5 times that duration, so
            // the kills cover start-up, the load, the commit and the checkpoint on the way out.
            let moment =
                duration * 1.5 * (Double(round - 1) + Double.random(in: 0..<1, using: &generator)) / Double(kills)
            let importer = try Spawned(["import", "centers", file, "--db", registry.path], folder: registry.folder)
            // Sleeping is the point here: the kill must land at an arbitrary moment of the import.
            usleep(UInt32(moment * 1_000_000))
            importer.kill(SIGKILL)
            let outcome = importer.wait(timeout: 60)
            #expect(!outcome.timedOut)
            if outcome.status == 0 { finishedFirst += 1 }

            let centers = try registry.count("SELECT count(*) FROM centers WHERE code LIKE '\(prefix)-%'")
            let history = try registry.count("SELECT count(*) FROM center_history WHERE center_code LIKE '\(prefix)-%'")
            #expect(
                centers == 0 || centers == rows,
                "round \(round): \(centers) of \(rows) rows after a kill at \(moment) s")
            #expect(history == centers, "round \(round): \(history) history entries for \(centers) centers")
            try registry.expectCheckPasses("after kill \(round) at \(String(format: "%.3f", moment)) s")
            try? FileManager.default.removeItem(atPath: file)
            if centers == 0 { leftNone += 1 } else { leftAll += 1 }
        }
        StressScale.report(
            "kills: \(kills) imports of \(rows) rows (a whole one takes \(String(format: "%.2f", duration)) s) "
                + "killed with SIGKILL at random moments; \(leftNone) left none of their rows, \(leftAll) all "
                + "(\(finishedFirst) of those had finished before the kill); check passed after each")
    }
}
