// The words of the reports' pages and the SQL page in both languages: the built-in reports' titles
// and descriptions, their parameters and column headings, and the refusals those pages show.
// Report names, parameter names and column keys are codes (the address, the JSON and the CSV keep
// them); a saved report's words and a query's columns are the user's own and stay as written.
import IPRegistry

enum ReportWords {
    static let reports = Words(zh: "统计报表", en: "Reports")
    static let report = Words(zh: "报表", en: "Report")
    static let parameters = Words(zh: "参数", en: "Parameters")
    static let whatItShows = Words(zh: "内容", en: "What it shows")
    static let saved = Words(zh: "（自定义）", en: " (saved)")
    static let run = Words(zh: "运行", en: "Run")
    static let asData = Words(zh: "下载数据：", en: "As data: ")
    static let rows = Words(zh: "行", en: "rows")
    static let cutAtSize = Words(zh: "（已在服务器的响应大小上限处截断）", en: "(cut at the server's limit on a response's size)")
    static let sqlTitle = Words(zh: "SQL 查询", en: "SQL")
    static let sqlNote = Words(
        zh: "仅限一条只读语句；参数（:name）作为地址中的其他字段给出",
        en: "One read-only statement; parameters (:name) as further fields of the address")
    static let sqlField = Words(zh: "SQL 语句", en: "SQL statement")

    /// "(cut at the limit of N rows)".
    static func cutAtRows(_ maxRows: Int) -> Words {
        Words(zh: "（已在 \(maxRows) 行的上限处截断）", en: "(cut at the limit of \(maxRows) rows)")
    }

    /// A built-in report's title.
    static func title(_ report: BuiltInReport) -> Words {
        switch report {
        case .centersByRegion: return Words(zh: "各行政区划中心数量", en: "Centers by division")
        case .centersByKind: return Words(zh: "各类型中心数量", en: "Centers by kind")
        case .industryCoverage: return Words(zh: "产业覆盖情况", en: "Industry coverage")
        case .caseTotals: return Words(zh: "历年受理案件数", en: "Cases accepted per year")
        case .topCenters: return Words(zh: "受理案件最多的中心", en: "Centers with the most cases")
        case .reconcile: return Words(zh: "公布数据与登记数据对照", en: "Published figures against the registry")
        }
    }

    /// A built-in report's description: the English is what `ipreg report list` says.
    static func description(_ report: BuiltInReport) -> Words {
        let zh: String
        switch report {
        case .centersByRegion: zh = "未关闭的中心，按类型，分省级行政区划统计（给出行政区划时，分其下级行政区划统计）"
        case .centersByKind: zh = "未关闭的中心，按类型统计"
        case .industryCoverage: zh = "服务各产业的未关闭中心，按类型统计"
        case .caseTotals: zh = "各年度受理案件数，含各种状态的中心；跨年度的统计期间单列一行"
        case .topCenters: zh = "受理案件最多的中心，含各种状态的中心"
        case .reconcile: zh = "每项公布数据与登记册中对应的数值并列对照"
        }
        return Words(zh: zh, en: report.summary)
    }

    /// The label of a built-in report's parameter (its field's name stays the code).
    static func parameter(_ name: String) -> Words? {
        switch name {
        case "region": return Words(zh: "行政区划代码", en: "Division code")
        case "from": return Words(zh: "起始期间", en: "From period")
        case "to": return Words(zh: "截止期间", en: "To period")
        case "by": return Words(zh: "排序依据（protection 或 pretrial）", en: "Rank by (protection or pretrial)")
        case "limit": return Words(zh: "中心数", en: "How many centers")
        default: return nil
        }
    }

    /// The heading of a built-in report's column: the registry's terms (kinds, statuses, a
    /// center's fields) as Vocabulary names them, the others here.
    static func column(_ key: String) -> Words? {
        switch key {
        case "protection": return Vocabulary.kind(.protection)
        case "rapid_protection": return Vocabulary.kind(.rapidProtection)
        case "operation": return Vocabulary.kind(.operation)
        case "tisc": return Vocabulary.kind(.tisc)
        case "code": return Vocabulary.field(.code)
        case "name": return Vocabulary.field(.name)
        case "kind": return Vocabulary.field(.kind)
        case "status": return Vocabulary.field(.status)
        case "region_code": return Words(zh: "行政区划代码", en: "Division code")
        case "region_name": return Vocabulary.field(.regionCode)
        case "industry_code": return Words(zh: "产业代码", en: "Industry code")
        case "industry_name": return Words(zh: "产业", en: "Industry")
        case "total": return Words(zh: "合计", en: "Total")
        case "centers": return Words(zh: "中心数", en: "Centers")
        case "year": return Words(zh: "年度", en: "Year")
        case "pretrial_cases": return Words(zh: "预审案件", en: "Pre-examination cases")
        case "protection_cases": return Words(zh: "维权案件", en: "Protection cases")
        case "metric": return Words(zh: "指标", en: "Metric")
        case "regions": return Words(zh: "行政区划", en: "Divisions")
        case "kinds": return Words(zh: "中心类型", en: "Kinds")
        case "period": return Words(zh: "期间", en: "Period")
        case "published": return Words(zh: "公布值", en: "Published")
        case "bound": return Words(zh: "界限", en: "Bound")
        case "registry": return Words(zh: "登记值", en: "Registry")
        case "difference": return Words(zh: "差额", en: "Difference")
        case "partial": return Words(zh: "部分统计", en: "Partial")
        case "undated": return Words(zh: "无日期", en: "Undated")
        case "missing_industries": return Words(zh: "缺少的产业", en: "Missing industries")
        default: return nil
        }
    }

    /// The headings of report `name`'s columns in `language`: a built-in report's translated, a
    /// saved report's as its SQL names them.
    static func headings(_ columns: [String], report name: String, _ language: Language) -> [String] {
        guard BuiltInReport(rawValue: name) != nil else { return columns }
        return columns.map { column($0)?(language) ?? $0 }
    }

    /// A refusal shown on a report's or the SQL page, in both languages when it is one of the
    /// web view's own; nil for a message from SQLite or the registry's checks (Pages shows it
    /// after a Chinese lead-in, as the detail a reader can quote).
    static func error(_ message: String) -> Words? {
        if let name = message.stripping(prefix: "give a value for ") {
            return Words(zh: "请填写 \(name) 的值", en: message)
        }
        if let rest = message.stripping(prefix: "the query ran past the time limit of "),
            let limit = rest.split(separator: " ").first
        {
            return Words(zh: "查询超过 \(limit) 毫秒的时间限制，已停止", en: message)
        }
        if message.hasSuffix(" is given twice") {
            let name = message.dropLast(" is given twice".count)
            return Words(zh: "\(name) 重复给出", en: message)
        }
        if message == ReadOnlyQuery.positionalParameterRefusalForTheWeb {
            return Words(zh: "查询使用了位置参数（?）：请改为命名参数（:name），并在表单字段中填写其值", en: message)
        }
        return nil
    }

    /// The lead-in of a message that has no Chinese words.
    static let failed = Words(zh: "查询出错：", en: "")
}

extension String {
    /// The text after `prefix`, when it starts with it.
    fileprivate func stripping(prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
