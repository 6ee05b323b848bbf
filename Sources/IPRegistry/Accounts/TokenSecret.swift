// API tokens: 32 bytes from the system's random source (getrandom), shown once as `ipr_` and
// base64url, and kept only as their SHA-256. A token is 256 random bits, so nobody can guess one
// and a fast hash is enough; a slow one would only slow every request.
import Crypto

public enum TokenSecret {
    public static let prefix = "ipr_"
    static let byteCount = 32

    /// A new token, as handed to its holder.
    public static func generate() -> String { prefix + random() }

    /// 32 bytes from the system's random source as base64url: a token's body, a session id, a
    /// CSRF token.
    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return base64URL((0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// The SHA-256 of the token's text, as 64 lowercase hex digits: what the registry keeps.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Base64 with the URL's alphabet and no padding (RFC 4648 section 5).
    static func base64URL(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var text = ""
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value: UInt32 = 0
            for (offset, byte) in chunk.enumerated() { value |= UInt32(byte) << (16 - 8 * UInt32(offset)) }
            for position in 0...chunk.count {
                text.append(alphabet[Int((value >> (18 - 6 * UInt32(position))) & 0x3F)])
            }
            index += 3
        }
        return text
    }
}
