// The online backup copies a whole database into another connection's.
import SQLiteDB
import Testing

@Suite struct BackupTests {
    @Test func backupCopiesEveryTableAndRow() throws {
        let folder = try TemporaryDirectory()
        let source = try Connection(path: folder.path("source.sqlite"))
        try source.execute(
            """
            CREATE TABLE divisions (code TEXT PRIMARY KEY, name TEXT NOT NULL);
            CREATE INDEX divisions_by_name ON divisions (name);
            PRAGMA user_version = 7;
            """)
        let insert = try source.prepare("INSERT INTO divisions (code, name) VALUES (?, ?)")
        try source.transaction {
            for number in 0..<2000 { try insert.execute([.text(String(100000 + number)), .text("区\(number)")]) }
        }

        let copyPath = folder.path("copy.sqlite")
        do {
            let destination = try Connection(path: copyPath)
            try source.backup(into: destination, pagesPerStep: 5)
        }
        let copy = try Connection(path: copyPath, mode: .readOnly)
        #expect(try copy.scalarInt("SELECT count(*) FROM divisions") == 2000)
        #expect(try copy.scalarText("SELECT name FROM divisions WHERE code = '101999'") == "区1999")
        #expect(try copy.scalarInt("PRAGMA user_version") == 7)
        #expect(try copy.scalarText("PRAGMA integrity_check") == "ok")
        #expect(try copy.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name = 'divisions_by_name'") == 1)
    }

    @Test func backupReplacesWhatTheDestinationHeld() throws {
        let folder = try TemporaryDirectory()
        let source = try Connection(path: folder.path("source.sqlite"))
        try source.execute("CREATE TABLE kept (v); INSERT INTO kept VALUES (1)")
        let destination = try Connection(path: folder.path("copy.sqlite"))
        try destination.execute("CREATE TABLE stale (v)")
        try source.backup(into: destination)
        #expect(try destination.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name = 'stale'") == 0)
        #expect(try destination.scalarInt("SELECT v FROM kept") == 1)
    }
}
