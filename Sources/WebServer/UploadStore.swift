// The files of uploads waiting for their confirmation (docs/web.md): the preview ran the import as
// a dry run, and confirming runs it again on the same bytes, which stay here rather than travel
// back through the browser. Each is a file in a directory only this process's user can enter
// (mkdtemp: 0700, a random name), named by a random id that is bound to the session that
// uploaded it; a client sends the id, never a path. An upload goes once confirmed or cancelled,
// or 30 minutes after it came.
import Foundation
import Synchronization
import WebPages

#if canImport(Glibc)
import Glibc
#endif

final class UploadStore: Sendable {
    /// What the confirmation repeats: the file and the options its preview ran with.
    struct Upload: Sendable {
        let fileName: String
        let kind: UploadKind
        let mode: UploadMode
        let encoding: String?
        let sheet: String?
    }

    private struct Entry {
        let session: String
        let upload: Upload
        let path: String
        let came: ContinuousClock.Instant
    }

    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    static let lifetime = Duration.seconds(30 * 60)

    private let state = Mutex<(directory: String?, entries: [String: Entry])>((nil, [:]))

    deinit {
        state.withLock { state in
            for entry in state.entries.values { unlink(entry.path) }
            if let directory = state.directory { rmdir(directory) }
        }
    }

    /// Keeps `bytes` for the session `session` (its cookie's secret); returns the upload's id.
    func keep(_ bytes: [UInt8], _ upload: Upload, session: String) throws -> String {
        let id = Self.randomID()
        try state.withLock { state in
            sweep(&state)
            let directory = try state.directory ?? Self.makeDirectory()
            state.directory = directory
            let path = directory + "/" + id
            guard
                FileManager.default.createFile(
                    atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
            else {
                throw Unavailable(description: "the upload cannot be kept for its confirmation")
            }
            state.entries[id] = Entry(session: session, upload: upload, path: path, came: .now)
        }
        return id
    }

    /// The upload `id` of session `session`, with its bytes, and forgets it; nil for an id this
    /// session did not upload, one already taken, or one older than its lifetime.
    func take(_ id: String, session: String) -> (Upload, [UInt8])? {
        state.withLock { state in
            sweep(&state)
            guard let entry = state.entries[id], WebSecurity.same(entry.session, session) else { return nil }
            state.entries[id] = nil
            let data = FileManager.default.contents(atPath: entry.path)
            unlink(entry.path)
            return data.map { (entry.upload, [UInt8]($0)) }
        }
    }

    /// Forgets the upload `id` of session `session` and its file; whether there was one.
    @discardableResult
    func discard(_ id: String, session: String) -> Bool { take(id, session: session) != nil }

    /// Whether the upload `id` of session `session` is waiting.
    func has(_ id: String, session: String) -> Bool {
        state.withLock { state in
            sweep(&state)
            return state.entries[id].map { WebSecurity.same($0.session, session) } ?? false
        }
    }

    private func sweep(_ state: inout (directory: String?, entries: [String: Entry])) {
        let now = ContinuousClock.now
        for (id, entry) in state.entries where now - entry.came > Self.lifetime {
            unlink(entry.path)
            state.entries[id] = nil
        }
    }

    private static func makeDirectory() throws -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let prefix = (base.hasSuffix("/") ? base : base + "/") + "ipreg-uploads-XXXXXX"
        var template = Array(prefix.utf8CString)
        guard let made = mkdtemp(&template) else {
            throw Unavailable(description: "no private directory for uploads can be made in \(base)")
        }
        return String(cString: made)
    }

    /// 128 random bits as 32 hex digits.
    static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }
}
