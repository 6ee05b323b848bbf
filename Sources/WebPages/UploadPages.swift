// Uploading a batch in the browser (`/upload`): the form that sends a file (any that `ipreg
// import` reads: CSV, TSV, xlsx, GB18030, UTF-16) with what it holds and what to do with codes
// already there, and the preview of what the import would add, change, leave and reject (each
// rejection with its line or cell, in import's words), which writes only when confirmed.
import IPRegistry
import TabularFiles

/// What an uploaded file holds: what a web import may bring.
public enum UploadKind: String, CaseIterable, Sendable {
    case centers, stats, figures

    public var importKind: ImportKind {
        switch self {
        case .centers: return .centers
        case .stats: return .stats
        case .figures: return .figures
        }
    }
}

/// What becomes of a row whose code is already in the registry (the API's `mode`).
public enum UploadMode: String, CaseIterable, Sendable {
    case fail, skip, upsert

    /// The command line's `--on-conflict` for it.
    public var conflictPolicy: ConflictPolicy {
        switch self {
        case .fail: return .fail
        case .skip: return .skip
        case .upsert: return .update
        }
    }
}

/// The upload form, new or again after a refused upload.
public struct UploadFormInput: Sendable {
    public var csrf: String
    public var kind: UploadKind?
    public var mode: UploadMode
    /// The encoding chosen for a text file; nil: UTF-8 (or UTF-16 when the file has its mark).
    public var encoding: TextEncoding?
    /// The worksheet of a workbook; empty for the first.
    public var sheet: String
    /// The server's limit on an upload (`--max-upload-bytes`), said beside the file field.
    public var maxUploadBytes: Int?
    /// Figures are the admin's: other users are not offered them.
    public var mayImportFigures: Bool
    public var problems: [FormProblem]
    public var signedIn: SignedInUser?
    public var language: Language

    public init(
        csrf: String, kind: UploadKind? = nil, mode: UploadMode = .fail, encoding: TextEncoding? = nil,
        sheet: String = "", maxUploadBytes: Int? = nil, mayImportFigures: Bool = false, problems: [FormProblem] = [],
        signedIn: SignedInUser? = nil, language: Language = .zh
    ) {
        self.language = language
        self.csrf = csrf
        self.kind = kind
        self.mode = mode
        self.encoding = encoding
        self.sheet = sheet
        self.maxUploadBytes = maxUploadBytes
        self.mayImportFigures = mayImportFigures
        self.problems = problems
        self.signedIn = signedIn
    }

    /// The names of the form's fields, as the server reads them from the multipart body.
    public static let fileField = "file"
    public static let kindField = "kind"
    public static let modeField = "mode"
    public static let encodingField = "encoding"
    public static let sheetField = "sheet"
}

/// What an uploaded file would do if imported: import's counts (a dry run's summary), the records
/// it would add, change, leave as they are or skip, and the rows it rejects. The lists may be
/// cut short of the counts; the page says so.
public struct UploadPreview: Sendable {
    /// One record of the file: its key (a center's code; a center and period for statistics) and
    /// what people know it by; for a change, the fields that would change.
    public struct Record: Sendable, Equatable {
        public var key: String
        public var name: String
        public var changedFields: [String]

        public init(key: String, name: String = "", changedFields: [String] = []) {
            self.key = key
            self.name = name
            self.changedFields = changedFields
        }
    }

    /// One row refused: where it is (`FILE:LINE:COLUMN`, or `FILE:SHEET!CELL` in a workbook)
    /// and why, in import's words.
    public struct Rejection: Sendable, Equatable {
        public var location: String
        /// Import's words (English), and the Chinese page's (FormMessages).
        public var message: String
        public var chinese: String

        public init(location: String, message: String) {
            self.location = location
            self.message = message
            self.chinese = FormMessages.chinese(message)
        }

        /// A line as import reports it (`FILE:LINE:COLUMN: error: MESSAGE`).
        public init(reportedLine line: String) {
            guard let range = line.firstRange(of: " error: ") else {
                self.init(location: "", message: line)
                return
            }
            var location = String(line[..<range.lowerBound])
            if location.hasSuffix(":") { location.removeLast() }
            self.init(location: location, message: String(line[range.upperBound...]))
        }
    }

    /// The upload's id, which the confirm form sends back.
    public var upload: String
    public var fileName: String
    public var kind: UploadKind
    public var mode: UploadMode
    public var summary: ImportSummary
    public var added: [Record]
    public var changed: [Record]
    public var unchanged: [Record]
    public var skipped: [Record]
    public var rejected: [Rejection]
    /// Whether confirming would import: false when rejected rows refuse the file.
    public var confirmable: Bool
    public var csrf: String
    public var signedIn: SignedInUser?
    public var language: Language

    public init(
        upload: String, fileName: String, kind: UploadKind, mode: UploadMode, summary: ImportSummary,
        added: [Record] = [], changed: [Record] = [], unchanged: [Record] = [], skipped: [Record] = [],
        rejected: [Rejection] = [], confirmable: Bool? = nil, csrf: String, signedIn: SignedInUser? = nil,
        language: Language = .zh
    ) {
        self.language = language
        self.upload = upload
        self.fileName = fileName
        self.kind = kind
        self.mode = mode
        self.summary = summary
        self.added = added
        self.changed = changed
        self.unchanged = unchanged
        self.skipped = skipped
        self.rejected = rejected
        self.confirmable = confirmable ?? (summary.rejected == 0 && rejected.isEmpty)
        self.csrf = csrf
        self.signedIn = signedIn
    }
}

extension Forms {
    // MARK: The form

    /// What a file holds, as the upload's pages name it.
    static func kindName(_ kind: UploadKind) -> Words {
        switch kind {
        case .centers: return Words(zh: "中心", en: "Centers")
        case .stats: return Words(zh: "案件统计数据", en: "Case statistics")
        case .figures: return Words(zh: "公布数据", en: "Published figures")
        }
    }

    /// What becomes of a record already there, in each mode.
    static func modeName(_ mode: UploadMode) -> Words {
        switch mode {
        case .fail: return Words(zh: "拒绝整个文件", en: "refuses the file")
        case .skip: return Words(zh: "保持原样（跳过该行）", en: "is kept as it is (the row is skipped)")
        case .upsert:
            return Words(
                zh: "由该行整体替换（文件中没有的列将被清空）",
                en: "is replaced by the row, whole (a column left out is cleared)")
        }
    }

    /// `/upload`: a file, what it holds, what to do with codes already there, posted as
    /// multipart/form-data with the CSRF token.
    public static func upload(_ input: UploadFormInput) -> HTML {
        let language = input.language
        let words = { (zh: String, en: String) in Words(zh: zh, en: en)(language) }
        let title = words("上传一批数据", "Upload a batch")
        var body: HTML = "<h1>\(title)</h1>"
        body += errorSummary(input.problems, language: language) { name in
            switch name {
            case UploadFormInput.kindField, UploadFormInput.modeField: return controlID(name) + "-0"
            case UploadFormInput.fileField, UploadFormInput.encodingField, UploadFormInput.sheetField:
                return controlID(name)
            default: return nil
            }
        }
        body +=
            language == .zh
            ? "<p>文件按照与 <code>ipreg import</code> 相同的规则检查。您会先看到它将新增、修改和拒绝哪些记录；"
                + "确认之前不会写入任何内容，确认后一次性全部写入。</p>"
            : "<p>The file is checked by the same rules as <code>ipreg import</code>. You see what it would add, change "
                + "and reject first; nothing is written until you confirm, and then all of it in one go.</p>"
        body +=
            "<form class=\"record\" method=\"post\" action=\"/upload\" enctype=\"multipart/form-data\" "
            + "accept-charset=\"utf-8\">\(hidden(csrfField, input.csrf))"
        let fileID = controlID(UploadFormInput.fileField)
        let fileErrors = fieldErrors(UploadFormInput.fileField, input.problems, language)
        var hint = words(
            "CSV、TSV 或 Excel 工作簿（.xlsx），首行为 docs/files.md 所列的列名。",
            "CSV, TSV or an Excel workbook (.xlsx), with a header line of the columns of docs/files.md.")
        if let limit = input.maxUploadBytes {
            hint += words("不超过 \(limit) 字节。", " At most \(limit) bytes.")
        }
        body +=
            "<div class=\"field\(fileErrors.id == nil ? "" : " field-invalid")\"><label for=\"\(fileID)\">"
            + "\(words("文件", "File"))\(requiredMark(language)) "
            + "<span class=\"key\">\(UploadFormInput.fileField)</span></label>"
            + "<p class=\"hint\" id=\"\(fileID)-hint\">\(hint)</p>\(fileErrors.html)"
            + "<input type=\"file\" id=\"\(fileID)\" name=\"\(UploadFormInput.fileField)\" "
            + "accept=\".csv,.tsv,.txt,.xlsx,text/csv,text/tab-separated-values\" aria-required=\"true\""
            + "\(described(hint: fileID + "-hint", error: fileErrors.id))></div>"
        let kinds = UploadKind.allCases.filter { $0 != .figures || input.mayImportFigures }
        body += radios(
            UploadFormInput.kindField, legend: words("文件内容", "What the file holds"),
            choices: kinds.map { ($0.rawValue, kindName($0)(language)) }, chosen: input.kind?.rawValue ?? "",
            problems: input.problems, language: language)
        body += radios(
            UploadFormInput.modeField, legend: words("编号已在登记中的记录", "A record whose code is already in the registry"),
            choices: UploadMode.allCases.map { ($0.rawValue, modeName($0)(language)) }, chosen: input.mode.rawValue,
            problems: input.problems, language: language)
        let encodings =
            [FormChoice(code: "", name: words("UTF-8（或带字节顺序标记的 UTF-16）", "UTF-8 (or UTF-16 with its byte-order mark)"))]
            + [
                FormChoice(
                    code: TextEncoding.gb18030.rawValue,
                    name: words(
                        "GB18030（GBK、GB2312）：中文版 Windows 保存的 CSV",
                        "GB18030 (GBK, GB2312): CSV saved by Chinese Windows")),
                FormChoice(
                    code: TextEncoding.utf16.rawValue,
                    name: words("不带字节顺序标记的 UTF-16（小端序）", "UTF-16 without a byte-order mark (little-endian)")),
            ]
        body += "<fieldset><legend>\(words("仅限文本文件", "Text files only"))</legend>"
        body += field(
            UploadFormInput.encodingField, label: words("编码", "Encoding"),
            hint: words("工作簿不使用此项。", "Ignored for a workbook."),
            value: input.encoding == .utf8 ? "" : input.encoding?.rawValue ?? "",
            control: .select(encodings, blank: nil),
            problems: input.problems, language: language)
        body += "</fieldset><fieldset><legend>\(words("仅限工作簿", "Workbooks only"))</legend>"
        body += field(
            UploadFormInput.sheetField, label: words("工作表", "Worksheet"),
            hint: words("工作表名称；留空则使用第一个。", "Its name; leave empty for the first."),
            value: input.sheet, control: .text(inputMode: nil), problems: input.problems, language: language)
        body +=
            "</fieldset><div class=\"buttons\"><button type=\"submit\">\(words("检查文件", "Check the file"))</button>"
            + "<a href=\"/\">\(cancel(language))</a></div></form>"
        return page(title: title, problems: input.problems, body: body, signedIn: input.signedIn, language: language)
    }

    // MARK: The preview

    /// What the upload would do, and the form that confirms it (or why it cannot be confirmed).
    public static func uploadPreview(_ preview: UploadPreview) -> HTML {
        let language = preview.language
        let words = { (zh: String, en: String) in Words(zh: zh, en: en)(language) }
        let summary = preview.summary
        var body: HTML = "<h1>\(words("导入前请核对上传的文件", "Check the upload before it is imported"))</h1>"
        body +=
            language == .zh
            ? "<p>文件<strong>\(preview.fileName)</strong>：\(kindName(preview.kind).zh)；编号已在登记中的记录："
                + "\(modeName(preview.mode).zh)。目前尚未写入任何内容。</p>"
            : "<p>File <strong>\(preview.fileName)</strong>: \(preview.kind.rawValue), a record already there: "
                + "<code>\(preview.mode.rawValue)</code>. Nothing has been written yet.</p>"
        if !preview.confirmable {
            let rejected = summary.rejected
            body +=
                "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\" tabindex=\"-1\">"
                + "<h2 id=\"error-summary-title\">\(words("此文件不能按原样导入", "This file cannot be imported as it is"))</h2>"
                + (language == .zh
                    ? "<p>有 \(rejected) 行被拒绝（见<a href=\"#rejected\">下文</a>）。请修改文件后重新上传。</p>"
                    : "<p>\(rejected) row\(rejected == 1 ? "" : "s") \(rejected == 1 ? "is" : "are") "
                        + "refused (listed <a href=\"#rejected\">below</a>). Correct the file and upload it again.</p>")
                + "</div>"
        }
        func count(_ zh: String, _ en: String, _ value: Int) -> HTML {
            "<tr><th scope=\"row\">\(words(zh, en))</th><td class=\"n\">\(value)</td></tr>"
        }
        body +=
            "<section><h2>\(words("数量", "In numbers"))</h2><table id=\"upload-counts\"><tbody>"
            + count("读取的行", "rows read", summary.read) + count("将新增", "would be added", summary.inserted)
            + count("将修改", "would change", summary.updated) + count("无变化", "unchanged", summary.unchanged)
            + count("跳过（已存在）", "skipped (already there)", summary.skipped)
            + count("被拒绝", "rejected", summary.rejected)
            + "</tbody></table></section>"
        body += uploadRecords(
            "rejected", words("被拒绝", "Rejected"), count: summary.rejected, listed: preview.rejected.count,
            language: language
        ) {
            var html: HTML =
                "<table><thead><tr><th scope=\"col\">\(words("行或单元格", "line or cell"))</th>"
                + "<th scope=\"col\">\(words("问题", "problem"))</th></tr></thead><tbody>"
            for rejection in preview.rejected {
                html +=
                    "<tr><td>\(rejection.location)</td>"
                    + "<td>\(language == .zh ? rejection.chinese : rejection.message)</td></tr>"
            }
            return html + "</tbody></table>"
        }
        body += uploadRecords(
            "added", words("将新增", "Would be added"), count: summary.inserted, preview.added, fields: false,
            language: language)
        body += uploadRecords(
            "changed", words("将修改", "Would change"), count: summary.updated, preview.changed, fields: true,
            language: language)
        body += uploadRecords(
            "unchanged", words("无变化", "Unchanged"), count: summary.unchanged, preview.unchanged, fields: false,
            language: language)
        body += uploadRecords(
            "skipped", words("跳过", "Skipped"), count: summary.skipped, preview.skipped, fields: false,
            language: language)
        body += "<div class=\"buttons\">"
        if preview.confirmable {
            body +=
                "<form class=\"inline\" method=\"post\" action=\"/upload/confirm\">\(hidden(csrfField, preview.csrf))"
                + "\(hidden("upload", preview.upload))<button type=\"submit\">"
                + "\(words("确认：导入", "Confirm: import it"))</button></form>"
        }
        body += "<a href=\"/upload\">\(cancel(language))</a></div>"
        return Layout.document(
            title: preview.confirmable
                ? words("核对上传的文件", "Check the upload") : words("错误：上传的文件不能导入", "Error: the upload cannot be imported"),
            body: body, signedIn: preview.signedIn, forms: true, language: language)
    }

    /// A section of the preview: its heading with the count, and its table when there is a row.
    private static func uploadRecords(
        _ id: String, _ title: String, count: Int, listed: Int, language: Language, table: () -> HTML
    ) -> HTML {
        guard count > 0 || listed > 0 else { return .empty }
        var html: HTML = "<section id=\"\(id)\"><h2>\(title): \(max(count, listed))</h2>"
        if listed < count {
            let note = Words(zh: "仅列出 \(count) 条中的前 \(listed) 条。", en: "The first \(listed) of \(count) are listed.")
            html += "<p class=\"note\">\(note(language))</p>"
        }
        if listed > 0 { html += table() }
        return html + "</section>"
    }

    private static func uploadRecords(
        _ id: String, _ title: String, count: Int, _ records: [UploadPreview.Record], fields: Bool, language: Language
    ) -> HTML {
        uploadRecords(id, title, count: count, listed: records.count, language: language) {
            let words = { (zh: String, en: String) in Words(zh: zh, en: en)(language) }
            var html: HTML =
                "<table><thead><tr><th scope=\"col\">\(words("编号", "code"))</th>"
                + "<th scope=\"col\">\(words("名称", "name"))</th>"
            if fields { html += "<th scope=\"col\">\(words("将修改的字段", "fields that change"))</th>" }
            html += "</tr></thead><tbody>"
            for record in records {
                html += "<tr><td>\(record.key)</td><td>\(record.name)</td>"
                if fields {
                    let names = record.changedFields.map { column in
                        language == .zh
                            ? CenterField(rawValue: column).map { Vocabulary.field($0).zh } ?? column : column
                    }
                    html += "<td>\(names.joined(separator: language == .zh ? "、" : ", "))</td>"
                }
                html += "</tr>"
            }
            return html + "</tbody></table>"
        }
    }
}
