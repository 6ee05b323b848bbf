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

    public init(
        csrf: String, kind: UploadKind? = nil, mode: UploadMode = .fail, encoding: TextEncoding? = nil,
        sheet: String = "", maxUploadBytes: Int? = nil, mayImportFigures: Bool = false, problems: [FormProblem] = [],
        signedIn: SignedInUser? = nil
    ) {
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
        public var message: String

        public init(location: String, message: String) {
            self.location = location
            self.message = message
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

    public init(
        upload: String, fileName: String, kind: UploadKind, mode: UploadMode, summary: ImportSummary,
        added: [Record] = [], changed: [Record] = [], unchanged: [Record] = [], skipped: [Record] = [],
        rejected: [Rejection] = [], confirmable: Bool? = nil, csrf: String, signedIn: SignedInUser? = nil
    ) {
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

    /// `/upload`: a file, what it holds, what to do with codes already there, posted as
    /// multipart/form-data with the CSRF token.
    public static func upload(_ input: UploadFormInput) -> HTML {
        var body: HTML = "<h1>Upload a batch</h1>"
        body += errorSummary(input.problems) { name in
            switch name {
            case UploadFormInput.kindField, UploadFormInput.modeField: return controlID(name) + "-0"
            case UploadFormInput.fileField, UploadFormInput.encodingField, UploadFormInput.sheetField:
                return controlID(name)
            default: return nil
            }
        }
        body +=
            "<p>The file is checked by the same rules as <code>ipreg import</code>. You see what it would add, change "
            + "and reject first; nothing is written until you confirm, and then all of it in one go.</p>"
        body +=
            "<form class=\"record\" method=\"post\" action=\"/upload\" enctype=\"multipart/form-data\" "
            + "accept-charset=\"utf-8\">\(hidden(csrfField, input.csrf))"
        let fileID = controlID(UploadFormInput.fileField)
        let fileErrors = fieldErrors(UploadFormInput.fileField, input.problems)
        var hint = "CSV, TSV or an Excel workbook (.xlsx), with a header line of the columns of docs/files.md."
        if let limit = input.maxUploadBytes { hint += " At most \(limit) bytes." }
        body +=
            "<div class=\"field\(fileErrors.id == nil ? "" : " field-invalid")\"><label for=\"\(fileID)\">File (required) "
            + "<span class=\"key\">\(UploadFormInput.fileField)</span></label>"
            + "<p class=\"hint\" id=\"\(fileID)-hint\">\(hint)</p>\(fileErrors.html)"
            + "<input type=\"file\" id=\"\(fileID)\" name=\"\(UploadFormInput.fileField)\" "
            + "accept=\".csv,.tsv,.txt,.xlsx,text/csv,text/tab-separated-values\" aria-required=\"true\""
            + "\(described(hint: fileID + "-hint", error: fileErrors.id))></div>"
        let kinds = UploadKind.allCases.filter { $0 != .figures || input.mayImportFigures }
        body += radios(
            UploadFormInput.kindField, legend: "What the file holds",
            choices: kinds.map { kind in
                switch kind {
                case .centers: return (kind.rawValue, "Centers")
                case .stats: return (kind.rawValue, "Case statistics")
                case .figures: return (kind.rawValue, "Published figures")
                }
            }, chosen: input.kind?.rawValue ?? "", problems: input.problems)
        body += radios(
            UploadFormInput.modeField, legend: "A record whose code is already in the registry",
            choices: UploadMode.allCases.map { mode in
                switch mode {
                case .fail: return (mode.rawValue, "refuses the file")
                case .skip: return (mode.rawValue, "is kept as it is (the row is skipped)")
                case .upsert: return (mode.rawValue, "is replaced by the row, whole (a column left out is cleared)")
                }
            }, chosen: input.mode.rawValue, problems: input.problems)
        let encodings =
            [FormChoice(code: "", name: "UTF-8 (or UTF-16 with its byte-order mark)")]
            + [
                FormChoice(
                    code: TextEncoding.gb18030.rawValue, name: "GB18030 (GBK, GB2312): CSV saved by Chinese Windows"),
                FormChoice(code: TextEncoding.utf16.rawValue, name: "UTF-16 without a byte-order mark (little-endian)"),
            ]
        body += "<fieldset><legend>Text files only</legend>"
        body += field(
            UploadFormInput.encodingField, label: "Encoding", hint: "Ignored for a workbook.",
            value: input.encoding == .utf8 ? "" : input.encoding?.rawValue ?? "",
            control: .select(encodings, blank: nil),
            problems: input.problems)
        body += "</fieldset><fieldset><legend>Workbooks only</legend>"
        body += field(
            UploadFormInput.sheetField, label: "Worksheet", hint: "Its name; leave empty for the first.",
            value: input.sheet, control: .text(inputMode: nil), problems: input.problems)
        body +=
            "</fieldset><div class=\"buttons\"><button type=\"submit\">Check the file</button>"
            + "<a href=\"/\">Cancel</a></div></form>"
        return page(title: "Upload a batch", problems: input.problems, body: body, signedIn: input.signedIn)
    }

    // MARK: The preview

    /// What the upload would do, and the form that confirms it (or why it cannot be confirmed).
    public static func uploadPreview(_ preview: UploadPreview) -> HTML {
        let summary = preview.summary
        var body: HTML = "<h1>Check the upload before it is imported</h1>"
        body +=
            "<p>File <strong>\(preview.fileName)</strong>: \(preview.kind.rawValue), a record already there: "
            + "<code>\(preview.mode.rawValue)</code>. Nothing has been written yet.</p>"
        if !preview.confirmable {
            body +=
                "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\" tabindex=\"-1\">"
                + "<h2 id=\"error-summary-title\">This file cannot be imported as it is</h2>"
                + "<p>\(summary.rejected) row\(summary.rejected == 1 ? "" : "s") \(summary.rejected == 1 ? "is" : "are") "
                + "refused (listed <a href=\"#rejected\">below</a>). Correct the file and upload it again.</p></div>"
        }
        body +=
            "<section><h2>In numbers</h2><table id=\"upload-counts\"><tbody>"
            + "<tr><th scope=\"row\">rows read</th><td class=\"n\">\(summary.read)</td></tr>"
            + "<tr><th scope=\"row\">would be added</th><td class=\"n\">\(summary.inserted)</td></tr>"
            + "<tr><th scope=\"row\">would change</th><td class=\"n\">\(summary.updated)</td></tr>"
            + "<tr><th scope=\"row\">unchanged</th><td class=\"n\">\(summary.unchanged)</td></tr>"
            + "<tr><th scope=\"row\">skipped (already there)</th><td class=\"n\">\(summary.skipped)</td></tr>"
            + "<tr><th scope=\"row\">rejected</th><td class=\"n\">\(summary.rejected)</td></tr>"
            + "</tbody></table></section>"
        body += uploadRecords("rejected", "Rejected", count: summary.rejected, listed: preview.rejected.count) {
            var html: HTML =
                "<table><thead><tr><th scope=\"col\">line or cell</th><th scope=\"col\">problem</th></tr></thead><tbody>"
            for rejection in preview.rejected {
                html += "<tr><td>\(rejection.location)</td><td>\(rejection.message)</td></tr>"
            }
            return html + "</tbody></table>"
        }
        body += uploadRecords("added", "Would be added", count: summary.inserted, preview.added, fields: false)
        body += uploadRecords("changed", "Would change", count: summary.updated, preview.changed, fields: true)
        body += uploadRecords("unchanged", "Unchanged", count: summary.unchanged, preview.unchanged, fields: false)
        body += uploadRecords("skipped", "Skipped", count: summary.skipped, preview.skipped, fields: false)
        body += "<div class=\"buttons\">"
        if preview.confirmable {
            body +=
                "<form class=\"inline\" method=\"post\" action=\"/upload/confirm\">\(hidden(csrfField, preview.csrf))"
                + "\(hidden("upload", preview.upload))<button type=\"submit\">Confirm: import it</button></form>"
        }
        body += "<a href=\"/upload\">Cancel</a></div>"
        return Layout.document(
            title: preview.confirmable ? "Check the upload" : "Error: the upload cannot be imported", body: body,
            signedIn: preview.signedIn, forms: true)
    }

    /// A section of the preview: its heading with the count, and its table when there is a row.
    private static func uploadRecords(
        _ id: String, _ title: String, count: Int, listed: Int, table: () -> HTML
    ) -> HTML {
        guard count > 0 || listed > 0 else { return .empty }
        var html: HTML = "<section id=\"\(id)\"><h2>\(title): \(max(count, listed))</h2>"
        if listed < count { html += "<p class=\"note\">The first \(listed) of \(count) are listed.</p>" }
        if listed > 0 { html += table() }
        return html + "</section>"
    }

    private static func uploadRecords(
        _ id: String, _ title: String, count: Int, _ records: [UploadPreview.Record], fields: Bool
    ) -> HTML {
        uploadRecords(id, title, count: count, listed: records.count) {
            var html: HTML = "<table><thead><tr><th scope=\"col\">code</th><th scope=\"col\">name</th>"
            if fields { html += "<th scope=\"col\">fields that change</th>" }
            html += "</tr></thead><tbody>"
            for record in records {
                html += "<tr><td>\(record.key)</td><td>\(record.name)</td>"
                if fields { html += "<td>\(record.changedFields.joined(separator: ", "))</td>" }
                html += "</tr>"
            }
            return html + "</tbody></table>"
        }
    }
}
