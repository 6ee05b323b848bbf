// What the server knows of signing in and writing (docs/web-security.md): whether it may write
// at all (TLS, a trusted proxy, or a loopback address), the writer, the proxies it believes, the
// session cookie, the CSRF and origin checks, and the pieces a request carries of them.
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import IPRegistry
import NIOCore
import Synchronization
import WebPages

/// A browser's session as its request showed it.
public struct SessionCredentials: Sendable {
    /// The cookie's value: the session's id, kept in the registry only as its SHA-256.
    public let secret: String
    /// What every form POST of the session carries as its `csrf` field.
    public let csrf: String
}

/// The fields of a form, in order; `+` is a space.
public struct FormFields: Sendable {
    public let items: [(String, String)]

    /// The first value of `name`, nil when the form has none.
    public subscript(name: String) -> String? { items.first { $0.0 == name }?.1 }

    /// Every value of `name` (check boxes).
    public func all(_ name: String) -> [String] { items.filter { $0.0 == name }.map(\.1) }
}

/// The audit entry a request's answer gets (AuditMiddleware writes it): every 401, 403, 412
/// and 429, every request a token authenticated, and whatever a route marks (`record(...)`).
public final class AuditNote: Sendable {
    private struct State {
        var detail: String?
        var actor: String?
        var marked = false
    }
    private let state = Mutex(State())

    /// Records this request with `detail` (never a password or a token) and, when given, `actor`
    /// (else the principal's), whatever its status.
    public func record(_ detail: String, actor: String? = nil) {
        state.withLock {
            $0.detail = detail
            if let actor { $0.actor = actor }
            $0.marked = true
        }
    }

    /// Who the entry names, should the request get one (the principal's actor).
    public func setActor(_ actor: String) { state.withLock { $0.actor = actor } }

    /// Sets the detail a refusal's entry carries, without asking for an entry of its own.
    public func explain(_ detail: String) { state.withLock { $0.detail = detail } }

    var detail: String? { state.withLock { $0.detail } }
    var actor: String? { state.withLock { $0.actor } }
    var isMarked: Bool { state.withLock { $0.marked } }
}

/// A certificate chain and its key for HTTPS (`--tls-cert`, `--tls-key`), read and checked.
public struct ServerTLS: Sendable {
    let configuration: TLSConfiguration

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public init(certificateFile: String, keyFile: String) throws(Failure) {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
            guard !chain.isEmpty else {
                throw Failure(description: "--tls-cert \(certificateFile) holds no PEM certificate")
            }
            let key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
            let configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
            // Loads both into a context now, so a key that is not the certificate's is refused
            // at start rather than at the first handshake.
            _ = try TLSChannel(
                HTTP1Channel(responder: { _, _, _ in }), tlsConfiguration: configuration)
            self.configuration = configuration
        } catch let error as Failure {
            throw error
        } catch {
            throw Failure(
                description:
                    "cannot use --tls-cert \(certificateFile) and --tls-key \(keyFile): "
                    + "\(error)".split(whereSeparator: \.isNewline).joined(separator: " "))
        }
    }
}

/// The server's rules for sign-in and writes, made once by `buildApplication`.
struct WebSecurity: Sendable {
    /// Nil when the server is read-only (`readOnlyReason` says why).
    let writer: RegistryWriter?
    let readOnlyReason: String?
    let tls: Bool
    let trustedProxies: [String]
    let isPrivate: Bool
    let passwords: PasswordChecker

    static let cookieName = "ipreg_session"
    /// A login form's body; other forms' bodies (CSRFMiddleware).
    static let maxLoginBytes = 4096
    static let maxFormBytes = 256 * 1024

    init(_ configuration: WebServerConfiguration, registryPath: String) {
        tls = configuration.tls != nil
        trustedProxies = configuration.trustedProxies.map(Self.normalized)
        isPrivate = configuration.isPrivate
        passwords = PasswordChecker(threads: configuration.passwordThreads)
        if let reason = Self.readOnlyReason(configuration) {
            readOnlyReason = reason
            writer = nil
        } else {
            readOnlyReason = nil
            writer = RegistryWriter(
                path: registryPath, busyTimeoutMilliseconds: configuration.busyTimeoutMilliseconds,
                clock: configuration.clock)
        }
    }

    /// Why a server started with `configuration` takes no sign-in and no write, nil when it does:
    /// without TLS or a trusted proxy in front, passwords and cookies would cross the network in
    /// the clear, so only a loopback address is trusted.
    static func readOnlyReason(_ configuration: WebServerConfiguration) -> String? {
        guard configuration.tls == nil, configuration.trustedProxies.isEmpty,
            !HostRule.isLoopback(configuration.host)
        else { return nil }
        return "this server is read-only: it listens on \(configuration.host) without TLS "
            + "(--tls-cert, --tls-key) or a --trusted-proxy, so sign-in and writes would cross the network in the clear"
    }

    /// An address as written (`::1`, `[::1]`, `127.0.0.1`) in one spelling.
    static func normalized(_ address: String) -> String {
        var text = address.lowercased()
        if text.hasPrefix("[") && text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if let parsed = try? SocketAddress(ipAddress: text, port: 0), let ip = parsed.ipAddress { return ip }
        return text
    }

    /// Whether the connection's other end is a proxy named with `--trusted-proxy`.
    func isTrustedProxy(_ peer: SocketAddress?) -> Bool {
        guard !trustedProxies.isEmpty, let ip = peer?.ipAddress else { return false }
        return trustedProxies.contains(Self.normalized(ip))
    }

    /// The client's address and whether the request came over TLS, believing the forwarding
    /// headers of a trusted proxy only.
    func client(of request: Request, peer: SocketAddress?) -> (address: String?, secure: Bool) {
        let peerAddress = peer?.ipAddress
        guard isTrustedProxy(peer) else { return (peerAddress, tls) }
        var address = peerAddress
        if let forwarded = HTTPField.Name("X-Forwarded-For").map({ request.headers[values: $0] }),
            let last = forwarded.joined(separator: ",").split(separator: ",").last
        {
            let entry = last.trimmedSpaces
            if !entry.isEmpty, entry.utf8.count <= 64 { address = entry }
        }
        var secure = tls
        if let proto = HTTPField.Name("X-Forwarded-Proto").map({ request.headers[values: $0] }),
            let last = proto.joined(separator: ",").split(separator: ",").last
        {
            secure = secure || last.trimmedSpaces.lowercased() == "https"
        }
        return (address, secure)
    }

    /// The session cookie's header for `secret` (nil: one that expires it at once).
    static func cookie(_ secret: String?, secure: Bool) -> String {
        let value = secret.map { "\(cookieName)=\($0)" } ?? "\(cookieName)=; Max-Age=0"
        return value + "; HttpOnly; SameSite=Strict; Path=/" + (secure ? "; Secure" : "")
    }

    /// The session cookie's value among the request's cookies, nil when it has none.
    static func sessionCookie(_ request: Request) -> String? {
        cookie(named: cookieName, in: request)
    }

    /// The value of the cookie `cookieName` among the request's cookies, nil when it has none.
    static func cookie(named cookieName: String, in request: Request) -> String? {
        guard let name = HTTPField.Name("Cookie") else { return nil }
        for header in request.headers[values: name] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmedSpaces == cookieName else { continue }
                let value = parts[1].trimmedSpaces
                if !value.isEmpty { return value }
            }
        }
        return nil
    }

    /// Compares two secrets in time that depends on their lengths only.
    static func same(_ left: String, _ right: String) -> Bool {
        let (a, b) = (Array(left.utf8), Array(right.utf8))
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    /// Whether `Origin` (else `Referer`) names this server: the same scheme, host and port as
    /// the request was made to. A request with neither passes (SameSite and the CSRF token
    /// guard it); `null` or another site does not.
    static func sameOrigin(_ request: Request, secure: Bool) -> Bool {
        let origin = HTTPField.Name("Origin").flatMap { request.headers[$0] }
        guard let claimed = origin ?? HTTPField.Name("Referer").flatMap({ request.headers[$0] }) else { return true }
        guard let authority = request.head.authority else { return false }
        let scheme = secure ? "https" : "http"
        guard let site = Self.origin(of: claimed) else { return false }
        return site.scheme == scheme && site.authority == Self.withPort(authority.lowercased(), scheme: scheme)
    }

    /// The scheme and `host:port` of an origin or a URL, lowercased, the port made explicit.
    static func origin(of text: String) -> (scheme: String, authority: String)? {
        let lowered = text.lowercased()
        guard let range = lowered.range(of: "://") else { return nil }
        let scheme = String(lowered[..<range.lowerBound])
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = lowered[range.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        return (scheme, withPort(String(authority), scheme: scheme))
    }

    static func withPort(_ authority: String, scheme: String) -> String {
        let hasPort =
            authority.hasPrefix("[")
            ? authority.contains("]:") : authority.contains(":")
        return hasPort ? authority : authority + (scheme == "https" ? ":443" : ":80")
    }
}

extension StringProtocol {
    /// Without the spaces and tabs at either end.
    fileprivate var trimmedSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(String(self.drop(while: isSpace).reversed().drop(while: isSpace).reversed()))
    }
}
