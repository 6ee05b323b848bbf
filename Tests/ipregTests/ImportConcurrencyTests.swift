// An import that waits for another writer works on what that writer committed: it indexes,
// and writes history for, only its own centers.
import Foundation
import SQLiteDB
import Testing

@Suite struct ImportConcurrencyTests {
    @Test func anImportThatWaitedForAnotherWriterTouchesOnlyItsOwnCenters() throws {
        let registry = try TestRegistry()
        let file = try registry.folder.write(
            "batch.csv",
            ImportSupport.csv(
                [ImportSupport.centerHeader] + ImportSupport.generatedCenters(50, prefix: "MINE")))
        let other = try Connection(path: registry.path, mode: .readWrite)
        try other.execute("BEGIN IMMEDIATE")
        let importer = try Spawned(["import", "centers", file, "--db", registry.path], folder: registry.folder)
        // The import opens the registry and reads its file, then waits for the write lock held here.
        // There is no signal for "now waiting"; half a second is ample for a 50-row file.
        Thread.sleep(forTimeInterval: 0.5)
        try other.execute(
            """
            INSERT INTO centers (code, name, kind, status, region_code, created_at, updated_at)
            VALUES ('THEIRS-1', '另一个写入者的中心', 'tisc', 'operating', '110000', 't', 't');
            INSERT INTO center_history (center_code, changed_at, change, after)
            VALUES ('THEIRS-1', 't', 'add', '{"code":"THEIRS-1"}');
            COMMIT
            """)
        let outcome = importer.wait(timeout: 60)
        #expect(outcome.status == 0, "\(outcome)")
        try registry.expectCheckPasses("after an import that waited for another writer")
        let theirs = try registry.run(["center", "history", "THEIRS-1", "--format", "csv"])
        #expect(!theirs.stdout.contains("import"), "the other writer's center got import history: \(theirs.stdout)")
        let found = try registry.run(["center", "list", "--search", "另一个写入者", "--format", "csv"])
        #expect(found.stdout.split(separator: "\n").count == 2, "indexed once, found once: \(found.stdout)")
    }
}
