// Stores centers with their industries, services and history. Every method that writes
// expects to run inside the caller's transaction (`Registry.write`), so that a command's
// whole change, history included, commits or rolls back as one.
import SQLiteDB

public final class CenterRepository {
    let database: Database
    var db: Connection { get throws(SQLiteError) { try database.connection } }
    /// Loaded on first use: commands that only read or remove a center never need them.
    private var loadedCodes: ReferenceCodes?

    /// What changes are stamped with: the registry's, or one stopped so that an import stamps
    /// all its rows alike.
    public var clock: RegistryClock

    func timestamp() -> String { clock.timestamp() }

    public init(_ database: Database) throws {
        self.database = database
        clock = database.clock
    }

    /// The divisions, industries and services centers may point to.
    public func referenceCodes() throws -> ReferenceCodes {
        if let loadedCodes { return loadedCodes }
        let codes = try ReferenceCodes.load(from: database)
        loadedCodes = codes
        return codes
    }

    /// The rules every new or changed center passes.
    public var validator: CenterValidator {
        get throws { CenterValidator(codes: try referenceCodes(), today: clock.today()) }
    }

    /// The same rules for a command's few values, knowing of the divisions only those `regions`
    /// name (`ReferenceCodes.load(from:regions:)`), unless every division is loaded already.
    public func validator(regions: [String]) throws -> CenterValidator {
        let codes = try loadedCodes ?? ReferenceCodes.load(from: database, regions: regions)
        return CenterValidator(codes: codes, today: clock.today())
    }

    /// The columns a stored center is read from (`centers c`), in their SELECT order.
    enum Column: Int32, SelectedColumns {
        case id, code, name, nameEnglish, kind, status, regionCode, address, industries, services
        case approved, opened, approvalDocument, host, latitude, longitude, website, source, notes
        case createdAt, updatedAt

        var sql: String {
            switch self {
            case .id: return "c.id"
            case .code: return "c.code"
            case .name: return "c.name"
            case .nameEnglish: return "c.name_en"
            case .kind: return "c.kind"
            case .status: return "c.status"
            case .regionCode: return "c.region_code"
            case .address: return "c.address"
            case .industries:
                return "(SELECT group_concat(industry_code, ';') FROM "
                    + "(SELECT industry_code FROM center_industries WHERE center_id = c.id ORDER BY 1))"
            case .services:
                return "(SELECT group_concat(service_code, ';') FROM "
                    + "(SELECT service_code FROM center_services WHERE center_id = c.id ORDER BY 1))"
            case .approved: return "c.approved"
            case .opened: return "c.opened"
            case .approvalDocument: return "c.approval_doc"
            case .host: return "c.host"
            case .latitude: return "c.latitude"
            case .longitude: return "c.longitude"
            case .website: return "c.website"
            case .source: return "c.source"
            case .notes: return "c.notes"
            case .createdAt: return "c.created_at"
            case .updatedAt: return "c.updated_at"
            }
        }
    }

    static let selectColumns = Column.selectList()

    /// A division's names as `region_names` writes them, read once per division and repository:
    /// a list of 20,000 centers names a few dozen divisions, and two view look-ups a row cost a
    /// quarter of its time. A center added or changed is named the same way as one read back.
    private var namesByRegion: [String: (name: String, english: String?)] = [:]

    private func regionNames(of code: String) throws -> (name: String, english: String?) {
        if let names = namesByRegion[code] { return names }
        let statement = try db.cachedStatement("SELECT region_name, region_name_en FROM region_names WHERE code = ?")
        defer { statement.reset() }
        try statement.bind(code, at: 1)
        // A code no division has (written by another client) has no names, as the view says.
        let names = try statement.step() ? (statement.text(0), statement.string(1)) : ("", nil)
        namesByRegion[code] = names
        return names
    }

    /// A row of `SELECT \(selectColumns)` as a stored center.
    func decode(_ row: Statement) throws -> StoredCenter {
        let center = Center(
            code: row.text(Column.code), name: row.text(Column.name), nameEnglish: row.string(Column.nameEnglish),
            kind: CenterKind(rawValue: row.text(Column.kind)) ?? .protection,
            status: CenterStatus(rawValue: row.text(Column.status)) ?? .operating,
            regionCode: row.text(Column.regionCode), address: row.string(Column.address),
            industries: row.list(Column.industries), services: row.list(Column.services),
            approved: row.string(Column.approved).flatMap { PartialDate($0) },
            opened: row.string(Column.opened).flatMap { PartialDate($0) },
            approvalDocument: row.string(Column.approvalDocument), host: row.string(Column.host),
            latitude: row.optionalDouble(Column.latitude), longitude: row.optionalDouble(Column.longitude),
            website: row.string(Column.website), source: row.string(Column.source), notes: row.string(Column.notes))
        let names = try regionNames(of: center.regionCode)
        return StoredCenter(
            center: center, id: row.int64(Column.id), createdAt: row.text(Column.createdAt),
            updatedAt: row.text(Column.updatedAt), regionName: names.name, regionNameEnglish: names.english)
    }

    // MARK: Reading

    public func find(code: String) throws -> StoredCenter? {
        let statement = try db.cachedStatement("SELECT \(Self.selectColumns) FROM centers c WHERE c.code = ?")
        try statement.bind(code, at: 1)
        defer { statement.reset() }
        return try statement.step() ? try decode(statement) : nil
    }

    public func require(code: String) throws -> StoredCenter {
        guard let stored = try find(code: code) else { throw RegistryError.notFound("center \(code): no such center") }
        return stored
    }

    /// Calls `body` with each center the filter selects, in its order, without holding them all.
    public func list(_ filter: CenterFilter, _ body: (StoredCenter) throws -> Void) throws {
        try filter.registerFunctions(on: db)
        let (whereClause, values) = filter.whereClause()
        var sql = "SELECT \(Self.selectColumns) FROM centers c \(whereClause) \(filter.orderClause)"
        var bound = values
        if let limit = filter.limit {
            sql += " LIMIT ?"
            bound.append(.integer(Int64(limit)))
        }
        let statement = try db.prepare(sql)
        try statement.bind(bound)
        while try statement.step() { try body(decode(statement)) }
    }

    /// The query plan SQLite chooses for a filter, for tests and `--explain`-style checks.
    public func queryPlan(_ filter: CenterFilter) throws -> [String] {
        try filter.registerFunctions(on: db)
        let (whereClause, values) = filter.whereClause()
        let statement = try db.prepare(
            "EXPLAIN QUERY PLAN SELECT c.id FROM centers c \(whereClause) \(filter.orderClause)")
        try statement.bind(values)
        var lines: [String] = []
        while try statement.step() { lines.append(statement.text(3)) }
        return lines
    }

    public func count() throws -> Int { try db.scalarInt("SELECT count(*) FROM centers") ?? 0 }

    // MARK: Writing (inside the caller's transaction)

    /// Adds a new center; its code must be free (compared case-insensitively).
    @discardableResult
    public func insert(
        _ center: Center, change: HistoryChange = .add, createdAt: String? = nil,
        statistics: [CaseStatistic] = []
    ) throws -> StoredCenter {
        if let existing = try find(code: center.code) {
            throw RegistryError.invalidValue(
                ValidationFailure(
                    field: CenterField.code.column, value: center.code,
                    rule: "already exists (as \(existing.center.code))"))
        }
        let now = timestamp()
        let id = try insertRecord(center, createdAt: createdAt ?? now, updatedAt: now)
        let names = try regionNames(of: center.regionCode)
        let stored = StoredCenter(
            center: center, id: id, createdAt: createdAt ?? now, updatedAt: now,
            regionName: names.name, regionNameEnglish: names.english)
        if !statistics.isEmpty {
            let statisticsRepository = StatisticsRepository(database)
            for statistic in statistics { try statisticsRepository.write(statistic, centerID: id) }
        }
        try recordHistory(code: center.code, change: change, before: nil)
        return stored
    }

    /// Writes a new center's row and its links, and returns its id: the part of `insert` a bulk
    /// import repeats for every row, so it reuses its statements and builds nothing else.
    func insertRecord(_ center: Center, createdAt: String, updatedAt: String) throws -> Int64 {
        let statement = try heldStatement(.insertCenter)
        try bindRecord(center, to: statement)
        try statement.bindInPlace(createdAt, at: 17)
        try statement.bindInPlace(updatedAt, at: 18)
        try statement.execute()
        let id = try db.lastInsertRowID
        try writeLinks(of: center, id: id)
        return id
    }

    /// Replaces a stored center's fields (its code may change case only), keeping its id and statistics.
    @discardableResult
    public func update(
        _ stored: StoredCenter, to center: Center, change: HistoryChange = .update
    ) throws -> StoredCenter {
        let now = timestamp()
        let before = try snapshot(of: stored)
        let statement = try db.cachedStatement(
            """
            UPDATE centers SET code = ?, name = ?, name_en = ?, kind = ?, status = ?, region_code = ?, address = ?, approved = ?,
                   opened = ?, approval_doc = ?, host = ?, latitude = ?, longitude = ?, website = ?, source = ?, notes = ?,
                   updated_at = ?
            WHERE id = ?
            """)
        try bindRecord(center, to: statement)
        try statement.bind(now, at: 17)
        try statement.bind(stored.id, at: 18)
        try statement.execute()
        if center.industries != stored.center.industries || center.services != stored.center.services {
            try db.execute("DELETE FROM center_industries WHERE center_id = ?", [.integer(stored.id)])
            try db.execute("DELETE FROM center_services WHERE center_id = ?", [.integer(stored.id)])
            try writeLinks(of: center, id: stored.id)
        }
        let names = try regionNames(of: center.regionCode)
        let updated = StoredCenter(
            center: center, id: stored.id, createdAt: stored.createdAt, updatedAt: now,
            regionName: names.name, regionNameEnglish: names.english)
        try recordHistory(code: center.code, change: change, before: before)
        return updated
    }

    /// Removes a center with its links and statistics; history keeps all of it for a restore.
    @discardableResult
    public func remove(code: String) throws -> StoredCenter {
        let stored = try require(code: code)
        let before = try snapshot(of: stored)
        try db.execute("DELETE FROM centers WHERE id = ?", [.integer(stored.id)])
        try recordHistory(code: stored.center.code, change: .remove, before: before)
        return stored
    }

    /// Brings back the center as its last removal left it, with industries, services and statistics.
    /// A removal is any change that left no center behind: `center remove`, or another client's
    /// DELETE (or change of the code), recorded as `external`.
    @discardableResult
    public func restore(code: String) throws -> StoredCenter {
        if try find(code: code) != nil {
            throw RegistryError.invalidValue(
                ValidationFailure(field: "code", value: code, rule: "is not removed: the center exists"))
        }
        let statement = try db.cachedStatement(
            """
            SELECT before FROM center_changes
            WHERE center_code = ? AND before IS NOT NULL AND after IS NULL ORDER BY id DESC LIMIT 1
            """)
        try statement.bind(code, at: 1)
        guard try statement.step(), let snapshot = statement.string(0) else {
            statement.reset()
            throw RegistryError.notFound("center \(code): no removed center with this code in the history")
        }
        statement.reset()
        let (center, createdAt, statistics) = try decodeSnapshot(snapshot)
        return try insert(center, change: .restore, createdAt: createdAt, statistics: statistics)
    }

    public func history(code: String) throws -> [HistoryEntry] {
        // MATERIALIZED: center_changes computes `after` (a whole center snapshot, with its
        // industries, services and statistics) in a subquery, which every mention below would
        // compute again, some fifty times an entry; kept once, a center's history reads 8 times
        // faster (0.40 to 0.05 ms for one entry at 1M centers), and with it a center's `.json`.
        let statement = try db.cachedStatement(
            """
            WITH h AS MATERIALIZED (
                SELECT id, changed_at, change, before, after FROM center_changes WHERE center_code = ?
            )
            SELECT h.changed_at, h.change, h.before, h.after,
                   (SELECT a.actor FROM center_history AS a WHERE a.id = h.id),
                   (SELECT group_concat(key, ', ') FROM (
                        SELECT key FROM (SELECT key FROM json_each(coalesce(h.after, '{}'))
                                         UNION SELECT key FROM json_each(coalesce(h.before, '{}')))
                        WHERE key NOT IN ('region_name', 'region_name_en', 'created_at', 'updated_at')
                          AND \(Self.presentValue("h.before")) IS NOT \(Self.presentValue("h.after"))
                        ORDER BY instr('\(Self.historyKeyOrder)', ',' || key || ',')))
            FROM h ORDER BY h.id DESC
            """)
        try statement.bind(code, at: 1)
        return try HistoryEntry.all(from: statement)
    }

    /// Adds a statistic of a center, or replaces the row of the same center and period, and records
    /// the change in the center's history. A period that overlaps another of the same center is
    /// refused. Returns true when a row was replaced.
    @discardableResult
    public func addStatistic(_ statistic: CaseStatistic) throws -> Bool {
        let stored = try require(code: statistic.centerCode)
        let before = try snapshot(of: stored)
        let replaced = try StatisticsRepository(database).write(statistic, centerID: stored.id)
        try recordHistory(code: stored.center.code, change: .update, before: before)
        return replaced
    }

    // MARK: Parts

    /// The keys of a history snapshot in the order `history` lists them. Snapshots leave out
    /// absent fields, so a field cleared by a change is a key of `before` only: both are read.
    private static let historyKeyOrder =
        "," + (CenterField.allCases.map(\.column) + ["statistics"]).joined(separator: ",") + ","

    /// SQL for the value of `key` in a history snapshot, NULL when absent, null or an empty list,
    /// so that a center's first snapshot lists only the fields that have a value.
    private static func presentValue(_ snapshot: String) -> String {
        """
        (CASE WHEN json_type(coalesce(\(snapshot), '{}'), '$.' || key) = 'array'
                   AND json_array_length(coalesce(\(snapshot), '{}'), '$.' || key) = 0 THEN NULL
              ELSE json_extract(coalesce(\(snapshot), '{}'), '$.' || key) END)
        """
    }

    private func bindRecord(_ center: Center, to statement: Statement) throws {
        try statement.bindInPlace(center.code, at: 1)
        try statement.bindInPlace(center.name, at: 2)
        try statement.bindInPlace(center.nameEnglish, at: 3)
        try statement.bindInPlace(center.kind.rawValue, at: 4)
        try statement.bindInPlace(center.status.rawValue, at: 5)
        try statement.bindInPlace(center.regionCode, at: 6)
        try statement.bindInPlace(center.address, at: 7)
        try statement.bindInPlace(center.approved?.description, at: 8)
        try statement.bindInPlace(center.opened?.description, at: 9)
        try statement.bindInPlace(center.approvalDocument, at: 10)
        try statement.bindInPlace(center.host, at: 11)
        try statement.bind(center.latitude, at: 12)
        try statement.bind(center.longitude, at: 13)
        try statement.bindInPlace(center.website, at: 14)
        try statement.bindInPlace(center.source, at: 15)
        try statement.bindInPlace(center.notes, at: 16)
    }

    func writeLinks(of center: Center, id: Int64) throws {
        if !center.industries.isEmpty {
            try writeLinks(center.industries, id: id, with: heldStatement(.insertIndustry))
        }
        if !center.services.isEmpty { try writeLinks(center.services, id: id, with: heldStatement(.insertService)) }
    }

    private func writeLinks(_ codes: [String], id: Int64, with statement: Statement) throws {
        try statement.bind(id, at: 1)
        for code in codes {
            try statement.bindInPlace(code, at: 2)
            try statement.execute()
        }
    }

    /// The statements written once per center, prepared on first use and kept: a lookup in the
    /// connection's cache hashes the whole SQL text, which shows at a million rows. Every parameter
    /// is bound before each run, so old bindings never leak into a new row.
    private enum HeldStatement: Int, CaseIterable {
        case insertCenter, insertIndustry, insertService

        var sql: String {
            switch self {
            case .insertCenter:
                return """
                    INSERT INTO centers (code, name, name_en, kind, status, region_code, address, approved, opened, approval_doc,
                                         host, latitude, longitude, website, source, notes, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            case .insertIndustry: return "INSERT INTO center_industries (center_id, industry_code) VALUES (?, ?)"
            case .insertService: return "INSERT INTO center_services (center_id, service_code) VALUES (?, ?)"
            }
        }
    }

    private var heldStatements: [Statement?] = Array(repeating: nil, count: HeldStatement.allCases.count)

    private func heldStatement(_ kind: HeldStatement) throws -> Statement {
        // Through `db` every time, even when held: a repository kept past its transaction must not
        // run a statement it prepared inside it.
        let db = try self.db
        if let statement = heldStatements[kind.rawValue] { return statement }
        let statement = try db.prepare(kind.sql)
        heldStatements[kind.rawValue] = statement
        return statement
    }

    /// Records a change with the center as it was before it (nil when there was none). The center
    /// after the change is not copied: it is the next change's `before`, or the center now
    /// (the center_changes view, Migrations/0004).
    func recordHistory(code: String, change: HistoryChange, before: String?) throws {
        let statement = try db.cachedStatement(
            """
            INSERT INTO center_history (center_code, changed_at, change, before, actor) VALUES (?, ?, ?, ?, ?)
            """)
        try statement.execute([
            .text(code), .text(timestamp()), .text(change.rawValue), SQLiteValue(before), .text(database.actor),
        ])
    }

    /// The center with its statistics, as history keeps it.
    func snapshot(of stored: StoredCenter) throws -> String {
        let statement = try db.cachedStatement("SELECT snapshot FROM center_snapshots WHERE id = ?")
        try statement.bind(stored.id, at: 1)
        defer { statement.reset() }
        guard try statement.step(), let json = statement.string(0) else {
            throw RegistryError.notFound("center \(stored.center.code): no such center")
        }
        return json
    }

    /// Writes one history entry for every center whose id is above `lastID`, in one statement.
    func recordHistoryOfCenters(after lastID: Int64, change: HistoryChange) throws {
        try db.execute(
            """
            INSERT INTO center_history (center_code, changed_at, change, actor)
            SELECT code, ?, ?, ? FROM centers WHERE id > ? ORDER BY id
            """, [.text(timestamp()), .text(change.rawValue), .text(database.actor), .integer(lastID)])
    }

    /// Reads a history snapshot back through the same rules as any new center.
    func decodeSnapshot(_ json: String) throws -> (Center, String?, [CaseStatistic]) {
        let fields = CenterField.allCases
        let selects = fields.map { field -> String in
            switch field {
            case .industries, .services:
                return "(SELECT group_concat(value, ';') FROM json_each(?1, '$.\(field.column)'))"
            default:
                return "json_extract(?1, '$.\(field.column)')"
            }
        }
        let statement = try db.prepare("SELECT \(selects.joined(separator: ", ")), json_extract(?1, '$.created_at')")
        try statement.bind(json, at: 1)
        guard try statement.step() else { throw RegistryError.invalidInput("history snapshot is empty") }
        var texts: [CenterField: String] = [:]
        for (index, field) in fields.enumerated() {
            if let text = statement.string(Int32(index)) { texts[field] = text }
        }
        let createdAt = statement.string(Int32(fields.count))
        let center: Center
        switch try validator.center(from: { texts[$0] }) {
        case .success(let value): center = value
        case .failure(let failures):
            throw RegistryError.invalidValue(failures.all[0])
        }
        var statistics: [CaseStatistic] = []
        let rows = try db.prepare(
            """
            SELECT json_extract(value, '$.period'), json_extract(value, '$.pretrial_cases'),
                   json_extract(value, '$.protection_cases'), json_extract(value, '$.source')
            FROM json_each(?1, '$.statistics')
            """)
        try rows.bind(json, at: 1)
        while try rows.step() {
            guard let period = Period(rows.text(0)) else { continue }
            statistics.append(
                CaseStatistic(
                    centerCode: center.code, period: period, pretrialCases: rows.optionalInt(1),
                    protectionCases: rows.optionalInt(2), source: rows.string(3)))
        }
        return (center, createdAt, statistics)
    }
}
