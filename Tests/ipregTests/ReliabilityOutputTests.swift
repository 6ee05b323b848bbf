// Nothing lost through outputs (docs/reliability.md): no output lands on the registry, whatever
// path or link leads there; a failed write of data is an error and status 73, never a short file
// and status 0; a closed pipe ends quietly; `-` is standard output.
import Foundation
import Testing

@Suite struct ReliabilityOutputTests {
    private func populatedRegistry(rows: Int = 20) throws -> TestRegistry {
        let registry = try TestRegistry()
        let file = try registry.folder.write("centers.csv", CenterFile.text(rows: rows, prefix: "K"))
        let result = try registry.run(["import", "centers", file])
        #expect(result.status == 0, "\(result.stderr)")
        return registry
    }

    /// Runs `ipreg ARGUMENTS --db REGISTRY` under bash with `redirection` applied to it, e.g.
    /// `> /dev/full` or `| head -c 1`; bash prints ipreg's own status last on standard error.
    private func shell(
        _ registry: TestRegistry, _ arguments: [String], _ redirection: String,
        prelude: String = ""
    ) throws -> (status: Int32, stderr: String) {
        let quoted = (arguments + ["--db", registry.path]).map {
            "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        let script =
            "\(prelude)\"$0\" \(quoted.joined(separator: " ")) \(redirection); echo \"status ${PIPESTATUS[0]}\" >&2"
        let outcome = try Spawned(
            ["-c", script, CLI.binary.path], executable: URL(fileURLWithPath: "/bin/bash"),
            outputFolder: registry.folder.url
        ).wait(timeout: 120)
        var lines = outcome.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let last = lines.popLast() ?? ""
        #expect(last.hasPrefix("status "), "\(outcome)")
        return (Int32(last.dropFirst("status ".count)) ?? -1, lines.joined(separator: "\n"))
    }

    // MARK: No output lands on the registry

    /// Every way to name the registry's files as an output: itself, its log and index (which
    /// may not exist yet), a link to each, a dangling link, a hard link, a path through `..`.
    private func registryAliases(_ registry: TestRegistry) throws -> [String] {
        let folder = registry.folder
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: folder.path("link-to-registry"), withDestinationPath: registry.path)
        try manager.createSymbolicLink(atPath: folder.path("link-to-log"), withDestinationPath: "registry.sqlite-wal")
        try manager.createSymbolicLink(
            atPath: folder.path("link-to-link"), withDestinationPath: folder.path("link-to-log"))
        try manager.linkItem(atPath: registry.path, toPath: folder.path("hard-link"))
        try manager.createDirectory(atPath: folder.path("sub"), withIntermediateDirectories: true)
        return [
            registry.path, registry.path + "-wal", registry.path + "-shm",
            folder.path("link-to-registry"), folder.path("link-to-log"), folder.path("link-to-link"),
            folder.path("hard-link"), folder.path("sub") + "/../registry.sqlite-shm",
        ]
    }

    @Test func exportOntoTheRegistryOrItsLogIsRefusedWith73BeforeAnythingIsWritten() throws {
        let registry = try populatedRegistry()
        for alias in try registryAliases(registry) {
            let before = try registry.fingerprint()
            let result = try registry.run(["export", "centers", "--output", alias])
            #expect(result.status == 73, "\(alias): \(result.stderr)")
            #expect(
                result.errorLines.count == 1 && result.stderr.hasPrefix("error: \(alias): is the registry"),
                "\(result.stderr)")
            #expect(try registry.fingerprint() == before, "\(alias)")
            try registry.expectCheckPasses(alias)
        }
    }

    @Test func rejectsOntoTheRegistryAreRefusedWith73AndNothingIsImported() throws {
        let registry = try populatedRegistry(rows: 3)
        let batch = try registry.folder.write(
            "batch.csv", "code,name,kind,region_code\nNEW-1,新,tisc,120000\nNEW-2,坏,nope,120000\n")
        for alias in try registryAliases(registry) {
            let before = try registry.fingerprint()
            let result = try registry.run(["import", "centers", batch, "--rejects", alias])
            #expect(result.status == 73, "\(alias): \(result.stderr)")
            #expect(try registry.fingerprint() == before, "\(alias)")
            #expect(try registry.count("SELECT count(*) FROM centers WHERE code = 'NEW-1'") == 0)
        }
    }

    @Test func backupOntoTheRegistrysLogIsRefusedWith73() throws {
        let registry = try populatedRegistry(rows: 3)
        for alias in try registryAliases(registry) {
            let before = try registry.fingerprint()
            let result = try registry.run(["backup", alias])
            #expect(result.status == 73, "\(alias): \(result.stderr)")
            #expect(try registry.fingerprint() == before, "\(alias)")
            try registry.expectCheckPasses(alias)
        }
    }

    @Test func standardOutputRedirectedIntoTheRegistryIsRefusedWith73() throws {
        let registry = try populatedRegistry(rows: 3)
        let before = try registry.fingerprint()
        let outcome = try shell(registry, ["center", "list"], ">> '\(registry.path)'")
        #expect(outcome.status == 73, "\(outcome.stderr)")
        #expect(outcome.stderr.hasPrefix("error: standard output: is the registry file"), "\(outcome.stderr)")
        #expect(try registry.fingerprint() == before)
    }

    @Test func anOrdinaryOutputBesideTheRegistryIsStillWritten() throws {
        let registry = try populatedRegistry(rows: 3)
        let output = registry.folder.path("registry.sqlite.csv")
        let result = try registry.run(["export", "centers", "--output", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: output, encoding: .utf8).hasPrefix("code,name,"))
    }

    // MARK: `-` is standard output

    @Test func outputDashIsStandardOutputAndCreatesNoFile() throws {
        let registry = try populatedRegistry(rows: 3)
        let result = try CLI.run(
            ["export", "centers", "--output", "-", "--db", registry.path], workingDirectory: registry.folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try registry.run(["export", "centers"])).stdout)
        #expect(!FileManager.default.fileExists(atPath: registry.folder.path("-")))
    }

    @Test func rejectsDashAreWrittenToStandardOutputAndCreateNoFile() throws {
        let registry = try populatedRegistry(rows: 3)
        let batch = try registry.folder.write(
            "batch.csv", "code,name,kind,region_code\nNEW-1,新,tisc,120000\nNEW-2,坏,nope,120000\n")
        let result = try CLI.run(
            ["import", "centers", batch, "--rejects", "-", "--db", registry.path], workingDirectory: registry.folder.url
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            CenterSupport.csvRecords(result.stdout) == [
                ["error", "code", "name", "kind", "region_code"],
                [
                    "kind nope: must be one of protection, rapid-protection, operation, tisc", "NEW-2", "坏", "nope",
                    "120000",
                ],
            ])
        #expect(result.stderr.contains("(rejected rows in standard output)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: registry.folder.path("-")))
        #expect(try registry.count("SELECT count(*) FROM centers WHERE code = 'NEW-1'") == 1)
    }

    // MARK: Failed writes of data

    @Test(arguments: [
        ["export", "centers"], ["export", "centers", "--format", "json"], ["export", "stats"],
        ["center", "list"], ["center", "list", "--format", "json"], ["center", "show", "K-1"],
        ["sql", "SELECT code FROM centers"], ["report", "run", "centers-by-kind"], ["region", "list"],
        ["center", "history", "K-1"],
    ])
    func dataThatCannotBeWrittenToStandardOutputIsAnErrorWith73(arguments: [String]) throws {
        let registry = try populatedRegistry(rows: 5)
        let outcome = try shell(registry, arguments, "> /dev/full")
        #expect(outcome.status == 73, "\(arguments): \(outcome.stderr)")
        #expect(outcome.stderr == "error: standard output: No space left on device", "\(arguments)")
    }

    @Test func exportToAFileOnAFullDeviceIsAnErrorWith73AndLeavesNoFile() throws {
        let registry = try populatedRegistry(rows: 5)
        let result = try registry.run(["export", "centers", "--output", "/dev/full"])
        #expect(result.status == 73, "\(result.stderr)")
        #expect(result.errorLines.count == 1, "\(result.stderr)")
    }

    /// A real full disk: a 256 KiB tmpfs, where the machine lets the tests mount one (root on
    /// Linux); elsewhere the test says so and checks nothing more.
    @Test func exportsOntoAFullDiskAreErrorsWith73AndLeaveNoFile() throws {
        let registry = try populatedRegistry(rows: StressScale.count("full_disk_rows", ci: 3000, long: 20000))
        let disk = registry.folder.path("small-disk")
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        let mounted = try Spawned(
            ["-t", "tmpfs", "-o", "size=256k", "tmpfs", disk], executable: URL(fileURLWithPath: "/bin/mount"),
            outputFolder: registry.folder.url
        ).wait(timeout: 30)
        guard mounted.status == 0 else {
            StressScale.report(
                "full disk: no tmpfs could be mounted here (\(mounted.stderr.prefix(200))); /dev/full cases only")
            return
        }
        defer {
            _ = try? Spawned([disk], executable: URL(fileURLWithPath: "/bin/umount"), outputFolder: registry.folder.url)
                .wait(timeout: 30)
        }
        let full = try registry.run(["export", "centers", "--output", disk + "/centers.csv"])
        #expect(full.status == 73, "\(full.stderr)")
        #expect(full.errorLines.count == 1 && full.stderr.contains("No space left on device"), "\(full.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk) == [])
        for arguments in [["export", "centers"], ["center", "list", "--format", "json"]] {
            let redirected = try shell(registry, arguments, "> '\(disk)/out'")
            #expect(redirected.status == 73, "\(arguments): \(redirected.stderr)")
            #expect(redirected.stderr == "error: standard output: No space left on device", "\(arguments)")
        }
        StressScale.report(
            "full disk: exports of \(try registry.count("SELECT count(*) FROM centers")) centers onto a 256 KiB tmpfs ended with 73"
        )
    }

    @Test func aClosedPipeEndsQuietlyEvenWhenThePipeSignalIsIgnored() throws {
        // Enough rows that the output outgrows a pipe's buffer (64 KiB) after the reader has gone.
        let registry = try populatedRegistry(rows: 3000)
        for prelude in ["", "trap '' PIPE; "] {
            let outcome = try shell(registry, ["export", "centers"], "| head -c 10 > /dev/null", prelude: prelude)
            #expect(outcome.stderr.isEmpty, "\(prelude): \(outcome.stderr)")
            #expect(outcome.status == 128 + SIGPIPE, "\(prelude)")
        }
    }
}
