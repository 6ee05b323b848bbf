// The sign-in page (`/login`, docs/web-security.md): a form of two labelled fields that posts
// to itself, in the frame of every page. The same words for an unknown name and a wrong
// password, so the page tells nobody which names exist.

public enum SignInPage {
    /// The answer to a failed sign-in, whatever failed.
    public static let wrongNameOrPassword = "wrong name or password"

    /// The form; `error` above it when the last try failed; `next` the same-site path to go to
    /// afterwards; `signedIn` when the browser is signed in already (the header's sign-out button).
    public static func html(error: String? = nil, next: String = "/", signedIn: SignedInUser? = nil) -> [UInt8] {
        var body: HTML = "<section><h1>Sign in</h1>"
        if let error { body += "<p class=\"error\" role=\"alert\">\(error)</p>" }
        body += "<form method=\"post\" action=\"/login\">"
        body += Forms.hidden("next", next)
        body += "<label for=\"name\">Name<input id=\"name\" name=\"name\" autocomplete=\"username\" required></label>"
        body += "<label for=\"password\">Password<input id=\"password\" name=\"password\" type=\"password\""
        body += " autocomplete=\"current-password\" required></label>"
        body += "<button type=\"submit\">Sign in</button></form></section>"
        return Array(Layout.document(title: "Sign in", body: body, signedIn: signedIn, forms: true).markup.utf8)
    }
}
