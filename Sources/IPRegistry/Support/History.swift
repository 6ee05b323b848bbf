// What changed, when and how, as both centers' and figures' history read it
// (Migrations/0001, 0004-0007 and 0011 keep the rows; the repositories read them through here).
import SQLiteDB

public enum HistoryChange: String, Sendable, CaseIterable {
    case add, update, remove, restore, `import`
    /// Made by another SQLite client, recorded by the triggers of Migrations/0005.
    case external
}

public struct HistoryEntry: Sendable, Equatable {
    public let changedAt: String
    public let change: HistoryChange
    /// Fields whose value differs between before and after.
    public let changedFields: [String]
    public let before: String?
    public let after: String?
    /// Who made the change: `cli:LOGIN`, `web:NAME`, `token:NAME/LABEL`, or `external` for
    /// another SQLite client's (Migrations/0011); nil for an entry written before anyone was named.
    public let actor: String?
}

extension HistoryEntry {
    /// Every row of a history query: changed_at, change, before, after, actor, and the changed
    /// fields joined by commas (centers' and figures' history read alike).
    static func all(from statement: Statement) throws -> [HistoryEntry] {
        var entries: [HistoryEntry] = []
        while try statement.step() {
            let change = HistoryChange(rawValue: statement.text(1)) ?? .update
            entries.append(
                HistoryEntry(
                    changedAt: statement.text(0), change: change,
                    changedFields: statement.string(5).map {
                        $0.split(separator: ",").map { TextRules.trimmed(String($0)) }
                    } ?? [],
                    before: statement.string(2), after: statement.string(3),
                    actor: actor(stored: statement.string(4), change: change)))
        }
        return entries
    }

    /// The triggers that record another client's change name no actor: its kind says who it was.
    static func actor(stored: String?, change: HistoryChange) -> String? {
        stored ?? (change == .external ? HistoryChange.external.rawValue : nil)
    }
}
