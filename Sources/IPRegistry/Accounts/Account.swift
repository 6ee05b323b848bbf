// Accounts of the web view (docs/web-security.md): a name, a role and the regions an editor's
// rights cover. Passwords are kept only as bcrypt strings (`PasswordHash`).

public enum AccountRole: String, Sendable, CaseIterable {
    /// Every center, every region, figures.
    case admin
    /// The centers whose division lies inside one of the account's regions.
    case editor
    /// Reads only.
    case viewer

    public static let rule = "must be admin, editor or viewer"
}

public struct Account: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let role: AccountRole
    /// Division codes, in code order.
    public let regions: [String]
    public let disabled: Bool
    public let createdAt: String
}

/// An account name: what a person signs in with and what history names (`web:NAME`).
enum AccountName {
    static let rule = "must be 1 to 64 letters, digits, '.', '_' or '-'"

    static func checked(_ raw: String) throws -> String {
        let allowed = raw.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "." || scalar == "_" || scalar == "-")
        }
        guard !raw.isEmpty, raw.count <= 64, allowed else {
            throw RegistryError.invalidValue(ValidationFailure(field: "name", value: raw, rule: rule))
        }
        return raw
    }
}
