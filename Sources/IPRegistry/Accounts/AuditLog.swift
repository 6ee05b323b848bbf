// The audit log (`ipreg audit`, docs/web-security.md): sign-ins, failed sign-ins, token use and
// refusals, appended inside the caller's write transaction and never edited by ipreg.
import SQLiteDB

public struct AuditEntry: Sendable, Equatable {
    public var time: String
    /// `web:NAME`, `token:NAME/LABEL`, or the name a failed sign-in typed; nil when unknown.
    public var actor: String?
    public var address: String?
    public var method: String?
    public var path: String?
    public var status: Int?
    public var detail: String?

    /// An entry stamped with the registry's clock when `time` is empty.
    public init(
        time: String = "", actor: String?, address: String?, method: String?, path: String?, status: Int?,
        detail: String?
    ) {
        self.time = time
        self.actor = actor
        self.address = address
        self.method = method
        self.path = path
        self.status = status
        self.detail = detail
    }
}

public struct AuditLog {
    let database: Database
    var db: Connection { get throws(SQLiteError) { try database.connection } }

    public init(_ database: Database) { self.database = database }

    /// Appends `entry`; an empty time is now.
    public func record(_ entry: AuditEntry) throws {
        let statement = try db.cachedStatement(
            "INSERT INTO audit_log (time, actor, address, method, path, status, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")
        try statement.execute([
            .text(entry.time.isEmpty ? database.clock.timestamp() : entry.time), SQLiteValue(entry.actor),
            SQLiteValue(entry.address), SQLiteValue(entry.method), SQLiteValue(entry.path),
            entry.status.map { .integer(Int64($0)) } ?? .null, SQLiteValue(entry.detail),
        ])
    }

    /// Entries oldest first, from `since` on (a date or a timestamp, compared as text), and of
    /// `user` only: actors `web:USER`, `token:USER/...`, or exactly USER (a failed sign-in names
    /// only what was typed).
    public func list(since: String? = nil, user: String? = nil) throws -> [AuditEntry] {
        let statement = try db.prepare(
            """
            SELECT time, actor, address, method, path, status, detail FROM audit_log
            WHERE (?1 IS NULL OR time >= ?1)
              AND (?2 IS NULL OR actor = ?2 COLLATE NOCASE OR actor = 'web:' || ?2 COLLATE NOCASE
                   OR substr(actor, 1, length(?2) + 7) = 'token:' || ?2 || '/' COLLATE NOCASE)
            ORDER BY id
            """)
        try statement.bind([SQLiteValue(since), SQLiteValue(user)])
        var entries: [AuditEntry] = []
        while try statement.step() {
            entries.append(
                AuditEntry(
                    time: statement.text(0), actor: statement.string(1), address: statement.string(2),
                    method: statement.string(3), path: statement.string(4), status: statement.optionalInt(5),
                    detail: statement.string(6)))
        }
        return entries
    }

    /// Failures recorded for `actor` (a name typed at sign-in) or from `address` since `since`:
    /// what sign-in throttling counts, so that it holds across restarts of the server.
    public func failedSignIns(actor: String?, address: String?, since: String) throws -> Int {
        let statement = try db.cachedStatement(
            """
            SELECT count(*) FROM audit_log
            WHERE detail = 'sign-in failed' AND time >= ?1
              AND ((?2 IS NOT NULL AND actor = ?2 COLLATE NOCASE) OR (?3 IS NOT NULL AND address = ?3))
            """)
        try statement.bind([.text(since), SQLiteValue(actor), SQLiteValue(address)])
        defer { statement.reset() }
        return try statement.step() ? statement.int(0) : 0
    }
}
