import SQLiteDB
import TabularFiles

// `ipreg backup PATH`: a consistent copy of the registry, taken while others read and write it.
// The copy is made beside PATH under a temporary name, flushed to disk, then renamed over PATH,
// so PATH is either the old file or the whole new copy, never a part of one.
#if canImport(Glibc)
import Glibc
#endif

public struct BackupSummary: Sendable, Equatable {
    public let path: String
    public let bytes: Int
}

public enum RegistryBackup {
    /// Copies `registry` to `path`. The copy is a registry of its own (WAL journal and all):
    /// restoring it is moving it into place.
    @discardableResult
    public static func write(_ registry: Registry, to path: String) throws(RegistryError) -> BackupSummary {
        // A link is followed: the file it leads to is replaced, never the link.
        let target = FileSystem.replacementTarget(path)
        let (folder, name) = split(target)
        guard !name.isEmpty, !FileSystem.isDirectory(path) else {
            throw .outputUnwritable(path: path, reason: "is a folder; give the backup file's name")
        }
        guard !FileSystem.isSpecialFile(path) else {
            throw .outputUnwritable(path: path, reason: "is not a regular file; give the backup file's name")
        }
        guard FileSystem.isDirectory(folder) else {
            throw .outputUnwritable(path: path, reason: "no such folder: \(folder)")
        }
        try registry.refuseAsOutput(path)
        // A copy renamed beside another registry's write-ahead log would have that log's pages
        // replayed into it the next time it is opened. An empty log (a reader leaves one) is harmless.
        var log = stat()
        if stat(target + "-wal", &log) == 0 && log.st_size > 0 {
            throw .outputUnwritable(
                path: path, reason: "\(path)-wal exists: a registry there may be in use; back up to another file")
        }

        let temporary = folder + "/." + name + ".ipreg-backup-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .outputUnwritable(
                path: path, reason: "cannot create a file in \(folder): \(FileSystem.lastErrorText)")
        }
        close(descriptor)
        do throws(RegistryError) {
            try copy(registry, into: temporary)
            try flushToDisk(temporary)
            guard rename(temporary, target) == 0 else {
                throw .outputUnwritable(path: path, reason: FileSystem.lastErrorText)
            }
        } catch {
            for suffix in ["", "-journal", "-wal", "-shm"] { unlink(temporary + suffix) }
            throw error
        }
        // The rename itself is durable only once the folder is flushed; the copy is whole either way.
        try? flushToDisk(folder)
        var info = stat()
        let bytes = stat(path, &info) == 0 ? Int(info.st_size) : 0
        return BackupSummary(path: path, bytes: bytes)
    }

    /// SQLite's online backup in one step: the copy is read inside one read transaction, so it
    /// is one consistent snapshot, and writers of the WAL registry are not held up meanwhile
    /// (a copy made in several steps would start over each time another process wrote).
    private static func copy(_ source: Registry, into temporary: String) throws(RegistryError) {
        do {
            let destination = try Connection(path: temporary, mode: .readWrite)
            try source.backup(into: destination)
        } catch {
            throw .outputUnwritable(path: temporary, reason: error.message)
        }
    }

    private static func flushToDisk(_ path: String) throws(RegistryError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .outputUnwritable(path: path, reason: FileSystem.lastErrorText) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .outputUnwritable(path: path, reason: FileSystem.lastErrorText) }
    }

    /// The folder (`.` when none is given) and the file name of `path`.
    private static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }
}
