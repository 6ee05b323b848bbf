// What every write form of the web view shares (docs/web.md): who is signed in, the choices of a
// `<select>` or a group of check boxes, the problems of a refused submit and how they are shown
// (a summary at the top that links to each field, and the message again beside its field), and
// the controls themselves, each with its `<label for>`. The server decides who may do what and
// checks every value; these only draw. Everything is `HTML` (HTML.swift): values are escaped.
import IPRegistry

/// Who is signed in, for the header's "signed in as" part and its sign-out form.
public struct SignedInUser: Sendable, Equatable {
    public var name: String
    public var role: AccountRole
    /// The session's CSRF token, carried by the sign-out form.
    public var csrf: String

    public init(name: String, role: AccountRole, csrf: String) {
        self.name = name
        self.role = role
        self.csrf = csrf
    }
}

/// One choice of a `<select>` or a group of check boxes: the value sent and what people read.
public struct FormChoice: Sendable, Equatable {
    public var code: String
    public var name: String
    /// The English name, when the reference data has one: the English page shows it, else `name`.
    public var nameEnglish: String?

    public init(code: String, name: String, nameEnglish: String? = nil) {
        self.code = code
        self.name = name
        self.nameEnglish = nameEnglish
    }

    /// What a page in `language` shows.
    public func name(_ language: Language) -> String {
        language == .en ? nameEnglish.flatMap { $0.isEmpty ? nil : $0 } ?? name : name
    }
}

/// One reason a submit was refused. `field` names the form field at fault (a CSV column name, as
/// the validators' messages do); nil, or a name the form has no field for, is shown in the
/// summary only (a code taken, a center outside the editor's regions).
public struct FormProblem: Sendable, Equatable {
    public var field: String?
    /// In English: the command line's and the JSON API's words.
    public var message: String
    /// What the Chinese page says: given, or the English message's translation (FormMessages).
    public var chinese: String

    public init(field: String?, message: String, chinese: String? = nil) {
        self.field = field
        self.message = message
        self.chinese = chinese ?? FormMessages.chinese(message)
    }

    /// A problem said in both languages.
    public init(field: String?, _ words: Words) {
        self.init(field: field, message: words.en, chinese: words.zh)
    }

    /// The message in the page's language.
    public func text(_ language: Language) -> String { language == .zh ? chinese : message }

    /// A rule a value broke, in the command line's words (`name "x": is required`).
    public init(_ failure: ValidationFailure) {
        self.init(field: failure.field, message: failure.description)
    }

    /// Every rule the values broke, in order.
    public static func all(_ failures: ValidationFailures) -> [FormProblem] {
        failures.all.map(FormProblem.init)
    }
}

/// The write forms' pages and the parts that go on other pages.
public enum Forms {
    /// The value of the hidden field that carries the session's CSRF token.
    public static let csrfField = "csrf"
    /// The hidden field that carries the version (ETag) of the record a form was drawn from.
    public static let versionField = "version"

    /// `<input type="hidden">`.
    static func hidden(_ name: String, _ value: String) -> HTML {
        "<input type=\"hidden\" name=\"\(name)\" value=\"\(value)\">"
    }

    /// The id of the control of field `name`.
    static func controlID(_ name: String) -> String { "field-" + name }

    /// The summary of every problem, at the top of the form: announced when the page loads
    /// (`role="alert"`), each problem a link to its field when the form has one. `anchor` gives
    /// the id a field's link goes to, or nil.
    static func errorSummary(
        _ problems: [FormProblem], language: Language, anchor: (String) -> String?
    ) -> HTML {
        guard !problems.isEmpty else { return .empty }
        let count = problems.count
        let title = Words(
            zh: "有 \(count) 处问题，未作任何保存",
            en: "There \(count == 1 ? "is a problem" : "are \(count) problems"): nothing was saved")
        var html: HTML =
            "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\" tabindex=\"-1\">"
            + "<h2 id=\"error-summary-title\">\(title(language))</h2><ul>"
        for problem in problems {
            if let field = problem.field, let id = anchor(field) {
                html += "<li><a href=\"#\(id)\">\(problem.text(language))</a></li>"
            } else {
                html += "<li>\(problem.text(language))</li>"
            }
        }
        return html + "</ul></div>"
    }

    /// The messages of `field`'s problems, shown beside it, and the id that names them.
    static func fieldErrors(
        _ field: String, _ problems: [FormProblem], _ language: Language
    ) -> (html: HTML, id: String?) {
        let messages = problems.filter { $0.field == field }.map { $0.text(language) }
        guard !messages.isEmpty else { return (.empty, nil) }
        let id = controlID(field) + "-error"
        var html: HTML = "<p class=\"field-error\" id=\"\(id)\">"
        for (index, message) in messages.enumerated() {
            html +=
                "\(index == 0 ? "" as HTML : "<br>")<span class=\"visually-hidden\">\(errorPrefix(language))</span>\(message)"
        }
        return (html + "</p>", id)
    }

    /// The attributes that tie a control to its hint and its errors; `invalid` marks a control
    /// with errors as such (not a fieldset: its boxes are not wrong, the choice is).
    static func described(hint: String?, error: String?, invalid: Bool = true) -> HTML {
        let ids = [hint, error].compactMap { $0 }
        var html: HTML = ids.isEmpty ? .empty : " aria-describedby=\"\(ids.joined(separator: " "))\""
        if error != nil && invalid { html += " aria-invalid=\"true\"" }
        return html
    }

    /// How a single-value field is typed in.
    enum Control {
        case text(inputMode: String?)
        case textArea
        case select([FormChoice], blank: String?)
        /// A select whose options are in groups (Pages.options), such as the divisions by province.
        case groupedSelect(Pages.OptionGroups, blank: String?)
    }

    /// One field: its label, hint and errors, and its control holding `value`.
    static func field(
        _ name: String, label: String, required: Bool = false, hint: String?, value: String, control: Control,
        problems: [FormProblem], language: Language
    ) -> HTML {
        let id = controlID(name)
        let hintID = hint.map { _ in id + "-hint" }
        let errors = fieldErrors(name, problems, language)
        var html: HTML = "<div class=\"field\(errors.id == nil ? "" : " field-invalid")\">"
        html +=
            "<label for=\"\(id)\">\(label)\(required ? requiredMark(language) : "") <span class=\"key\">\(name)</span></label>"
        if let hint, let hintID { html += "<p class=\"hint\" id=\"\(hintID)\">\(hint)</p>" }
        html += errors.html
        let attributes: HTML =
            "id=\"\(id)\" name=\"\(name)\"\(described(hint: hintID, error: errors.id))"
            + (required ? " aria-required=\"true\"" : "")
        switch control {
        case .text(let inputMode):
            let mode: HTML = inputMode.map { " inputmode=\"\($0)\"" } ?? .empty
            html += "<input type=\"text\" \(attributes)\(mode) value=\"\(value)\">"
        case .textArea:
            html += "<textarea \(attributes) rows=\"3\">\(value)</textarea>"
        case .select(let choices, let blank):
            html += "<select \(attributes)>"
            if let blank, !choices.contains(where: { $0.code == value }) {
                html += "<option value=\"\" selected>\(blank)</option>"
            }
            for choice in choices {
                html +=
                    "<option value=\"\(choice.code)\"\(choice.code == value ? " selected" as HTML : "")>"
                    + "\(choice.name(language))</option>"
            }
            html += "</select>"
        case .groupedSelect(let groups, let blank):
            html += "<select \(attributes)>"
            if let blank, !groups.contains(where: { $0.options.contains { $0.value == value } }) {
                html += "<option value=\"\" selected>\(blank)</option>"
            }
            html += Pages.options(groups, chosen: value) + "</select>"
        }
        return html + "</div>"
    }

    /// A group of check boxes for the repeated field `name`, those in `checked` ticked: a
    /// fieldset whose legend names the group; each box has its own label.
    static func checkBoxes(
        _ name: String, legend: String, hint: String?, choices: [FormChoice], checked: [String],
        problems: [FormProblem], language: Language
    ) -> HTML {
        let id = controlID(name)
        let hintID = hint.map { _ in id + "-hint" }
        let errors = fieldErrors(name, problems, language)
        let ticked = Set(checked)
        var html: HTML =
            "<fieldset class=\"choices\(errors.id == nil ? "" : " field-invalid")\" id=\"\(id)\""
            + "\(described(hint: hintID, error: errors.id, invalid: false))>"
            + "<legend>\(legend) <span class=\"key\">\(name)</span></legend>"
        if let hint, let hintID { html += "<p class=\"hint\" id=\"\(hintID)\">\(hint)</p>" }
        html += errors.html
        for (index, choice) in choices.enumerated() {
            let boxID = "\(id)-\(index)"
            html +=
                "<div class=\"check\"><input type=\"checkbox\" id=\"\(boxID)\" name=\"\(name)\" value=\"\(choice.code)\""
                + "\(ticked.contains(choice.code) ? " checked" as HTML : "")>"
                + "<label for=\"\(boxID)\">\(choice.name(language)) <span class=\"key\">\(choice.code)</span></label></div>"
        }
        if choices.isEmpty {
            html += "<p class=\"note\">\(Words(zh: "没有可选项。", en: "There is nothing to choose from.")(language))</p>"
        }
        return html + "</fieldset>"
    }

    /// A group of radio buttons, one of `choices` chosen.
    static func radios(
        _ name: String, legend: String, choices: [(value: String, label: String)], chosen: String,
        problems: [FormProblem], language: Language
    ) -> HTML {
        let id = controlID(name)
        let errors = fieldErrors(name, problems, language)
        var html: HTML =
            "<fieldset class=\"choices\(errors.id == nil ? "" : " field-invalid")\" id=\"\(id)\""
            + "\(described(hint: nil, error: errors.id, invalid: false))><legend>\(legend) <span class=\"key\">\(name)</span></legend>"
            + errors.html
        for (index, choice) in choices.enumerated() {
            let radioID = "\(id)-\(index)"
            html +=
                "<div class=\"check\"><input type=\"radio\" id=\"\(radioID)\" name=\"\(name)\" value=\"\(choice.value)\""
                + "\(choice.value == chosen ? " checked" as HTML : "")>"
                + "<label for=\"\(radioID)\">\(choice.label)</label></div>"
        }
        return html + "</fieldset>"
    }

    /// A page of the write forms: `Error: ` starts its title when it shows problems, so a screen
    /// reader hears at once that the submit was refused.
    static func page(
        title: String, problems: [FormProblem], body: HTML, signedIn: SignedInUser?, language: Language
    ) -> HTML {
        Layout.document(
            title: problems.isEmpty ? title : errorPrefix(language) + title, body: body, signedIn: signedIn,
            forms: true, language: language)
    }

    /// What starts a refused page's title and each field's error for a screen reader.
    static func errorPrefix(_ language: Language) -> String { Words(zh: "错误：", en: "Error: ")(language) }

    /// What follows a required field's label.
    static func requiredMark(_ language: Language) -> String { Words(zh: "（必填）", en: " (required)")(language) }

    /// "Cancel", on every form.
    static let cancel = Words(zh: "取消", en: "Cancel")

    /// `text` without the spaces, tabs and line breaks around it: a value as the validators
    /// compare it.
    static func trimmed(_ text: String) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        let start = text.firstIndex { !isSpace($0) } ?? text.endIndex
        let end = text.lastIndex { !isSpace($0) }.map(text.index(after:)) ?? start
        return text[start..<end]
    }
}
