// Browser sessions (`/login`, docs/web-security.md): a random id handed to the browser once, in
// its cookie, and kept here only as its SHA-256, with the session's CSRF token. A session ends
// after 30 minutes without a request or 12 hours in all, whichever comes first, or at sign-out.
import SQLiteDB

public struct Session: Sendable, Equatable {
    public let account: Account
    /// What every form POST of this session must carry.
    public let csrf: String
    public let createdAt: String
    public let lastSeen: String
}

public struct SessionRepository {
    let database: Database
    var db: Connection { get throws(SQLiteError) { try database.connection } }

    public static let idleMinutes = 30
    public static let lifetimeHours = 12

    public init(_ database: Database) { self.database = database }

    /// Opens a session for `account`; returns it with the id to hand to the browser, which is
    /// stored nowhere. Sessions that have ended are cleared on the way.
    public func create(for account: Account) throws -> (session: Session, secret: String) {
        try removeEnded()
        let secret = TokenSecret.random()
        let csrf = TokenSecret.random()
        let now = database.clock.timestamp()
        try db.execute(
            "INSERT INTO sessions (id_hash, user_id, created_at, last_seen, csrf) VALUES (?, ?, ?, ?, ?)",
            [.text(TokenSecret.hash(secret)), .integer(account.id), .text(now), .text(now), .text(csrf)])
        return (Session(account: account, csrf: csrf, createdAt: now, lastSeen: now), secret)
    }

    /// The live session whose id is `secret`, or nil: unknown, ended by time, or of an account
    /// disabled or removed since. Reads only (see `touch`).
    public func find(_ secret: String) throws -> Session? {
        guard !secret.isEmpty, secret.utf8.count <= 128 else { return nil }
        let now = database.clock.timestamp()
        let statement = try db.cachedStatement(
            """
            SELECT u.name, s.csrf, s.created_at, s.last_seen FROM sessions AS s JOIN users AS u ON u.id = s.user_id
            WHERE s.id_hash = ?1 AND u.disabled = 0
              AND s.last_seen > strftime('%Y-%m-%dT%H:%M:%SZ', ?2, ?3)
              AND s.created_at > strftime('%Y-%m-%dT%H:%M:%SZ', ?2, ?4)
            """)
        try statement.bind([
            .text(TokenSecret.hash(secret)), .text(now), .text("-\(Self.idleMinutes) minutes"),
            .text("-\(Self.lifetimeHours) hours"),
        ])
        guard try statement.step() else {
            statement.reset()
            return nil
        }
        let (name, csrf, createdAt, lastSeen) = (
            statement.text(0), statement.text(1), statement.text(2), statement.text(3)
        )
        statement.reset()
        guard let account = try AccountRepository(database).find(name: name) else { return nil }
        return Session(account: account, csrf: csrf, createdAt: createdAt, lastSeen: lastSeen)
    }

    /// Marks the session as used now, which keeps it from ending idle.
    public func touch(_ secret: String) throws {
        try db.execute(
            "UPDATE sessions SET last_seen = ? WHERE id_hash = ?",
            [.text(database.clock.timestamp()), .text(TokenSecret.hash(secret))])
    }

    /// Ends the session (sign-out); nothing happens for one that is not there.
    public func end(_ secret: String) throws {
        try db.execute("DELETE FROM sessions WHERE id_hash = ?", [.text(TokenSecret.hash(secret))])
    }

    /// Clears the sessions that have ended by time.
    public func removeEnded() throws {
        let now = database.clock.timestamp()
        try db.execute(
            """
            DELETE FROM sessions
            WHERE last_seen <= strftime('%Y-%m-%dT%H:%M:%SZ', ?1, ?2)
               OR created_at <= strftime('%Y-%m-%dT%H:%M:%SZ', ?1, ?3)
            """,
            [.text(now), .text("-\(Self.idleMinutes) minutes"), .text("-\(Self.lifetimeHours) hours")])
    }
}
