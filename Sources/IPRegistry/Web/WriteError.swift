// What a write through the web (the JSON API or a form) can be refused for: one error whose kind
// says which answer it deserves (docs/web-api.md lists the statuses), so that both paths refuse
// the same things the same way.

public struct WriteError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The request itself cannot be read (400).
        case malformed
        /// Values break the registry's rules; `problems` lists every one (422).
        case invalid
        /// Outside the principal's rights: a viewer, another region, figures (403).
        case forbidden
        /// No such center, or no removed center to restore (404).
        case notFound
        /// The code is taken, or the center to restore exists (409).
        case conflict
        /// The version the client saw is not the center's any more; `current` is (412).
        case stale
        /// A change that needs the version the client saw was sent without it (428).
        case preconditionRequired
    }

    public let kind: Kind
    public let message: String
    /// For `invalid`, every problem (`field value: rule`, or `FILE:LINE: error: ...` for a file);
    /// for a refused import, the rows outside the principal's regions.
    public let problems: [String]
    /// For `stale`, the center as it is now, with its version.
    public let current: VersionedCenter?
    /// For an import refused for its rows, what the rows would have done.
    public let report: ImportReport?

    public init(
        _ kind: Kind, _ message: String, problems: [String] = [], current: VersionedCenter? = nil,
        report: ImportReport? = nil
    ) {
        self.kind = kind
        self.message = message
        self.problems = problems
        self.current = current
        self.report = report
    }

    public var description: String { message }

    /// A refusal of the registry's own (a broken rule, a missing record) as a write error; any
    /// other error (a busy registry, a failing disk) is returned as it is.
    static func translating(_ error: any Error) -> any Error {
        switch error {
        case let error as WriteError: return error
        case let failures as ValidationFailures:
            return WriteError(
                .invalid, failures.all.map(\.description).joined(separator: "; "),
                problems: failures.all.map(\.description))
        case let failure as ValidationFailure:
            return WriteError(.invalid, failure.description, problems: [failure.description])
        case let error as RegistryError:
            switch error {
            case .notFound(let message): return WriteError(.notFound, message)
            case .invalidValue(let failure):
                return WriteError(.invalid, failure.description, problems: [failure.description])
            case .invalidInput(let message), .invalidRows(let message):
                return WriteError(.invalid, message, problems: [message])
            case .inputUnreadable: return WriteError(.malformed, error.description)
            default: return error
            }
        default:
            return error
        }
    }
}
