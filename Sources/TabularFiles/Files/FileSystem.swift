// The few file operations ipreg needs, on the C library: no Foundation at start-up.
#if canImport(Glibc)
import Glibc
#endif

public enum FileSystem {
    public static var lastErrorText: String { String(cString: strerror(errno)) }

    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Where a file to replace at `path` really is: the file a symbolic link leads to (so that
    /// /dev/stdout, a link to /proc/self/fd/1, leads to the file the shell opened, and a user's
    /// link stays a link), else `path` itself.
    public static func replacementTarget(_ path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return path }
        return realPath(path) ?? path
    }

    /// The absolute path with every symbolic link resolved, nil when it does not lead to a file.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// True for a path that exists and is neither a regular file nor a folder: a device such as
    /// /dev/null or /dev/stdout, a FIFO, a socket. Renaming a file over it would replace it.
    public static func isSpecialFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let type = info.st_mode & S_IFMT
        return type != S_IFREG && type != S_IFDIR
    }
}
