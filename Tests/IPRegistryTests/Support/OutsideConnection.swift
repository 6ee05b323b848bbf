// Tests set up states ipreg never writes itself (another client's changes, damage, old schemas)
// with SQL on a connection of their own: the registry's connection stays behind its door.
import IPRegistry
import SQLiteDB

extension Registry {
    /// A new read-write connection on the registry's file, as another SQLite client has.
    func outsideConnection() throws -> Connection { try Connection(path: path, mode: .readWrite) }
}
