// `--db`, `$IPREG_DB` and `backup PATH` name plain files (docs/reliability.md): never a URI or a
// special name such as `:memory:`, whatever SQLite's build does with such names.
import Foundation
import Testing

@Suite struct RegistryPathTests {
    /// Adds a center through `--db NAME` in `folder`, then lists it from a second process.
    private func expectKept(
        _ name: String, in folder: TemporaryDirectory, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let added = try CLI.run(CenterSupport.newCenter() + ["--db", name], workingDirectory: folder.url)
        #expect(added.status == 0, "\(added.stderr)", sourceLocation: sourceLocation)
        let listed = try CLI.run(["center", "list", "--format", "csv", "--db", name], workingDirectory: folder.url)
        #expect(listed.status == 0, "\(listed.stderr)", sourceLocation: sourceLocation)
        #expect(
            listed.stdout.contains("NEW-1"), "\(name) kept nothing: \(listed.stdout)", sourceLocation: sourceLocation)
        #expect(
            FileManager.default.fileExists(atPath: folder.path(name)), "no file named \(name)",
            sourceLocation: sourceLocation)
    }

    @Test func memoryIsAFileOfThatName() throws {
        try expectKept(":memory:", in: TemporaryDirectory())
    }

    @Test func aURIIsAFileOfThatName() throws {
        let folder = try TemporaryDirectory()
        try expectKept("file:r.sqlite?mode=memory", in: folder)
        #expect(!FileManager.default.fileExists(atPath: folder.path("file:r.sqlite")))
        #expect(!FileManager.default.fileExists(atPath: folder.path("r.sqlite")))
    }

    @Test func aURIAskingForNoLockingIsAFileOfThatName() throws {
        try expectKept("file:x.sqlite?vfs=unix-none", in: TemporaryDirectory())
    }

    @Test func theEnvironmentVariableIsAPlainPathToo() throws {
        let folder = try TemporaryDirectory()
        let environment = ["IPREG_DB": ":memory:"]
        let added = try CLI.run(CenterSupport.newCenter(), environment: environment, workingDirectory: folder.url)
        #expect(added.status == 0, "\(added.stderr)")
        let shown = try CLI.run(["center", "show", "NEW-1"], environment: environment, workingDirectory: folder.url)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.path(":memory:")))
    }

    @Test func aBackupToASpecialNameIsAFileOfThatName() throws {
        let registry = try TestRegistry()
        let folder = try TemporaryDirectory()
        #expect(try CLI.run(CenterSupport.newCenter() + ["--db", registry.path]).status == 0)
        for name in [":memory:", "file:copy.sqlite?mode=memory"] {
            let backup = try CLI.run(["backup", name, "--db", registry.path], workingDirectory: folder.url)
            #expect(backup.status == 0, "\(backup.stderr)")
            let shown = try CLI.run(["center", "show", "NEW-1", "--db", folder.path(name)])
            #expect(shown.status == 0, "backup \(name): \(shown.stderr)")
        }
    }
}
