// Sessions end idle or old, rights follow regions by containment, and the audit log lists what
// was appended, filtered by time and user (docs/web-security.md).
import IPRegistry
import Testing

@Suite struct SessionAndRightsTests {
    /// One hash for every account of these tests: bcrypt at cost 12 is slow, and no password is checked here.
    static let password = Result { try HashedPassword("correct horse battery") }

    func registry(_ folder: TemporaryDirectory, at time: String) throws -> Registry {
        try Registry.open(path: folder.path("registry.sqlite"), clock: .fixed(time))
    }

    func addAccounts(_ registry: Registry) throws {
        let password = try Self.password.get()
        try registry.write { db in
            let accounts = AccountRepository(db)
            try accounts.add(name: "tianjin", role: .editor, regions: ["120000"], password: password)
            try accounts.add(name: "root", role: .admin, regions: [], password: password)
            try accounts.add(name: "reader", role: .viewer, regions: [], password: password)
        }
    }

    @Test func aSessionEndsAfterThirtyIdleMinutesOrTwelveHours() throws {
        let folder = try TemporaryDirectory()
        let start = try registry(folder, at: "2026-12-07T08:00:00Z")
        try addAccounts(start)
        let (session, secret) = try start.write { db in
            try SessionRepository(db).create(for: try AccountRepository(db).existing(name: "tianjin"))
        }
        #expect(session.csrf.count >= 43 && secret.count >= 43 && session.csrf != secret)
        func found(at time: String, touching: Bool = false) throws -> Session? {
            try registry(folder, at: time).write { db in
                let sessions = SessionRepository(db)
                let found = try sessions.find(secret)
                if touching, found != nil { try sessions.touch(secret) }
                return found
            }
        }
        #expect(try found(at: "2026-12-07T08:29:59Z")?.account.name == "tianjin")
        #expect(try found(at: "2026-12-07T08:30:00Z") == nil)
        // Kept alive by a request every 20 minutes, it still ends 12 hours after it began.
        var time = 8 * 60
        while time < 19 * 60 + 40 {
            time += 20
            let stamp = "2026-12-07T\(String(format: "%02d:%02d", time / 60, time % 60)):00Z"
            #expect(try found(at: stamp, touching: true) != nil, "\(stamp)")
        }
        #expect(try found(at: "2026-12-07T20:00:00Z") == nil)
        let unknown = try registry(folder, at: "2026-12-07T08:10:00Z").read { db in
            try SessionRepository(db).find("x" + secret)
        }
        #expect(unknown == nil)
    }

    @Test func signingOutOrDisablingTheAccountEndsTheSession() throws {
        let folder = try TemporaryDirectory()
        let registry = try registry(folder, at: "2026-12-07T08:00:00Z")
        try addAccounts(registry)
        let secrets = try registry.write { db in
            let accounts = AccountRepository(db)
            return (
                try SessionRepository(db).create(for: try accounts.existing(name: "tianjin")).secret,
                try SessionRepository(db).create(for: try accounts.existing(name: "root")).secret
            )
        }
        try registry.write { db in try SessionRepository(db).end(secrets.0) }
        try registry.write { db in _ = try AccountRepository(db).disable(name: "root") }
        let found = try registry.read { db in
            (try SessionRepository(db).find(secrets.0), try SessionRepository(db).find(secrets.1))
        }
        #expect(found.0 == nil && found.1 == nil)
    }

    @Test func rightsFollowRegionsByContainment() throws {
        let folder = try TemporaryDirectory()
        let registry = try registry(folder, at: "2026-12-07T08:00:00Z")
        try addAccounts(registry)
        let (editor, admin, viewer) = try registry.read { db in
            let accounts = AccountRepository(db)
            return (
                try accounts.existing(name: "tianjin"), try accounts.existing(name: "root"),
                try accounts.existing(name: "reader")
            )
        }
        let tianjin = Principal.session(editor)
        #expect(tianjin.covers(region: "120000") && tianjin.covers(region: "120116"))
        #expect(!tianjin.covers(region: "110105") && !tianjin.covers(region: "130100"))
        #expect(tianjin.writesCenters && !tianjin.writesFigures)
        #expect(tianjin.actor == "web:tianjin")
        let root = Principal.session(admin)
        #expect(root.covers(region: "110105") && root.covers(region: "130100") && root.writesFigures)
        let narrowedRoot = Principal(account: admin, credential: .token(id: 3, label: nil), regions: ["130000"])
        #expect(narrowedRoot.covers(region: "130100") && !narrowedRoot.covers(region: "110105"))
        #expect(!narrowedRoot.writesFigures && narrowedRoot.actor == "token:root/#3")
        let labelled = Principal(account: editor, credential: .token(id: 4, label: "batch"), regions: ["120116"])
        #expect(labelled.actor == "token:tianjin/batch" && !labelled.covers(region: "120101"))
        let reader = Principal.session(viewer)
        #expect(!reader.writesCenters && !reader.covers(region: "110105"))
    }

    @Test func theAuditLogListsByTimeAndUser() throws {
        let folder = try TemporaryDirectory()
        let registry = try registry(folder, at: "2026-12-07T08:00:00Z")
        let entries = [
            AuditEntry(
                time: "2026-12-06T10:00:00Z", actor: "web:tianjin", address: "127.0.0.1", method: "POST",
                path: "/login", status: 303, detail: "signed in"),
            AuditEntry(
                time: "2026-12-07T09:00:00Z", actor: "tianjinx", address: "10.0.0.2", method: "POST",
                path: "/login", status: 401, detail: "sign-in failed"),
            AuditEntry(
                time: "2026-12-07T09:30:00Z", actor: "token:tianjin/batch", address: "10.0.0.3",
                method: "PATCH", path: "/api/centers/X", status: 403, detail: "outside the token's regions"),
            AuditEntry(
                actor: nil, address: "10.0.0.4", method: "POST", path: "/api/centers", status: 401,
                detail: "no credentials"),
        ]
        try registry.write { db in for entry in entries { try AuditLog(db).record(entry) } }
        try registry.read { db in
            let log = AuditLog(db)
            let all = try log.list()
            #expect(all.count == 4 && all[3].time == "2026-12-07T08:00:00Z" && all[0] == entries[0])
            #expect(try log.list(since: "2026-12-07").count == 3)
            #expect(try log.list(user: "tianjin").map(\.detail) == ["signed in", "outside the token's regions"])
            #expect(try log.list(user: "tianjinx").map(\.status) == [401])
            #expect(try log.failedSignIns(actor: "TIANJINX", address: nil, since: "2026-12-07T08:45:00Z") == 1)
            #expect(try log.failedSignIns(actor: nil, address: "10.0.0.2", since: "2026-12-07T09:01:00Z") == 0)
        }
    }
}
