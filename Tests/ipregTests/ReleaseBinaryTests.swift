// The binary carries its schema: copied alone to an empty folder it still creates a
// registry, and the migrations it embeds are exactly the files in Migrations/.
// Set IPREG_BIN to a release build to prove it of that build.
import Foundation
import SQLiteDB
import Testing

@testable import IPRegistry

@Suite struct ReleaseBinaryTests {
    private static let migrationsFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Tests/ipregTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package
        .appendingPathComponent("Migrations")

    @Test func binaryCopiedAloneToAnEmptyFolderCreatesACompleteRegistry() throws {
        let folder = try TemporaryDirectory()
        let binFolder = folder.url.appendingPathComponent("bin")
        let work = folder.url.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: binFolder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let copy = binFolder.appendingPathComponent("ipreg")
        try FileManager.default.copyItem(at: CLI.binary, to: copy)
        #expect(try FileManager.default.contentsOfDirectory(atPath: binFolder.path) == ["ipreg"])

        let environment = ["HOME": work.path, "XDG_DATA_HOME": ""]
        let created = try CLI.run(["init"], environment: environment, workingDirectory: work, executable: copy)
        #expect(created.status == 0, "\(created.stderr)")
        let path = work.path + "/.local/share/ipreg/registry.sqlite"
        #expect(FileManager.default.fileExists(atPath: path))

        let listed = try CLI.run(
            ["region", "list", "--format", "csv"], environment: environment,
            workingDirectory: work, executable: copy)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(CSVText.records(listed.stdout).count == 1 + 3215)

        let db = try Connection(path: path, mode: .readWrite)
        #expect(try db.scalarInt("PRAGMA user_version") == Registry.schemaVersion)
        #expect(try db.scalarInt("PRAGMA application_id") == 0x4950_5247)
    }

    @Test func embeddedMigrationsAreTheMigrationsFolderFileForFile() throws {
        let files = try FileManager.default
            .contentsOfDirectory(at: Self.migrationsFolder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        #expect(!files.isEmpty)
        #expect(files.count == EmbeddedMigrations.all.count)
        for (file, embedded) in zip(files, EmbeddedMigrations.all) {
            let stem = file.deletingPathExtension().lastPathComponent
            let parts = stem.split(separator: "_", maxSplits: 1)
            try #require(parts.count == 2, "\(file.lastPathComponent) is not named NNNN_name.sql")
            #expect(Int(parts[0]) == embedded.version, "\(file.lastPathComponent)")
            #expect(String(parts[1]) == embedded.name, "\(file.lastPathComponent)")
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(text == embedded.sql, "\(file.lastPathComponent) differs from what the binary embeds")
        }
    }
}
