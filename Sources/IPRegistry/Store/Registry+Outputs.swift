// No output ever lands on the registry (docs/reliability.md): an output path that is the registry
// file, its write-ahead log or its shared-memory index, or leads to one of them through links, is
// refused before anything is written. SQLite would read CSV written over its log as damage.
import TabularFiles
#if canImport(Glibc)
import Glibc
#endif

extension Registry {
    /// The files that make up the registry on disk; the log and index may not exist yet.
    private var fileNames: [String] { [path, path + "-wal", path + "-shm"] }

    /// Throws `.outputUnwritable` when writing to `outputPath` would write into one of the
    /// registry's files: the same file (through any link or hard link), or the same name once
    /// every link on the way is resolved (a log that does not exist yet).
    public func refuseAsOutput(_ outputPath: String) throws(RegistryError) {
        let output = FileSystem.finalDestination(outputPath)
        var outputInfo = stat()
        let outputExists = stat(outputPath, &outputInfo) == 0
        for file in fileNames {
            var info = stat()
            let same: Bool
            if outputExists && stat(file, &info) == 0 {
                same = info.st_dev == outputInfo.st_dev && info.st_ino == outputInfo.st_ino
            } else {
                same = output != nil && output == FileSystem.finalDestination(file)
            }
            if same {
                let role =
                    file == path
                    ? "the registry itself"
                    : file.hasSuffix("-wal") ? "the registry's write-ahead log" : "the registry's shared-memory index"
                let what = file == outputPath || file == path ? role : "\(role) (\(file))"
                throw .outputUnwritable(path: outputPath, reason: "is \(what); write to another file")
            }
        }
    }

    /// Throws when standard output is one of the registry's files (`ipreg ... > registry.sqlite`),
    /// before a command prints anything into it.
    public static func refuseStandardOutput(asOutputFor registryPath: String) throws(RegistryError) {
        var outputInfo = stat()
        guard fstat(1, &outputInfo) == 0, (outputInfo.st_mode & S_IFMT) == S_IFREG else { return }
        for file in [registryPath, registryPath + "-wal", registryPath + "-shm"] {
            var info = stat()
            if stat(file, &info) == 0 && info.st_dev == outputInfo.st_dev && info.st_ino == outputInfo.st_ino {
                throw .outputUnwritable(
                    path: "standard output", reason: "is the registry file \(file); redirect the output to another file"
                )
            }
        }
    }
}

extension FileSystem {
    /// The absolute path that writing to `path` would create or replace: every symbolic link
    /// followed, dangling ones too (a link to a log that does not exist yet), and the folder
    /// resolved. nil when the folder does not exist or the links loop.
    static func finalDestination(_ path: String) -> String? {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else {
                let (folder, name) = splitFolder(current)
                guard let realFolder = realPath(folder) else { return nil }
                return (realFolder == "/" ? "" : realFolder) + "/" + name
            }
            var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &target, Int(PATH_MAX))
            guard length > 0 else { return nil }
            let linked = String(decoding: target[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = linked.hasPrefix("/") ? linked : splitFolder(current).folder + "/" + linked
        }
        return nil
    }

    /// `a/b/c` -> (`a/b`, `c`); `c` -> (`.`, `c`); `/c` -> (`/`, `c`).
    static func splitFolder(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }
}
