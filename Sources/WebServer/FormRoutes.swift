// The write forms of the web view (docs/web.md): the same writes as the JSON API (CenterWrites,
// through the writer, as the signed-in account), for a browser without script. Add and edit a
// center, remove and restore it, add its statistics, upload a batch and confirm it. A form's
// origin and CSRF token are checked before its route runs (CSRFMiddleware), but for the upload's
// multipart body, whose token is checked here. Refusals are pages: no session sends the browser
// to /login; a refused right is 403 saying why; rules broken are the form again (422) with every
// problem; an edit over another's change is 412 with both versions.
import HTTPTypes
import Hummingbird
import IPRegistry
import NIOCore
import TabularFiles
import WebPages

struct FormRoutes: Sendable {
    let app: WebApp
    let security: WebSecurity
    let scheduler: ReaderScheduler
    let uploads: UploadStore
    /// The largest file an upload takes (`--max-upload-bytes`, as the API's); beyond, 413.
    let maxUploadBytes: Int

    /// Room in an upload's body for its other fields and the multipart framing.
    static let multipartSlack = 64 * 1024

    /// The signed-in user a form is for.
    struct Signed: Sendable {
        let principal: Principal
        let session: SessionCredentials
        /// The language the pages speak to this request (FormLanguage).
        let language: Language
        var user: SignedInUser { SignedInUser(name: principal.name, role: principal.role, csrf: session.csrf) }
        var csrf: String { session.csrf }
    }

    /// A refusal as a page with its status.
    struct Refusal: Error {
        let status: Int
        let message: Words
        init(_ status: Int, _ message: Words) {
            self.status = status
            self.message = message
        }

        /// A refusal in the registry's English words, and their Chinese (FormMessages).
        init(_ status: Int, _ english: String) {
            self.init(status, Words(zh: FormMessages.chinese(english), en: english))
        }
    }

    func add(to router: Router<WebRequestContext>, writes: WriteRouteTable) {
        get(router, "centers/new") { request, context, signed in
            try requireWriter(signed)
            let choices = try await read(context) { try Self.choices($0, signed.principal) }
            return html(
                Forms.center(
                    CenterFormInput(
                        mode: .add, values: CenterFormValues(), choices: choices, csrf: signed.csrf,
                        signedIn: signed.user, language: signed.language)), request)
        }
        post(writes, router, "centers/new") { request, context, signed in try await addCenter(request, context, signed)
        }
        get(router, "centers/:code/edit") { request, context, signed in
            try requireWriter(signed)
            let code = Self.code(context)
            let (center, choices) = try await read(context) { db in
                (try VersionedCenter.find(code: code, in: db), try Self.choices(db, signed.principal))
            }
            guard let center else { throw Refusal(404, "center \(code): no such center") }
            try requireCovered(center, signed, "changing")
            return html(
                Forms.center(
                    CenterFormInput(
                        mode: .edit(code: center.stored.center.code, version: center.version.text),
                        values: CenterFormValues(center: center.stored.center), choices: choices, csrf: signed.csrf,
                        signedIn: signed.user, language: signed.language)), request)
        }
        post(writes, router, "centers/:code/edit") { request, context, signed in
            try await editCenter(request, context, signed)
        }
        for action in [CenterRemovalInput.Action.remove, .restore] {
            get(router, "centers/:code/\(action.rawValue)") { request, context, signed in
                try requireWriter(signed)
                let code = Self.code(context)
                let center = try await read(context) { try VersionedCenter.find(code: code, in: $0) }
                if action == .remove {
                    guard let center else { throw Refusal(404, "center \(code): no such center") }
                    try requireCovered(center, signed, "removing")
                }
                return html(
                    Forms.centerRemovalPage(
                        CenterRemovalInput(
                            action: action, code: center?.stored.center.code ?? code,
                            name: center?.stored.center.name ?? code, version: center?.version.text ?? "",
                            csrf: signed.csrf, signedIn: signed.user, language: signed.language)), request)
            }
            post(writes, router, "centers/:code/\(action.rawValue)") { request, context, signed in
                try await removeOrRestore(action, request, context, signed)
            }
        }
        get(router, "centers/:code/statistics") { request, context, signed in
            try requireWriter(signed)
            let (center, existing) = try await centerWithStatistics(Self.code(context), context)
            try requireCovered(center, signed, "adding statistics to")
            return html(
                Forms.statistics(
                    StatisticsFormInput(
                        code: center.stored.center.code, centerName: center.stored.center.name, existing: existing,
                        csrf: signed.csrf, signedIn: signed.user, language: signed.language)), request)
        }
        post(writes, router, "centers/:code/statistics") { request, context, signed in
            try await addStatistics(request, context, signed)
        }
        get(router, "upload") { request, _, signed in
            try requireWriter(signed)
            return html(Forms.upload(uploadInput(signed)), request)
        }
        post(writes, router, "upload") { request, context, signed in try await upload(request, context, signed) }
        post(writes, router, "upload/confirm") { request, context, signed in
            try await confirm(request, context, signed)
        }
        post(writes, router, "upload/cancel") { _, context, signed in
            uploads.discard(context.form?["upload"] ?? "", session: signed.session.secret)
            var fields = HTTPFields()
            fields[.location] = "/upload"
            return Response(status: .seeOther, headers: fields)
        }
    }

    // MARK: Centers

    private func addCenter(_ request: Request, _ context: WebRequestContext, _ signed: Signed) async throws -> Response
    {
        let values = CenterFormValues(items: context.form?.items ?? [])
        var fields: [CenterField: String] = [:]
        for field in CenterField.allCases {
            let value = values.value(of: field)
            if !TextRules.trimmed(value).isEmpty { fields[field] = value }
        }
        let given = fields
        do {
            let added = try await write(signed) { try $0.create(given) }
            return Self.seeOther("/centers/" + Query.encode(added.stored.center.code))
        } catch let error as WriteError where error.kind == .invalid || error.kind == .conflict {
            let choices = try await read(context) { try Self.choices($0, signed.principal) }
            context.audit.explain(error.message)
            return html(
                Forms.center(
                    CenterFormInput(
                        mode: .add, values: values, choices: choices, csrf: signed.csrf,
                        problems: Self.problems(error), signedIn: signed.user, language: signed.language)),
                status: error.kind.httpStatus, request)
        }
    }

    private func editCenter(
        _ request: Request, _ context: WebRequestContext, _ signed: Signed
    ) async throws -> Response {
        let code = Self.code(context)
        let items = context.form?.items ?? []
        let values = CenterFormValues(items: items)
        let version = context.form?[Forms.versionField]
        let present = Set(items.compactMap { CenterField(rawValue: $0.0) })
        var edit = CenterEdit()
        // Unticked boxes are not sent: the lists are always the form's, the other fields when sent.
        for field in CenterField.allCases where present.contains(field) || field == .industries || field == .services {
            edit.values[field] = values.value(of: field)
        }
        let change = edit
        do {
            let updated = try await write(signed) { try $0.update(code: code, change, ifMatch: version) }
            return Self.seeOther("/centers/" + Query.encode(updated.stored.center.code))
        } catch let error as WriteError where error.kind == .invalid {
            let choices = try await read(context) { try Self.choices($0, signed.principal) }
            context.audit.explain(error.message)
            return html(
                Forms.center(
                    CenterFormInput(
                        mode: .edit(code: code, version: version ?? ""), values: values, choices: choices,
                        csrf: signed.csrf, problems: Self.problems(error), signedIn: signed.user,
                        language: signed.language)),
                status: 422, request)
        } catch let error as WriteError where error.kind == .stale {
            guard let current = error.current else { throw error }
            let (choices, opened) = try await read(context) { db in
                (
                    try Self.choices(db, signed.principal),
                    try version.flatMap { try VersionedCenter.center(code: code, atVersion: $0, in: db) }
                )
            }
            context.audit.explain(error.message)
            return html(
                Forms.centerConflict(
                    CenterConflict(
                        code: current.stored.center.code, submitted: values,
                        opened: opened.map(CenterFormValues.init(center:)),
                        current: CenterFormValues(center: current.stored.center),
                        currentVersion: current.version.text, choices: choices, csrf: signed.csrf,
                        signedIn: signed.user, language: signed.language)),
                status: 412, request)
        }
    }

    private func removeOrRestore(
        _ action: CenterRemovalInput.Action, _ request: Request, _ context: WebRequestContext, _ signed: Signed
    ) async throws -> Response {
        let code = Self.code(context)
        let version = context.form?[Forms.versionField]
        do {
            switch action {
            case .remove:
                try await write(signed) { _ = try $0.remove(code: code, ifMatch: version) }
                return Self.seeOther("/centers")
            case .restore:
                let restored = try await write(signed) { try $0.restore(code: code) }
                return Self.seeOther("/centers/" + Query.encode(restored.stored.center.code))
            }
        } catch let error as WriteError where error.kind == .stale {
            guard let current = error.current else { throw error }
            context.audit.explain(error.message)
            return html(
                Forms.centerRemovalPage(
                    CenterRemovalInput(
                        action: action, code: current.stored.center.code, name: current.stored.center.name,
                        version: current.version.text, csrf: signed.csrf,
                        problems: [
                            FormProblem(
                                field: nil,
                                Words(
                                    zh: FormMessages.chinese(error.message) + "：删除前请重新查看该中心",
                                    en: error.message + ": look at the center again before removing it"))
                        ], signedIn: signed.user, language: signed.language)),
                status: 412, request)
        }
    }

    private func addStatistics(
        _ request: Request, _ context: WebRequestContext, _ signed: Signed
    ) async throws -> Response {
        let code = Self.code(context)
        let values = StatisticsFormValues(items: context.form?.items ?? [])
        let row = values.text.filter { !TextRules.trimmed($0.value).isEmpty }
        do {
            let added = try await write(signed) { try $0.addStatistics(code: code, [row]) }
            return Self.seeOther("/centers/" + Query.encode(added.center.stored.center.code))
        } catch let error as WriteError where error.kind == .invalid {
            let (center, existing) = try await centerWithStatistics(code, context)
            context.audit.explain(error.message)
            return html(
                Forms.statistics(
                    StatisticsFormInput(
                        code: center.stored.center.code, centerName: center.stored.center.name, values: values,
                        existing: existing, csrf: signed.csrf, problems: Self.problems(error), signedIn: signed.user,
                        language: signed.language)),
                status: 422, request)
        }
    }

    // MARK: Upload

    private func uploadInput(
        _ signed: Signed, kind: UploadKind? = nil, mode: UploadMode = .fail, encoding: TextEncoding? = nil,
        sheet: String = "", problems: [FormProblem] = []
    ) -> UploadFormInput {
        UploadFormInput(
            csrf: signed.csrf, kind: kind, mode: mode, encoding: encoding, sheet: sheet, maxUploadBytes: maxUploadBytes,
            mayImportFigures: signed.principal.writesFigures, problems: problems, signedIn: signed.user,
            language: signed.language)
    }

    private func upload(_ request: Request, _ context: WebRequestContext, _ signed: Signed) async throws -> Response {
        let type = request.headers[.contentType] ?? ""
        guard let boundary = MultipartForm.boundary(ofContentType: type) else {
            throw Refusal(
                400,
                Words(
                    zh: "上传须以带 boundary 的 multipart/form-data 发送",
                    en: "an upload is sent as multipart/form-data with a boundary"))
        }
        let limit = maxUploadBytes + Self.multipartSlack
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw Refusal(
                413, Words(zh: "文件超过 \(maxUploadBytes) 字节", en: "the file is larger than \(maxUploadBytes) bytes"))
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch {
            throw Refusal(
                413, Words(zh: "文件超过 \(maxUploadBytes) 字节", en: "the file is larger than \(maxUploadBytes) bytes"))
        }
        let form: MultipartForm
        do throws(MultipartForm.Malformed) {
            form = try MultipartForm(body: Array(buffer: body), boundary: boundary)
        } catch {
            throw Refusal(
                400,
                Words(
                    zh: "表单内容格式错误：\(error.description)", en: "the form's body is malformed: \(error.description)"))
        }
        guard context.csrfMatches(form[Forms.csrfField]?.text) else {
            throw Refusal(
                403,
                Words(
                    zh: "已拒绝：表单缺少 CSRF 令牌或令牌不属于本次会话；请重新加载页面",
                    en: "refused: the form's CSRF token is missing or not this session's; reload the page"))
        }
        try requireWriter(signed)
        var problems: [FormProblem] = []
        let kindText = form[UploadFormInput.kindField]?.text ?? ""
        let kind = UploadKind(rawValue: kindText)
        if kind == nil {
            problems.append(
                FormProblem(
                    field: UploadFormInput.kindField, Words(zh: "请选择文件内容", en: "choose what the file holds")))
        }
        let modeText = form[UploadFormInput.modeField]?.text ?? ""
        let mode = modeText.isEmpty ? UploadMode.fail : UploadMode(rawValue: modeText)
        if mode == nil {
            problems.append(FormProblem(field: UploadFormInput.modeField, Words(zh: "请选择处理方式", en: "choose a mode")))
        }
        let encodingText = TextRules.trimmed(form[UploadFormInput.encodingField]?.text ?? "")
        let encoding = encodingText.isEmpty ? nil : TextEncoding(rawValue: encodingText.lowercased())
        if !encodingText.isEmpty && encoding == nil {
            problems.append(
                FormProblem(
                    field: UploadFormInput.encodingField,
                    Words(
                        zh: "编码“\(encodingText)”：须为 utf-8、gb18030 或 utf-16",
                        en: "encoding \"\(encodingText)\": must be utf-8, gb18030 or utf-16")))
        }
        let sheet = TextRules.trimmed(form[UploadFormInput.sheetField]?.text ?? "")
        let file = form[UploadFormInput.fileField]
        if file.map({ $0.body.isEmpty }) ?? true {
            problems.append(
                FormProblem(
                    field: UploadFormInput.fileField,
                    Words(zh: "请选择一个非空的文件", en: "choose a file that is not empty")))
        }
        if let file, file.body.count > maxUploadBytes {
            throw Refusal(
                413, Words(zh: "文件超过 \(maxUploadBytes) 字节", en: "the file is larger than \(maxUploadBytes) bytes"))
        }
        guard problems.isEmpty, let kind, let mode, let file else {
            return html(
                Forms.upload(
                    uploadInput(
                        signed, kind: kind, mode: mode ?? .fail, encoding: encoding, sheet: sheet, problems: problems)),
                status: 422, request)
        }
        let kept = UploadStore.Upload(
            fileName: Self.fileName(file.fileName), kind: kind, mode: mode, encoding: encoding?.rawValue,
            sheet: sheet.isEmpty ? nil : sheet)
        let upload = Self.importUpload(file.body, kept, dryRun: true)
        let report: ImportReport
        do {
            report = try await write(signed) { try $0.importFile(upload) }
        } catch let error as WriteError where error.kind == .invalid || error.kind == .malformed {
            context.audit.explain(error.message)
            let messages = error.problems.isEmpty ? [error.message] : error.problems
            return html(
                Forms.upload(
                    uploadInput(
                        signed, kind: kind, mode: mode, encoding: encoding, sheet: sheet,
                        problems: messages.map { FormProblem(field: UploadFormInput.fileField, message: $0) })),
                status: 422, request)
        }
        let rejected = report.errors.map(UploadPreview.Rejection.init(reportedLine:))
        let confirmable = report.summary.rejected == 0 && rejected.isEmpty
        var id = ""
        if confirmable { id = try uploads.keep(file.body, kept, session: signed.session.secret) }
        return html(
            Forms.uploadPreview(
                UploadPreview(
                    upload: id, fileName: kept.fileName, kind: kind, mode: mode, summary: report.summary,
                    added: report.records.filter { $0.change == .added }.map {
                        UploadPreview.Record(key: $0.code, name: $0.name)
                    },
                    changed: report.records.filter { $0.change == .changed }.map {
                        UploadPreview.Record(key: $0.code, name: $0.name, changedFields: $0.changedFields)
                    },
                    rejected: rejected, confirmable: confirmable, csrf: signed.csrf, signedIn: signed.user,
                    language: signed.language)),
            request)
    }

    private func confirm(_ request: Request, _ context: WebRequestContext, _ signed: Signed) async throws -> Response {
        try requireWriter(signed)
        guard let taken = uploads.take(context.form?["upload"] ?? "", session: signed.session.secret) else {
            throw Refusal(
                404,
                Words(
                    zh: "没有这次上传：它已被确认、取消，或已超过 30 分钟",
                    en: "no such upload: it was confirmed, cancelled, or is older than 30 minutes"))
        }
        let (kept, bytes) = taken
        let upload = Self.importUpload(bytes, kept, dryRun: false)
        let report = try await write(signed) { try $0.importFile(upload) }
        context.audit.record("imported \(kept.fileName): \(report.summary.line)")
        let summary = report.summary
        let body: HTML =
            signed.language == .zh
            ? "<section><h1>已导入 \(kept.fileName)</h1><p>新增 \(summary.inserted)，修改 \(summary.updated)，"
                + "无变化 \(summary.unchanged)，跳过 \(summary.skipped)，拒绝 \(summary.rejected)</p>"
                + "<p><a href=\"/centers\">中心</a> · <a href=\"/upload\">再上传一批</a></p></section>"
            : "<section><h1>Imported \(kept.fileName)</h1><p>\(summary.line)</p>"
                + "<p><a href=\"/centers\">Centers</a> · <a href=\"/upload\">Upload another batch</a></p></section>"
        let title = Words(zh: "已导入", en: "Imported")(signed.language)
        return html(
            Layout.document(title: title, body: body, signedIn: signed.user, language: signed.language), request)
    }

    static func importUpload(_ bytes: [UInt8], _ kept: UploadStore.Upload, dryRun: Bool) -> ImportUpload {
        ImportUpload(
            bytes: bytes, kind: kept.kind.importKind, onConflict: kept.mode.conflictPolicy, dryRun: dryRun,
            displayName: kept.fileName, encoding: kept.encoding.flatMap(TextEncoding.init(rawValue:)),
            sheet: kept.sheet)
    }

    /// The name a browser sent a file under, as import's messages name it: its last path
    /// component, printable, at most 200 characters; `upload` for none.
    static func fileName(_ sent: String?) -> String {
        let last = (sent ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(200))
        let printable = String(scalars)
        return TextRules.trimmed(printable).isEmpty ? "upload" : printable
    }

    // MARK: Parts

    /// A GET (and HEAD) form page for a signed-in user; anyone else is sent to sign in first.
    private func get(
        _ router: Router<WebRequestContext>, _ path: String,
        _ body: @escaping @Sendable (Request, WebRequestContext, Signed) async throws -> Response
    ) {
        for method in [HTTPRequest.Method.get, .head] {
            router.on(RouterPath(path), method: method) { request, context in
                guard let principal = context.principal, let session = context.session else {
                    var fields = HTTPFields()
                    fields[.location] = "/login?next=" + Query.encode(String((request.head.path ?? "/").prefix(2000)))
                    return Response(status: .seeOther, headers: fields)
                }
                return await answer(
                    request, context,
                    Signed(principal: principal, session: session, language: FormLanguage.of(request).language), body)
            }
        }
    }

    /// A form POST; CSRFMiddleware has refused it already unless it has a session.
    private func post(
        _ writes: WriteRouteTable, _ router: Router<WebRequestContext>, _ path: String,
        _ body: @escaping @Sendable (Request, WebRequestContext, Signed) async throws -> Response
    ) {
        writes.on(router, path, method: .post) { request, context in
            guard let principal = context.principal, let session = context.session else {
                return refusal(app, 403, "refused: sign in first (this form needs a session)", request, context)
            }
            return await answer(
                request, context,
                Signed(principal: principal, session: session, language: FormLanguage.of(request).language), body)
        }
    }

    /// Runs a form's route; its refusals become pages.
    private func answer(
        _ request: Request, _ context: WebRequestContext, _ signed: Signed,
        _ body: @Sendable (Request, WebRequestContext, Signed) async throws -> Response
    ) async -> Response {
        let status: Int
        let message: Words
        do {
            return try await body(request, context, signed)
        } catch let error as Refusal {
            status = error.status
            message = error.message
        } catch let error as WriteError {
            status = error.kind.httpStatus
            let parts = [error.message] + error.problems
            message = Words(
                zh: parts.map(FormMessages.chinese).joined(separator: "；"), en: parts.joined(separator: "; "))
        } catch {
            status = 503
            message = Words(zh: "目前无法写入登记：\(error)", en: "the registry cannot be written now: \(error)")
        }
        // The audit log keeps the English, as it keeps every other refusal.
        context.audit.explain(message.en)
        return html(
            Layout.errorPage(
                status: status, message: message(signed.language), signedIn: signed.user, language: signed.language),
            status: status, request)
    }

    private func html(_ page: HTML, status: Int = 200, _ request: Request) -> Response {
        WebResponse(
            status: status, contentType: "text/html; charset=utf-8", body: Array(page.markup.utf8),
            headers: [("Cache-Control", "no-store")] + FormLanguage.of(request).headers
        ).response(to: request.method)
    }

    static func seeOther(_ location: String) -> Response {
        var fields = HTTPFields()
        fields[.location] = location
        return Response(status: .seeOther, headers: fields)
    }

    private func requireWriter(_ signed: Signed) throws {
        guard security.writer != nil else { throw readOnly }
        guard signed.principal.writesCenters else { throw Refusal(403, "a viewer cannot change the registry") }
    }

    /// The refusal of a server that does not write.
    private var readOnly: Refusal {
        guard let reason = security.readOnlyReason else {
            return Refusal(403, Words(zh: "此服务器只读", en: "this server is read-only"))
        }
        return Refusal(403, reason)
    }

    private func requireCovered(_ center: VersionedCenter, _ signed: Signed, _ doing: String) throws {
        let region = center.stored.center.regionCode
        guard signed.principal.covers(region: region) else {
            throw Refusal(
                403, "\(doing) center \(center.stored.center.code): division \(region) is outside your regions")
        }
    }

    /// Runs `body` in one write transaction of the writer, as the signed-in user.
    private func write<T: Sendable>(
        _ signed: Signed, _ body: @escaping @Sendable (CenterWrites) throws -> T
    ) async throws -> T {
        guard let writer = security.writer else {
            throw readOnly
        }
        let principal = signed.principal
        return try await writer.write(actor: principal.actor) { db in try body(CenterWrites(db, principal: principal)) }
    }

    /// Runs `body` on a reader, in the pages' lane.
    private func read<T: Sendable>(
        _ context: WebRequestContext, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        let data = app.data
        let outcome: Result<T, WebError>
        do throws(SchedulerRefusal) {
            outcome = try await scheduler.run(.page, clientGone: context.clientGone(scheduler)) {
                do throws(WebError) { return .success(try data.read(body)) } catch { return .failure(error) }
            }
        } catch {
            throw Refusal(503, Words(zh: "服务器繁忙：请稍后再试", en: "the server is busy: try again shortly"))
        }
        switch outcome {
        case .success(let value): return value
        case .failure(.notFound(let message)): throw Refusal(404, message)
        case .failure(let error): throw Refusal(503, error.message)
        }
    }

    /// The center `code` with its statistics; 404 without one.
    private func centerWithStatistics(
        _ code: String, _ context: WebRequestContext
    ) async throws -> (VersionedCenter, [CaseStatistic]) {
        let found = try await read(context) { db -> (VersionedCenter, [CaseStatistic])? in
            guard let center = try VersionedCenter.find(code: code, in: db) else { return nil }
            return (center, try StatisticsRepository(db).statistics(centerID: center.stored.id))
        }
        guard let found else { throw Refusal(404, "center \(code): no such center") }
        return found
    }

    /// What the center form offers: the divisions inside the user's regions (all for an
    /// admin), and every industry and service, each with its Chinese and English names; the
    /// provinces name the divisions' groups.
    static func choices(_ db: Database, _ principal: Principal) throws -> CenterFormChoices {
        let reference = ReferenceRepository(db)
        let divisions = try reference.divisions()
        return CenterFormChoices(
            divisions: divisions.filter { principal.covers(region: $0.code) }.map {
                FormChoice(code: $0.code, name: $0.name, nameEnglish: $0.nameEnglish)
            },
            industries: try reference.entries(.industries).map {
                FormChoice(code: $0.code, name: $0.name, nameEnglish: $0.nameEnglish)
            },
            services: try reference.entries(.services).map {
                FormChoice(code: $0.code, name: $0.name, nameEnglish: $0.nameEnglish)
            },
            provinces: divisions.filter { $0.level == 1 }.map {
                FormChoice(code: $0.code, name: $0.name, nameEnglish: $0.nameEnglish)
            })
    }

    static func code(_ context: WebRequestContext) -> String {
        let raw = context.parameters.get("code") ?? ""
        return raw.contains("%") ? Query.decode(Substring(raw), plusIsSpace: false) ?? raw : raw
    }

    /// A write error's problems, each with the field it names (`name "": is required`).
    static func problems(_ error: WriteError) -> [FormProblem] {
        (error.problems.isEmpty ? [error.message] : error.problems).map { problem in
            let first = problem.prefix { $0 != " " && $0 != ":" }
            return FormProblem(field: first.isEmpty ? nil : String(first), message: problem)
        }
    }
}

/// The language of a form or sign-in page, negotiated as the read pages' (Language.negotiate):
/// `?lang=`, the `lang` cookie, `Accept-Language`, else Chinese. A `?lang=` that chose one sets
/// the cookie too, so that the form's POST (whose address has no query) answers in it.
struct FormLanguage {
    let language: Language
    /// What the answer adds: the cookie when the query chose, and that it varies by both.
    let headers: [(String, String)]

    static func of(_ request: Request) -> FormLanguage {
        let items = (try? Query.parse(RequestTarget.query(of: request.head.path ?? "/"))) ?? []
        let (language, chosen) = Language.of(
            queryItems: items, cookie: WebSecurity.cookie(named: Language.cookieName, in: request),
            acceptLanguage: HTTPField.Name("Accept-Language").flatMap { request.headers[$0] })
        var headers = [("Vary", "Cookie, Accept-Language")]
        if let chosen { headers.append(("Set-Cookie", Language.cookie(chosen))) }
        return FormLanguage(language: language, headers: headers)
    }
}
