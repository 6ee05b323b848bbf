// The Chinese of the validators' and the writes' messages, for the forms' Chinese pages. The
// registry says its problems in English sentences (`name '': is required`), which the command
// line and the JSON API print as they are; a form shows the English page those, and the Chinese
// page the same problem in Chinese: the field by its Chinese name, the value as typed, the rule
// translated. A message of a kind not known here is quoted whole after a Chinese sentence, so
// that nothing of what went wrong is lost.
import IPRegistry

public enum FormMessages {
    /// The Chinese for `message`: a known kind of problem translated, else a Chinese sentence
    /// quoting the English one.
    public static func chinese(_ message: String) -> String {
        known(message) ?? "无法保存：\(message)"
    }

    /// The Chinese name of a field a message names: a center's, a statistic's, or the upload's.
    static func fieldName(_ column: String) -> String? {
        if let field = CenterField(rawValue: column) { return Vocabulary.field(field).zh }
        switch column {
        case "period": return "统计期"
        case "pretrial_cases": return "专利预审案件数"
        case "protection_cases": return "维权案件数"
        case "center_code": return "中心编号"
        case "file": return "文件"
        case "encoding": return "编码"
        case "region": return "行政区划"
        default: return nil
        }
    }

    /// A known message in Chinese, or nil.
    static func known(_ message: String) -> String? {
        // "row 2: ..." (several rows of statistics at once).
        if message.hasPrefix("row "), let colon = message.firstRange(of: ": ") {
            let number = message[message.index(message.startIndex, offsetBy: 4)..<colon.lowerBound]
            if !number.isEmpty, number.allSatisfy(\.isNumber), let rest = known(String(message[colon.upperBound...])) {
                return "第 \(number) 行：\(rest)"
            }
        }
        if let whole = whole(message) { return whole }
        // "FIELD VALUE: RULE", the validators' shape (ValidationFailure).
        guard let space = message.firstIndex(of: " ") else { return nil }
        let column = String(message[..<space])
        guard let field = fieldName(column) else { return nil }
        for separator in message.ranges(of: ": ").reversed() {
            let rule = String(message[separator.upperBound...])
            guard let translated = self.rule(rule) else { continue }
            let value = message[message.index(after: space)..<separator.lowerBound]
            return "\(field)“\(unquoted(value))”：\(translated)"
        }
        return nil
    }

    /// A value as the validators quote it (`'x'` when it is empty or space-padded): the Chinese
    /// sentence puts it in Chinese quotes instead.
    static func unquoted(_ value: Substring) -> Substring {
        value.count >= 2 && value.first == "'" && value.last == "'" ? value.dropFirst().dropLast() : value
    }

    /// The rules of the validators (IPRegistry's Centers, Statistics, Support), in Chinese.
    static func rule(_ rule: String) -> String? {
        let exact: [String: String] = [
            "is required": "必须填写",
            "must be 1-64 characters of A-Z a-z 0-9 . _ -": "须为 1 至 64 个字符，只可使用 A-Z a-z 0-9 . _ -",
            "must be a real date written YYYY, YYYY-MM or YYYY-MM-DD": "须为真实存在的日期，写作 YYYY、YYYY-MM 或 YYYY-MM-DD",
            "must not be before 1900": "不得早于 1900 年",
            "must not be in the future": "不得晚于今天",
            "must be a decimal number of degrees": "须为以度为单位的小数",
            "must be an absolute http or https URL": "须为以 http 或 https 开头的完整网址",
            "must be one value": "只能填写一个值",
            "no such division": "没有这个行政区划",
            "no such industry": "参考数据中没有这个服务产业",
            "no such service": "参考数据中没有这个服务项目",
            "no such center": "没有这个中心",
            "must not contain control characters": "不得包含控制字符",
            "latitude and longitude go together: give both or neither": "纬度和经度须同时填写或同时留空",
            "is not removed: the center exists": "该中心未被删除，无需恢复",
            "at most 2000 characters": "不得超过 2000 个字符",
            Period.rule: "须为统计期：YYYY、YYYY-Qn、YYYY-MM 或 YYYY-MM..YYYY-MM",
            DivisionCode.rule: "须为六位行政区划代码（GB/T 2260）",
        ]
        if let known = exact[rule] { return known }
        if rule.hasPrefix("must be one of ") { return "须为以下之一：" + rule.dropFirst("must be one of ".count) }
        if rule.hasPrefix("must be one "), rule.hasSuffix(" code") { return "只能填写一个编号" }
        if rule.hasPrefix("must be a whole number from 0 to ") {
            return "须为 0 至 \(rule.dropFirst("must be a whole number from 0 to ".count)) 的整数"
        }
        if rule.hasPrefix("must be between "), let and = rule.firstRange(of: " and ") {
            let low = rule[rule.index(rule.startIndex, offsetBy: "must be between ".count)..<and.lowerBound]
            return "须在 \(low) 与 \(rule[and.upperBound...]) 之间"
        }
        if rule.hasPrefix("must be at most "), let end = rule.firstRange(of: " characters") {
            let limit = rule[rule.index(rule.startIndex, offsetBy: "must be at most ".count)..<end.lowerBound]
            return "不得超过 \(limit) 个字符"
        }
        if rule.hasPrefix("must not be before approved (") { return "不得早于批准时间" + parenthesised(rule) }
        if rule.hasPrefix("must not contain bidirectional") { return "不得包含双向文本控制字符" }
        if rule.hasPrefix("must show at least one visible character") { return "须至少包含一个可见字符" }
        if rule.hasPrefix("already exists") { return "已存在" + parenthesised(rule) }
        if rule.hasPrefix("a center's code cannot change, only its case") {
            return "中心编号不能更改，只能改变字母大小写" + parenthesised(rule)
        }
        if rule.hasPrefix("overlaps the period ") {
            let rest = rule.dropFirst("overlaps the period ".count)
            if let of = rest.firstRange(of: " of center ") {
                return "与中心 \(rest[of.upperBound...]) 的统计期 \(rest[..<of.lowerBound]) 重叠"
            }
            if rest.hasSuffix(" given before") { return "与前面填写的统计期 \(rest.dropLast(" given before".count)) 重叠" }
        }
        return nil
    }

    /// The last parenthesised part of `text` (without an English "as "), in Chinese parentheses;
    /// empty without one.
    static func parenthesised(_ text: String) -> String {
        guard text.hasSuffix(")"), let open = text.lastIndex(of: "(") else { return "" }
        var inside = text[text.index(after: open)..<text.index(before: text.endIndex)]
        if inside.hasPrefix("as ") { inside = inside.dropFirst(3) }
        return "（\(inside)）"
    }

    /// The writes' own sentences (CenterWrites), whole.
    static func whole(_ message: String) -> String? {
        switch message {
        case "a viewer cannot change the registry": return "查看者不能修改登记信息"
        case "no statistics given": return "未填写统计数据"
        case "published figures are the administrator's": return "公布数据只有管理员可以导入"
        case "divisions are imported from the command line only": return "行政区划只能在命令行导入"
        default: break
        }
        if message.hasPrefix("center "), let taken = message.firstRange(of: " already exists") {
            let code = message[message.index(message.startIndex, offsetBy: 7)..<taken.lowerBound]
            return "中心编号 \(code) 已存在" + parenthesised(message)
        }
        if message.hasPrefix("center "), message.hasSuffix(": no such center") {
            return "没有编号为 \(message.dropFirst(7).dropLast(": no such center".count)) 的中心"
        }
        if message.hasPrefix("center "), message.hasSuffix(" exists: only a removed center can be restored") {
            let code = message.dropFirst(7).dropLast(" exists: only a removed center can be restored".count)
            return "中心 \(code) 仍在登记中：只有已删除的中心才能恢复"
        }
        if message.hasPrefix("center "), let since = message.firstRange(of: " has changed since version ") {
            let code = message[message.index(message.startIndex, offsetBy: 7)..<since.lowerBound]
            return "中心 \(code) 在您打开表单后已被他人修改"
        }
        if let outside = message.firstRange(of: ": division "), message.hasSuffix(" is outside your regions") {
            let division = message[outside.upperBound...].dropLast(" is outside your regions".count)
            let doing = self.doing(String(message[..<outside.lowerBound]))
            return "行政区划 \(division) 不在您的管辖区域内" + (doing.map { "，不能\($0)" } ?? "")
        }
        if message.hasSuffix(" of centers outside your regions; nothing was imported") {
            return "文件中有中心不在您的管辖区域内，未导入任何内容"
        }
        return nil
    }

    /// What a refused write was doing (CenterWrites' `requireCovered`), in Chinese.
    static func doing(_ text: String) -> String? {
        let verbs: [(String, String)] = [
            ("adding statistics to center ", "为中心 %@ 添加统计数据"), ("adding center ", "添加中心 %@"),
            ("changing center ", "修改中心 %@"), ("removing center ", "删除中心 %@"),
            ("restoring center ", "恢复中心 %@"),
        ]
        for (english, chinese) in verbs where text.hasPrefix(english) {
            return chinese.replacing("%@", with: text.dropFirst(english.count))
        }
        if text.hasPrefix("moving center "), let to = text.firstRange(of: " to ") {
            let code = text[text.index(text.startIndex, offsetBy: "moving center ".count)..<to.lowerBound]
            return "将中心 \(code) 移至 \(text[to.upperBound...])"
        }
        return nil
    }
}
