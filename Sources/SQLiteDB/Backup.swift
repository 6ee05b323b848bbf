// SQLite's online backup: a consistent copy of a database while others read and write it.
import CSQLite

extension Connection {
    /// Copies this database into `destination`, a step of `pagesPerStep` pages at a time,
    /// so that writers of the source are held up only briefly between steps.
    public func backup(into destination: Connection, pagesPerStep: Int32 = 1024) throws(SQLiteError) {
        guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
            throw SQLiteError(code: sqlite3_errcode(destination.handle), handle: destination.handle)
        }
        var code: Int32
        repeat {
            code = sqlite3_backup_step(backup, pagesPerStep)
            if code == SQLITE_BUSY || code == SQLITE_LOCKED { sqlite3_sleep(10) }
        } while code == SQLITE_OK || code == SQLITE_BUSY || code == SQLITE_LOCKED
        let finish = sqlite3_backup_finish(backup)
        if code != SQLITE_DONE { throw SQLiteError(code: code, handle: destination.handle) }
        if finish != SQLITE_OK { throw SQLiteError(code: finish, handle: destination.handle) }
    }
}
