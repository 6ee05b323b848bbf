// The search index over names, host and address (FTS5, trigram) is kept by triggers.
// A bulk insert indexes its new rows in one statement at the end instead: FTS5 builds
// its index several times faster that way than row by row (measured: Scripts/bench-import).
// A large load then merges the index into one segment (Migrations/0012 says why).
import SQLiteDB

enum SearchIndex {
    static let insertTrigger = "centers_search_after_insert"

    /// Indexes a bulk load of centers may build at the end instead of row by row. The unique
    /// index on code stays: it is what finds a code that is already taken.
    static let deferrableIndexes = [
        "centers_by_region", "centers_by_kind", "centers_by_status",
        "center_industries_by_industry", "center_services_by_service", "center_history_by_code",
    ]

    /// A load of at least this many centers, and at least a quarter of the index, ends by merging
    /// the index into one segment. That costs in proportion to the whole index (1M centers: 3 s),
    /// so only a load of comparable size pays it; a smaller one leaves segments small next to the
    /// index's large one, which later writes merge cheaply.
    static let mergingLoad = 10_000

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
        let indexed = db.changes
        if indexed >= mergingLoad, indexed * 4 >= (try db.scalarInt("SELECT count(*) FROM centers") ?? 0) {
            try db.execute("INSERT INTO centers_search (centers_search) VALUES ('optimize')")
        }
        try db.execute(triggerSQL)
        return result
    }
}
