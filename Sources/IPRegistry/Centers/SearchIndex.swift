// The search index over names, host and address (FTS5, trigram) is kept by triggers.
// A bulk insert indexes its new rows in one statement at the end instead: FTS5 builds
// its index several times faster that way than row by row (measured: Scripts/bench-import).
import SQLiteDB

enum SearchIndex {
    static let insertTrigger = "centers_search_after_insert"

    /// Indexes a bulk load of centers may build at the end instead of row by row. The unique
    /// index on code stays: it is what finds a code that is already taken.
    static let deferrableIndexes = [
        "centers_by_region", "centers_by_kind", "centers_by_status",
        "center_industries_by_industry", "center_services_by_service", "center_history_by_code",
    ]

    /// Runs `body` (inside the caller's transaction) with row-by-row indexing of new centers
    /// switched off, then indexes every center whose id is above `lastIDBefore`. Should `body`
    /// throw, the transaction's rollback restores the trigger with everything else.
    static func deferringInserts<Result>(
        in db: Connection, lastIDBefore: Int64, beforeIndexing: () -> Void = {},
        _ body: () throws -> Result
    ) throws -> Result {
        guard
            let triggerSQL = try db.scalarText(
                "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?",
                [.text(insertTrigger)])
        else {
            return try body()
        }
        try db.execute("DROP TRIGGER \(insertTrigger)")
        let result = try body()
        beforeIndexing()
        try db.execute(
            """
            INSERT INTO centers_search (rowid, name, name_en, host, address)
            SELECT id, name, name_en, host, address FROM centers WHERE id > ?
            """, [.integer(lastIDBefore)])
        try db.execute(triggerSQL)
        return result
    }
}
