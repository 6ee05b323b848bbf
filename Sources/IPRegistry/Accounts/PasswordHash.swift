// Passwords as bcrypt strings, cost 12, through HummingbirdBcrypt: a maintained implementation
// from the server's own family that brings only its own small C target (no server, no extra
// system library), so the command line can hash without linking Hummingbird.
import HummingbirdBcrypt

public enum PasswordHash {
    public static let cost: UInt8 = 12
    public static let minimumLength = 12
    /// bcrypt reads at most 72 bytes: a longer password would be accepted by its first 72 alone.
    public static let maximumBytes = 72

    /// Refuses a password too short or too long; the message never shows it.
    public static func validate(_ password: String) throws {
        guard password.count >= minimumLength else {
            throw RegistryError.invalidInput("password: must be at least \(minimumLength) characters")
        }
        guard password.utf8.count <= maximumBytes else {
            throw RegistryError.invalidInput("password: must be at most \(maximumBytes) bytes (bcrypt reads no more)")
        }
        // A sign-in form's password field holds one line.
        guard !password.contains(where: \.isNewline) else {
            throw RegistryError.invalidInput("password: must be one line")
        }
        guard !password.utf8.contains(0) else {
            throw RegistryError.invalidInput("password: must not contain a NUL character")
        }
    }

    /// A salted bcrypt string, `$2b$12$...`.
    public static func hash(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }

    public static func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }
}

/// A password checked and hashed before any transaction begins: bcrypt at cost 12 takes about a
/// quarter of a second, which must not be spent holding the registry's write lock.
public struct HashedPassword: Sendable {
    let text: String

    public init(_ password: String) throws {
        try PasswordHash.validate(password)
        text = PasswordHash.hash(password)
    }
}
