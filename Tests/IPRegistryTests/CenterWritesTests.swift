// The web's writes (CenterWrites): the command line's rules, rights by region, versions that
// refuse a change over one the client has not seen, and every refusal leaving the registry as it was.
import IPRegistry
import SQLiteDB
import Testing

@Suite struct CenterWritesTests {
    /// One hash for every account of these tests: bcrypt at cost 12 is slow, and no password is checked here.
    static let password = Result { try HashedPassword("correct horse battery") }

    /// A registry with a Tianjin editor, a Hebei editor, an admin and a viewer, and one center in
    /// Tianjin (TJ1, with a statistic) and one in Beijing (BJ1).
    struct Fixture {
        let folder: TemporaryDirectory
        let registry: Registry
        let tianjin: Principal
        let hebei: Principal
        let admin: Principal
        let viewer: Principal

        init() throws {
            folder = try TemporaryDirectory()
            registry = try Registry.open(path: folder.path("registry.sqlite"), clock: .fixed("2026-12-07T08:00:00Z"))
            let password = try CenterWritesTests.password.get()
            let accounts = try registry.write { db in
                let accounts = AccountRepository(db)
                return (
                    try accounts.add(name: "tianjin", role: .editor, regions: ["120000"], password: password),
                    try accounts.add(name: "hebei", role: .editor, regions: ["130000"], password: password),
                    try accounts.add(name: "root", role: .admin, regions: [], password: password),
                    try accounts.add(name: "reader", role: .viewer, regions: [], password: password)
                )
            }
            tianjin = .session(accounts.0)
            hebei = .session(accounts.1)
            admin = .session(accounts.2)
            viewer = .session(accounts.3)
            try registry.write { db in
                let centers = try CenterRepository(db)
                try centers.insert(Center(code: "TJ1", name: "天津中心", kind: .protection, regionCode: "120116"))
                try centers.insert(Center(code: "BJ1", name: "北京中心", kind: .tisc, regionCode: "110105"))
                let period = try #require(Period("2023"))
                try centers.addStatistic(
                    CaseStatistic(centerCode: "TJ1", period: period, pretrialCases: 5, protectionCases: 7, source: nil))
            }
        }

        func write<T>(_ principal: Principal, _ body: (CenterWrites) throws -> T) throws -> T {
            try registry.write { db in try body(CenterWrites(db, principal: principal)) }
        }

        func version(_ code: String) throws -> CenterVersion? {
            try registry.read { db in try VersionedCenter.find(code: code, in: db)?.version }
        }

        /// Everything a write could touch, to show a refused one touched nothing.
        func fingerprint() throws -> [String] {
            let connection = try registry.outsideConnection()
            var rows: [String] = []
            for sql in [
                "SELECT code, name, region_code, status FROM centers ORDER BY code",
                "SELECT center_id, period, pretrial_cases FROM case_statistics ORDER BY id",
                "SELECT center_code, change FROM center_history ORDER BY id",
                "SELECT center_id, industry_code FROM center_industries ORDER BY 1, 2",
                "SELECT code FROM figures ORDER BY code",
            ] {
                let statement = try connection.prepare(sql)
                while try statement.step() {
                    rows.append(
                        (0..<statement.columnCount).map { statement.string($0) ?? "NULL" }.joined(separator: "|"))
                }
                rows.append("--")
            }
            return rows
        }

        /// Runs a write that must be refused with `kind`, and checks it changed nothing.
        @discardableResult
        func refused(
            _ kind: WriteError.Kind, _ principal: Principal, sourceLocation: SourceLocation = #_sourceLocation,
            _ body: (CenterWrites) throws -> Void
        ) throws -> WriteError? {
            let before = try fingerprint()
            var caught: WriteError?
            do {
                try write(principal, body)
                Issue.record("the write was not refused", sourceLocation: sourceLocation)
            } catch let error as WriteError {
                caught = error
                #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
            }
            #expect(try fingerprint() == before, sourceLocation: sourceLocation)
            return caught
        }
    }

    static let newCenter: [CenterField: String] = [
        .code: "TJ2", .name: "滨海中心", .kind: "tisc", .regionCode: "120116", .industries: "photovoltaics",
    ]

    @Test func anEditorAddsACenterInItsRegionAndGetsItsVersion() throws {
        let fixture = try Fixture()
        let added = try fixture.write(fixture.tianjin) { try $0.create(Self.newCenter) }
        #expect(added.stored.center.code == "TJ2" && added.stored.center.industries == ["photovoltaics"])
        #expect(added.version == (try fixture.version("TJ2")))
        #expect(added.version.etag == "\"\(added.version.text)\"" && added.version.text.count == 32)
        let history = try fixture.registry.read { db in try CenterRepository(db).history(code: "TJ2") }
        #expect(history.count == 1)
    }

    @Test func everyProblemOfANewCenterIsListedAndNothingIsWritten() throws {
        let fixture = try Fixture()
        let error = try fixture.refused(.invalid, fixture.tianjin) { writes in
            _ = try writes.create([
                .code: "TJ 2", .kind: "castle", .regionCode: "120116", .website: "ftp://x", .latitude: "91",
            ])
        }
        #expect(error?.problems.count == 5)
        #expect(error?.problems.contains("name '': is required") == true)
        #expect(error?.problems.contains { $0.hasPrefix("kind castle: must be one of") } == true)
    }

    @Test func aTakenCodeIsAConflictInAnyCase() throws {
        let fixture = try Fixture()
        var values = Self.newCenter
        values[.code] = "tj1"
        let error = try fixture.refused(.conflict, fixture.tianjin) { _ = try $0.create(values) }
        #expect(error?.message == "center tj1 already exists (as TJ1)")
    }

    @Test func nobodyAddsACenterOutsideTheirRegionsAndAViewerAddsNone() throws {
        let fixture = try Fixture()
        var beijing = Self.newCenter
        beijing[.regionCode] = "110105"
        try fixture.refused(.forbidden, fixture.tianjin) { _ = try $0.create(beijing) }
        try fixture.refused(.forbidden, fixture.hebei) { _ = try $0.create(Self.newCenter) }
        try fixture.refused(.forbidden, fixture.viewer) { _ = try $0.create(Self.newCenter) }
        let narrowed = Principal(
            account: fixture.admin.account, credential: .token(id: 1, label: "hb"), regions: ["130000"])
        try fixture.refused(.forbidden, narrowed) { _ = try $0.create(beijing) }
        _ = try fixture.write(fixture.admin) { try $0.create(beijing) }
        #expect(try fixture.version("TJ2") != nil)
    }

    @Test func anUpdateNeedsTheCurrentVersion() throws {
        let fixture = try Fixture()
        var edit = CenterEdit()
        edit.values[.name] = "天津市知识产权保护中心"
        try fixture.refused(.preconditionRequired, fixture.tianjin) {
            _ = try $0.update(code: "TJ1", edit, ifMatch: nil)
        }
        let seen = try #require(try fixture.version("TJ1"))
        // Another client changes the center meanwhile: the version the editor saw is stale.
        try fixture.registry.outsideConnection().execute("UPDATE centers SET address = '新港' WHERE code = 'TJ1'")
        #expect(try fixture.version("TJ1") != seen)
        let stale = try fixture.refused(.stale, fixture.tianjin) {
            _ = try $0.update(code: "TJ1", edit, ifMatch: seen.etag)
        }
        #expect(stale?.current?.stored.center.address == "新港")
        #expect(stale?.current?.version == (try fixture.version("TJ1")))
        // A weak tag never matches; the current one does, quoted, bare or as `*`.
        let current = try #require(try fixture.version("TJ1"))
        try fixture.refused(.stale, fixture.tianjin) {
            _ = try $0.update(code: "TJ1", edit, ifMatch: "W/" + current.etag)
        }
        let updated = try fixture.write(fixture.tianjin) { try $0.update(code: "tj1", edit, ifMatch: current.etag) }
        #expect(updated.stored.center.name == "天津市知识产权保护中心" && updated.version != current)
        #expect(try updated.version == fixture.version("TJ1"))
        edit.values[.name] = "又一个名字"
        _ = try fixture.write(fixture.tianjin) { try $0.update(code: "TJ1", edit, ifMatch: "*") }
    }

    @Test func aVersionChangesWithIndustriesServicesAndStatisticsToo() throws {
        let fixture = try Fixture()
        var versions = [try #require(try fixture.version("TJ1"))]
        let outside = try fixture.registry.outsideConnection()
        try outside.execute(
            "INSERT INTO center_industries (center_id, industry_code) SELECT id, 'photovoltaics' FROM centers WHERE code = 'TJ1'"
        )
        versions.append(try #require(try fixture.version("TJ1")))
        try outside.execute(
            "INSERT INTO center_services (center_id, service_code) SELECT id, 'training' FROM centers WHERE code = 'TJ1'"
        )
        versions.append(try #require(try fixture.version("TJ1")))
        try outside.execute("UPDATE case_statistics SET pretrial_cases = 6")
        versions.append(try #require(try fixture.version("TJ1")))
        #expect(Set(versions).count == 4)
        // Reading again changes nothing.
        #expect(try fixture.version("TJ1") == versions.last)
    }

    @Test func everyProblemOfAnUpdateIsListed() throws {
        let fixture = try Fixture()
        let version = try #require(try fixture.version("TJ1"))
        var edit = CenterEdit()
        edit.values = [.kind: "castle", .regionCode: "999999", .opened: "2999"]
        let error = try fixture.refused(.invalid, fixture.tianjin) {
            _ = try $0.update(code: "TJ1", edit, ifMatch: version.etag)
        }
        #expect(error?.problems.count == 3)
    }

    @Test func nobodyChangesOrMovesACenterOutsideTheirRegions() throws {
        let fixture = try Fixture()
        var rename = CenterEdit()
        rename.values[.name] = "改名"
        let beijing = try #require(try fixture.version("BJ1"))
        try fixture.refused(.forbidden, fixture.tianjin) {
            _ = try $0.update(code: "BJ1", rename, ifMatch: beijing.etag)
        }
        let tianjin = try #require(try fixture.version("TJ1"))
        var moveOut = CenterEdit()
        moveOut.values[.regionCode] = "110105"
        try fixture.refused(.forbidden, fixture.tianjin) {
            _ = try $0.update(code: "TJ1", moveOut, ifMatch: tianjin.etag)
        }
        var moveIn = CenterEdit()
        moveIn.values[.regionCode] = "120101"
        try fixture.refused(.forbidden, fixture.tianjin) {
            _ = try $0.update(code: "BJ1", moveIn, ifMatch: beijing.etag)
        }
        try fixture.refused(.forbidden, fixture.viewer) {
            _ = try $0.update(code: "TJ1", rename, ifMatch: tianjin.etag)
        }
        // Within its regions, a move is an update like another.
        let moved = try fixture.write(fixture.tianjin) { try $0.update(code: "TJ1", moveIn, ifMatch: tianjin.etag) }
        #expect(moved.stored.center.regionCode == "120101")
        try fixture.refused(.notFound, fixture.tianjin) { _ = try $0.update(code: "NOPE", rename, ifMatch: "*") }
    }

    @Test func aRemovalNeedsTheVersionAndTheRegionAndARestoreBringsItBack() throws {
        let fixture = try Fixture()
        let version = try #require(try fixture.version("TJ1"))
        try fixture.refused(.preconditionRequired, fixture.tianjin) { try $0.remove(code: "TJ1", ifMatch: nil) }
        try fixture.refused(.stale, fixture.tianjin) {
            try $0.remove(code: "TJ1", ifMatch: "\"\(String(repeating: "0", count: 32))\"")
        }
        try fixture.refused(.forbidden, fixture.hebei) { try $0.remove(code: "TJ1", ifMatch: version.etag) }
        try fixture.refused(.forbidden, fixture.viewer) { try $0.remove(code: "TJ1", ifMatch: version.etag) }
        try fixture.refused(.notFound, fixture.tianjin) { try $0.remove(code: "NOPE", ifMatch: "*") }
        let removed = try fixture.write(fixture.tianjin) { try $0.remove(code: "tj1", ifMatch: version.etag) }
        #expect(try removed.center.code == "TJ1" && fixture.version("TJ1") == nil)
        try fixture.refused(.forbidden, fixture.hebei) { _ = try $0.restore(code: "TJ1") }
        try fixture.refused(.forbidden, fixture.viewer) { _ = try $0.restore(code: "TJ1") }
        try fixture.refused(.notFound, fixture.tianjin) { _ = try $0.restore(code: "NEVER") }
        let restored = try fixture.write(fixture.tianjin) { try $0.restore(code: "TJ1") }
        // Back with its statistics: the same record, so the same version.
        #expect(restored.version == version)
        try fixture.refused(.conflict, fixture.tianjin) { _ = try $0.restore(code: "TJ1") }
    }

    @Test func statisticsAreAddedInTheRegionWithEveryProblemListed() throws {
        let fixture = try Fixture()
        let before = try #require(try fixture.version("TJ1"))
        let added = try fixture.write(fixture.tianjin) { writes in
            try writes.addStatistics(
                code: "tj1",
                [
                    [.period: "2024-Q1", .pretrialCases: "3"],
                    [.period: "2023", .pretrialCases: "9", .protectionCases: "1", .centerCode: "BJ1"],
                ])
        }
        #expect(added.replaced == [false, true])
        #expect(added.statistics.map(\.centerCode) == ["TJ1", "TJ1"])
        #expect(try added.center.version != before && added.center.version == fixture.version("TJ1"))
        let history = try fixture.registry.read { db in try CenterRepository(db).history(code: "TJ1") }
        #expect(history.count == 3)
        let error = try fixture.refused(.invalid, fixture.tianjin) { writes in
            _ = try writes.addStatistics(
                code: "TJ1",
                [
                    [.period: "2025-13", .pretrialCases: "x"], [.period: "2022"],
                    [.period: "2022-05", .pretrialCases: "1"],
                ])
        }
        #expect(
            error?.problems == [
                "row 1: period 2025-13: " + Period.rule,
                "row 1: pretrial_cases x: must be a whole number from 0 to 999999999999",
                "row 2: pretrial_cases '': give pretrial_cases, protection_cases or both",
            ])
        try fixture.refused(.invalid, fixture.tianjin) { writes in
            _ = try writes.addStatistics(code: "TJ1", [[.period: "2023-05", .pretrialCases: "1"]])
        }
        try fixture.refused(.forbidden, fixture.tianjin) { writes in
            _ = try writes.addStatistics(code: "BJ1", [[.period: "2024", .pretrialCases: "1"]])
        }
        try fixture.refused(.forbidden, fixture.viewer) { writes in
            _ = try writes.addStatistics(code: "TJ1", [[.period: "2024", .pretrialCases: "1"]])
        }
        try fixture.refused(.notFound, fixture.tianjin) { writes in
            _ = try writes.addStatistics(code: "NOPE", [[.period: "2024", .pretrialCases: "1"]])
        }
    }

    static func upload(
        _ kind: ImportKind, _ text: String, _ policy: ConflictPolicy = .fail, dryRun: Bool = false
    )
        -> ImportUpload
    {
        ImportUpload(
            bytes: Array(text.utf8), kind: kind, onConflict: policy, dryRun: dryRun, displayName: "batch.csv")
    }

    @Test func anImportInTheRegionReportsWhatItDid() throws {
        let fixture = try Fixture()
        let file = "code,name,kind,region_code\nTJ2,二号,tisc,120101\nTJ1,一号,protection,120116\n"
        let preview = try fixture.write(fixture.tianjin) {
            try $0.importFile(Self.upload(.centers, file, .update, dryRun: true))
        }
        #expect(!preview.written && preview.summary.inserted == 1 && preview.summary.updated == 1)
        #expect(try fixture.version("TJ2") == nil)
        let report = try fixture.write(fixture.tianjin) { try $0.importFile(Self.upload(.centers, file, .update)) }
        #expect(report.written && report.summary.inserted == 1 && report.summary.updated == 1 && report.errors.isEmpty)
        let stats = try fixture.write(fixture.tianjin) {
            try $0.importFile(Self.upload(.stats, "center_code,period,pretrial_cases\nTJ2,2024,4\n"))
        }
        #expect(stats.summary.inserted == 1)
    }

    @Test func anImportWithAnyRowOutsideIsRefusedWholeNamingTheRows() throws {
        let fixture = try Fixture()
        let file = "code,name,kind,region_code\nTJ2,二号,tisc,120101\nBJ2,北京二号,tisc,110105\nHB1,河北,tisc,130100\n"
        let error = try fixture.refused(.forbidden, fixture.tianjin) {
            _ = try $0.importFile(Self.upload(.centers, file))
        }
        #expect(error?.problems.count == 2)
        #expect(error?.problems.first?.hasPrefix("batch.csv:3:4: code BJ2: ") == true)
        #expect(error?.problems.last?.hasPrefix("batch.csv:4:4: code HB1: ") == true)
        // Moving a center out of another's division through an upsert is changing it.
        let move = "code,name,kind,region_code\nBJ1,北京中心,tisc,120101\n"
        try fixture.refused(.forbidden, fixture.tianjin) { _ = try $0.importFile(Self.upload(.centers, move, .update)) }
        // Statistics of another region's center; a dry run is refused too.
        let stats = "center_code,period,pretrial_cases\nTJ1,2024,1\nBJ1,2024,1\n"
        let refusal = try fixture.refused(.forbidden, fixture.tianjin) {
            _ = try $0.importFile(Self.upload(.stats, stats, dryRun: true))
        }
        #expect(
            refusal?.problems.count == 1 && refusal?.problems.first?.hasPrefix("batch.csv:3:1: center_code BJ1") == true
        )
        try fixture.refused(.forbidden, fixture.viewer) { _ = try $0.importFile(Self.upload(.stats, stats)) }
    }

    @Test func anImportWithInvalidRowsWritesNothingAndListsEveryProblem() throws {
        let fixture = try Fixture()
        let file = "code,name,kind,region_code\nTJ2,二号,castle,120101\nTJ3,,tisc,120101\nTJ4,四号,tisc,120101\n"
        let error = try fixture.refused(.invalid, fixture.tianjin) {
            _ = try $0.importFile(Self.upload(.centers, file))
        }
        #expect(error?.problems.count == 2 && error?.report?.summary.inserted == 1)
        #expect(error?.problems.first?.hasPrefix("batch.csv:2:3: error: kind castle") == true)
        // A dry run reports the same problems instead of refusing.
        let preview = try fixture.write(fixture.tianjin) {
            try $0.importFile(Self.upload(.centers, file, dryRun: true))
        }
        #expect(preview.errors == error?.problems && preview.summary.rejected == 2 && !preview.written)
        try fixture.refused(.invalid, fixture.tianjin) { _ = try $0.importFile(Self.upload(.centers, "name\nx\n")) }
    }

    @Test func figuresAreTheAdministratorsAndDivisionsTheCommandLines() throws {
        let fixture = try Fixture()
        let figures = "code,metric,regions,period,value,source\nF1,centers,120000,2022-12,19,report\n"
        try fixture.refused(.forbidden, fixture.tianjin) { _ = try $0.importFile(Self.upload(.figures, figures)) }
        let narrowed = Principal(
            account: fixture.admin.account, credential: .token(id: 1, label: nil), regions: ["120000"])
        try fixture.refused(.forbidden, narrowed) { _ = try $0.importFile(Self.upload(.figures, figures)) }
        try fixture.refused(.forbidden, fixture.admin) {
            _ = try $0.importFile(Self.upload(.regions, "code,name\n120199,新区\n"))
        }
        let report = try fixture.write(fixture.admin) { try $0.importFile(Self.upload(.figures, figures)) }
        #expect(report.summary.inserted == 1)
    }

    @Test func aRefusalInsideALargerTransactionUndoesOnlyItself() throws {
        let fixture = try Fixture()
        try fixture.registry.write { db in
            let writes = CenterWrites(db, principal: fixture.tianjin)
            _ = try writes.create(Self.newCenter)
            // Restored and then found outside: the savepoint takes the restore back, not TJ2.
            _ = try? CenterWrites(db, principal: fixture.admin).remove(code: "BJ1", ifMatch: "*")
            #expect(throws: WriteError.self) { try writes.restore(code: "BJ1") }
        }
        #expect(try fixture.version("TJ2") != nil && fixture.version("BJ1") == nil)
    }
}
