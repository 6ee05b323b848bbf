// What a refusal page says to a browser (docs/web.md, "Refusals"): its status's meaning and its
// message in the page's language. The JSON and text answers keep the English message, which is
// the API's (docs/web-api.md). On a Chinese page the web view's own messages are said in Chinese
// (the English kept below them, for whoever reads the logs); a message the registry or SQLite
// wrote in English is translated when FormMessages knows it, else kept whole after a Chinese
// lead-in, as the detail a reader can quote.
import IPRegistry

enum RefusalWords {
    /// What a status means, for the page's title and heading.
    static func title(_ status: Int) -> Words {
        switch status {
        case 400: return Words(zh: "请求有误", en: "Bad request")
        case 401: return Words(zh: "请先登录", en: "Sign in first")
        case 403: return Words(zh: "无权执行此操作", en: "Not allowed")
        case 404: return Words(zh: "未找到该页面", en: "Page not found")
        case 405: return Words(zh: "不支持该请求方式", en: "Method not allowed")
        case 412: return Words(zh: "记录已被他人修改", en: "Changed meanwhile")
        case 413: return Words(zh: "提交的内容过大", en: "Too large")
        case 414: return Words(zh: "网址过长", en: "Address too long")
        case 421: return Words(zh: "服务器名称不符", en: "Wrong server name")
        case 422: return Words(zh: "填写的内容有误", en: "Values to correct")
        case 429: return Words(zh: "请求过于频繁，请稍后再试", en: "Too many requests")
        case 431: return Words(zh: "请求头过大", en: "Request headers too large")
        case 503: return Words(zh: "服务暂时不可用", en: "Service unavailable")
        case 500...: return Words(zh: "服务器出错", en: "Server error")
        default: return Words(zh: "无法处理该请求", en: "Request refused")
        }
    }

    /// The lead-in of a message that has no Chinese words, by status.
    static func lead(_ status: Int) -> String {
        switch status {
        case 400: return "请求有误："
        case 404: return "未找到："
        case 503: return "暂时无法处理："
        case 500...: return "服务器出错："
        default: return "已拒绝："
        }
    }

    /// `message` in Chinese, when it is one of the web view's own or FormMessages knows it.
    static func chinese(_ message: String) -> String? {
        if let words = ReportWords.error(message) { return words.zh }
        if let fixed = fixed[message] { return fixed }
        if let method = message.between("method ", " is not allowed: the web view only reads (GET, HEAD)") {
            return "不支持 \(method) 请求：本网页只供查看（GET、HEAD）"
        }
        if let rest = message.after("malformed query string: "), let what = malformed[rest] {
            return "网址的查询字符串格式有误：\(what)"
        }
        if let rest = message.after("the form's body is malformed: malformed query string: "),
            let what = malformed[rest]
        {
            return "表单内容格式有误：\(what)"
        }
        if let limit = message.between("the form is larger than ", " bytes") { return "表单超过 \(limit) 字节" }
        if let host = message.between("this server is read-only: it listens on ", " without TLS ") {
            return "此服务器只读：它在 \(host) 上监听，未使用 TLS（--tls-cert、--tls-key）或 --trusted-proxy，"
                + "登录和修改会以明文经过网络"
        }
        if let name = message.after("unknown query item ") {
            if let item = name.before(" (this page takes none)") { return "未知的查询项 \(item)（此页面不接受查询项）" }
            // The page's list is the last parenthesis: the item's name, the client's, may hold one too.
            if let marker = name.ranges(of: " (filters: ").last, name.hasSuffix(")") {
                let item = name[..<marker.lowerBound]
                let list = name[marker.upperBound...].dropLast()
                return "未知的查询项 \(item)（可用的筛选项：\(list.replacing(", ", with: "、"))）"
            }
            return "未知的查询项 \(name)"
        }
        if let name = message.after("no report named ") { return "没有名为 \(name) 的报表" }
        if let limit = message.between("the overview ran past the time limit of ", " ms and was stopped") {
            return "概览超过 \(limit) 毫秒的时间限制，已停止"
        }
        if let (name, value) = message.nameAndValue(before: ": expected a whole number from "),
            let bounds = message.behind(": expected a whole number from "), let and = bounds.firstRange(of: " to ")
        {
            return "\(item(name))“\(value)”：须为 \(bounds[..<and.lowerBound]) 至 \(bounds[and.upperBound...]) 的整数"
        }
        if let (name, value) = message.nameAndValue(before: ": expected one of "),
            let list = message.behind(": expected one of ")
        {
            return "\(item(name))“\(value)”：须为以下之一：\(list.replacing(", ", with: "、"))"
        }
        return FormMessages.known(message)
    }

    /// The web view's sentences that are whole.
    static let fixed: [String: String] = [
        "no such page": "网址所指的页面不存在：请检查网址，或从页首的导航进入",
        "the request must carry one Host header naming the server": "请求须带有且只带有一个指明本服务器的 Host 头",
        "this server does not answer to that Host name; start it with --allowed-host NAME to let it":
            "本服务器不响应该主机名；如需允许，请在启动服务器时加上 --allowed-host 主机名",
        "the request target is longer than \(ServeLimits.maxTargetLength) bytes":
            "网址超过 \(ServeLimits.maxTargetLength) 字节",
        "the request headers are larger than \(ServeLimits.maxHeaderBytes) bytes or \(ServeLimits.maxHeaderCount) fields":
            "请求头超过 \(ServeLimits.maxHeaderBytes) 字节或 \(ServeLimits.maxHeaderCount) 项",
        "the server is busy: too many requests are waiting for the registry; try again shortly":
            "服务器繁忙：等待读取登记的请求过多，请稍后再试",
        "the request was dropped: its client went away or the server is stopping": "请求已取消：浏览器已断开，或服务器正在停止",
        "the query was stopped: its client went away or the server is stopping": "查询已停止：浏览器已断开，或服务器正在停止",
        "the overview was stopped: its client went away or the server is stopping": "概览已停止：浏览器已断开，或服务器正在停止",
        "this server is private: sign in at /login first": "此服务器不公开：请先在 /login 登录",
        "this server is read-only": "此服务器只读",
        "refused: sign in first (this form needs a session)": "已拒绝：请先登录（此表单须在登录后提交）",
        "refused: the request came from another site (its Origin or Referer is not this server)":
            "已拒绝：请求来自其他网站（其 Origin 或 Referer 不是本服务器）",
        "refused: the form's CSRF token is missing or not this session's; reload the page":
            "已拒绝：表单的安全令牌（CSRF）缺失或不属于本次登录，请重新加载页面",
        "give the query as sql=...": "请以 sql=... 给出查询",
    ]

    /// The ways a query string is malformed (Query.parse).
    static let malformed: [String: String] = [
        "a query item with no name": "有查询项没有名称",
        "a % escape that is not two hex digits": "% 后面不是两位十六进制数字",
        "a NUL (%00)": "含有空字符（%00）",
        "text that is not UTF-8": "含有不是 UTF-8 的文字",
    ]

    /// A query item of the list of centers, by its Chinese name when it has one.
    static func item(_ name: String) -> String {
        switch name {
        case "limit": return "每页条数"
        case "offset": return "起始位置"
        case "sort": return "排序"
        default: return name
        }
    }

    /// The message of a refusal as a page shows it: as it is in English; in Chinese, in Chinese,
    /// or kept whole (marked English) after `lead`.
    static func said(_ message: String, lead: String, _ language: Language) -> HTML {
        guard language == .zh else { return HTML(text: message) }
        if let chinese = chinese(message) { return HTML(text: chinese) }
        return "\(lead)<span lang=\"en\">\(message)</span>"
    }

    /// Under a message said in Chinese, the server's English words, which the logs and the API
    /// carry: what a reader quotes when asking for help. Nothing on an English page.
    static func original(_ message: String, _ language: Language) -> HTML {
        guard language == .zh, chinese(message) != nil else { return "" }
        return "<details class=\"note\"><summary>\(originalSummary(language))</summary>"
            + "<p><code lang=\"en\">\(message)</code></p></details>"
    }

    static let originalSummary = Words(zh: "服务器原文（英文，供技术人员参考）", en: "The server's words")
}

extension String {
    /// The text after `prefix`, when it starts with it.
    fileprivate func after(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }

    /// The text after the first `marker`.
    fileprivate func behind(_ marker: String) -> String? {
        firstRange(of: marker).map { String(self[$0.upperBound...]) }
    }

    /// The text before the first `marker`.
    fileprivate func before(_ marker: String) -> String? {
        firstRange(of: marker).map { String(self[..<$0.lowerBound]) }
    }

    /// The text between `prefix` at the start and `suffix`: at the end when `suffix` ends it,
    /// else its first occurrence after the prefix.
    fileprivate func between(_ prefix: String, _ suffix: String) -> String? {
        guard let rest = after(prefix) else { return nil }
        if rest.hasSuffix(suffix) { return String(rest.dropLast(suffix.count)) }
        return rest.before(suffix)
    }

    /// `NAME VALUE` before `marker`: the shape of the list's messages (`limit 0: expected ...`).
    fileprivate func nameAndValue(before marker: String) -> (String, String)? {
        guard let head = before(marker), let space = head.firstIndex(of: " ") else { return nil }
        return (String(head[..<space]), String(head[head.index(after: space)...]))
    }
}
