// The JSON API (docs/web-api.md) in the test's process: one test per status it promises, each
// refusal tried in earnest and followed by a look at the registry, which must be as it was.
import Foundation
import HTTPTypes
import HummingbirdTesting
import IPRegistry
import NIOCore
import SQLiteDB
import Testing
import WebPages
import WebServer

@Suite struct WebAPITests {
    /// bcrypt takes a quarter of a second: hashed once.
    static let hashed: HashedPassword? = try? HashedPassword("correct horse battery staple")

    struct Reply {
        let status: Int
        let headers: HTTPFields
        let body: String
        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The example centers; an admin `ada`, a Tianjin editor and a viewer, each with a token.
    struct Fixture {
        let registry: TestRegistry
        let admin: String
        let tianjin: String
        let viewer: String

        init() throws {
            registry = try CenterSupport.registry()
            guard let hashed = WebAPITests.hashed else { throw Failure(description: "cannot hash the password") }
            let store = try Registry.open(path: registry.path)
            (admin, tianjin, viewer) = try store.write { db in
                let accounts = AccountRepository(db)
                try accounts.add(name: "ada", role: .admin, regions: [], password: hashed)
                try accounts.add(name: "tianjin", role: .editor, regions: ["120000"], password: hashed)
                try accounts.add(name: "reader", role: .viewer, regions: [], password: hashed)
                let tokens = TokenRepository(db)
                return (
                    try tokens.create(user: "ada", label: "ci", regions: [], expiresInDays: nil).secret,
                    try tokens.create(user: "tianjin", label: "batch", regions: [], expiresInDays: nil).secret,
                    try tokens.create(user: "reader", label: nil, regions: [], expiresInDays: nil).secret
                )
            }
        }

        /// What the API could change: centers, statistics and history.
        func contents() throws -> [String] {
            let connection = try Connection(path: registry.path, mode: .readOnly)
            var rows: [String] = []
            for sql in [
                "SELECT code || '|' || name || '|' || region_code || '|' || coalesce(address, '') FROM centers ORDER BY code",
                "SELECT center_id || '|' || period || '|' || coalesce(pretrial_cases, '') FROM case_statistics ORDER BY id",
                "SELECT center_code || '|' || change FROM center_history ORDER BY id",
            ] {
                let statement = try connection.prepare(sql)
                while try statement.step() { rows.append(statement.string(0) ?? "") }
            }
            return rows
        }

        func run<T: Sendable>(
            configure: (inout WebServerConfiguration) -> Void = { _ in },
            _ test: @escaping @Sendable (Client) async throws -> T
        ) async throws -> T {
            var configuration = WebServerConfiguration()
            configuration.readerThreads = 1
            configuration.sqlTimeLimitMilliseconds = 60_000
            configuration.allowedHosts = ["localhost:80"]
            configuration.port = 0
            configure(&configuration)
            let app = buildApplication(configuration, data: WebData(registry: try Registry.open(path: registry.path)))
            return try await app.test(.router) { client in try await test(Client(client: client)) }
        }
    }

    struct Client: Sendable {
        let client: any TestClientProtocol

        func send(
            _ method: HTTPRequest.Method, _ target: String, token: String?, body: String? = nil,
            headers extra: [(String, String)] = []
        ) async throws -> Reply {
            var headers = HTTPFields()
            if let token { headers[.authorization] = "Bearer \(token)" }
            if body != nil { headers[.contentType] = "application/json" }
            for (name, value) in extra {
                guard let field = HTTPField.Name(name) else { continue }
                headers[field] = value
            }
            let response = try await client.execute(
                uri: target, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
            return Reply(status: response.status.code, headers: response.headers, body: String(buffer: response.body))
        }
    }

    static let newCenter =
        #"{"code": "TJ-NEW", "name": "滨海新区知识产权中心", "kind": "tisc", "region_code": "120116", "industries": ["photovoltaics"], "latitude": 39.0, "longitude": 117.7}"#

    @Test func aNewCenterIs201WithItsLocationAndVersion() async throws {
        let fixture = try Fixture()
        let token = fixture.tianjin
        let (created, shown) = try await fixture.run { client in
            (
                try await client.send(.post, "/api/centers", token: token, body: Self.newCenter),
                try await client.send(.get, "/api/centers/tj-new", token: token)
            )
        }
        #expect(created.status == 201, "\(created.body)")
        #expect(created.header("Location") == "/api/centers/TJ-NEW")
        let etag = try #require(created.header("ETag"))
        #expect(etag.hasPrefix("\"") && etag.hasSuffix("\"") && etag.count == 34)
        #expect(
            created.json["code"] as? String == "TJ-NEW" && created.json["industries"] as? [String] == ["photovoltaics"])
        #expect(created.json["region_name"] as? String == "天津市 / 滨海新区")
        #expect(shown.status == 200 && shown.header("ETag") == etag)
        // History signs the change with the token that made it.
        let history = try fixture.registry.json(["center", "history", "TJ-NEW"]) as? [[String: Any]]
        #expect(history?.count == 1)
        #expect(history?.first?["actor"] as? String == "token:tianjin/batch")
    }

    @Test func noTokenIs401AndChangesNothing() async throws {
        let fixture = try Fixture()
        let before = try fixture.contents()
        let replies = try await fixture.run { client in
            [
                try await client.send(.post, "/api/centers", token: nil, body: Self.newCenter),
                try await client.send(.post, "/api/centers", token: "ipr_not-a-token", body: Self.newCenter),
                try await client.send(.delete, "/api/centers/PC-TJ", token: nil, headers: [("If-Match", "*")]),
            ]
        }
        #expect(replies.map(\.status) == [401, 401, 401])
        #expect(replies[0].json["error"] is String)
        #expect(try fixture.contents() == before)
    }

    @Test func aViewerOrACenterOutsideTheRegionsIs403AndChangesNothing() async throws {
        let fixture = try Fixture()
        let before = try fixture.contents()
        let (viewer, tianjin) = (fixture.viewer, fixture.tianjin)
        let replies = try await fixture.run { client in
            let beijing = try await client.send(.get, "/api/centers/PC-BJ", token: tianjin)
            let etag = beijing.header("ETag") ?? ""
            let ownEtag = try await client.send(.get, "/api/centers/PC-TJ", token: tianjin).header("ETag") ?? ""
            return [
                try await client.send(.post, "/api/centers", token: viewer, body: Self.newCenter),
                try await client.send(
                    .post, "/api/centers", token: tianjin,
                    body: Self.newCenter.replacingOccurrences(of: "120116", with: "110108")),
                try await client.send(
                    .patch, "/api/centers/PC-BJ", token: tianjin, body: #"{"name": "改名"}"#,
                    headers: [("If-Match", etag)]),
                // Moving its own center out of its regions.
                try await client.send(
                    .patch, "/api/centers/PC-TJ", token: tianjin, body: #"{"region_code": "110108"}"#,
                    headers: [("If-Match", ownEtag)]),
                try await client.send(.delete, "/api/centers/PC-BJ", token: tianjin, headers: [("If-Match", etag)]),
                try await client.send(
                    .post, "/api/centers/PC-BJ/statistics", token: tianjin,
                    body: #"{"period": "2024", "pretrial_cases": 3}"#),
                try await client.send(
                    .post, "/api/import/centers", token: tianjin,
                    body: "code,name,kind,region_code\nTJ-A,甲,tisc,120101\nBJ-A,乙,tisc,110108\n"),
                try await client.send(
                    .post, "/api/import/figures", token: tianjin,
                    body: "code,metric,regions,period,value,source\nF1,centers,120000,2022-12,19,report\n"),
            ]
        }
        #expect(replies.map(\.status) == Array(repeating: 403, count: 8), "\(replies.map(\.body))")
        #expect((replies[6].json["problems"] as? [String])?.count == 1)
        #expect((replies[6].json["problems"] as? [String])?.first?.hasPrefix("upload:3:4: code BJ-A") == true)
        #expect(try fixture.contents() == before)
        // Each refusal is in the audit log with its reason, naming the token.
        var entries: [AuditEntry] = []
        for _ in 0..<100 {
            entries = try Registry.open(path: fixture.registry.path, readOnly: true).read { try AuditLog($0).list() }
            if entries.filter({ $0.status == 403 }).count >= 8 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let refusals = entries.filter { $0.status == 403 }
        #expect(refusals.count == 8)
        #expect(
            refusals.contains {
                $0.actor == "token:tianjin/batch" && $0.path == "/api/centers/PC-BJ" && $0.method == "PATCH"
                    && ($0.detail ?? "").contains("outside your regions")
            })
    }

    @Test func anUnknownCenterIs404() async throws {
        let fixture = try Fixture()
        let before = try fixture.contents()
        let token = fixture.admin
        let replies = try await fixture.run { client in
            [
                try await client.send(.get, "/api/centers/NOPE", token: token),
                try await client.send(
                    .patch, "/api/centers/NOPE", token: token, body: "{}", headers: [("If-Match", "*")]),
                try await client.send(.post, "/api/centers/NEVER/restore", token: token),
                try await client.send(.post, "/api/import/regions", token: token, body: "code,name\n120199,新区\n"),
            ]
        }
        #expect(replies.map(\.status) == [404, 404, 404, 404])
        #expect(try fixture.contents() == before)
    }

    @Test func aTakenCodeIs409() async throws {
        let fixture = try Fixture()
        let before = try fixture.contents()
        let token = fixture.tianjin
        let reply = try await fixture.run { client in
            try await client.send(
                .post, "/api/centers", token: token,
                body: Self.newCenter.replacingOccurrences(of: "TJ-NEW", with: "pc-tj"))
        }
        #expect(reply.status == 409)
        #expect(reply.json["error"] as? String == "center pc-tj already exists (as PC-TJ)")
        #expect(try fixture.contents() == before)
    }

    @Test func aChangeWithoutTheVersionIs428AndWithAnOldOne412WithTheCurrentRecord() async throws {
        let fixture = try Fixture()
        let token = fixture.tianjin
        let before = try fixture.contents()
        let (missing, seen) = try await fixture.run { client in
            (
                try await client.send(.patch, "/api/centers/PC-TJ", token: token, body: #"{"address": "新地址"}"#),
                try await client.send(.get, "/api/centers/PC-TJ", token: token).header("ETag") ?? ""
            )
        }
        #expect(missing.status == 428)
        #expect(try fixture.contents() == before)
        // Someone else changes the center meanwhile.
        #expect(try fixture.registry.run(["center", "update", "PC-TJ", "--address", "别处"]).status == 0)
        let changed = try fixture.contents()
        let (stale, removal, fresh) = try await fixture.run { client in
            let stale = try await client.send(
                .patch, "/api/centers/PC-TJ", token: token, body: #"{"address": "新地址"}"#, headers: [("If-Match", seen)])
            let removal = try await client.send(
                .delete, "/api/centers/PC-TJ", token: token, headers: [("If-Match", seen)])
            let current = stale.header("ETag") ?? ""
            let fresh = try await client.send(
                .patch, "/api/centers/PC-TJ", token: token, body: #"{"address": "新地址", "notes": null}"#,
                headers: [("If-Match", current)])
            return (stale, removal, fresh)
        }
        #expect(stale.status == 412 && removal.status == 412)
        #expect((stale.json["current"] as? [String: Any])?["address"] as? String == "别处")
        #expect(stale.header("ETag") != seen)
        #expect(fresh.status == 200, "\(fresh.body)")
        #expect(fresh.json["address"] as? String == "新地址" && fresh.header("ETag") != stale.header("ETag"))
        #expect(try fixture.contents() != changed)
    }

    @Test func aBodyOverTheLimitIs413() async throws {
        let fixture = try Fixture()
        let before = try fixture.contents()
        let token = fixture.admin
        let file = "code,name,kind,region_code\n" + String(repeating: "TJ-A,甲,tisc,120101\n", count: 20)
        let replies = try await fixture.run(configure: { $0.maxUploadBytes = 200 }) { client in
            [
                try await client.send(.post, "/api/import/centers", token: token, body: file),
                try await client.send(
                    .post, "/api/centers", token: token, body: Self.newCenter + String(repeating: " ", count: 300)),
            ]
        }
        #expect(replies.map(\.status) == [413, 413])
        #expect(try fixture.contents() == before)
    }

    @Test func invalidValuesAre422ListingEveryProblemAndABadBody400() async throws {
        let fixture = try Fixture()
        let before = try fixture.contents()
        let token = fixture.tianjin
        let replies = try await fixture.run { client in
            [
                try await client.send(
                    .post, "/api/centers", token: token,
                    body:
                        #"{"code": "X 1", "kind": "castle", "region_code": "120116", "website": "ftp://x", "colour": "red"}"#
                ),
                try await client.send(
                    .post, "/api/centers", token: token,
                    body: #"{"code": "X1", "kind": "castle", "region_code": "120116"}"#),
                try await client.send(.post, "/api/centers", token: token, body: "{not json"),
                try await client.send(
                    .post, "/api/import/centers", token: token,
                    body: "code,name,kind,region_code\nTJ-A,甲,castle,120101\nTJ-B,,tisc,120101\n"),
                try await client.send(.post, "/api/import/centers?mode=overwrite", token: token, body: "code\n"),
            ]
        }
        #expect(replies.map(\.status) == [422, 422, 400, 422, 400], "\(replies.map(\.body))")
        #expect((replies[0].json["problems"] as? [String]) == ["colour: no such field"])
        let problems = replies[1].json["problems"] as? [String] ?? []
        #expect(problems.count == 2 && problems.contains("name '': is required"))
        #expect((replies[3].json["problems"] as? [String])?.count == 2)
        #expect(try fixture.contents() == before)
    }

    @Test func aRemovalIsRestorableAndStatisticsAreAdded() async throws {
        let fixture = try Fixture()
        let token = fixture.tianjin
        let (removed, gone, restored, statistics) = try await fixture.run { client in
            let etag = try await client.send(.get, "/api/centers/TISC-TJU", token: token).header("ETag") ?? ""
            return (
                try await client.send(.delete, "/api/centers/TISC-TJU", token: token, headers: [("If-Match", etag)]),
                try await client.send(.get, "/api/centers/TISC-TJU", token: token),
                try await client.send(.post, "/api/centers/tisc-tju/restore", token: token),
                try await client.send(
                    .post, "/api/centers/TISC-TJU/statistics", token: token,
                    body:
                        #"[{"period": "2024-Q1", "pretrial_cases": 3}, {"period": "2024-Q2", "protection_cases": "4"}]"#
                )
            )
        }
        #expect(removed.status == 200 && gone.status == 404)
        #expect(restored.status == 200 && restored.json["code"] as? String == "TISC-TJU")
        #expect(statistics.status == 200, "\(statistics.body)")
        let rows = statistics.json["statistics"] as? [[String: Any]] ?? []
        #expect(rows.map { $0["period"] as? String } == ["2024-Q1", "2024-Q2"])
        #expect(rows.map { $0["replaced"] as? Bool } == [false, false])
        #expect(statistics.header("ETag") != restored.header("ETag"))
        let changes = try fixture.registry.json(["center", "history", "TISC-TJU"]) as? [[String: Any]] ?? []
        #expect(changes.map { $0["change"] as? String } == ["update", "restore", "remove", "add"])
        #expect(
            changes.map { $0["actor"] as? String }
                == [
                    "token:tianjin/batch", "token:tianjin/batch", "token:tianjin/batch",
                    changes.last?["actor"] as? String,
                ])
    }

    @Test func anImportAnswersWithImportsReportAndADryRunWritesNothing() async throws {
        let fixture = try Fixture()
        let token = fixture.tianjin
        let before = try fixture.contents()
        let file = "code\tname\tkind\tregion_code\nTJ-A\t甲\ttisc\t120101\nPC-TJ\t天津中心\tprotection\t120000\n"
        let preview = try await fixture.run { client in
            try await client.send(.post, "/api/import/centers?mode=upsert&dry_run=1", token: token, body: file)
        }
        #expect(preview.status == 200, "\(preview.body)")
        #expect(preview.json["dry_run"] as? Bool == true && preview.json["written"] as? Bool == false)
        #expect(preview.json["added"] as? Int == 1 && preview.json["updated"] as? Int == 1)
        #expect(try fixture.contents() == before)
        let report = try await fixture.run { client in
            try await client.send(.post, "/api/import/centers?mode=skip", token: token, body: file)
        }
        #expect(report.json["written"] as? Bool == true && report.json["added"] as? Int == 1)
        #expect(report.json["skipped"] as? Int == 1 && report.json["errors"] as? [String] == [])
    }
}
