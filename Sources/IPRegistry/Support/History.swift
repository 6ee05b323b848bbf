// What changed, when and how, as both centers' and figures' history read it
// (Migrations/0001, 0004-0007 keep the rows; the repositories read them through here).
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
}

extension HistoryEntry {
    /// Every row of a history query: changed_at, change, before, after, and the changed fields
    /// joined by commas (centers' and figures' history read alike).
    static func all(from statement: Statement) throws -> [HistoryEntry] {
        var entries: [HistoryEntry] = []
        while try statement.step() {
            entries.append(
                HistoryEntry(
                    changedAt: statement.text(0), change: HistoryChange(rawValue: statement.text(1)) ?? .update,
                    changedFields: statement.string(4).map {
                        $0.split(separator: ",").map { TextRules.trimmed(String($0)) }
                    } ?? [],
                    before: statement.string(2), after: statement.string(3)))
        }
        return entries
    }
}
