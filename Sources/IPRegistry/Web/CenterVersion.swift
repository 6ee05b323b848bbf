// A center's version, the web's ETag: the SHA-256 of the center as history keeps it (the
// center_snapshots view: its fields, industries, services and statistics). Whatever changes any
// of these, ipreg or another SQLite client, changes the version; nothing else does.
import Crypto

public struct CenterVersion: Sendable, Hashable, CustomStringConvertible {
    /// 32 lowercase hex digits (the first 128 bits of the hash).
    public let text: String

    public init?(_ text: String) {
        guard text.utf8.count == 32, text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        self.text = text
    }

    init(snapshot: String) {
        text = SHA256.hash(data: Array(snapshot.utf8)).prefix(16).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The strong ETag: `"…"`.
    public var etag: String { "\"\(text)\"" }

    public var description: String { etag }

    /// Whether an `If-Match` value (or a form's hidden field) names this version: `*`, or a list
    /// of entity tags one of which is this one by strong comparison (RFC 9110 13.1.1). A bare
    /// version without quotes is taken too, as a form field may carry it.
    public func isMatched(by ifMatch: String) -> Bool {
        let value = TextRules.trimmed(ifMatch)
        if value == "*" { return true }
        return value.split(separator: ",").contains { part in
            var tag = TextRules.trimmed(String(part))
            // A weak tag never matches strongly.
            if tag.hasPrefix("W/") { return false }
            if tag.count >= 2, tag.hasPrefix("\""), tag.hasSuffix("\"") { tag = String(tag.dropFirst().dropLast()) }
            return tag == text
        }
    }
}

/// A stored center with its version.
public struct VersionedCenter: Sendable, Equatable {
    public let stored: StoredCenter
    public let version: CenterVersion

    public init(stored: StoredCenter, version: CenterVersion) {
        self.stored = stored
        self.version = version
    }

    /// The center `code` (any case) with its version, or nil; in a read or a write.
    public static func find(code: String, in database: Database) throws -> VersionedCenter? {
        let centers = try CenterRepository(database)
        guard let stored = try centers.find(code: code) else { return nil }
        return VersionedCenter(stored: stored, version: CenterVersion(snapshot: try centers.snapshot(of: stored)))
    }
}

extension VersionedCenter {
    /// The center `code` as it was at `version`, found in its history (what a stale form was
    /// drawn from, to show what changed since); nil when no entry of its history has that version.
    public static func center(code: String, atVersion version: String, in database: Database) throws -> Center? {
        let centers = try CenterRepository(database)
        for entry in try centers.history(code: code) {
            guard let after = entry.after, CenterVersion(snapshot: after).isMatched(by: version) else { continue }
            return try centers.decodeSnapshot(after).0
        }
        return nil
    }
}
