// The registry's folder is made on first use, so that `--db reports/2026/registry.sqlite` works
// on a fresh machine as the default path under XDG_DATA_HOME does.
import TabularFiles

#if canImport(Glibc)
import Glibc
#endif

extension FileSystem {
    /// Creates every missing folder on the way to `path`'s parent.
    public static func createParentFolders(of path: String) throws(RegistryError) {
        guard let slash = path.lastIndex(of: "/") else { return }
        let folder = String(path[..<slash])
        guard !folder.isEmpty else { return }
        var partial = folder.hasPrefix("/") ? "" : "."
        for component in folder.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, 0o755) != 0 && errno != EEXIST {
                throw .cannotOpen(path: path, reason: "cannot create folder \(partial): \(lastErrorText)")
            }
        }
    }
}
