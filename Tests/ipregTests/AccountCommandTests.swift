// `ipreg user` and `ipreg token`: accounts and API tokens managed on the host, passwords kept only
// as bcrypt hashes, tokens shown once and kept as their SHA-256, and none of it readable by user SQL.
import Foundation
import IPRegistry
import SQLiteDB
import Testing
import WebPages

@Suite struct AccountCommandTests {
    let registry: TestRegistry
    static let password = "correct horse battery"

    init() throws { registry = try TestRegistry() }

    @discardableResult
    func addUser(
        _ name: String, role: String, regions: [String] = [], password: String = Self.password
    ) throws -> CommandResult {
        try registry.run(
            ["user", "add", name, "--role", role, "--password-stdin"] + regions.flatMap { ["--region", $0] },
            stdin: password + "\n")
    }

    func scalar(_ sql: String, _ values: [SQLiteValue] = []) throws -> String? {
        try Connection(path: registry.path, mode: .readOnly).scalarText(sql, values)
    }

    func users() throws -> [[String: Any]] { try #require(try registry.json(["user", "list"]) as? [[String: Any]]) }
    func tokens() throws -> [[String: Any]] { try #require(try registry.json(["token", "list"]) as? [[String: Any]]) }

    /// The hex SHA-256 of `text`, by coreutils rather than the code under test.
    func sha256(_ text: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }

    // MARK: Users

    @Test func anAddedUserHasABcryptHashOfCost12AndNotThePassword() throws {
        let result = try addUser("tianjin", role: "editor", regions: ["120000"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "added user tianjin (editor, regions 120000)\n")
        #expect(result.stdout.isEmpty)
        let hash = try #require(try scalar("SELECT password_hash FROM users WHERE name = 'tianjin'"))
        #expect(hash.hasPrefix("$2b$12$"))
        #expect(hash.count == 60)
        #expect(!hash.contains(Self.password))
        #expect(PasswordHash.verify(Self.password, hash: hash))
        #expect(!PasswordHash.verify(Self.password + "x", hash: hash))
        #expect(try scalar("SELECT group_concat(region_code) FROM user_regions") == "120000")
        // The password is nowhere in the file.
        #expect(try registry.fingerprint().range(of: Data(Self.password.utf8)) == nil)
    }

    @Test func aShortPasswordIsRefusedWithoutShowingItAndNothingIsWritten() throws {
        let before = try registry.fingerprint()
        let result = try addUser("hebei", role: "admin", password: "short-pw-11")
        #expect(result.status == 65)
        #expect(result.stderr == "error: password: must be at least 12 characters\n")
        #expect(try registry.fingerprint() == before)
        #expect(try users().isEmpty)
    }

    @Test func oneTrailingNewlineIsDroppedAndAPasswordIsOneLine() throws {
        let crlf = try registry.run(
            ["user", "add", "a", "--role", "admin", "--password-stdin"], stdin: Self.password + "\r\n")
        #expect(crlf.status == 0, "\(crlf.stderr)")
        let hash = try #require(try scalar("SELECT password_hash FROM users WHERE name = 'a'"))
        #expect(PasswordHash.verify(Self.password, hash: hash))
        let before = try registry.fingerprint()
        let twoLines = try registry.run(
            ["user", "add", "b", "--role", "admin", "--password-stdin"], stdin: Self.password + "\nsecond line\n")
        #expect(twoLines.status == 65)
        #expect(twoLines.stderr == "error: password: must be one line\n")
        let long = try addUser("c", role: "admin", password: String(repeating: "x", count: 73))
        #expect(long.status == 65)
        #expect(long.stderr == "error: password: must be at most 72 bytes (bcrypt reads no more)\n")
        #expect(try registry.fingerprint() == before)
    }

    @Test func thePasswordIsReadFromStandardInputOnly() throws {
        let result = try registry.run(["user", "add", "hebei", "--role", "admin"], stdin: Self.password)
        #expect(result.status == 64)
        #expect(result.errorLines.count == 1 && result.stderr.contains("--password-stdin"), "\(result.stderr)")
        #expect(try users().isEmpty)
    }

    /// Typed at a terminal the password would be echoed: `script` gives the command a terminal.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func aTerminalOnStandardInputIsRefused() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        let command = [
            CLI.binary.path, "user", "add", "x", "--role", "admin", "--password-stdin", "--db", registry.path,
        ]
        process.arguments = ["-qec", command.map { "'\($0)'" }.joined(separator: " "), "/dev/null"]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 64)
        #expect(String(decoding: data, as: UTF8.self).contains("not a terminal"))
        #expect(try users().isEmpty)
    }

    @Test func anEditorNeedsARegionAndRegionsMustBeDivisions() throws {
        let before = try registry.fingerprint()
        let none = try addUser("beijing", role: "editor")
        #expect(none.status == 65)
        #expect(none.stderr == "error: an editor needs at least one region (--region CODE)\n")
        let unknown = try addUser("beijing", role: "editor", regions: ["990000"])
        #expect(unknown.status == 65)
        #expect(unknown.stderr == "error: --region 990000: no such division\n")
        let malformed = try addUser("beijing", role: "editor", regions: ["11"])
        #expect(malformed.stderr == "error: --region 11: must be a six-digit division code (GB/T 2260)\n")
        let badRole = try addUser("beijing", role: "owner")
        #expect(badRole.status == 64)
        #expect(try registry.fingerprint() == before)
        // An admin may have no region; a name is taken once, in any case.
        #expect(try addUser("root", role: "admin").status == 0)
        let taken = try addUser("ROOT", role: "viewer")
        #expect(taken.status == 65)
        #expect(taken.stderr == "error: name ROOT: already exists (as root)\n")
    }

    @Test func userListShowsEveryFormatAndNeverAHash() throws {
        try addUser("beijing", role: "editor", regions: ["110000", "130100"])
        try addUser("admin", role: "admin")
        let listed = try users()
        #expect(listed.map { $0["name"] as? String } == ["admin", "beijing"])
        #expect(Set(listed[1].keys) == ["name", "role", "regions", "disabled", "created_at"])
        #expect(listed[1]["role"] as? String == "editor")
        #expect(listed[1]["regions"] as? [String] == ["110000", "130100"])
        #expect(listed[1]["disabled"] as? Int == 0)
        for format in ["table", "csv", "tsv", "json", "ndjson", "markdown"] {
            let result = try registry.run(["user", "list", "--format", format])
            #expect(result.status == 0)
            #expect(result.stdout.contains("beijing"), "\(format)")
            #expect(!result.stdout.contains("$2b$"), "\(format)")
        }
    }

    @Test func passwdReplacesTheHashAndRefusesAShortOne() throws {
        try addUser("hebei", role: "viewer")
        let old = try scalar("SELECT password_hash FROM users")
        let before = try registry.fingerprint()
        let short = try registry.run(["user", "passwd", "hebei", "--password-stdin"], stdin: "tooshort\n")
        #expect(short.status == 65)
        #expect(try registry.fingerprint() == before)
        let result = try registry.run(
            ["user", "passwd", "hebei", "--password-stdin"], stdin: "another long password")
        #expect(result.status == 0, "\(result.stderr)")
        let new = try #require(try scalar("SELECT password_hash FROM users"))
        #expect(new != old)
        #expect(PasswordHash.verify("another long password", hash: new))
        let missing = try registry.run(["user", "passwd", "nobody", "--password-stdin"], stdin: Self.password)
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: user nobody: no such user\n")
    }

    @Test func disableAndRemove() throws {
        try addUser("hebei", role: "editor", regions: ["130000"])
        #expect(try registry.run(["user", "disable", "hebei"]).stderr == "disabled user hebei\n")
        #expect(try users().first?["disabled"] as? Int == 1)
        #expect(try registry.run(["token", "create", "--user", "hebei"]).status == 0)
        #expect(try registry.run(["user", "remove", "hebei"]).stderr == "removed user hebei\n")
        #expect(try users().isEmpty)
        // Its tokens and regions went with it.
        let db = try Connection(path: registry.path, mode: .readOnly)
        #expect(try db.scalarInt("SELECT count(*) FROM tokens") == 0)
        #expect(try db.scalarInt("SELECT count(*) FROM user_regions") == 0)
        for command in [["user", "remove", "hebei"], ["user", "disable", "hebei"]] {
            let result = try registry.run(command)
            #expect(result.status == 1)
            #expect(result.stderr == "error: user hebei: no such user\n")
        }
    }

    // MARK: Tokens

    @Test func aTokenIsPrintedOnceAndOnlyItsSHA256IsStored() throws {
        try addUser("tianjin", role: "editor", regions: ["120000"])
        let result = try registry.run(["token", "create", "--user", "tianjin", "--label", "nightly import"])
        #expect(result.status == 0, "\(result.stderr)")
        let token = String(result.stdout.dropLast())
        #expect(result.stdout.hasSuffix("\n") && !token.contains("\n"))
        #expect(token.hasPrefix("ipr_"))
        #expect(token.count == 4 + 43)  // 32 random bytes in unpadded base64url
        #expect(token.dropFirst(4).allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(result.stderr == "created token 1 for user tianjin; it is shown only this once\n")
        #expect(try scalar("SELECT hash FROM tokens") == (try sha256(token)))
        #expect(try registry.fingerprint().range(of: Data(token.utf8)) == nil)
        #expect(try registry.fingerprint().range(of: Data(token.dropFirst(4).utf8)) == nil)
        let listed = try tokens()
        #expect(listed.count == 1)
        #expect(listed[0]["user"] as? String == "tianjin")
        #expect(listed[0]["label"] as? String == "nightly import")
        #expect(listed[0]["expires_at"] is NSNull)
        #expect(listed[0]["last_used_at"] is NSNull)
        #expect(!(try registry.run(["token", "list"]).stdout.contains(token)))
        // Two tokens are never alike.
        let second = try registry.run(["token", "create", "--user", "tianjin"]).stdout
        #expect(second.hasPrefix("ipr_") && second != result.stdout)
    }

    @Test func aTokenWorksUntilRevokedAndStampsItsLastUse() throws {
        try addUser("tianjin", role: "editor", regions: ["120000"])
        let token = String(try registry.run(["token", "create", "--user", "tianjin"]).stdout.dropLast())
        let opened = try Registry.open(path: registry.path, clock: .fixed("2026-12-01T08:00:00Z"))
        let holder = try #require(try opened.write { db in try TokenRepository(db).verify(token) })
        #expect(holder.account.name == "tianjin")
        #expect(holder.regions == ["120000"])
        #expect(try opened.write { db in try TokenRepository(db).verify(token + "x") } == nil)
        #expect(try tokens().first?["last_used_at"] as? String == "2026-12-01T08:00:00Z")
        let revoke = try registry.run(["token", "revoke", "1"])
        #expect(revoke.status == 0)
        #expect(revoke.stderr == "revoked token 1\n")
        #expect(try tokens().first?["revoked"] as? Int == 1)
        #expect(try opened.write { db in try TokenRepository(db).verify(token) } == nil)
        #expect(try registry.run(["token", "revoke", "1"]).stderr == "token 1 was already revoked\n")
        let missing = try registry.run(["token", "revoke", "7"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: token 7: no such token\n")
    }

    @Test func aDisabledUsersTokenAndAnExpiredTokenDoNotWork() throws {
        try addUser("admin", role: "admin")
        let token = String(
            try registry.run(["token", "create", "--user", "admin", "--expires", "30"]).stdout.dropLast())
        let created = try #require(try tokens().first?["created_at"] as? String)
        let expires = try #require(try tokens().first?["expires_at"] as? String)
        #expect(try scalar("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', ?, '+30 days')", [.text(created)]) == expires)
        let later = try Registry.open(path: registry.path, clock: .fixed("2999-01-01T00:00:00Z"))
        #expect(try later.write { db in try TokenRepository(db).verify(token) } == nil)
        let now = try Registry.open(path: registry.path)
        #expect(try now.write { db in try TokenRepository(db).verify(token) } != nil)
        #expect(try registry.run(["user", "disable", "admin"]).status == 0)
        #expect(try now.write { db in try TokenRepository(db).verify(token) } == nil)
    }

    @Test func anEditorsTokenStaysWithinTheEditorsRegions() throws {
        try addUser("hebei", role: "editor", regions: ["130000"])
        let before = try registry.fingerprint()
        let outside = try registry.run(["token", "create", "--user", "hebei", "--region", "120000"])
        #expect(outside.status == 65)
        #expect(outside.stderr == "error: --region 120000: is not inside the regions of hebei (130000)\n")
        #expect(outside.stdout.isEmpty)
        let unknownUser = try registry.run(["token", "create", "--user", "nobody"])
        #expect(unknownUser.status == 1)
        #expect(unknownUser.stderr == "error: user nobody: no such user\n")
        let badDays = try registry.run(["token", "create", "--user", "hebei", "--expires", "0"])
        #expect(badDays.status == 65)
        #expect(try registry.fingerprint() == before)
        let inside = try registry.run(["token", "create", "--user", "hebei", "--region", "130100"])
        #expect(inside.status == 0, "\(inside.stderr)")
        #expect(try tokens().first?["regions"] as? [String] == ["130100"])
        let opened = try Registry.open(path: registry.path)
        let holder = try opened.write { db in try TokenRepository(db).verify(String(inside.stdout.dropLast())) }
        #expect(holder?.regions == ["130100"])
    }

    // MARK: Out of user SQL's reach

    @Test func userSQLCannotReadTheAccountTables() throws {
        try addUser("admin", role: "admin")
        #expect(try registry.run(["token", "create", "--user", "admin"]).status == 0)
        // A view someone made with sqlite3 does not open the way either.
        let outside = try Connection(path: registry.path, mode: .readWrite)
        try outside.execute("CREATE VIEW peek AS SELECT name, password_hash FROM users")
        let attempts = [
            "SELECT password_hash FROM users",
            "SELECT * FROM USERS",
            "SELECT count(*) FROM main.users",
            "SELECT code, (SELECT hash FROM tokens LIMIT 1) FROM centers",
            "WITH t AS (SELECT * FROM sessions) SELECT * FROM t",
            "SELECT * FROM audit_log",
            "SELECT * FROM user_regions",
            "SELECT * FROM token_regions",
            "SELECT * FROM peek",
            "SELECT 1 WHERE EXISTS (SELECT 1 FROM users WHERE password_hash LIKE '$2b$%')",
        ]
        for sql in attempts {
            let result = try registry.run(["sql", sql])
            #expect(result.status == 65, "\(sql): \(result.stderr)")
            #expect(result.errorLines.count == 1, "\(sql): \(result.stderr)")
            #expect(result.stderr.contains("is not readable by queries"), "\(sql): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(sql)")
        }
        #expect(
            try registry.run(["sql", "SELECT password_hash FROM users"]).stderr
                == "error: refused: the table users is not readable by queries\n")
        // A saved report cannot read them either.
        let saved = try registry.run(["report", "save", "peek", "--sql", "-- peek\nSELECT * FROM tokens"])
        let ran = try registry.run(["report", "run", "peek"])
        #expect(saved.status == 65 || ran.status == 65, "\(saved.stderr) \(ran.stderr)")
        #expect(!ran.stdout.contains("$2b$"))
        // Other tables are read as before.
        #expect(try registry.run(["sql", "SELECT count(*) AS n FROM divisions"]).status == 0)
    }

    @Test func theWebViewsSQLCannotReadThemEither() async throws {
        try addUser("admin", role: "admin")
        let targets = [
            "/sql.json?sql=" + Query.encode("SELECT password_hash FROM users"),
            "/sql?sql=" + Query.encode("SELECT * FROM (SELECT hash FROM tokens)"),
        ]
        for (target, reply) in zip(targets, try await WebRoutesTests.get(registry, targets)) {
            #expect(reply.status == 400, "\(target): \(reply.status)")
            #expect(reply.body.contains("is not readable by queries"), "\(target): \(reply.body.prefix(300))")
            #expect(!reply.body.contains("$2b$"))
        }
    }

    @Test func exportHasNoAccountsAndCheckPassesWithThem() throws {
        try addUser("admin", role: "admin")
        #expect(try registry.run(["token", "create", "--user", "admin"]).status == 0)
        for kind in ["users", "tokens", "accounts"] {
            #expect(try registry.run(["export", kind]).status == 64, "\(kind)")
        }
        let check = try registry.run(["check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }
}
