// What commands that only read (`sql`, `report run`, `report list`) need to know of a registry.
import SQLiteDB

extension Registry {
    /// True when the file's schema is older than this binary's: the views and indexes queries
    /// rely on may be missing until a read-write open migrates it.
    public var needsMigration: Bool {
        get throws(RegistryError) {
            do {
                // The version as recognise() reads it: building the migrator for this would cost
                // more than the query (measured: ~40 of the ~45 µs).
                return try (db.scalarInt("PRAGMA user_version") ?? 0) < Self.schemaVersion
            } catch {
                throw RegistryError.from(error, path: path, busyTimeout: busyTimeoutMilliseconds)
            }
        }
    }
}
