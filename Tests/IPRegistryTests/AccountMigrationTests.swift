// Migration 0010 (accounts, tokens, sessions, audit log): a registry of schema version 9 gains the
// tables and keeps its data, and the tables themselves refuse what no account may hold.
import IPRegistry
import SQLiteDB
import Testing

@Suite struct AccountMigrationTests {
    @Test func aVersion9RegistryGainsTheAccountTables() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("registry.sqlite")
        do {
            let older = try Registry.open(path: path, migrateTo: 9).outsideConnection()
            #expect(try older.scalarInt("PRAGMA user_version") == 9)
            #expect(try older.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name = 'users'") == 0)
        }
        let registry = try Registry.open(path: path)
        let db = try registry.outsideConnection()
        #expect(try db.scalarInt("PRAGMA user_version") == Registry.schemaVersion)
        for table in ["users", "user_regions", "tokens", "token_regions", "sessions", "audit_log"] {
            #expect(
                try db.scalarInt("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", [.text(table)])
                    == 1)
        }
        #expect(try db.scalarInt("SELECT count(*) FROM divisions") == 3215)
    }

    @Test func theTablesRefuseBadRows() throws {
        let folder = try TemporaryDirectory()
        let registry = try Registry.open(path: folder.path("registry.sqlite"))
        let db = try registry.outsideConnection()
        try db.execute("PRAGMA foreign_keys = ON")
        let bcrypt = "$2b$12$" + String(repeating: "a", count: 53)
        try db.execute(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES ('a', 'admin', ?, 'now')", [.text(bcrypt)]
        )
        let refused = [
            "INSERT INTO users (name, role, password_hash, created_at) VALUES ('b', 'owner', '\(bcrypt)', 'now')",
            "INSERT INTO users (name, role, password_hash, created_at) VALUES ('c', 'admin', 'plain text', 'now')",
            "INSERT INTO users (name, role, password_hash, created_at) VALUES ('A', 'admin', '\(bcrypt)', 'now')",
            "INSERT INTO users (name, role, password_hash, created_at) VALUES ('d e', 'admin', '\(bcrypt)', 'now')",
            "INSERT INTO user_regions (user_id, region_code) VALUES (1, '990000')",
            "INSERT INTO tokens (user_id, hash, created_at) VALUES (1, 'not-a-sha256', 'now')",
            "INSERT INTO tokens (user_id, hash, created_at) VALUES (7, '\(String(repeating: "0", count: 64))', 'now')",
        ]
        for sql in refused {
            #expect(throws: SQLiteError.self, "\(sql)") { try db.execute(sql) }
        }
        #expect(try db.scalarInt("SELECT count(*) FROM users") == 1)
    }
}
