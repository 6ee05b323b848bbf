// The sign-in page (`/login`, docs/web-security.md): a form of two labelled fields that posts
// to itself, in the frame of every page, in the page's language. The same words for an unknown
// name and a wrong password, so the page tells nobody which names exist.

public enum SignInPage {
    /// The answer to a failed sign-in, whatever failed.
    public static let wrongNameOrPassword = Words(zh: "用户名或密码错误", en: "wrong name or password")

    /// The answer to a sign-in without a name or a password.
    public static let nameAndPasswordRequired = Words(zh: "请填写用户名和密码", en: "give a name and a password")

    /// The answer while a name or an address is refused for its failures (429).
    public static func throttled(minutes: Int) -> Words {
        Words(
            zh: "该用户名或该地址登录失败次数过多：请 \(minutes) 分钟后再试",
            en: "too many failed sign-ins for this name or from this address: try again in \(minutes) minutes")
    }

    /// The form; `error` above it when the last try failed; `next` the same-site path to go to
    /// afterwards; `signedIn` when the browser is signed in already (the header's sign-out button).
    public static func html(
        error: Words? = nil, next: String = "/", signedIn: SignedInUser? = nil, language: Language = .zh
    ) -> [UInt8] {
        let words = { (zh: String, en: String) in Words(zh: zh, en: en)(language) }
        let title = words("登录", "Sign in")
        var body: HTML = "<section><h1>\(title)</h1>"
        if let error { body += "<p class=\"error\" role=\"alert\">\(error(language))</p>" }
        body += "<form method=\"post\" action=\"/login\">"
        body += Forms.hidden("next", next)
        body +=
            "<label for=\"name\">\(words("用户名", "Name"))"
            + "<input id=\"name\" name=\"name\" autocomplete=\"username\" required></label>"
        body += "<label for=\"password\">\(words("密码", "Password"))<input id=\"password\" name=\"password\""
        body += " type=\"password\" autocomplete=\"current-password\" required></label>"
        body += "<button type=\"submit\">\(title)</button></form></section>"
        // No print footer: its time would tell an unknown name's answer from a wrong password's
        // (bcrypt makes the two a second apart as often as not), and a sign-in form is not printed.
        return Array(
            Layout.document(
                title: title, body: body, signedIn: signedIn, forms: true, language: language, printFooter: false
            ).markup.utf8)
    }
}
