// The center forms of the web view (docs/web.md): add (`/centers/new`, posted back there) and
// edit (`/centers/CODE/edit`), with every field of a center; the page for an edit whose version
// is stale (412), which shows what changed meanwhile; remove and restore; and the buttons a
// center's page shows an editor who may change it. Fields are named by their CSV columns, as the
// validators' messages name them, so a problem finds its field.
import IPRegistry

/// What a center form holds: each field as text, as typed or as the record has it.
public struct CenterFormValues: Sendable, Equatable {
    /// Every field but industries and services, as text (absent: empty).
    public var text: [CenterField: String]
    /// The codes ticked.
    public var industries: [String]
    public var services: [String]

    public init(text: [CenterField: String] = [:], industries: [String] = [], services: [String] = []) {
        self.text = text
        self.industries = industries
        self.services = services
    }

    /// The values of a stored center, as the edit form first shows them.
    public init(center: Center) {
        var text: [CenterField: String] = [:]
        for field in CenterField.allCases where field != .industries && field != .services {
            text[field] = center.text(of: field) ?? ""
        }
        self.init(text: text, industries: center.industries, services: center.services)
    }

    /// The values of a submitted form (its decoded fields in order). `industries` and `services`
    /// repeat, one item per box ticked; of any other field given twice the first counts. Items
    /// that are no center field (`csrf`, `version`) are left out.
    public init(items: [(String, String)]) {
        self.init()
        for (name, value) in items {
            guard let field = CenterField(rawValue: name) else { continue }
            switch field {
            case .industries: industries.append(value)
            case .services: services.append(value)
            default: if text[field] == nil { text[field] = value }
            }
        }
    }

    /// The field as the validators take it (`CenterValidator.center(from:)`, `CenterEdit.values`):
    /// industries and services joined by `;`; empty when blank, which clears an optional field.
    public func value(of field: CenterField) -> String {
        switch field {
        case .industries: return industries.joined(separator: ";")
        case .services: return services.joined(separator: ";")
        default: return text[field] ?? ""
        }
    }

    /// Whether `field` holds the same here and in `other`, as the validators would read it
    /// (spaces around a value and the order of ticked boxes do not count).
    func same(_ field: CenterField, as other: CenterFormValues) -> Bool {
        switch field {
        case .industries: return Set(industries) == Set(other.industries)
        case .services: return Set(services) == Set(other.services)
        default: return Forms.trimmed(value(of: field)) == Forms.trimmed(other.value(of: field))
        }
    }
}

/// What the center form offers to choose from: the divisions the editor may put a center in
/// (its regions and what lies inside them, decided by the caller), and every industry and
/// service of the reference data; the provinces name the divisions' groups.
public struct CenterFormChoices: Sendable, Equatable {
    public var divisions: [FormChoice]
    public var industries: [FormChoice]
    public var services: [FormChoice]
    /// Every provincial-level division, choosable or not: a group's label.
    public var provinces: [FormChoice]

    public init(
        divisions: [FormChoice], industries: [FormChoice], services: [FormChoice], provinces: [FormChoice] = []
    ) {
        self.divisions = divisions
        self.industries = industries
        self.services = services
        self.provinces = provinces
    }

    /// The divisions by province (a division code's first two digits), as the `/centers` picker
    /// groups them: a group per province in the order its first division comes, labelled with
    /// the province's name in `language`; divisions of a province no one names stand ungrouped.
    func divisionGroups(_ language: Language) -> Pages.OptionGroups {
        var names: [String: String] = [:]
        for province in provinces + divisions where names[province.code] == nil {
            names[province.code] = province.name(language)
        }
        var groups: Pages.OptionGroups = []
        var index: [String: Int] = [:]
        for division in divisions {
            let province = String(division.code.prefix(2)) + "0000"
            let option = (value: division.code, text: "\(division.code) \(division.name(language))")
            if let at = index[province] {
                groups[at].options.append(option)
            } else {
                index[province] = groups.count
                groups.append((label: names[province], options: [option]))
            }
        }
        return groups
    }
}

/// The add or edit form of a center: new, or again after a refused submit.
public struct CenterFormInput: Sendable {
    public enum Mode: Sendable, Equatable {
        /// `/centers/new`, posted back there.
        case add
        /// `/centers/CODE/edit`, posted there, carrying the version (ETag value) it was drawn from.
        case edit(code: String, version: String)
    }

    public var mode: Mode
    public var values: CenterFormValues
    public var choices: CenterFormChoices
    /// The session's CSRF token.
    public var csrf: String
    /// Why the last submit was refused; empty for a new form.
    public var problems: [FormProblem]
    public var signedIn: SignedInUser?
    public var language: Language

    public init(
        mode: Mode, values: CenterFormValues, choices: CenterFormChoices, csrf: String,
        problems: [FormProblem] = [], signedIn: SignedInUser? = nil, language: Language = .zh
    ) {
        self.language = language
        self.mode = mode
        self.values = values
        self.choices = choices
        self.csrf = csrf
        self.problems = problems
        self.signedIn = signedIn
    }
}

/// An edit refused because the center changed since its form was drawn (412).
public struct CenterConflict: Sendable {
    public var code: String
    /// What the user sent.
    public var submitted: CenterFormValues
    /// The record when the form was drawn, when the caller knows it (from the history).
    public var opened: CenterFormValues?
    /// The record now.
    public var current: CenterFormValues
    /// The version (ETag value) of the record now: the form again carries it.
    public var currentVersion: String
    public var choices: CenterFormChoices
    public var csrf: String
    public var signedIn: SignedInUser?
    public var language: Language

    public init(
        code: String, submitted: CenterFormValues, opened: CenterFormValues?, current: CenterFormValues,
        currentVersion: String, choices: CenterFormChoices, csrf: String, signedIn: SignedInUser? = nil,
        language: Language = .zh
    ) {
        self.language = language
        self.code = code
        self.submitted = submitted
        self.opened = opened
        self.current = current
        self.currentVersion = currentVersion
        self.choices = choices
        self.csrf = csrf
        self.signedIn = signedIn
    }

    /// What the form offers to send again: the fields the user changed keep the user's value;
    /// the others take the value now, so that sending it again does not undo another's change.
    /// Without `opened`, everything the user sent.
    public var merged: CenterFormValues {
        guard let opened else { return submitted }
        var merged = current
        for field in CenterField.allCases where !submitted.same(field, as: opened) {
            switch field {
            case .industries: merged.industries = submitted.industries
            case .services: merged.services = submitted.services
            default: merged.text[field] = submitted.text[field] ?? ""
            }
        }
        return merged
    }
}

/// The buttons a center's page shows a signed-in editor who may change the center.
public struct CenterActions: Sendable, Equatable {
    public var code: String
    /// The version (ETag value) of the record shown, carried by the remove form.
    public var version: String
    public var csrf: String
    /// Whether the signed-in user may change this center; false shows nothing.
    public var mayEdit: Bool
    /// A removed center (known from its history) offers only restore.
    public var removed: Bool
    public var language: Language

    public init(
        code: String, version: String, csrf: String, mayEdit: Bool, removed: Bool = false, language: Language = .zh
    ) {
        self.language = language
        self.code = code
        self.version = version
        self.csrf = csrf
        self.mayEdit = mayEdit
        self.removed = removed
    }
}

/// Removing or restoring a center: the confirmation the user posts.
public struct CenterRemovalInput: Sendable {
    public enum Action: String, Sendable {
        case remove, restore
    }

    public var action: Action
    public var code: String
    public var name: String
    public var version: String
    public var csrf: String
    public var problems: [FormProblem]
    public var signedIn: SignedInUser?
    public var language: Language

    public init(
        action: Action, code: String, name: String, version: String, csrf: String, problems: [FormProblem] = [],
        signedIn: SignedInUser? = nil, language: Language = .zh
    ) {
        self.language = language
        self.action = action
        self.code = code
        self.name = name
        self.version = version
        self.csrf = csrf
        self.problems = problems
        self.signedIn = signedIn
    }
}

extension Forms {
    // MARK: Add and edit

    /// The add or edit page of a center.
    public static func center(_ input: CenterFormInput) -> HTML {
        let language = input.language
        let title: String
        var body: HTML
        switch input.mode {
        case .add:
            title = Words(zh: "新增中心", en: "Add a center")(language)
            body = "<h1>\(title)</h1>"
        case .edit(let code, _):
            let edit = Words(zh: "编辑中心", en: "Edit center")(language)
            title = "\(edit) \(code)"
            body = "<h1>\(edit) <a href=\"/centers/\(Query.encode(code))\">\(code)</a></h1>"
        }
        body += errorSummary(input.problems, language: language, anchor: centerAnchor(input.choices))
        body += centerForm(
            mode: input.mode, values: input.values, choices: input.choices, csrf: input.csrf,
            problems: input.problems, language: language)
        return page(
            title: title, problems: input.problems, body: body, signedIn: input.signedIn, language: language)
    }

    /// Where a problem of center field `name` links to: its control, or a group's first box.
    static func centerAnchor(_ choices: CenterFormChoices) -> (String) -> String? {
        { name in
            guard let field = CenterField(rawValue: name) else { return nil }
            switch field {
            case .industries: return choices.industries.isEmpty ? controlID(name) : controlID(name) + "-0"
            case .services: return choices.services.isEmpty ? controlID(name) : controlID(name) + "-0"
            default: return controlID(name)
            }
        }
    }

    /// The field's label and the rule it follows (docs/commands.md), as the form shows them.
    static func describe(_ field: CenterField, editing: Bool, language: Language) -> (label: String, hint: String?) {
        let hint: Words?
        switch field {
        case .code:
            hint =
                editing
                ? Words(zh: "中心编号不能更改，只能改变字母大小写。", en: "A center's code cannot change, only its letter case.")
                : Words(
                    zh: "1 至 64 个字符，可用 A-Z a-z 0-9 . _ -，在登记中唯一。",
                    en: "1-64 characters of A-Z a-z 0-9 . _ -, unique in the registry.")
        case .name:
            hint = Words(
                zh: "正式名称，通常为中文；不超过 200 个字符。", en: "The official name, usually Chinese; at most 200 characters.")
        case .nameEnglish: hint = Words(zh: "不超过 200 个字符。", en: "At most 200 characters.")
        case .kind, .status: hint = nil
        case .regionCode:
            hint = Words(
                zh: "中心所在的行政区划：您的管辖区域或其下级区划。",
                en: "The division the center lies in: one of your regions or inside one.")
        case .address: hint = Words(zh: "不超过 500 个字符。", en: "At most 500 characters.")
        case .industries: hint = Words(zh: "中心服务的产业。", en: "The industries the center serves.")
        case .services: hint = Words(zh: "中心提供的服务。", en: "The services the center offers.")
        case .approved:
            hint = Words(
                zh: "批准或认定的日期：YYYY、YYYY-MM 或 YYYY-MM-DD。",
                en: "Date of designation or approval: YYYY, YYYY-MM or YYYY-MM-DD.")
        case .opened:
            hint = Words(
                zh: "开始运行的日期：YYYY、YYYY-MM 或 YYYY-MM-DD，不早于批准时间。",
                en: "Date operation began: YYYY, YYYY-MM or YYYY-MM-DD, not before approved.")
        case .approvalDocument: hint = Words(zh: "批准文件的文号。", en: "The approval document's number.")
        case .host: hint = Words(zh: "不超过 200 个字符。", en: "At most 200 characters.")
        case .latitude:
            hint = Words(
                zh: "十进制度数，-90 至 90；须与经度同时填写或同时留空。",
                en: "Decimal degrees, -90 to 90; give it with longitude or neither.")
        case .longitude: hint = Words(zh: "十进制度数，-180 至 180。", en: "Decimal degrees, -180 to 180.")
        case .website: hint = Words(zh: "以 http 或 https 开头的完整网址。", en: "An absolute http or https address.")
        case .source:
            hint = Words(
                zh: "信息的出处：网址或引文。", en: "Where the record's facts come from: an address or a citation.")
        case .notes: hint = Words(zh: "不超过 2000 个字符。", en: "At most 2000 characters.")
        }
        return (Vocabulary.field(field)(language), hint?(language))
    }

    /// The form itself: every field of a center in groups, the hidden CSRF token (and version
    /// when editing), posted as an ordinary urlencoded form.
    static func centerForm(
        mode: CenterFormInput.Mode, values: CenterFormValues, choices: CenterFormChoices, csrf: String,
        problems: [FormProblem], language: Language
    ) -> HTML {
        let action: String
        let button: String
        var hiddenFields = hidden(csrfField, csrf)
        let editing: Bool
        switch mode {
        case .add:
            action = "/centers/new"
            button = Words(zh: "新增中心", en: "Add the center")(language)
            editing = false
        case .edit(let code, let version):
            action = "/centers/\(Query.encode(code))/edit"
            button = Words(zh: "保存修改", en: "Save the changes")(language)
            hiddenFields += hidden(versionField, version)
            editing = true
        }
        func one(_ field: CenterField, _ control: Control) -> HTML {
            let (label, hint) = describe(field, editing: editing, language: language)
            return Forms.field(
                field.column, label: label, required: field.isRequired, hint: hint, value: values.value(of: field),
                control: control, problems: problems, language: language)
        }
        func group(_ field: CenterField, _ offered: [FormChoice], _ checked: [String]) -> HTML {
            let (label, hint) = describe(field, editing: editing, language: language)
            return checkBoxes(
                field.column, legend: label, hint: hint, choices: offered, checked: checked, problems: problems,
                language: language)
        }
        let kinds = CenterKind.allCases.map { FormChoice(code: $0.rawValue, name: Vocabulary.kind($0)(language)) }
        let statuses = CenterStatus.allCases.map {
            FormChoice(code: $0.rawValue, name: Vocabulary.status($0)(language))
        }
        let words = { (zh: String, en: String) in Words(zh: zh, en: en)(language) }
        var html: HTML =
            "<form class=\"record\" method=\"post\" action=\"\(action)\" "
            + "enctype=\"application/x-www-form-urlencoded\" accept-charset=\"utf-8\">\(hiddenFields)"
        html += "<fieldset><legend>\(words("中心", "The center"))</legend>"
        html += one(.code, .text(inputMode: nil)) + one(.name, .text(inputMode: nil))
        html += one(.nameEnglish, .text(inputMode: nil))
        html += one(.kind, .select(kinds, blank: words("（请选择类型）", "(choose a kind)")))
        html += one(.status, .select(statuses, blank: words("（运行中）", "(operating)")))
        html += "</fieldset><fieldset><legend>\(words("位置", "Where"))</legend>"
        html += one(
            .regionCode,
            .groupedSelect(choices.divisionGroups(language), blank: words("（请选择行政区划）", "(choose a division)")))
        html += one(.address, .textArea) + one(.latitude, .text(inputMode: "decimal"))
        html += one(.longitude, .text(inputMode: "decimal")) + one(.host, .text(inputMode: nil))
        html += "</fieldset><fieldset><legend>\(words("批准", "Approval"))</legend>"
        html += one(.approved, .text(inputMode: nil)) + one(.opened, .text(inputMode: nil))
        html += one(.approvalDocument, .text(inputMode: nil)) + "</fieldset>"
        html += group(.industries, choices.industries, values.industries)
        html += group(.services, choices.services, values.services)
        html += "<fieldset><legend>\(words("来源与备注", "Sources and notes"))</legend>"
        html += one(.website, .text(inputMode: "url")) + one(.source, .textArea) + one(.notes, .textArea)
        html += "</fieldset><div class=\"buttons\"><button type=\"submit\">\(button)</button>"
        switch mode {
        case .add: html += "<a href=\"/centers\">\(cancel(language))</a>"
        case .edit(let code, _): html += "<a href=\"/centers/\(Query.encode(code))\">\(cancel(language))</a>"
        }
        return html + "</div></form>"
    }

    // MARK: A stale edit (412)

    /// The page for an edit whose version is stale: per field, what the user sent, what the
    /// field held when the form was drawn and what it holds now, and the form again, carrying the
    /// current version, filled so that sending it applies the user's changes to the record now.
    public static func centerConflict(_ conflict: CenterConflict) -> HTML {
        let code = conflict.code
        let language = conflict.language
        let words = { (zh: String, en: String) in Words(zh: zh, en: en)(language) }
        let explanation = words(
            "您打开表单后，有人修改了这个中心。请对照下面的数值；其下的表单是在中心当前记录上加入您的修改，核对后再次保存。",
            "Someone changed this center after you opened the form. Compare the values below; the form under "
                + "them holds your changes over the center as it is now. Check it and save again.")
        var body: HTML =
            "<h1>\(words("中心", "Center")) <a href=\"/centers/\(Query.encode(code))\">\(code)</a>"
            + "\(words(" 在您编辑期间已被修改", " changed while you edited it"))</h1>"
            + "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\" tabindex=\"-1\">"
            + "<h2 id=\"error-summary-title\">\(words("您的修改未保存", "Your changes were not saved"))</h2>"
            + "<p>\(explanation)</p></div>"
        body +=
            "<section><h2>\(words("修改了什么", "What changed"))</h2><table class=\"conflict\"><thead><tr>"
            + "<th scope=\"col\">\(words("字段", "field"))</th>"
            + "<th scope=\"col\">\(words("您提交的", "you sent"))</th>"
            + (conflict.opened == nil
                ? "" : "<th scope=\"col\">\(words("您打开表单时", "when you opened the form"))</th>" as HTML)
            + "<th scope=\"col\">\(words("现在", "now"))</th>"
            + "<th scope=\"col\">\(words("情况", "what happened"))</th></tr></thead><tbody>"
        for field in CenterField.allCases {
            let yours = !(conflict.opened.map { conflict.submitted.same(field, as: $0) } ?? true)
            let theirs = !(conflict.opened.map { conflict.current.same(field, as: $0) } ?? true)
            let differs = !conflict.submitted.same(field, as: conflict.current)
            guard yours || theirs || (conflict.opened == nil && differs) else { continue }
            let what: String
            let rowClass: HTML
            switch (yours, theirs) {
            case (true, true) where differs:
                what = words("您和他人都改了：请选择", "changed by you and by someone else: choose")
                rowClass = " class=\"both\""
            case (true, true):
                what = words("双方改成了相同的值", "changed to the same value by both")
                rowClass = .empty
            case (false, true):
                what = words("他人修改", "changed by someone else")
                rowClass = " class=\"meanwhile\""
            case (true, false):
                what = words("您修改", "changed by you")
                rowClass = .empty
            case (false, false):
                what = words("与中心现在的值不同", "differs from the center now")
                rowClass = " class=\"meanwhile\""
            }
            // The field's name in the page's language; its column (the form's and the CSV's key) beside it.
            body +=
                "<tr\(rowClass)><th scope=\"row\">\(language == .en ? field.column : Vocabulary.field(field).zh)</th>"
                + "<td>\(conflict.submitted.value(of: field))</td>"
                + (conflict.opened.map { "<td>\($0.value(of: field))</td>" as HTML } ?? .empty)
                + "<td>\(conflict.current.value(of: field))</td><td>\(what)</td></tr>"
        }
        body += "</tbody></table></section><section><h2>\(words("再次保存", "Save again"))</h2>"
        body += centerForm(
            mode: .edit(code: code, version: conflict.currentVersion), values: conflict.merged,
            choices: conflict.choices, csrf: conflict.csrf, problems: [], language: language)
        body += "</section>"
        return Layout.document(
            title: words("错误：中心 \(code) 已被他人修改", "Error: center \(code) changed meanwhile"), body: body,
            signedIn: conflict.signedIn, forms: true, language: language)
    }

    // MARK: Remove and restore

    /// The small form that removes or restores a center: a POST to `/centers/CODE/remove` (or
    /// `/restore`) with the CSRF token and the version it was drawn from.
    public static func centerRemoval(
        code: String, action: CenterRemovalInput.Action, version: String, csrf: String, language: Language = .zh
    )
        -> HTML
    {
        let verb =
            action == .remove
            ? Words(zh: "删除中心", en: "Remove center") : Words(zh: "恢复中心", en: "Restore center")
        return "<form class=\"inline\" method=\"post\" action=\"/centers/\(Query.encode(code))/\(action.rawValue)\">"
            + "\(hidden(csrfField, csrf))\(hidden(versionField, version))"
            + "<button type=\"submit\">\(verb(language)) \(code)</button></form>"
    }

    /// A page that asks to confirm a removal or restore, and says why the last one was refused.
    public static func centerRemovalPage(_ input: CenterRemovalInput) -> HTML {
        let language = input.language
        let verb =
            (input.action == .remove
            ? Words(zh: "删除中心", en: "Remove center") : Words(zh: "恢复中心", en: "Restore center"))(language)
        var body: HTML = "<h1>\(verb) \(input.code)</h1>"
        body += errorSummary(input.problems, language: language) { _ in nil }
        switch (input.action, language) {
        case (.remove, .zh):
            body +=
                "<p>从登记中删除<strong>\(input.name)</strong>（\(input.code)）？它及其服务产业、服务项目和统计数据"
                + "仍保留在历史记录中，之后可以恢复。</p>"
        case (.remove, .en):
            body +=
                "<p>Remove <strong>\(input.name)</strong> (\(input.code)) from the registry? It stays in its history "
                + "with its industries, services and statistics, and can be restored.</p>"
        case (.restore, .zh):
            body += "<p>将<strong>\(input.name)</strong>（\(input.code)）恢复为删除时的状态？</p>"
        case (.restore, .en):
            body += "<p>Bring back <strong>\(input.name)</strong> (\(input.code)) as it was when it was removed?</p>"
        }
        body += "<div class=\"buttons\">"
        body += centerRemoval(
            code: input.code, action: input.action, version: input.version, csrf: input.csrf, language: language)
        body += "<a href=\"/centers/\(Query.encode(input.code))\">\(cancel(language))</a></div>"
        return page(
            title: "\(verb) \(input.code)", problems: input.problems, body: body, signedIn: input.signedIn,
            language: language)
    }

    // MARK: On the center's page

    /// Edit, add statistics and remove (behind a disclosure that asks to confirm), or restore
    /// for a removed center; nothing when the user may not change the center.
    public static func centerActions(_ actions: CenterActions) -> HTML {
        guard actions.mayEdit else { return .empty }
        let language = actions.language
        let words = { (zh: String, en: String) in Words(zh: zh, en: en)(language) }
        let path = "/centers/\(Query.encode(actions.code))"
        var html: HTML = "<section class=\"actions\" aria-label=\"\(words("修改这个中心", "Change this center"))\">"
        if actions.removed {
            html += centerRemoval(
                code: actions.code, action: .restore, version: actions.version, csrf: actions.csrf, language: language)
        } else {
            html +=
                "<a href=\"\(path)/edit\">\(words("编辑", "Edit"))</a>"
                + "<a href=\"\(path)/statistics\">\(words("添加统计数据", "Add statistics"))</a>"
                + "<details><summary>\(words("删除", "Remove"))</summary>"
                + "<p>\(words("中心仍保留在历史记录中，可以恢复。", "The center stays in its history and can be restored."))</p>"
                + centerRemoval(
                    code: actions.code, action: .remove, version: actions.version, csrf: actions.csrf,
                    language: language)
                + "</details>"
        }
        return html + "</section>"
    }
}
