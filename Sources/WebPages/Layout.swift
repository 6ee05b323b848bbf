// The frame of every page: one HTML document with its styles inline, a navigation bar, and a
// Content-Security-Policy that allows nothing from another host (and no script at all).
// Everything here is `HTML` (HTML.swift): values interpolated into it are escaped.
import IPRegistry

/// Where a page is: its path and its query items (without `lang`), for the language switch.
public struct PageAddress: Sendable {
    public var path: String
    public var items: [(String, String)]

    public init(path: String, items: [(String, String)] = []) {
        self.path = path
        self.items = items
    }

    /// The address of the request the server is answering, set by `WebApp.respond` for the pages
    /// it draws, so that every page has the switch without each passing its address along.
    @TaskLocal public static var current: PageAddress?
}

public enum Layout {
    /// Sent as a header by the server; each page's <meta> repeats it for saved copies (and the
    /// dashboard file), without `frame-ancestors`, which browsers ignore in a <meta> and warn about.
    public static let contentSecurityPolicy = metaContentSecurityPolicy + "; frame-ancestors 'none'"

    /// The policy a <meta> can carry.
    public static let metaContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'"

    /// Constant markup: the stylesheet (its quotes stay quotes, as an escaped value's would not).
    /// Headings keep Chinese words whole (`word-break: keep-all`): beside a long value, a heading
    /// such as 行政区划 was otherwise stacked one character a line.
    static let style: HTML = """
        body{font-family:system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:0;color:#1d2733;background:#f6f7f9}
        header{background:#1f3b5c;color:#fff;padding:.6em 1.2em;display:flex;gap:1.4em;align-items:baseline;flex-wrap:wrap}
        header a{color:#fff;text-decoration:none}header strong{font-size:1.15em}
        main{padding:1em 1.2em;max-width:1200px}
        section{background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:.8em 1em;margin:0 0 1em;overflow-x:auto}
        h1{font-size:1.4em;margin:.2em 0 .6em}h2{font-size:1.1em;margin:.2em 0 .6em}
        table{border-collapse:collapse;font-size:.9em;margin:.4em 0}
        th,td{border-bottom:1px solid #e3e7ec;padding:.25em .6em;text-align:left;vertical-align:top}th{word-break:keep-all}
        td.n{text-align:right;font-variant-numeric:tabular-nums}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:1em}
        svg.chart{width:100%;max-width:640px;font-size:12px}svg.map{width:100%;max-width:560px;font-size:13px}
        .map-label{font-size:12px;fill:#1d2733}.map-count{font-size:14px;font-weight:bold;fill:#0b2340}
        .total{font-size:1.3em}.note{color:#5b6773;font-size:.9em}.error{color:#9b1c1c}
        form{display:flex;flex-wrap:wrap;gap:.6em;align-items:end;margin:.4em 0 .8em}
        label{display:flex;flex-direction:column;font-size:.85em}textarea{width:100%;min-height:6em;font-family:monospace}
        pre{white-space:pre-wrap;background:#f2f4f7;padding:.5em}
        """

    /// The styles of the write forms and the signed-in header, added only to pages that have
    /// them, so that what an anonymous reader gets stays as it was. Focus is always visible (a
    /// thick outline, light on the dark header); colours keep a contrast of at least 4.5:1.
    static let formStyle: HTML = """
        :focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}header :focus-visible{outline-color:#ffd166}
        .signed-in{margin-left:auto;display:flex;gap:.6em;align-items:baseline}
        form.sign-out{margin:0;display:inline}form.sign-out button{font:inherit;padding:.1em .6em}
        form.record,form.inline{display:block}fieldset{border:1px solid #c4ccd6;border-radius:4px;margin:0 0 1em;padding:.4em 1em .8em}
        legend{font-weight:600;padding:0 .3em}.field{margin:.7em 0}.field label{font-weight:600;font-size:1em;display:block}
        .field input[type=text],.field select{min-width:20em;max-width:100%;font:inherit;padding:.25em}
        .field textarea{font-family:inherit}.key{font-weight:normal;color:#5b6773;font-size:.85em;font-family:monospace}
        .hint{color:#4a5663;font-size:.88em;margin:.15em 0}.check{margin:.25em 0}.check label{display:inline;font-size:.95em}
        .field-error{color:#9b1c1c;font-weight:600;margin:.2em 0}.field-invalid{border-left:4px solid #9b1c1c;padding-left:.6em}
        .error-summary{border:3px solid #9b1c1c;background:#fff;padding:.5em 1em;margin:0 0 1em}
        .error-summary h2{color:#9b1c1c}.error-summary a{color:#9b1c1c;font-weight:600}
        .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        .actions{display:flex;flex-wrap:wrap;gap:.8em;align-items:center}.actions form{margin:0}
        button{font:inherit;padding:.3em .9em}.buttons{display:flex;gap:1em;align-items:center;margin:1em 0}
        tr.meanwhile td{background:#fff4d6}tr.both td{background:#fde2e2}
        """

    /// Where a printed page says it came from, and the clock that says when it was printed.
    public struct Printing: Sendable {
        /// The page's path and query string, as asked for.
        public var address: String
        public var clock: RegistryClock

        public init(address: String, clock: RegistryClock) {
            self.address = address
            self.clock = clock
        }
    }

    /// The request being answered, set by `WebApp.respond` for its pages and by the server for
    /// the others (the forms, sign-in), so that every page `document` draws for it carries the
    /// print footer (PrintStyle) without each page passing its address along.
    @TaskLocal public static var printing: Printing?

    /// The language of the request the server is answering, set by `WebApp.respond`: the
    /// language of a page that names none, so that its `<html lang>` and switch are right.
    @TaskLocal public static var requestLanguage: Language?

    /// The header's words: the registry's name and the navigation, Chinese first.
    static let brand = Words(zh: "知识产权服务中心名录", en: "IP service centers")
    static let regionLine = Words(zh: "京津冀知识产权服务中心", en: "IP service centers of Beijing, Tianjin and Hebei")
    static let navigation: [(path: String, words: Words)] = [
        ("/", Words(zh: "概览", en: "Overview")),
        ("/centers", Words(zh: "服务中心", en: "Centers")),
        ("/reports", Words(zh: "统计报表", en: "Reports")),
        ("/figures", Words(zh: "公布数据", en: "Figures")),
        ("/trends", Words(zh: "趋势", en: "Trends")),
        ("/sql", Words(zh: "SQL 查询", en: "SQL")),
    ]

    /// A whole page. `standalone` (the dashboard file) leaves out the links to the server's other
    /// pages and the language switch. `signedIn` adds who is signed in and a sign-out button to the
    /// header; `forms` adds the write forms' styles. Without either the page is what every reader
    /// gets. `address` (the page's own path and query) is where the language switch points; a
    /// page that gives none gets the address of the request being answered (`PageAddress.current`),
    /// and a page that names no language, the request's (`requestLanguage`), else Chinese. A page
    /// drawn for a request (`printing`) ends with its print footer, but for a refusal
    /// (`printFooter` false) and the dashboard file, which has no address.
    public static func document(
        title: String, body: HTML, standalone: Bool = false, signedIn: SignedInUser? = nil, forms: Bool = false,
        language: Language? = nil, address: PageAddress? = nil, printFooter: Bool = true
    ) -> HTML {
        let language = language ?? requestLanguage ?? .zh
        var html: HTML = "<!DOCTYPE html>\n<html lang=\"\(language.tag)\"><head><meta charset=\"utf-8\">"
        html += "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        html += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(metaContentSecurityPolicy)\">"
        // A page that posts a form names itself to its own server: under the header's `no-referrer`
        // a browser sends a form's POST with `Origin: null` and no `Referer`, which the server's
        // origin check refuses (docs/web-security.md). Other sites still learn nothing.
        if forms || signedIn != nil { html += "<meta name=\"referrer\" content=\"same-origin\">" }
        html += "<title>\(title)</title><style>\(style)"
        if forms || signedIn != nil { html += "\n\(formStyle)" }
        html += "\n\(PrintStyle.rules)</style></head><body>"
        html += "<header><strong>\(brand(language))</strong>"
        if !standalone {
            for (path, words) in navigation { html += "<a href=\"\(path)\">\(words(language))</a>" }
            if let address = address ?? PageAddress.current { html += languageSwitch(address, from: language) }
        } else {
            html += "<span>\(regionLine(language))</span>"
        }
        if let signedIn { html += signedInPart(signedIn, language: language) }
        html += "</header><main>\(body)"
        if printFooter, !standalone, let printing {
            html += PrintStyle.footer(
                address: printing.address, timestamp: printing.clock.timestamp(), language: language)
        }
        html += "</main></body></html>\n"
        return html
    }

    /// The link to the same page in the other language: the page's query with `lang` set to it
    /// (any `lang` there was replaced), named in the language it leads to.
    static func languageSwitch(_ address: PageAddress, from language: Language) -> HTML {
        let other: Language = language == .zh ? .en : .zh
        let name = other == .zh ? "中文" : "English"
        let items = address.items.filter { $0.0 != Language.queryItem } + [(Language.queryItem, other.rawValue)]
        let target = address.path + "?" + Query.string(items)
        return "<a class=\"language\" href=\"\(target)\" lang=\"\(other.tag)\" hreflang=\"\(other.tag)\">\(name)</a>"
    }

    /// "Signed in as NAME (role)" and a sign-out button, for the header: signing out is a POST
    /// to `/logout` with the session's CSRF token, so another site cannot sign anyone out.
    public static func signedInPart(_ user: SignedInUser, language: Language = .zh) -> HTML {
        let who: HTML =
            language == .zh
            ? "已登录：<strong>\(user.name)</strong>（\(roleName(user.role).zh)）"
            : "Signed in as <strong>\(user.name)</strong> (\(user.role.rawValue))"
        return "<div class=\"signed-in\"><span>\(who)</span>"
            + "<form class=\"sign-out\" method=\"post\" action=\"/logout\">\(Forms.hidden(Forms.csrfField, user.csrf))"
            + "<button type=\"submit\">\(Words(zh: "退出登录", en: "Sign out")(language))</button></form></div>"
    }

    /// An account's role, as the header names it.
    static func roleName(_ role: AccountRole) -> Words {
        switch role {
        case .admin: return Words(zh: "管理员", en: "admin")
        case .editor: return Words(zh: "编辑", en: "editor")
        case .viewer: return Words(zh: "只读用户", en: "viewer")
        }
    }

    /// A table of rows; `link` gives a cell's target when it should be a link.
    static func table(_ table: Table, link: ((_ column: String, _ cell: Cell) -> String?)? = nil) -> HTML {
        self.table(
            table, headings: table.columns, text: { _, cell, _ in cell.plainText(listSeparator: ", ") }, link: link)
    }

    /// A table of rows with `headings` shown over its columns (the page's language) and each cell
    /// shown as `text` gives it, from its column's name, itself and its row (a code by its name, a
    /// number grouped); `link`, as above, gets the
    /// column's name and the cell itself, so a link keeps the code.
    static func table(
        _ table: Table, headings: [String], text: (_ column: String, _ cell: Cell, _ row: [Cell]) -> String,
        link: ((_ column: String, _ cell: Cell) -> String?)? = nil
    ) -> HTML {
        var html: HTML = "<table><thead><tr>"
        for heading in headings { html += "<th>\(heading)</th>" }
        html += "</tr></thead><tbody>"
        for row in table.rows {
            html += "<tr>"
            for (column, cell) in zip(table.columns, row) {
                let shownText = HTML(text: text(column, cell, row))
                let shown: HTML = link?(column, cell).map { "<a href=\"\($0)\">\(shownText)</a>" } ?? shownText
                html += cell.isNumeric ? "<td class=\"n\">\(shown)</td>" : "<td>\(shown)</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table>"
    }

    /// The page for a refusal: the status, its meaning in the page's language, and the message
    /// (`message` as it is: the caller has put it in the page's language). No print footer.
    public static func errorPage(
        status: Int, message: String, signedIn: SignedInUser? = nil, language: Language = .zh
    ) -> HTML {
        errorPage(status: status, said: HTML(text: message), signedIn: signedIn, language: language)
    }

    /// The page for a refusal whose message is markup (`said`), with `more` under it.
    static func errorPage(
        status: Int, said: HTML, more: HTML = "", signedIn: SignedInUser? = nil, language: Language
    ) -> HTML {
        let meaning = RefusalWords.title(status)(language)
        return document(
            title: "\(status) \(meaning)",
            body: "<section><h1>\(status)</h1><h2>\(meaning)</h2><p class=\"error\">\(said)</p>\(more)</section>",
            signedIn: signedIn, language: language, printFooter: false)
    }
}
