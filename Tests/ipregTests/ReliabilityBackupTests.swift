// `ipreg backup PATH` end to end: a whole copy that passes check, written under a temporary
// name and renamed, exit 73 and no file at all when PATH cannot be written.
import Foundation
import IPRegistry
import Testing

@Suite struct ReliabilityBackupTests {
    private func populatedRegistry(rows: Int = 30) throws -> TestRegistry {
        let registry = try TestRegistry()
        let file = try registry.folder.write("centers.csv", CenterFile.text(rows: rows, prefix: "K"))
        let result = try registry.run(["import", "centers", file])
        #expect(result.status == 0, "\(result.stderr)")
        return registry
    }

    private func export(_ path: String) throws -> String {
        let result = try CLI.run(["export", "centers", "--format", "csv", "--db", path])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    /// Names in `folder` other than the registry's own files and the test's.
    private func strayFiles(in folder: TemporaryDirectory) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.contains("ipreg-backup") }
    }

    @Test func backupWritesACopyThatPassesCheckAndHoldsTheSameCenters() throws {
        let registry = try populatedRegistry()
        let copy = registry.folder.path("copy.sqlite")
        let result = try registry.run(["backup", copy])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(copy))
        let check = try CLI.run(["check", "--db", copy])
        #expect(check.status == 0, "\(check.stdout)")
        #expect(try export(copy) == export(registry.path))
        #expect(try strayFiles(in: registry.folder) == [])
    }

    @Test func theCopyIsARegistryThatTakesWrites() throws {
        let registry = try populatedRegistry()
        let copy = registry.folder.path("copy.sqlite")
        #expect(try registry.run(["backup", copy]).status == 0)
        let file = try registry.folder.write("more.csv", CenterFile.text(rows: 3, prefix: "M"))
        let result = try CLI.run(["import", "centers", file, "--db", copy])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try CLI.run(["check", "--db", copy]).status == 0)
    }

    @Test func backupReplacesAnOlderCopyWhole() throws {
        let registry = try populatedRegistry(rows: 5)
        let copy = registry.folder.path("copy.sqlite")
        #expect(try registry.run(["backup", copy]).status == 0)
        let file = try registry.folder.write("more.csv", CenterFile.text(rows: 7, prefix: "M"))
        #expect(try registry.run(["import", "centers", file]).status == 0)
        #expect(try CLI.run(["check", "--db", copy]).status == 0)  // leaves an empty WAL beside the copy
        let result = try registry.run(["backup", copy])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try export(copy) == export(registry.path))
        #expect(try CLI.run(["check", "--db", copy]).status == 0)
    }

    @Test func backupIntoAMissingFolderExits73AndWritesNothing() throws {
        let registry = try populatedRegistry(rows: 2)
        let result = try registry.run(["backup", registry.folder.path("no/such/folder/copy.sqlite")])
        #expect(result.status == 73)
        #expect(result.errorLines.count == 1)
        #expect(result.stderr.contains("no such folder"))
        #expect(!FileManager.default.fileExists(atPath: registry.folder.path("no")))
    }

    @Test func backupToAFolderExits73() throws {
        let registry = try populatedRegistry(rows: 2)
        let result = try registry.run(["backup", registry.folder.url.path])
        #expect(result.status == 73)
        #expect(result.stderr.contains("is a folder"))
    }

    @Test func backupOntoAFIFOExits73AndLeavesItInPlace() throws {
        // A FIFO stands for a device such as /dev/null, which a rename would replace with a file.
        let registry = try populatedRegistry(rows: 2)
        let fifo = registry.folder.path("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let before = registry.folder.fileNames
        let result = try registry.run(["backup", fifo])
        #expect(result.status == 73)
        #expect(result.errorLines == ["error: \(fifo): is not a regular file; give the backup file's name"])
        var info = stat()
        #expect(stat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
        // Nothing new but the log a reader of the registry leaves.
        #expect(
            Set(registry.folder.fileNames).subtracting(["registry.sqlite-wal", "registry.sqlite-shm"]) == Set(before))
    }

    @Test func backupWhereNoFileCanBeCreatedExits73AndLeavesNothing() throws {
        // /proc refuses new files even to root, unlike a folder without write permission.
        let registry = try populatedRegistry(rows: 2)
        let result = try registry.run(["backup", "/proc/self/copy.sqlite"])
        #expect(result.status == 73, "\(result.stderr)")
        #expect(result.errorLines.count == 1)
        #expect(try strayFiles(in: registry.folder) == [])
    }

    @Test func backupOntoTheRegistryItselfExits73AndChangesNothing() throws {
        let registry = try populatedRegistry(rows: 2)
        let before = try registry.fingerprint()
        let result = try registry.run(["backup", registry.path])
        #expect(result.status == 73)
        #expect(try registry.fingerprint() == before)
    }

    @Test func backupBesideAnotherRegistrysUnfinishedLogExits73() throws {
        let registry = try populatedRegistry(rows: 2)
        let target = registry.folder.path("other.sqlite")
        _ = try registry.folder.write("other.sqlite-wal", "frames of another registry")
        let result = try registry.run(["backup", target])
        #expect(result.status == 73)
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func backupOfAMissingRegistryExits74AndCreatesNothing() throws {
        let folder = try TemporaryDirectory()
        let result = try CLI.run(["backup", folder.path("copy.sqlite"), "--db", folder.path("absent.sqlite")])
        #expect(result.status == 74)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == [])
    }

    @Test func backupWithoutAPathIsAUsageError() throws {
        let registry = try TestRegistry()
        let result = try registry.run(["backup"])
        #expect(result.status == 64)
    }
}
