// Checkpoints off the writer's path. SQLite's automatic checkpoint runs inside the commit that
// fills the WAL past 1,000 pages: that write waits while pages are copied back and the file is
// synced. The server's writer hands its checkpoints to a `WALCheckpointer` on a thread of its own,
// so no API write waits for one (Scripts/bench-writes, 20k centers, eight reading connections:
// writes p99 20-29 ms without checkpoints on the writer, 27-63 ms with them).
import SQLiteDB

/// A connection of its own that copies the WAL's committed pages back into the registry. PASSIVE:
/// it never waits for a reader to finish and never holds up a writer; what it cannot copy yet
/// (pages a reader's snapshot still needs) the next checkpoint copies.
public final class WALCheckpointer {
    public let path: String
    private var connection: Connection?

    public init(path: String) {
        self.path = path
    }

    /// Checkpoints once and answers how many pages the WAL holds and how many of them are in the
    /// registry now; nil when the registry could not be opened or was busy checkpointing already.
    @discardableResult
    public func checkpoint() -> (walPages: Int, copied: Int)? {
        do {
            let db = try connection ?? Connection(path: path, mode: .readWrite, busyTimeoutMilliseconds: 0)
            connection = db
            let statement = try db.prepare("PRAGMA wal_checkpoint(PASSIVE)")
            guard try statement.step(), statement.int(0) == 0 else { return nil }
            return (statement.int(1), statement.int(2))
        } catch {
            // A connection that failed is opened again next time (the file may have moved back).
            connection = nil
            return nil
        }
    }
}
