// The SQL of a bulk import of centers: what the import's row loop runs inside, so that the
// importer itself runs no SQL. Everything here expects the caller's write transaction: a rollback
// brings back every trigger and index it drops.
import SQLiteDB

extension CenterRepository {
    /// The largest center id so far (0 in an empty registry): centers above it are new.
    func lastID() throws -> Int64 {
        Int64(try db.scalarInt("SELECT coalesce(max(id), 0) FROM centers") ?? 0)
    }

    /// Triggers that record other clients' new centers as `external` (Migrations/0005). Inside an
    /// ipreg write they record nothing, yet each costs a call per row: 6% of a 100k-row import.
    static let externalInsertTriggers = [
        "centers_external_insert", "center_industries_external_insert", "center_services_external_insert",
    ]

    /// Runs `rows` (the loop calling `insertRecordOrFindTaken` and `update` for each row) with the
    /// per-row work of new centers put off, then does that work once for every center above
    /// `lastIDBefore`: their search entries, their history, their report totals, and (when
    /// `rebuildingIndexes`, for a load large next to what is there) the secondary indexes.
    func bulkLoad(
        after lastIDBefore: Int64, rebuildingIndexes: Bool, reportingPhase phase: (ImportPhase) -> Void,
        _ rows: () throws -> Void
    ) throws {
        let db = try self.db
        try db.withoutTriggers(Self.externalInsertTriggers) {
            try ReportTotals.deferringNewCenters(in: db, lastIDBefore: lastIDBefore) {
                try SearchIndex.deferringInserts(
                    in: db, lastIDBefore: lastIDBefore, beforeIndexing: { phase(.searchIndex) }
                ) {
                    func load() throws {
                        try rows()
                        phase(.history)
                        // What follows sorts (CREATE INDEX) and gathers search entries in memory of its own,
                        // beside the page cache; a smaller cache keeps the peak in budget at no cost in time
                        // (1M rows: 34 s and 60 MB with 8 MB, 35 s and 82 MB with 32 MB).
                        try database.setCacheSize(kibibytes: 8192)
                        try recordHistoryOfCenters(after: lastIDBefore, change: .import)
                    }
                    if rebuildingIndexes {
                        try db.deferringIndexes(SearchIndex.deferrableIndexes) {
                            try load()
                            phase(.indexes)
                        }
                    } else {
                        try load()
                    }
                }
            }
        }
    }

    /// Writes a new center as `insertRecord` does and returns nil, or returns the stored center
    /// whose code it takes. No look-up first: the UNIQUE index refuses a taken code.
    func insertRecordOrFindTaken(_ center: Center, createdAt: String, updatedAt: String) throws -> StoredCenter? {
        do {
            _ = try insertRecord(center, createdAt: createdAt, updatedAt: updatedAt)
            return nil
        } catch let error as SQLiteError where error.isUniqueViolation {
            guard let existing = try find(code: center.code) else { throw error }
            return existing
        }
    }
}

/// What an import is doing: after the rows, a large one spends seconds on the work it deferred.
public enum ImportPhase: String, Sendable {
    case rows = "reading rows"
    case history = "recording history"
    case indexes = "building indexes"
    case searchIndex = "building the search index"
    case committing = "committing"
}
