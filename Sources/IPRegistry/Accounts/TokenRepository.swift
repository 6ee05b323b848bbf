// API tokens (`ipreg token`): made for an account, narrowed to some of its regions if asked,
// shown once and kept only as their SHA-256 (`TokenSecret`). Writes run inside the caller's
// transaction (`Registry.write`).
import SQLiteDB

public struct StoredToken: Sendable, Equatable {
    public let id: Int64
    public let user: String
    public let label: String?
    public let regions: [String]
    public let createdAt: String
    public let expiresAt: String?
    public let lastUsedAt: String?
    public let revoked: Bool
}

/// Who a token acts for: its account, and the regions it may act in (the token's own if it has
/// any, else the account's).
public struct TokenHolder: Sendable, Equatable {
    public let account: Account
    public let tokenID: Int64
    public let label: String?
    public let regions: [String]
}

public struct TokenRepository {
    let database: Database
    var db: Connection { get throws(SQLiteError) { try database.connection } }

    public static let maximumDays = 3650

    public init(_ database: Database) { self.database = database }

    private static let selectSQL = """
        SELECT t.id, u.name, t.label, t.created_at, t.expires_at, t.last_used_at, t.revoked,
               (SELECT group_concat(region_code, ' ') FROM
                   (SELECT region_code FROM token_regions WHERE token_id = t.id ORDER BY region_code))
        FROM tokens AS t JOIN users AS u ON u.id = t.user_id
        """

    private static func decode(_ row: Statement) -> StoredToken {
        StoredToken(
            id: row.int64(0), user: row.text(1), label: row.string(2),
            regions: row.text(7).split(separator: " ").map(String.init), createdAt: row.text(3),
            expiresAt: row.string(4), lastUsedAt: row.string(5), revoked: row.int(6) != 0)
    }

    /// Every token, by id.
    public func list() throws -> [StoredToken] {
        let statement = try db.prepare(Self.selectSQL + " ORDER BY t.id")
        var tokens: [StoredToken] = []
        while try statement.step() { tokens.append(Self.decode(statement)) }
        return tokens
    }

    public func find(id: Int64) throws -> StoredToken? {
        let statement = try db.prepare(Self.selectSQL + " WHERE t.id = ?")
        try statement.bind(id, at: 1)
        return try statement.step() ? Self.decode(statement) : nil
    }

    /// Makes a token for `user`; returns it with the token's text, which is stored nowhere.
    /// An editor's token may only be narrowed to divisions inside the editor's own regions.
    public func create(
        user: String, label rawLabel: String?, regions rawRegions: [String], expiresInDays days: Int?
    )
        throws -> (token: StoredToken, secret: String)
    {
        let account = try AccountRepository(database).existing(name: user)
        if let rawLabel, rawLabel.isEmpty || rawLabel.count > 200 || rawLabel.contains(where: \.isNewline) {
            throw RegistryError.invalidValue(
                ValidationFailure(field: "label", value: rawLabel, rule: "must be 1 to 200 characters on one line"))
        }
        if let days, !(1...Self.maximumDays).contains(days) {
            throw RegistryError.invalidValue(
                ValidationFailure(field: "expires", value: String(days), rule: "must be 1 to \(Self.maximumDays) days"))
        }
        let regions = try AccountRepository.resolved(rawRegions, in: database)
        if account.role == .editor {
            for region in regions where !account.regions.contains(where: { Self.contains($0, region) }) {
                throw RegistryError.invalidValue(
                    ValidationFailure(
                        field: "region", value: region,
                        rule:
                            "is not inside the regions of \(account.name) (\(account.regions.joined(separator: ", ")))")
                )
            }
        }
        let dayCount: SQLiteValue = days.map { .integer(Int64($0)) } ?? .null
        let secret = TokenSecret.generate()
        let now = database.clock.timestamp()
        try db.execute(
            """
            INSERT INTO tokens (user_id, label, hash, created_at, expires_at, revoked)
            VALUES (?, ?, ?, ?, CASE WHEN ? IS NULL THEN NULL
                                     ELSE strftime('%Y-%m-%dT%H:%M:%SZ', ?, '+' || ? || ' days') END, 0)
            """,
            [
                .integer(account.id), rawLabel.map(SQLiteValue.text) ?? .null,
                .text(TokenSecret.hash(secret)), .text(now), dayCount, .text(now), dayCount,
            ])
        let id = try db.lastInsertRowID
        for region in regions {
            try db.execute(
                "INSERT INTO token_regions (token_id, region_code) VALUES (?, ?)", [.integer(id), .text(region)])
        }
        guard let token = try find(id: id) else { throw RegistryError.notFound("token \(id): no such token") }
        return (token, secret)
    }

    /// Revokes a token for good; false if it already was.
    @discardableResult
    public func revoke(id: Int64) throws -> Bool {
        guard let token = try find(id: id) else { throw RegistryError.notFound("token \(id): no such token") }
        guard !token.revoked else { return false }
        try db.execute("UPDATE tokens SET revoked = 1 WHERE id = ?", [.integer(id)])
        return true
    }

    /// The holder of a presented token, or nil for one unknown, revoked, expired or of a disabled
    /// account; a token that works has its last use stamped.
    public func verify(_ secret: String) throws -> TokenHolder? {
        guard let (holder, _) = try holder(of: secret) else { return nil }
        try stamp(holder.tokenID)
        return holder
    }

    /// As `verify`, reading only: the holder and when the token was last used. A server looks a
    /// token up on a reader and stamps its use now and then (`stamp`), so a request does not
    /// wait for the registry's one writer to learn who it is.
    public func holder(of secret: String) throws -> (holder: TokenHolder, lastUsedAt: String?)? {
        guard secret.hasPrefix(TokenSecret.prefix) else { return nil }
        let now = database.clock.timestamp()
        let statement = try db.prepare(
            """
            SELECT t.id, u.name, t.label FROM tokens AS t JOIN users AS u ON u.id = t.user_id
            WHERE t.hash = ? AND t.revoked = 0 AND u.disabled = 0 AND (t.expires_at IS NULL OR t.expires_at > ?)
            """)
        try statement.bind([.text(TokenSecret.hash(secret)), .text(now)])
        guard try statement.step() else { return nil }
        let (id, user, label) = (statement.int64(0), statement.text(1), statement.string(2))
        statement.reset()
        guard let account = try AccountRepository(database).find(name: user), let token = try find(id: id) else {
            return nil
        }
        let holder = TokenHolder(
            account: account, tokenID: id, label: label,
            regions: token.regions.isEmpty ? account.regions : token.regions)
        return (holder, token.lastUsedAt)
    }

    /// Stamps the token's last use with now.
    public func stamp(_ id: Int64) throws {
        try db.execute(
            "UPDATE tokens SET last_used_at = ? WHERE id = ?", [.text(database.clock.timestamp()), .integer(id)])
    }

    /// Whether division `inner` lies inside division `outer` (or is it).
    static func contains(_ outer: String, _ inner: String) -> Bool {
        ReferenceCodes.containedRange(of: outer).contains(inner)
    }
}
