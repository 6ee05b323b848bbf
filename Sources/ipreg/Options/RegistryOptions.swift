// Options every command that opens the registry shares: where it is and how long to wait for it.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

#if canImport(Glibc)
import Glibc
#endif

struct RegistryOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The registry file (default: $IPREG_DB, else $XDG_DATA_HOME/ipreg/registry.sqlite, else ~/.local/share/ipreg/registry.sqlite).",
            valueName: "path"))
    var db: String?

    // A value may start with `-`, so that `--busy-timeout -1` is refused for its range, not taken for a missing value.
    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("How long to wait for another writer, in milliseconds.", valueName: "ms"))
    var busyTimeout: Int32 = RegistrySettings.defaultBusyTimeout

    var settings: RegistrySettings { RegistrySettings(db: db, busyTimeout: busyTimeout) }

    func validate() throws {
        if let problem = settings.problem { throw ValidationError(problem) }
    }

    var resolvedPath: String { settings.resolvedPath }

    /// Opens the registry to write, creating its folder and file on first use.
    func open() throws -> Registry { try settings.open() }

    /// The way every command that only reads opens the registry (`RegistrySettings.openForReading`).
    func openForReading(asItIs: Bool = false, tidyingLog: Bool = false) throws -> Registry {
        try settings.openForReading(asItIs: asItIs, tidyingLog: tidyingLog)
    }
}

/// The values of RegistryOptions as plain data, for code that runs without ArgumentParser (FastPath.swift).
struct RegistrySettings: Equatable {
    static let defaultBusyTimeout: Int32 = 5000

    var db: String?
    var busyTimeout: Int32 = defaultBusyTimeout

    /// Why these values are refused, nil when they are fine.
    var problem: String? {
        if busyTimeout < 0 { return "--busy-timeout must be zero or more milliseconds" }
        if let db, db.isEmpty { return "--db must name a file" }
        return nil
    }

    /// The registry's path as docs/commands.md defines the default.
    var resolvedPath: String {
        if let db { return db }
        if let path = environment("IPREG_DB"), !path.isEmpty { return path }
        if let dataHome = environment("XDG_DATA_HOME"), !dataHome.isEmpty { return dataHome + "/ipreg/registry.sqlite" }
        return (environment("HOME") ?? ".") + "/.local/share/ipreg/registry.sqlite"
    }

    /// Opens the registry to write, creating its folder and file on first use.
    func open() throws -> Registry { try open(readOnly: false) }

    /// The one way a command that only reads opens the registry: read-only and query-only
    /// (`Registry.open(readOnly: true)`), so not even a temporary table can be made through it.
    /// By default a missing file is created, and an older schema migrated, first, by a read-write
    /// open, as every command does on first use. `asItIs` (backup, check) takes the file as it is:
    /// a missing file is an error and an older schema stays at its version. `tidyingLog` removes the
    /// `-wal` and `-shm` files on close when no one else has the registry open (`Registry.open`):
    /// the listing and export commands leave the folder as they found it, as they did when they
    /// opened read-write; the lookups scripts run in loops (`center show`, `sql`) and the reports
    /// skip that second open, as before (Scripts/bench-startup).
    func openForReading(asItIs: Bool = false, tidyingLog: Bool = false) throws -> Registry {
        if asItIs { return try open(readOnly: true, tidyingLog: tidyingLog) }
        if !FileSystem.exists(resolvedPath) { _ = try open() }
        let registry = try open(readOnly: true, tidyingLog: tidyingLog)
        guard try registry.needsMigration else { return registry }
        _ = try open()
        return try open(readOnly: true, tidyingLog: tidyingLog)
    }

    private func open(readOnly: Bool, tidyingLog: Bool = false) throws -> Registry {
        let path = resolvedPath
        try Registry.refuseStandardOutput(asOutputFor: path)
        if !readOnly { try FileSystem.createParentFolders(of: path) }
        let registry = try Registry.open(
            path: path, busyTimeoutMilliseconds: busyTimeout, readOnly: readOnly, tidyingLog: tidyingLog)
        // Only a registry that may write signs anything; the user database is not read for a lookup.
        if !readOnly { registry.actor = Self.commandLineActor }
        return registry
    }

    /// Who the command line's changes are signed by: `cli:LOGIN`, the operating-system user of the
    /// effective uid (the account whose rights the write used, as with sudo), or `cli:uid-N` when
    /// that uid has no name or one that cannot be shown.
    static let commandLineActor: String = {
        let uid = geteuid()
        let fallback = "cli:uid-\(uid)"
        var buffer = [CChar](repeating: 0, count: 16_384)
        // The name points into the buffer: it is read while the buffer is held.
        let login = buffer.withUnsafeMutableBufferPointer { bytes -> String? in
            var entry = passwd()
            var found: UnsafeMutablePointer<passwd>?
            guard let base = bytes.baseAddress, getpwuid_r(uid, &entry, base, bytes.count, &found) == 0,
                found != nil, let name = entry.pw_name
            else { return nil }
            return String(cString: name)
        }
        guard let login, !login.isEmpty else { return fallback }
        let actor = "cli:" + login
        do {
            try Registry.checkActor(actor)
            return actor
        } catch {
            return fallback
        }
    }()
}

func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}
