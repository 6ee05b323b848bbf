// Answers a pooled reader has already computed, kept until the registry changes: a reader never
// writes, so `PRAGMA data_version` (which moves when any other connection commits) says exactly
// when its answers may have gone stale. The web view keeps its reports and list totals here, so a
// page asked again costs a look-up instead of a pass over a million centers, and a change made
// from the command line shows on the next request.

final class SnapshotMemo {
    /// Past this many answers the memo starts afresh, so no request pattern can grow it without end.
    static let capacity = 256

    private var dataVersion: Int64?
    private var answers: [AnyHashable: Any] = [:]

    /// The answer kept under `key` for the registry state `version` (the reading snapshot's
    /// `PRAGMA data_version`), computed by `compute` when there is none.
    func answer<Key: Hashable, Value>(_ key: Key, version: Int64, _ compute: () throws -> Value) throws -> Value {
        if version != dataVersion {
            answers.removeAll(keepingCapacity: true)
            dataVersion = version
        }
        if let kept = answers[AnyHashable(key)] as? Value { return kept }
        let value = try compute()
        if answers.count >= Self.capacity { answers.removeAll(keepingCapacity: true) }
        answers[AnyHashable(key)] = value
        return value
    }
}

extension Database {
    /// True for a pooled reader's handle, which keeps what `remembered` computes.
    public var keepsAnswers: Bool { memo != nil }

    /// The value `compute` returns, kept for later reads of the same registry state when this
    /// handle is a pooled reader's (`RegistryReaders`); computed every time otherwise (a
    /// connection that writes sees no data_version change for its own commits). `key` must name
    /// everything the value depends on besides the registry's contents.
    public func remembered<Key: Hashable, Value>(_ key: Key, _ compute: () throws -> Value) throws -> Value {
        guard let memo else { return try compute() }
        return try memo.answer(key, version: try snapshotVersion(), compute)
    }
}
