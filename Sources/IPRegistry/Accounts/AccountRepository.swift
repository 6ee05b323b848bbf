// Accounts: added, listed, given a new password, disabled and removed from the command line on the
// host (`ipreg user`). Writes run inside the caller's transaction (`Registry.write`).
import SQLiteDB

public struct AccountRepository {
    let database: Database
    var db: Connection { get throws(SQLiteError) { try database.connection } }

    public init(_ database: Database) { self.database = database }

    // MARK: Reading

    public func find(name: String) throws -> Account? {
        let statement = try db.cachedStatement(
            "SELECT id, name, role, disabled, created_at FROM users WHERE name = ? COLLATE NOCASE")
        try statement.bind(name, at: 1)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        let id = statement.int64(0)
        let (name, role, disabled, created) = (
            statement.text(1), statement.text(2), statement.int(3) != 0, statement.text(4)
        )
        statement.reset()
        return Account(
            id: id, name: name, role: AccountRole(rawValue: role) ?? .viewer, regions: try regions(of: id),
            disabled: disabled, createdAt: created)
    }

    /// The account `name` with its bcrypt string, for a sign-in to check the password against
    /// (`PasswordHash.verify`, off the writer's thread); nil when there is no such account.
    public func signInRecord(name: String) throws -> (account: Account, passwordHash: String)? {
        let statement = try db.cachedStatement("SELECT password_hash FROM users WHERE name = ? COLLATE NOCASE")
        try statement.bind(name, at: 1)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        let hash = statement.text(0)
        statement.reset()
        guard let account = try find(name: name) else { return nil }
        return (account, hash)
    }

    /// Every account, by name.
    public func list() throws -> [Account] {
        let statement = try db.prepare(
            """
            SELECT u.id, u.name, u.role, u.disabled, u.created_at,
                   (SELECT group_concat(region_code, ' ') FROM
                       (SELECT region_code FROM user_regions WHERE user_id = u.id ORDER BY region_code))
            FROM users AS u ORDER BY u.name COLLATE NOCASE
            """)
        var accounts: [Account] = []
        while try statement.step() {
            accounts.append(
                Account(
                    id: statement.int64(0), name: statement.text(1),
                    role: AccountRole(rawValue: statement.text(2)) ?? .viewer,
                    regions: statement.text(5).split(separator: " ").map(String.init),
                    disabled: statement.int(3) != 0, createdAt: statement.text(4)))
        }
        return accounts
    }

    func regions(of userID: Int64) throws -> [String] {
        let statement = try db.cachedStatement(
            "SELECT region_code FROM user_regions WHERE user_id = ? ORDER BY region_code")
        try statement.bind(userID, at: 1)
        defer { statement.reset() }
        var codes: [String] = []
        while try statement.step() { codes.append(statement.text(0)) }
        return codes
    }

    /// The account `name`, or `notFound` (exit status 1, as a missing center).
    public func existing(name: String) throws -> Account {
        guard let account = try find(name: name) else { throw RegistryError.notFound("user \(name): no such user") }
        return account
    }

    // MARK: Writing (inside the caller's transaction)

    /// Adds an account with a password checked and hashed beforehand (`HashedPassword`);
    /// `regions` are division codes the registry has, and an editor needs at least one.
    @discardableResult
    public func add(
        name rawName: String, role: AccountRole, regions rawRegions: [String], password: HashedPassword
    ) throws
        -> Account
    {
        let name = try AccountName.checked(rawName)
        if let existing = try find(name: name) {
            throw RegistryError.invalidValue(
                ValidationFailure(field: "name", value: rawName, rule: "already exists (as \(existing.name))"))
        }
        let regions = try Self.resolved(rawRegions, in: database)
        if role == .editor && regions.isEmpty {
            throw RegistryError.invalidInput("an editor needs at least one region (--region CODE)")
        }
        let now = database.clock.timestamp()
        try db.execute(
            "INSERT INTO users (name, role, password_hash, disabled, created_at) VALUES (?, ?, ?, 0, ?)",
            [.text(name), .text(role.rawValue), .text(password.text), .text(now)])
        let id = try db.lastInsertRowID
        for region in regions {
            try db.execute(
                "INSERT INTO user_regions (user_id, region_code) VALUES (?, ?)", [.integer(id), .text(region)])
        }
        return Account(id: id, name: name, role: role, regions: regions, disabled: false, createdAt: now)
    }

    /// A new password; the account's sessions end, so a stolen cookie stops with the old password.
    @discardableResult
    public func setPassword(name: String, password: HashedPassword) throws -> Account {
        let account = try existing(name: name)
        try db.execute(
            "UPDATE users SET password_hash = ? WHERE id = ?", [.text(password.text), .integer(account.id)])
        try db.execute("DELETE FROM sessions WHERE user_id = ?", [.integer(account.id)])
        return account
    }

    /// Disables an account: it can no longer sign in, its sessions end and its tokens stop working.
    @discardableResult
    public func disable(name: String) throws -> Account {
        let account = try existing(name: name)
        try db.execute("UPDATE users SET disabled = 1 WHERE id = ?", [.integer(account.id)])
        try db.execute("DELETE FROM sessions WHERE user_id = ?", [.integer(account.id)])
        return account
    }

    /// Removes an account with its regions, tokens and sessions; the audit log keeps its name.
    @discardableResult
    public func remove(name: String) throws -> Account {
        let account = try existing(name: name)
        try db.execute("DELETE FROM users WHERE id = ?", [.integer(account.id)])
        return account
    }

    /// Division codes as `--region` takes them elsewhere (`RegionScope.resolve`), normalised, each once.
    static func resolved(_ rawRegions: [String], in database: Database) throws -> [String] {
        var codes: [String] = []
        for raw in rawRegions {
            let code = try RegionScope.resolve(raw, field: "region", in: database).code
            if !codes.contains(code) { codes.append(code) }
        }
        return codes.sorted()
    }
}
