// Who is asking, once a request has shown a session or a token: an account, how it came in, and
// the divisions its rights cover (docs/web-security.md). Rights are decided here, not in routes,
// so the forms and the JSON API refuse the same things.

public struct Principal: Sendable, Equatable {
    /// How the request proved who it is.
    public enum Credential: Sendable, Equatable {
        /// A browser's session cookie (`/login`).
        case session
        /// An API token (`Authorization: Bearer ipr_...`).
        case token(id: Int64, label: String?)
    }

    public let account: Account
    public let credential: Credential
    /// The divisions writes may touch: a token's own when it has some, else the account's. An
    /// admin's rights cover everything unless a token narrows them.
    public let regions: [String]

    public init(account: Account, credential: Credential, regions: [String]) {
        self.account = account
        self.credential = credential
        self.regions = regions
    }

    /// A browser session's principal: the account's own regions.
    public static func session(_ account: Account) -> Principal {
        Principal(account: account, credential: .session, regions: account.regions)
    }

    /// A token's principal, narrowed to the token's regions if it has any.
    public static func token(_ holder: TokenHolder) -> Principal {
        Principal(
            account: holder.account, credential: .token(id: holder.tokenID, label: holder.label),
            regions: holder.regions)
    }

    public var name: String { account.name }
    public var role: AccountRole { account.role }

    /// What history and the audit log call this principal: `web:NAME`, or `token:NAME/LABEL`
    /// (`token:NAME/#ID` for a token without a label).
    public var actor: String {
        switch credential {
        case .session: return "web:\(account.name)"
        case .token(let id, let label): return "token:\(account.name)/\(label ?? "#\(id)")"
        }
    }

    /// Whether centers and their statistics may be written at all (admins and editors).
    public var writesCenters: Bool { account.role != .viewer }

    /// Published figures are the admin's alone.
    public var writesFigures: Bool { account.role == .admin && isUnnarrowed }

    /// Whether a center in division `regionCode` lies within this principal's rights: for an
    /// admin, anywhere (unless a token narrows it); for an editor, inside one of its regions
    /// (containment, as `--region` filters); for a viewer, nowhere.
    public func covers(region regionCode: String) -> Bool {
        switch account.role {
        case .viewer: return false
        case .admin where isUnnarrowed: return true
        case .admin, .editor: return regions.contains { TokenRepository.contains($0, regionCode) }
        }
    }

    /// An admin acting without a token's narrower regions.
    private var isUnnarrowed: Bool {
        if case .token = credential, !regions.isEmpty, regions != account.regions { return false }
        return true
    }
}
