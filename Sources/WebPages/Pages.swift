// The HTML of every page but the overview: the list of centers with its filters, one center,
// reports and their forms, published figures, and the SQL form. Pages are `HTML` (HTML.swift):
// every value interpolated into them is escaped.
import IPRegistry

public enum Pages {
    // MARK: Centers

    /// The words of the list of centers and of a center's page, Chinese first.
    enum CenterWords {
        static let centers = Words(zh: "服务中心", en: "Centers")
        static let any = Words(zh: "（全部）", en: "(any)")
        static let region = Words(zh: "行政区划", en: "Division")
        static let industry = Words(zh: "产业", en: "Industry")
        static let service = Words(zh: "服务项目", en: "Service")
        static let wholeProvince = Words(zh: "（全省）", en: " (whole province)")
        static let wholeMunicipality = Words(zh: "（全市）", en: " (whole municipality)")
        static let wholeRegion = Words(zh: "（全区）", en: " (whole region)")
        static let search = Words(zh: "关键词", en: "Search")
        static let sort = Words(zh: "排序", en: "Sort by")
        static let limit = Words(zh: "每页条数", en: "Per page")
        static let show = Words(zh: "查询", en: "Show")
        static let previous = Words(zh: "上一页", en: "previous")
        static let next = Words(zh: "下一页", en: "next")
        static let asData = Words(zh: "数据下载：", en: "As data: ")
        static let fields = Words(zh: "基本信息", en: "Fields")
        static let statistics = Words(zh: "案件统计", en: "Statistics")
        static let history = Words(zh: "变更记录", en: "History")
        static let when = Words(zh: "时间", en: "When")
        static let change = Words(zh: "变更", en: "Change")
        static let changedFields = Words(zh: "变更字段", en: "Fields")
        static let by = Words(zh: "操作人", en: "By")
        static let period = Words(zh: "统计期间", en: "Period")
        static let regionName = Words(zh: "行政区划名称", en: "Division name")
        static let regionNameEnglish = Words(zh: "行政区划英文名称", en: "Division name in English")
        static let createdAt = Words(zh: "创建时间", en: "Created")
        static let updatedAt = Words(zh: "更新时间", en: "Updated")

        /// "Centers 1-6 of 6" with its two numbers marked for scripts and tests.
        static func shown(_ range: String, of total: String, _ language: Language) -> HTML {
            switch language {
            case .zh:
                return "<p>共 <strong id=\"total\">\(total)</strong> 个中心，当前显示第 <span id=\"shown\">\(range)</span> 个</p>"
            case .en:
                return "<p>Centers <span id=\"shown\">\(range)</span> of <strong id=\"total\">\(total)</strong></p>"
            }
        }

        static func changeName(_ change: HistoryChange) -> Words {
            switch change {
            case .add: return Words(zh: "新增", en: "added")
            case .update: return Words(zh: "修改", en: "changed")
            case .remove: return Words(zh: "删除", en: "removed")
            case .restore: return Words(zh: "恢复", en: "restored")
            case .import: return Words(zh: "导入", en: "imported")
            case .external: return Words(zh: "外部修改", en: "changed outside ipreg")
            }
        }

        /// A center's key (a field, or one the JSON adds) as a heading.
        static func key(_ key: String) -> Words? {
            if let field = CenterField(rawValue: key) { return Vocabulary.field(field) }
            switch key {
            case "region_name": return regionName
            case "region_name_en": return regionNameEnglish
            case "created_at": return createdAt
            case "updated_at": return updatedAt
            case "period": return period
            case "source": return Vocabulary.field(.source)
            // A change to a center's statistics, as its history names it.
            case "statistics": return statistics
            default: return OverviewPage.columnWords[key]
            }
        }
    }

    /// A division's name in `language`: English falls back to the Chinese name and its code.
    static func regionName(_ stored: StoredCenter, _ language: Language) -> String {
        guard language == .en else { return stored.regionName }
        return stored.regionNameEnglish ?? "\(stored.regionName) (\(stored.center.regionCode))"
    }

    /// A code of the reference data by its name in `language`: English falls back to the Chinese
    /// name, and either to the code itself when the reference data has no such code.
    static func referenceName(
        _ code: String, chinese: [String: String], english: [String: String], _ language: Language
    ) -> String {
        (language == .en ? english[code] ?? chinese[code] : chinese[code]) ?? code
    }

    public static func centerList(
        _ list: CenterList, signedIn: SignedInUser? = nil, language: Language = .zh, address: PageAddress? = nil
    ) -> HTML {
        typealias W = CenterWords
        func values(_ name: String) -> [String] { list.items.filter { $0.0 == name }.map(\.1) }
        func value(_ name: String) -> String { values(name).first ?? "" }
        func entries(_ entries: [CodedEntry]) -> [(value: String, text: String)] {
            entries.map { ($0.code, language == .en ? $0.nameEnglish ?? "\($0.name) (\($0.code))" : $0.name) }
        }
        var body: HTML = "<h1>\(W.centers(language))</h1><form method=\"get\" action=\"/centers\">"
        body += checkBoxes(
            "kind", Vocabulary.field(.kind)(language),
            options: CenterKind.allCases.map { ($0.rawValue, Vocabulary.kind($0)(language)) }, checked: values("kind"))
        body += checkBoxes(
            "status", Vocabulary.field(.status)(language),
            options: CenterStatus.allCases.map { ($0.rawValue, Vocabulary.status($0)(language)) },
            checked: values("status"))
        body += selects(
            "region", W.region(language), groups: regionGroups(list.choices, language), chosen: values("region"),
            any: W.any(language)
        ) { code in
            let chinese = list.otherRegionNames[code] ?? code
            return language == .en ? list.otherRegionNamesEnglish[code] ?? "\(chinese) (\(code))" : chinese
        }
        body += selects(
            "industry", W.industry(language), groups: [(nil, entries(list.choices.industries))],
            chosen: values("industry"), any: W.any(language))
        body += selects(
            "service", W.service(language), groups: [(nil, entries(list.choices.services))],
            chosen: values("service"), any: W.any(language))
        body += "<label>\(W.search(language))<input name=\"search\" value=\"\(value("search"))\"></label>"
        body += select(
            "sort", W.sort(language),
            options: CenterFilter.SortKey.allCases.map { ($0.rawValue, sortName($0)(language)) },
            chosen: value("sort"), any: nil)
        body +=
            "<label>\(W.limit(language))<input name=\"limit\" size=\"5\" value=\"\(list.limit)\"></label>"
            + "<button>\(W.show(language))</button></form>"
        let last = min(list.offset + list.centers.count, list.total)
        let first = list.centers.isEmpty ? 0 : list.offset + 1
        body += W.shown(
            "\(Formatting.number(first))-\(Formatting.number(last))", of: Formatting.number(list.total), language)
        body += "<table><thead><tr>"
        // A sortable column's heading is a link to this list sorted by it, from its first page.
        let sorted = CenterFilter.SortKey(rawValue: value("sort")) ?? .code
        let unsorted = list.items.filter { $0.0 != "sort" && $0.0 != "offset" }
        for field in [CenterField.code, .name, .kind, .status, .regionCode, .industries] {
            let title = Vocabulary.field(field)(language)
            guard let key = sortKey(field) else {
                body += "<th>\(title)</th>"
                continue
            }
            let link: HTML = "<a href=\"/centers?\(Query.string(unsorted + [("sort", key.rawValue)]))\">\(title)</a>"
            body +=
                key == sorted
                ? "<th aria-sort=\"ascending\">\(link)<span aria-hidden=\"true\"> ▲</span></th>" : "<th>\(link)</th>"
        }
        body += "</tr></thead><tbody>"
        let separator = language == .zh ? "、" : ", "
        for stored in list.centers {
            let center = stored.center
            let industries = center.industries.map {
                referenceName($0, chinese: list.industryNames, english: list.industryNamesEnglish, language)
            }
            body +=
                "<tr><td><a href=\"/centers/\(Query.encode(center.code))\">\(center.code)</a></td>"
                + "<td>\(center.name)</td><td>\(Vocabulary.kind(center.kind)(language))</td>"
                + "<td>\(Vocabulary.status(center.status)(language))</td>"
                + "<td>\(regionName(stored, language))</td><td>\(industries.joined(separator: separator))</td></tr>"
        }
        body += "</tbody></table><p>"
        let others = list.items.filter { $0.0 != "offset" }
        if list.offset > 0 {
            let previous = Query.string(others + [("offset", String(max(list.offset - list.limit, 0)))])
            body += "<a rel=\"prev\" href=\"/centers?\(previous)\">\(W.previous(language))</a> "
        }
        if last < list.total {
            let next = Query.string(others + [("offset", String(list.offset + list.limit))])
            body += "<a rel=\"next\" href=\"/centers?\(next)\">\(W.next(language))</a>"
        }
        body +=
            "</p><p class=\"note\">\(W.asData(language))<a href=\"/centers.json?\(Query.string(list.items))\">JSON</a>, "
            + "<a href=\"/centers.csv?\(Query.string(list.items))\">CSV</a>, "
            + "<a href=\"/centers.xlsx?\(Query.string(list.items))\">Excel (.xlsx)</a>, "
            + "<a href=\"/centers.geojson?\(Query.string(list.items))\">GeoJSON</a></p>"
        return Layout.document(
            title: W.centers(language), body: body, signedIn: signedIn, language: language, address: address)
    }

    /// What the list can be sorted by, named as the field it sorts by.
    private static func sortName(_ key: CenterFilter.SortKey) -> Words {
        switch key {
        case .code: return Vocabulary.field(.code)
        case .name: return Vocabulary.field(.name)
        case .approved: return Vocabulary.field(.approved)
        case .region: return Vocabulary.field(.regionCode)
        }
    }

    /// A choice of `options` (value, shown text); `any` adds a first, empty choice with that text.
    static func select(
        _ name: String, _ label: String, options: [(value: String, text: String)], chosen: String, any: String?
    ) -> HTML {
        var html: HTML = "<label>\(label)<select name=\"\(name)\">"
        if let any { html += "<option value=\"\">\(any)</option>" }
        for option in options {
            let selected: HTML = option.value == chosen ? " selected" : ""
            html += "<option value=\"\(option.value)\"\(selected)>\(option.text)</option>"
        }
        return html + "</select></label>"
    }

    /// The column a sort key sorts by, for the sortable headings.
    private static func sortKey(_ field: CenterField) -> CenterFilter.SortKey? {
        switch field {
        case .code: return .code
        case .name: return .name
        case .regionCode: return .region
        case .approved: return .approved
        default: return nil
        }
    }

    /// A select's options in groups, as the division pickers offer them: an `<optgroup>` for each
    /// group with a label (a province), the options of a group without one standing alone.
    typealias OptionGroups = [(label: String?, options: [(value: String, text: String)])]

    /// `groups`' options, the one whose value is `chosen` selected.
    static func options(_ groups: OptionGroups, chosen: String) -> HTML {
        var html: HTML = ""
        for group in groups {
            if let title = group.label { html += "<optgroup label=\"\(title)\">" }
            for option in group.options {
                let selected: HTML = option.value == chosen ? " selected" : ""
                html += "<option value=\"\(option.value)\"\(selected)>\(option.text)</option>"
            }
            if group.label != nil { html += "</optgroup>" }
        }
        return html
    }

    /// The division picker's groups: each province, first as a whole, then the divisions directly
    /// inside it, named in `language` (English falls back to the Chinese name and its code).
    static func regionGroups(_ choices: CenterChoices, _ language: Language) -> OptionGroups {
        func named(_ division: Division) -> String {
            language == .en ? division.nameEnglish ?? "\(division.name) (\(division.code))" : division.name
        }
        return choices.provinces.map { province in
            let division = province.division
            let whole: Words =
                division.name.hasSuffix("省")
                ? CenterWords.wholeProvince
                : division.name.hasSuffix("市")
                    ? CenterWords.wholeMunicipality
                    : CenterWords.wholeRegion
            // "Hebei (whole province)": the English name says "Province" once.
            var name = named(division)
            if language == .en && division.name.hasSuffix("省") && name.hasSuffix(" Province") {
                name.removeLast(" Province".count)
            }
            let options = [(division.code, name + whole(language))] + province.inside.map { ($0.code, named($0)) }
            return (named(division), options)
        }
    }

    /// A group of check boxes for the repeatable item `name`: every value `checked` stays ticked
    /// when the form is drawn again. A fieldset whose legend names it; each box in its label.
    private static func checkBoxes(
        _ name: String, _ legend: String, options: [(value: String, text: String)], checked: [String]
    ) -> HTML {
        var html: HTML =
            "<fieldset style=\"margin:0;padding:.1em .6em .3em;border:1px solid #c4ccd6;border-radius:4px;"
            + "font-size:.85em;display:flex;flex-wrap:wrap;gap:.1em .9em;max-width:40em\">"
            + "<legend>\(legend)</legend>"
        for option in options {
            let ticked: HTML = checked.contains(option.value) ? " checked" : ""
            html +=
                "<label style=\"flex-direction:row;align-items:center;gap:.3em;font-size:inherit\">"
                + "<input type=\"checkbox\" name=\"\(name)\" value=\"\(option.value)\"\(ticked)>\(option.text)</label>"
        }
        return html + "</fieldset>"
    }

    /// A choice of the repeatable item `name` per value `chosen` (at least one), so that a query
    /// naming two keeps both when the form is drawn again. `groups` are `<optgroup>`s where they
    /// have a label; a chosen value no group offers (a county) is an option of its own, named by
    /// `other`.
    private static func selects(
        _ name: String, _ label: String, groups: OptionGroups, chosen: [String], any: String,
        other: (String) -> String = { $0 }
    ) -> HTML {
        var html: HTML = ""
        for index in 0..<max(chosen.count, 1) {
            let value = index < chosen.count ? chosen[index] : ""
            let shown = index == 0 ? label : "\(label) \(index + 1)"
            html += "<label>\(shown)<select name=\"\(name)\"><option value=\"\">\(any)</option>"
            if !value.isEmpty && !groups.contains(where: { $0.options.contains { $0.value == value } }) {
                html += "<option value=\"\(value)\" selected>\(other(value))</option>"
            }
            html += options(groups, chosen: value) + "</select></label>"
        }
        return html
    }

    /// `{"total": N, "centers": [...]}`.
    public static func centerListJSON(_ list: CenterList) -> [UInt8] {
        var buffer = Array("{\"total\":\(list.total),\"centers\":[".utf8)
        for (index, stored) in list.centers.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            DataFormats.appendCenter(stored, to: &buffer)
        }
        buffer.append(contentsOf: Array("]}\n".utf8))
        return buffer
    }

    /// A center's page. `actions` (for a signed-in editor who may change it: Forms.centerActions)
    /// go under the heading; without them and `signedIn` the page is what every reader gets.
    public static func center(
        _ detail: CenterDetail, actions: CenterActions? = nil, signedIn: SignedInUser? = nil,
        language: Language = .zh, address: PageAddress? = nil
    ) -> HTML {
        typealias W = CenterWords
        let center = detail.stored.center
        let separator = language == .zh ? "、" : ", "
        func named(_ codes: [String], _ chinese: [String: String], _ english: [String: String]) -> String {
            codes.map { "\(referenceName($0, chinese: chinese, english: english, language)) (\($0))" }
                .joined(separator: separator)
        }
        var body: HTML = "<h1>\(center.name)</h1>"
        if let actions { body += Forms.centerActions(actions) }
        body += "<section><h2>\(W.fields(language))</h2><table><tbody>"
        for (key, cell) in zip(CenterSnapshot.keys, CenterSnapshot.cells(of: detail.stored)) {
            let text: String
            switch key {
            case "industries": text = named(center.industries, detail.industryNames, detail.industryNamesEnglish)
            case "services": text = named(center.services, detail.serviceNames, detail.serviceNamesEnglish)
            case "kind": text = Vocabulary.kind(center.kind)(language)
            case "status": text = Vocabulary.status(center.status)(language)
            case "approved", "opened", "created_at", "updated_at": text = Formatting.date(cell.plainText(), language)
            default: text = cell.plainText(listSeparator: ", ")
            }
            body += "<tr><th>\(W.key(key).map { $0(language) } ?? key)</th><td data-field=\"\(key)\">\(text)</td></tr>"
        }
        body += "</tbody></table></section><section><h2>\(W.statistics(language))</h2>"
        let statistics = statisticsTable(detail.statistics)
        body += Layout.table(
            statistics, headings: statistics.columns.map { column in W.key(column).map { $0(language) } ?? column },
            text: { column, cell, _ in column == "source" ? cell.plainText() : Formatting.cell(cell) })
        body +=
            "</section><section><h2>\(W.history(language))</h2><table><thead><tr><th>\(W.when(language))</th>"
            + "<th>\(W.change(language))</th><th>\(W.changedFields(language))</th><th>\(W.by(language))</th>"
            + "</tr></thead><tbody>"
        for entry in detail.history {
            let fields = entry.changedFields.map { field in W.key(field).map { $0(language) } ?? field }
            body +=
                "<tr><td>\(Formatting.date(entry.changedAt, language))</td><td>\(W.changeName(entry.change)(language))</td>"
                + "<td>\(fields.joined(separator: separator))</td>"
                + "<td data-field=\"actor\">\(entry.actor ?? "")</td></tr>"
        }
        body +=
            "</tbody></table></section><p class=\"note\">\(W.asData(language))"
            + "<a href=\"/centers/\(Query.encode(center.code)).json\">JSON</a></p>"
        return Layout.document(
            title: center.name, body: body, signedIn: signedIn, forms: actions?.mayEdit == true, language: language,
            address: address)
    }

    static func statisticsTable(_ statistics: [CaseStatistic]) -> Table {
        Table(
            columns: ["period", "pretrial_cases", "protection_cases", "source"],
            rows: statistics.map {
                [.text($0.period.text), Cell($0.pretrialCases), Cell($0.protectionCases), Cell($0.source)]
            })
    }

    /// The center object plus `"statistics": [...]` and `"history": [...]` (newest first, as
    /// `center history --format json` lists it).
    public static func centerJSON(_ detail: CenterDetail) -> [UInt8] {
        var buffer: [UInt8] = []
        DataFormats.appendCenter(detail.stored, to: &buffer)
        buffer.removeLast()  // the object's closing brace: statistics and history go inside it
        buffer.append(contentsOf: Array(",\"statistics\":".utf8))
        DataFormats.appendRows(statisticsTable(detail.statistics), to: &buffer)
        buffer.append(contentsOf: Array(",\"history\":".utf8))
        DataFormats.appendRows(historyTable(detail.history), to: &buffer)
        buffer.append(contentsOf: Array("}\n".utf8))
        return buffer
    }

    /// A record's history with the columns and keys of `center history`.
    static func historyTable(_ history: [HistoryEntry]) -> Table {
        Table(
            columns: ["changed_at", "change", "fields", "actor"],
            rows: history.map {
                [.text($0.changedAt), .text($0.change.rawValue), .list($0.changedFields), Cell($0.actor)]
            })
    }

    // MARK: Reports and figures

    public static func reportIndex(
        _ reports: [ReportSummary], signedIn: SignedInUser? = nil, language: Language = .zh
    ) -> HTML {
        let words = ReportWords.self
        var body: HTML =
            "<h1>\(words.reports(language))</h1><table><thead><tr><th>\(words.report(language))</th>"
            + "<th>\(words.parameters(language))</th><th>\(words.whatItShows(language))</th></tr></thead><tbody>"
        for report in reports {
            let builtIn = BuiltInReport(rawValue: report.name)
            let title = builtIn.map { words.title($0)(language) }
            body +=
                "<tr><td><a href=\"/reports/\(Query.encode(report.name))\">\(title ?? report.name)</a>"
                + (title == nil ? "" : " <code>\(report.name)</code>")
                + (report.isBuiltIn ? "" : HTML(text: words.saved(language)))
                + "</td><td>\(report.parameters.joined(separator: ", "))</td>"
                + "<td>\(builtIn.map { words.description($0)(language) } ?? report.description ?? "")</td></tr>"
        }
        return Layout.document(
            title: words.reports(language), body: body + "</tbody></table>", signedIn: signedIn, language: language)
    }

    public static func reportIndexJSON(_ reports: [ReportSummary]) -> [UInt8] {
        DataFormats.json(
            Table(
                columns: ["name", "built_in", "parameters", "description"],
                rows: reports.map {
                    [.text($0.name), .integer($0.isBuiltIn ? 1 : 0), .list($0.parameters), Cell($0.description)]
                }))
    }

    /// A report's page: its form (a field per parameter, filled with `arguments`), then its rows,
    /// or instead of them `error` (a missing or bad value), said above the form's fields. A
    /// built-in report speaks `language` (its title, description, fields and headings); a saved
    /// report's own words are shown as written.
    public static func report(
        _ summary: ReportSummary, arguments: [String: String], table: Table?, truncated: Bool, maxRows: Int,
        path: String, heading: String? = nil, error: String? = nil, signedIn: SignedInUser? = nil,
        language: Language = .zh
    ) -> HTML {
        let builtIn = BuiltInReport(rawValue: summary.name)
        // In English the heading stays what it was ("Report NAME"), the title beside the description.
        let named = ReportWords.report(language) + " " + summary.name
        let title = heading ?? builtIn.map { language == .zh ? ReportWords.title($0)(language) : named } ?? named
        var body: HTML = "<h1>\(title)</h1>"
        let described = builtIn.map { built in
            (language == .en && heading == nil ? ReportWords.title(built)(language) + ": " : "")
                + ReportWords.description(built)(language)
        }
        if let description = described ?? summary.description {
            body += "<p class=\"note\">\(description)</p>"
        }
        if !summary.parameters.isEmpty {
            body += "<form method=\"get\" action=\"\(path)\">"
            for name in summary.parameters {
                let label = builtIn == nil ? name : ReportWords.parameter(name)?(language) ?? name
                body += "<label>\(label)<input name=\"\(name)\" value=\"\(arguments[name] ?? "")\"></label>"
            }
            body += "<button>\(ReportWords.run(language))</button></form>"
        }
        if let error { body += errorParagraph(error, language) }
        if let table {
            let headings = ReportWords.headings(table.columns, report: summary.name, language)
            body += rowsSection(
                table, headings: headings, truncated: truncated, maxRows: maxRows, title: summary.name,
                language: language)
            let query = Query.string(arguments.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            body += dataLinks(path, query: query, language)
        }
        return Layout.document(title: title, body: body, signedIn: signedIn, language: language)
    }

    /// "As data: JSON, CSV, Excel" for the page at `path` with `query`.
    static func dataLinks(_ path: String, query: String, _ language: Language) -> HTML {
        "<p class=\"note\">\(ReportWords.asData(language))<a href=\"\(path).json?\(query)\">JSON</a>, "
            + "<a href=\"\(path).csv?\(query)\">CSV</a>, <a href=\"\(path).xlsx?\(query)\">Excel (.xlsx)</a></p>"
    }

    /// A refusal on a report's or the SQL page: the web view's own and the registry's checks' known
    /// words in `language` (RefusalWords); SQLite's after a Chinese lead-in, marked as English.
    static func errorParagraph(_ message: String, _ language: Language) -> HTML {
        "<p class=\"error\">\(RefusalWords.said(message, lead: ReportWords.failed(language), language))</p>"
    }

    /// A table's rows under their count, with `headings` over its columns (the chart, where there
    /// is one, keeps the column keys).
    static func rowsSection(
        _ table: Table, headings: [String]? = nil, truncated: Bool, maxRows: Int, title: String,
        language: Language = .zh
    ) -> HTML {
        var body: HTML = "<section>"
        if let chart = SVGChart.forTable(table, title: title) { body += chart }
        body += "<p><span id=\"row-count\">\(table.rows.count)</span> \(ReportWords.rows(language))"
        if truncated {
            let cut = table.rows.count < maxRows ? ReportWords.cutAtSize : ReportWords.cutAtRows(maxRows)
            // Constant words (and a number): their apostrophes stay as the page always wrote them.
            body += " <strong class=\"truncated\">\(HTML(trustedMarkup: cut(language)))</strong>"
        }
        let shown = Table(columns: headings ?? table.columns, rows: table.rows)
        return body + "</p>" + Layout.table(shown) + "</section>"
    }

    // MARK: SQL

    public static func sql(
        text: String, parameters: [(String, String)], result: QueryResult?, error: String?, maxRows: Int,
        signedIn: SignedInUser? = nil, language: Language = .zh
    ) -> HTML {
        let words = ReportWords.self
        var body: HTML =
            "<h1>\(words.sqlTitle(language))</h1><p class=\"note\">\(words.sqlNote(language)) "
            + "(<code>/sql?sql=...&amp;name=value</code>).</p><form method=\"get\" action=\"/sql\">"
            + "<label style=\"flex:1 1 100%\">\(words.sqlField(language))"
            + "<textarea name=\"sql\">\(text)</textarea></label>"
        for (name, value) in parameters {
            body += "<label>\(name)<input name=\"\(name)\" value=\"\(value)\"></label>"
        }
        body += "<button>\(words.run(language))</button></form>"
        if let error { body += errorParagraph(error, language) }
        if let result {
            body += rowsSection(
                result.table, truncated: result.truncated, maxRows: maxRows, title: "query", language: language)
        }
        return Layout.document(title: words.sqlTitle(language), body: body, signedIn: signedIn, language: language)
    }
}
