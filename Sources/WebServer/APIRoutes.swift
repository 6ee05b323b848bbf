// The JSON API (docs/web-api.md): centers read with their version, added, changed, removed and
// restored, their statistics added, files imported, for the token's holder (`context.principal`,
// set from `Authorization: Bearer` by CredentialsMiddleware). Every write goes through the one
// writer as `CenterWrites`, the forms' own operations, and its refusals become the statuses the
// API promises; the route only reads the body and shapes the answer.
import Foundation
import HTTPTypes
import Hummingbird
import IPRegistry
import NIOCore
import TabularFiles
import WebPages

struct APIRoutes: Sendable {
    let app: WebApp
    let security: WebSecurity
    let scheduler: ReaderScheduler
    let maxUploadBytes: Int

    func add(to router: Router<WebRequestContext>, writes: WriteRouteTable) {
        for method in [HTTPRequest.Method.get, .head] {
            router.on("api/centers/:code", method: method) { request, context in
                await show(request, context)
            }
        }
        writes.on(router, "api/centers", method: .post) { request, context in
            await write(request, context, status: 201) { request in
                let values = try APIBody.centerFields(try APIBody.object(try await body(of: request)))
                return { writes in try writes.create(values) }
            } answer: { (added: VersionedCenter) in
                Self.center(added, status: 201, extra: [("Location", "/api/centers/" + added.stored.center.code)])
            }
        }
        writes.on(router, "api/centers/:code", method: .patch) { request, context in
            let code = Self.code(context)
            let ifMatch = request.headers[.ifMatch]
            return await write(request, context) { request in
                let values = try APIBody.centerFields(try APIBody.object(try await body(of: request)))
                var edit = CenterEdit()
                edit.values = values
                let change = edit
                return { writes in try writes.update(code: code, change, ifMatch: ifMatch) }
            } answer: { (updated: VersionedCenter) in
                Self.center(updated, status: 200)
            }
        }
        writes.on(router, "api/centers/:code", method: .delete) { request, context in
            let code = Self.code(context)
            let ifMatch = request.headers[.ifMatch]
            return await write(request, context) { _ in
                { writes in try writes.remove(code: code, ifMatch: ifMatch) }
            } answer: { (removed: StoredCenter) in
                Self.json(200, APIFormats.center(removed))
            }
        }
        writes.on(router, "api/centers/:code/restore", method: .post) { request, context in
            let code = Self.code(context)
            return await write(request, context) { _ in
                { writes in try writes.restore(code: code) }
            } answer: { (restored: VersionedCenter) in
                Self.center(restored, status: 200)
            }
        }
        writes.on(router, "api/centers/:code/statistics", method: .post) { request, context in
            let code = Self.code(context)
            return await write(request, context) { request in
                let rows = try APIBody.statisticRows(try APIBody.parse(try await body(of: request)))
                return { writes in try writes.addStatistics(code: code, rows) }
            } answer: { (added: StatisticsAdded) in
                Self.json(200, APIFormats.statisticsAdded(added), headers: [("ETag", added.center.version.etag)])
            }
        }
        writes.on(router, "api/import/:kind", method: .post) { request, context in
            let kind = context.parameters.get("kind") ?? ""
            return await write(request, context) { request in
                let upload = try APIBody.upload(kind: kind, query: request.uri.queryParameters)
                var withBytes = upload
                withBytes.bytes = try await body(of: request)
                let file = withBytes
                return { writes in try writes.importFile(file) }
            } answer: { (report: ImportReport) in
                Self.json(200, APIFormats.importReport(report))
            }
        }
    }

    // MARK: Reading

    /// `GET /api/centers/CODE`: the center and its version, read on a reader as the pages are.
    private func show(_ request: Request, _ context: WebRequestContext) async -> Response {
        guard context.principal != nil else { return refused(request, context, 401, "send an API token") }
        let code = Self.code(context)
        let data = app.data
        let found: Result<VersionedCenter?, any Error>
        do throws(SchedulerRefusal) {
            found = try await scheduler.run(.page, clientGone: context.clientGone(scheduler)) {
                Result { try data.read { try VersionedCenter.find(code: code, in: $0) } }
            }
        } catch {
            return refused(request, context, 503, "the server is busy; try again shortly")
        }
        switch found {
        case .success(let center?):
            return WebResponse(
                status: 200, contentType: Self.jsonType, body: APIFormats.center(center.stored),
                headers: [("ETag", center.version.etag)]
            ).response(to: request.method)
        case .success(nil):
            return refused(request, context, 404, "center \(code): no such center")
        case .failure(let error):
            return refused(request, context, 500, "the registry could not be read: \(error)")
        }
    }

    // MARK: Writing

    /// Reads what the request sends (`prepare`, off the writer), then runs the write it returns on
    /// the writer as the principal, and answers with `answer` or the refusal.
    private func write<T: Sendable>(
        _ request: Request, _ context: WebRequestContext, status: Int = 200,
        prepare: (Request) async throws -> @Sendable (CenterWrites) throws -> T,
        answer: (T) -> Response
    ) async -> Response {
        guard let principal = context.principal else { return refused(request, context, 401, "send an API token") }
        guard let writer = security.writer else {
            return refused(request, context, 403, security.readOnlyReason ?? "this server is read-only")
        }
        // Before the body is read: a viewer's upload is not worth reading.
        guard principal.writesCenters else {
            return refused(request, context, 403, "a viewer cannot change the registry")
        }
        do {
            let operation = try await prepare(request)
            let result = try await writer.write(actor: principal.actor) { db in
                try operation(CenterWrites(db, principal: principal))
            }
            return answer(result)
        } catch let refusal as APIRefusal {
            return refused(request, context, refusal.status, refusal.message, problems: refusal.problems)
        } catch let error as WriteError {
            var extra: [(String, String)] = []
            if let current = error.current { extra.append(("ETag", current.version.etag)) }
            return refused(
                request, context, error.kind.httpStatus, error.message, problems: error.problems,
                current: error.current?.stored, report: error.report, headers: extra)
        } catch let error as RegistryError {
            if case .busy = error {
                return refused(
                    request, context, 503, "the registry is busy; try again shortly", headers: [("Retry-After", "1")])
            }
            return refused(request, context, 500, error.description)
        } catch let error as RegistryWriter.Stopped {
            return refused(request, context, 503, error.description)
        } catch {
            return refused(request, context, 500, "\(error)")
        }
    }

    /// The request's body, up to `--max-upload-bytes`: a larger one is 413 before it is read.
    private func body(of request: Request) async throws -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxUploadBytes {
            throw APIRefusal.tooLarge(maxUploadBytes)
        }
        do {
            let buffer = try await request.body.collect(upTo: maxUploadBytes)
            return Array(buffer.readableBytesView)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIRefusal.tooLarge(maxUploadBytes)
        }
    }

    // MARK: Answers

    static let jsonType = "application/json; charset=utf-8"

    static func json(_ status: Int, _ body: [UInt8], headers: [(String, String)] = []) -> Response {
        WebResponse(status: status, contentType: jsonType, body: body, headers: headers).response(to: .post)
    }

    static func center(_ center: VersionedCenter, status: Int, extra: [(String, String)] = []) -> Response {
        json(status, APIFormats.center(center.stored), headers: [("ETag", center.version.etag)] + extra)
    }

    /// A refusal as `{"error": ...}`, its message kept for the audit entry.
    private func refused(
        _ request: Request, _ context: WebRequestContext, _ status: Int, _ message: String,
        problems: [String] = [], current: StoredCenter? = nil, report: ImportReport? = nil,
        headers: [(String, String)] = []
    ) -> Response {
        context.audit.explain(message)
        return WebResponse(
            status: status, contentType: Self.jsonType,
            body: APIFormats.error(message, problems: problems, current: current, report: report), headers: headers
        ).response(to: request.method)
    }

    static func code(_ context: WebRequestContext) -> String { context.parameters.get("code") ?? "" }
}

/// A request the API refuses before it reaches the registry: its body or query.
struct APIRefusal: Error {
    let status: Int
    let message: String
    var problems: [String] = []

    static func tooLarge(_ limit: Int) -> APIRefusal {
        APIRefusal(status: 413, message: "the body is larger than \(limit) bytes (--max-upload-bytes)")
    }
}

/// Reading the API's bodies and queries into what CenterWrites takes.
enum APIBody {
    /// A JSON value, as the API reads it: text and numbers become the text a field is given as.
    enum Value: Decodable {
        case null, bool(Bool), integer(Int64), number(Double), text(String), array([Value])
        case object([String: Value])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let value = try? container.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? container.decode(Int64.self) {
                self = .integer(value)
            } else if let value = try? container.decode(Double.self) {
                self = .number(value)
            } else if let value = try? container.decode(String.self) {
                self = .text(value)
            } else if let value = try? container.decode([Value].self) {
                self = .array(value)
            } else {
                self = .object(try container.decode([String: Value].self))
            }
        }

        /// The value as a field's raw text: nil for null (not given, or cleared), nil-and-a-problem
        /// for what no field takes.
        func text(key: String, list: Bool, problems: inout [String]) -> String? {
            switch self {
            case .null: return ""
            case .text(let text): return text
            case .integer(let number): return String(number)
            case .number(let number): return String(number)
            case .array(let items) where list:
                var parts: [String] = []
                for item in items {
                    guard case .text(let text) = item else {
                        problems.append("\(key): a list of codes must hold text only")
                        return nil
                    }
                    parts.append(text)
                }
                return parts.joined(separator: ";")
            case .bool, .array, .object:
                problems.append("\(key): must be text or a number\(list ? ", or a list of codes" : "")")
                return nil
            }
        }
    }

    static func parse(_ bytes: [UInt8]) throws -> Value {
        do {
            return try JSONDecoder().decode(Value.self, from: Data(bytes))
        } catch {
            throw APIRefusal(status: 400, message: "the body must be JSON (Content-Type: application/json)")
        }
    }

    static func object(_ bytes: [UInt8]) throws -> [String: Value] {
        guard case .object(let object) = try parse(bytes) else {
            throw APIRefusal(status: 400, message: "the body must be one JSON object")
        }
        return object
    }

    /// Keys a center's answer has that are not its fields: sent back unchanged, they are ignored.
    static let derivedKeys: Set<String> = ["region_name", "region_name_en", "created_at", "updated_at"]

    /// A center's fields from a JSON object of section 4's keys; `null` or `""` leaves a new
    /// center's field out and clears a changed one's. Unknown keys are refused, all at once.
    static func centerFields(_ object: [String: Value]) throws -> [CenterField: String] {
        var values: [CenterField: String] = [:]
        var problems: [String] = []
        for key in object.keys.sorted() {
            guard let value = object[key] else { continue }
            guard let field = CenterField(rawValue: key) else {
                if !derivedKeys.contains(key) { problems.append("\(key): no such field") }
                continue
            }
            let list = field == .industries || field == .services
            if let text = value.text(key: key, list: list, problems: &problems) { values[field] = text }
        }
        guard problems.isEmpty else {
            throw APIRefusal(status: 422, message: problems.joined(separator: "; "), problems: problems)
        }
        return values
    }

    /// Rows of statistics: one object, or a list of them.
    static func statisticRows(_ value: Value) throws -> [[StatisticField: String]] {
        let objects: [Value]
        switch value {
        case .array(let items): objects = items
        case .object: objects = [value]
        default: throw APIRefusal(status: 400, message: "the body must be a JSON object or a list of objects")
        }
        var rows: [[StatisticField: String]] = []
        var problems: [String] = []
        for (index, item) in objects.enumerated() {
            guard case .object(let object) = item else {
                throw APIRefusal(status: 400, message: "the body must be a JSON object or a list of objects")
            }
            let label = objects.count > 1 ? "row \(index + 1): " : ""
            var row: [StatisticField: String] = [:]
            for key in object.keys.sorted() {
                guard let value = object[key] else { continue }
                guard let field = StatisticField(rawValue: key) else {
                    problems.append(label + "\(key): no such field")
                    continue
                }
                var valueProblems: [String] = []
                if let text = value.text(key: key, list: false, problems: &valueProblems) { row[field] = text }
                problems += valueProblems.map { label + $0 }
            }
            rows.append(row)
        }
        guard problems.isEmpty else {
            throw APIRefusal(status: 422, message: problems.joined(separator: "; "), problems: problems)
        }
        return rows
    }

    /// `?mode=fail|skip|upsert&dry_run=1&encoding=...&sheet=...` for the file kind of the path.
    static func upload(kind rawKind: String, query: Parameters) throws -> ImportUpload {
        guard let kind = ImportKind(rawValue: rawKind), kind != .regions else {
            throw APIRefusal(status: 404, message: "no such import: /api/import/centers, stats or figures")
        }
        var upload = ImportUpload(bytes: [], kind: kind)
        switch query.get("mode") ?? "fail" {
        case "fail": upload.onConflict = .fail
        case "skip": upload.onConflict = .skip
        case "upsert": upload.onConflict = .update
        case let mode:
            throw APIRefusal(status: 400, message: "mode \(mode): must be fail, skip or upsert")
        }
        switch query.get("dry_run") ?? "0" {
        case "1", "true", "yes": upload.dryRun = true
        case "0", "false", "no", "": upload.dryRun = false
        case let value: throw APIRefusal(status: 400, message: "dry_run \(value): must be 1 or 0")
        }
        if let encoding = query.get("encoding") {
            guard let known = TextEncoding(rawValue: encoding) else {
                let names = TextEncoding.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIRefusal(status: 400, message: "encoding \(encoding): must be one of \(names)")
            }
            upload.encoding = known
        }
        upload.sheet = query.get("sheet")
        return upload
    }
}
