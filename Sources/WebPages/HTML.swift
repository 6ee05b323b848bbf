// Markup that escapes by default. An `HTML` value is markup; anything else interpolated into one
// (a String from the registry or the request, a number, any other value) is text, escaped for
// element content and quoted attributes alike, so a value cannot reach a page unescaped by
// forgetting a call. The literal parts of an `HTML` literal are markup: only the program's own
// source writes them. `HTML(trustedMarkup:)` is the one way in for other markup, for constants
// of the program (the map's outlines).
//
// Why this and not swift-mustache templates, which also escape by default: no dependency to
// fetch and build (the server already compiles SwiftNIO and Hummingbird on a 2-core machine for
// minutes; every package more adds to that), a page is checked by the compiler (a missing value
// or a wrong type does not build, where a template finds out at run time), and nothing is parsed
// per process or per request: a page is string appends, as fast as the concatenation it replaces.
public struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation {
    /// The markup, every value in it escaped.
    public private(set) var markup: String

    /// Markup written in the program's source (the compiler calls this for a literal).
    public init(stringLiteral literal: String) {
        markup = literal
    }

    public init(stringInterpolation: StringInterpolation) {
        markup = stringInterpolation.markup
    }

    /// Markup that is a constant of the program, taken as it is. Never for a value from the
    /// registry, a request or a file: those are interpolated, which escapes them.
    public init(trustedMarkup: String) {
        markup = trustedMarkup
    }

    /// No markup at all.
    public static let empty = HTML(trustedMarkup: "")

    public var isEmpty: Bool { markup.isEmpty }

    public static func + (left: HTML, right: HTML) -> HTML {
        HTML(trustedMarkup: left.markup + right.markup)
    }

    public static func += (left: inout HTML, right: HTML) {
        left.markup += right.markup
    }

    /// `text` escaped, as a value interpolated into markup is.
    public init(text: String) {
        var markup = ""
        Self.appendEscaped(text, to: &markup)
        self.markup = markup
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var markup: String

        public init(literalCapacity: Int, interpolationCount: Int) {
            markup = ""
            markup.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        /// The literal parts of the source: markup.
        public mutating func appendLiteral(_ literal: String) {
            markup += literal
        }

        /// Markup made elsewhere, as it is.
        public mutating func appendInterpolation(_ html: HTML) {
            markup += html.markup
        }

        /// Text, escaped.
        public mutating func appendInterpolation(_ text: String) {
            HTML.appendEscaped(text, to: &markup)
        }

        /// Text, escaped.
        public mutating func appendInterpolation(_ text: Substring) {
            HTML.appendEscaped(String(text), to: &markup)
        }

        /// A number's digits, which need no escaping.
        public mutating func appendInterpolation(_ number: Int) {
            markup += String(number)
        }

        /// Any other value as its description, escaped.
        public mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            HTML.appendEscaped(value.description, to: &markup)
        }
    }

    /// Escapes `& < > " '` so a value is text wherever it lands (element content or a quoted attribute).
    static func appendEscaped(_ text: String, to markup: inout String) {
        // Most values hold none of the five: they are appended whole.
        guard
            text.utf8.contains(where: {
                $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
                    || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'")
            })
        else {
            markup += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": markup += "&amp;"
            case "<": markup += "&lt;"
            case ">": markup += "&gt;"
            case "\"": markup += "&quot;"
            case "'": markup += "&#39;"
            default: markup.unicodeScalars.append(scalar)
            }
        }
    }
}

extension Sequence where Element == HTML {
    /// The pieces one after another.
    public func joined() -> HTML {
        var markup = ""
        for piece in self { markup += piece.markup }
        return HTML(trustedMarkup: markup)
    }
}
