// Every read the web view makes of the registry, in one place: each page's data comes back as a
// plain Sendable value, so the pages never hold a connection. Every read goes through the
// registry's door: the pool of readers for the server, the command's registry for the dashboard.
import IPRegistry

#if canImport(Glibc)
import Glibc
#endif

/// A table of rows as a report or query returns them.
public struct Table: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[Cell]]

    public init(columns: [String], rows: [[Cell]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// What the overview page and `ipreg dashboard` show.
public struct Overview: Sendable {
    public var region: String?
    public var regionName: String?
    public var byKind: Table
    public var byRegion: Table
    public var caseTotals: Table
    public var reconcile: Table
    /// Centers that are not closed per map division (MapGeometry's codes).
    public var mapCounts: [String: Int]
    public var mapPoints: [MapPoint]
    /// English names (`Hebei Province / Shijiazhuang`) of the region and of the divisions the
    /// tables name, where every level has one; the English page falls back to the Chinese name.
    public var regionNameEnglish: String? = nil
    public var divisionNamesEnglish: [String: String] = [:]
    /// Every provincial-level division with its centers, for the national map (the whole
    /// overview only: a region's overview has no national map).
    public var provinces: [ProvinceCount] = []
}

/// One page of `/centers`.
public struct CenterList: Sendable {
    public var total: Int
    public var offset: Int
    public var limit: Int
    public var centers: [StoredCenter]
    /// The query items as given, to carry into the form and the paging links.
    public var items: [(String, String)]
    /// The industries' names by code, in Chinese and (where the reference data has one) English.
    public var industryNames: [String: String] = [:]
    public var industryNamesEnglish: [String: String] = [:]
    /// What the form's choices offer (the page only).
    public var choices = CenterChoices()
    /// The divisions asked for that the picker does not offer (a county) by code: their names as
    /// `ReferenceCodes` writes the path (in English where every level has one), so that the form
    /// can show them chosen.
    public var otherRegionNames: [String: String] = [:]
    public var otherRegionNamesEnglish: [String: String] = [:]
}

/// What the filters of `/centers` offer, from the reference data: each province with the divisions
/// directly inside it (its prefecture-level cities; a municipality's districts), the industries
/// and the services. Small, and kept by a pooled reader until the registry changes.
public struct CenterChoices: Sendable {
    public struct Province: Sendable {
        public var division: Division
        public var inside: [Division]
    }
    public let provinces: [Province]
    public let industries: [CodedEntry]
    public let services: [CodedEntry]
    /// The codes the division picker offers.
    public let regionCodes: Set<String>

    public init(provinces: [Province] = [], industries: [CodedEntry] = [], services: [CodedEntry] = []) {
        self.provinces = provinces
        self.industries = industries
        self.services = services
        regionCodes = Set(provinces.flatMap { [$0.division.code] + $0.inside.map(\.code) })
    }

    /// The choices of `divisions` (the registry's, by code) and the two lists.
    static func make(
        divisions: [String: Division], industries: [CodedEntry], services: [CodedEntry]
    ) -> CenterChoices {
        var inside: [String: [Division]] = [:]
        for division in divisions.values {
            if let parent = division.parentCode, divisions[parent]?.level == 1 {
                inside[parent, default: []].append(division)
            }
        }
        let provinces = divisions.values.filter { $0.level == 1 }.sorted { $0.code < $1.code }.map { province in
            Province(division: province, inside: (inside[province.code] ?? []).sorted { $0.code < $1.code })
        }
        return CenterChoices(provinces: provinces, industries: industries, services: services)
    }
}

/// Everything `/centers/CODE` shows.
public struct CenterDetail: Sendable {
    public var stored: StoredCenter
    public var statistics: [CaseStatistic]
    public var history: [HistoryEntry]
    public var industryNames: [String: String]
    public var serviceNames: [String: String]
    /// The same names in English, where the reference data has them (`name_en`).
    public var industryNamesEnglish: [String: String] = [:]
    public var serviceNamesEnglish: [String: String] = [:]
}

/// A report's page: what it is, the arguments given, and its rows.
public struct ReportResult: Sendable {
    public var summary: ReportSummary
    public var arguments: [String: String]
    public var table: Table
}

/// The rows of a query from `/sql`, cut at the row cap or the response's byte cap.
public struct QueryResult: Sendable {
    public var table: Table
    public var truncated: Bool
    /// The rows stopped at `RowLimits.maxBytes` (`truncated` is then true as well).
    public var cutAtBytes: Bool = false
}

/// What one request's rows may cost: time (counted from the request's arrival, so time spent
/// waiting for a reader counts), rows, bytes, and whether its client is still there to read them.
public struct RowLimits: Sendable {
    public var timeLimitMilliseconds: Int
    /// On `QueryClock`'s scale.
    public var deadline: UInt64
    public var maxRows: Int
    /// An estimate of the encoded rows (JSON, CSV or HTML), counted as they are read.
    public var maxBytes: Int
    /// True once the request's client has gone: its query is interrupted, its rows unwanted.
    public var clientGone: @Sendable () -> Bool

    /// Now, on the scale of `deadline` and of `arrival`.
    public static func now() -> UInt64 { QueryClock.now() }

    public init(
        timeLimitMilliseconds: Int, maxRows: Int, maxBytes: Int, arrival: UInt64? = nil,
        clientGone: @escaping @Sendable () -> Bool = { false }
    ) {
        self.timeLimitMilliseconds = timeLimitMilliseconds
        self.deadline = QueryClock.deadline(milliseconds: timeLimitMilliseconds, from: arrival)
        self.maxRows = maxRows
        self.maxBytes = maxBytes
        self.clientGone = clientGone
    }
}

/// A refusal the web view answers with a status: 400, 404, 503 when it cannot serve now (the
/// registry file changed, the client left), or 500 for the registry's own failures.
public enum WebError: Error, Sendable, Equatable {
    case badRequest(String)
    case notFound(String)
    case unavailable(String)
    case failure(String)

    public var message: String {
        switch self {
        case .badRequest(let text), .notFound(let text), .unavailable(let text), .failure(let text): return text
        }
    }

    /// The command line's classification (ErrorReporter) in HTTP terms.
    static func from(_ error: any Error) -> WebError {
        if let error = error as? WebError { return error }
        if let error = error as? RegistryFileChanged { return .unavailable(error.description) }
        switch RegistryError.wrapping(error) {
        case let error as RegistryError:
            switch error {
            case .notFound(let text): return .notFound(text)
            case .invalidValue, .invalidRows, .invalidInput: return .badRequest(error.description)
            case .database where error.databaseFailure == .constraint: return .badRequest(error.description)
            default: return .failure(error.description)
            }
        case let error as ValidationFailure: return .badRequest(error.description)
        case let error as ValidationFailures: return .badRequest(error.all.map(\.description).joined(separator: "; "))
        case let error as ParameterError: return .badRequest(error.webMessage)
        default: return .failure("\(error)")
        }
    }
}

/// Where the web view reads: the server's pool of read-only connections, shared by concurrent
/// requests, or (for `ipreg dashboard`) the one registry a command opened.
///
/// `@unchecked Sendable`: `RegistryReaders` is Sendable itself; a lone `Registry` is given only
/// by the dashboard, which reads on one thread.
public final class WebData: @unchecked Sendable {
    private enum Source {
        case readers(RegistryReaders)
        case registry(Registry)
    }
    private let source: Source

    /// Reads through `readers`, one snapshot per page, as many at once as the pool has connections.
    public init(readers: RegistryReaders) { source = .readers(readers) }

    /// Reads through a registry a command holds (one thread).
    public init(registry: Registry) { source = .registry(registry) }

    /// The registry file this reads.
    public var path: String {
        switch source {
        case .readers(let readers): return readers.path
        case .registry(let registry): return registry.path
        }
    }

    /// Runs `body` in one read transaction for the server's own bookkeeping (a session's cookie):
    /// on a reader thread, as every page.
    public func read<Result>(_ body: (Database) throws -> Result) throws(WebError) -> Result {
        try reading(body)
    }

    /// Runs `body` inside one read transaction (one snapshot: what the command line committed
    /// before it began). Errors come back as WebError.
    private func reading<Result>(_ body: (Database) throws -> Result) throws(WebError) -> Result {
        do {
            switch source {
            case .readers(let readers): return try readers.read(body)
            case .registry(let registry): return try registry.read(body)
            }
        } catch {
            throw WebError.from(error)
        }
    }

    // MARK: Pages

    /// What the server keeps between requests until the registry changes (`Database.remembered`).
    private enum KeptAnswer: Hashable {
        case overview(region: String?)
        case report(name: String, arguments: [String: String], maxRows: Int, maxBytes: Int)
        case centerChoices
    }

    /// The overview's reports and map, stopped at the time limit of `limits` as a report is (a 400),
    /// or when the client has gone; `nil` (the dashboard, a command) runs without a limit.
    public func overview(region: String?, limits: RowLimits? = nil) throws(WebError) -> Overview {
        // Four reports over every center: the server computes them once per registry state.
        try reading { db in
            try db.remembered(KeptAnswer.overview(region: region)) {
                guard let limits else { return try Self.overview(region, db) }
                let (result, timedOut, stopped) = try db.withTimeLimit(
                    endingAt: limits.deadline, stopWhen: limits.clientGone
                ) {
                    try Self.overview(region, db)
                }
                if stopped {
                    throw WebError.unavailable(
                        "the overview was stopped: its client went away or the server is stopping")
                }
                if timedOut {
                    throw WebError.badRequest(
                        "the overview ran past the time limit of \(limits.timeLimitMilliseconds) ms and was stopped")
                }
                return try result.get()
            }
        }
    }

    private static func overview(_ region: String?, _ db: Database) throws -> Overview {
        var arguments: [String: String] = [:]
        var regionName: String?
        var regionNameEnglish: String?
        if let region {
            let scope = try RegionScope.resolve(region, field: "region", in: db)
            arguments["region"] = scope.code
            let codes = try ReferenceCodes.load(from: db)
            regionName = codes.regionName(of: scope.code)
            regionNameEnglish = codes.regionNameEnglish(of: scope.code)
        }
        func run(_ report: BuiltInReport, _ arguments: [String: String]) throws -> Table {
            let prepared = try ReportCatalog.prepare(report.name, arguments: arguments, in: db)
            var rows: [[Cell]] = []
            try prepared.run { rows.append($0) }
            return Table(columns: prepared.columnNames, rows: rows)
        }
        let scope = arguments["region"]
        let byRegion = try run(.centersByRegion, arguments)
        let divisionNamesEnglish = try WebQueries.regionNamesEnglish(
            of: byRegion.rows.compactMap { row in
                guard case .text(let code)? = row.first else { return nil }
                return code
            }, in: db)
        return Overview(
            region: scope, regionName: regionName,
            byKind: try run(.centersByKind, arguments), byRegion: byRegion,
            caseTotals: try run(.caseTotals, arguments), reconcile: try run(.reconcile, arguments),
            mapCounts: try WebQueries.mapCounts(inside: scope, in: db),
            mapPoints: try WebQueries.mapPoints(inside: scope, limit: 2000, in: db),
            regionNameEnglish: regionNameEnglish, divisionNamesEnglish: divisionNamesEnglish,
            provinces: scope == nil ? try WebQueries.provinceCounts(in: db) : [])
    }

    /// The filters of `center list` as query items; an unknown item or a bad value is a 400.
    /// `forPage` adds what only the HTML shows (the industries' names).
    public func centers(
        items: [(String, String)], defaultLimit: Int = 100, forPage: Bool = true
    ) throws(WebError) -> CenterList {
        let repeatable: Set<String> = ["kind", "status", "region", "industry", "service"]
        let single: Set<String> = ["search", "sort", "limit", "offset", "near", "within"]
        var seen: Set<String> = []
        for (name, _) in items {
            if !repeatable.contains(name) && !single.contains(name) {
                throw .badRequest(
                    "unknown query item \(name) (filters: kind, status, region, industry, service, search, near, within, "
                        + "sort, limit, offset)"
                )
            }
            if single.contains(name) && !seen.insert(name).inserted { throw .badRequest("\(name) is given twice") }
        }
        func value(_ name: String) -> String? { items.first { $0.0 == name }?.1 }
        func number(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(WebError) -> Int {
            guard let text = value(name) else { return fallback }
            guard let number = Int(text), range.contains(number) else {
                throw .badRequest(
                    "\(name) \(text): expected a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        let limit = try number("limit", default: defaultLimit, range: 1...10_000)
        let offset = try number("offset", default: 0, range: 0...Int(Int32.max))
        var sort = CenterFilter.SortKey.code
        if let text = value("sort") {
            guard let key = CenterFilter.SortKey(rawValue: text) else {
                throw .badRequest(
                    "sort \(text): expected one of "
                        + CenterFilter.SortKey.allCases.map(\.rawValue).joined(separator: ", "))
            }
            sort = key
        }
        let near = try Self.near(point: value("near"), within: value("within"))
        return try reading { db in
            // Each value checked by its field's rule, as `center list` checks its options.
            let order: [CenterFilter.Selection] = [.kind, .status, .region, .industry, .service]
            let selected = order.flatMap { selection in
                items.filter { $0.0 == selection.rawValue }.map { (selection, $0.1) }
            }
            var filter = try CenterFilter.parsing(
                selected, validator: try CenterRepository(db).validator, naming: .selection)
            filter.search = value("search").flatMap { $0.isEmpty ? nil : $0 }
            filter.near = near
            filter.sort = sort
            let page = try WebQueries.centerPage(filter, offset: offset, limit: limit, in: db)
            guard forPage else {
                return CenterList(total: page.total, offset: offset, limit: limit, centers: page.centers, items: items)
            }
            let choices = try Self.centerChoices(db)
            let industries = choices.industries
            var list = CenterList(
                total: page.total, offset: offset, limit: limit, centers: page.centers, items: items,
                industryNames: Self.names(industries, { $0.name }),
                industryNamesEnglish: Self.names(industries, { $0.nameEnglish }), choices: choices)
            // A division the picker lacks keeps its place in the form: chosen, by its name.
            let offered = choices.regionCodes
            let others = items.filter { $0.0 == "region" && !offered.contains($0.1) }.map(\.1)
            if !others.isEmpty {
                let codes = try ReferenceCodes.load(from: db)
                for code in others where codes.divisions[code] != nil {
                    list.otherRegionNames[code] = codes.regionName(of: code)
                    list.otherRegionNamesEnglish[code] = codes.regionNameEnglish(of: code)
                }
            }
            return list
        }
    }

    /// The choices of `/centers`' form, read once per registry state by a pooled reader: the
    /// divisions come from `ReferenceCodes`, which the filter's checks have loaded already.
    private static func centerChoices(_ db: Database) throws -> CenterChoices {
        try db.remembered(KeptAnswer.centerChoices) {
            let reference = ReferenceRepository(db)
            return CenterChoices.make(
                divisions: try ReferenceCodes.load(from: db).divisions, industries: try reference.entries(.industries),
                services: try reference.entries(.services))
        }
    }

    /// `near=LAT,LON` with `within=KM`, both or neither, as `center list --near --within` takes them.
    static func near(point: String?, within: String?) throws(WebError) -> CenterFilter.Near? {
        switch (point, within) {
        case (nil, nil): return nil
        case (let point?, let within?):
            switch CenterFilter.Near.parse(point: point, within: within) {
            case .success(let near): return near
            case .failure(let error): throw .badRequest("\(error.item.rawValue): \(error.problem)")
            }
        default: throw .badRequest("near and within go together: give both")
        }
    }

    /// One center, its statistics and its history; `forPage` adds what only the HTML shows (the
    /// names of industries and services), which the `.json` form need not pay for.
    public func center(code: String, forPage: Bool = true) throws(WebError) -> CenterDetail {
        try reading { db in
            let centers = try CenterRepository(db)
            let stored = try centers.require(code: code)
            let statistics = try StatisticsRepository(db).statistics(centerID: stored.id)
            let history = try centers.history(code: stored.center.code)
            guard forPage else {
                return CenterDetail(
                    stored: stored, statistics: statistics, history: history, industryNames: [:], serviceNames: [:])
            }
            let reference = ReferenceRepository(db)
            let industries = try reference.entries(.industries)
            let services = try reference.entries(.services)
            return CenterDetail(
                stored: stored, statistics: statistics, history: history,
                industryNames: Self.names(industries, { $0.name }), serviceNames: Self.names(services, { $0.name }),
                industryNamesEnglish: Self.names(industries, { $0.nameEnglish }),
                serviceNamesEnglish: Self.names(services, { $0.nameEnglish }))
        }
    }

    /// A reference list's names by code, as `name` picks them (Chinese or English; none where nil).
    private static func names(_ entries: [CodedEntry], _ name: (CodedEntry) -> String?) -> [String: String] {
        Dictionary(
            entries.compactMap { entry in name(entry).map { (entry.code, $0) } },
            uniquingKeysWith: { first, _ in first })
    }

    public func reports() throws(WebError) -> [ReportSummary] {
        try reading { db in try ReportCatalog.all(in: db) }
    }

    /// Runs report `name` with `arguments` (its parameters by name), cut at `maxRows` rows.
    public func report(
        _ name: String, arguments: [String: String], timeLimitMilliseconds: Int,
        maxRows: Int
    ) throws(WebError) -> (ReportResult, truncated: Bool) {
        try report(
            name, arguments: arguments,
            limits: RowLimits(timeLimitMilliseconds: timeLimitMilliseconds, maxRows: maxRows, maxBytes: Int.max))
    }

    /// Runs report `name` with `arguments` within `limits`.
    public func report(
        _ name: String, arguments: [String: String], limits: RowLimits
    ) throws(WebError) -> (ReportResult, truncated: Bool) {
        let maxRows = limits.maxRows
        return try reading { db in
            guard let summary = try ReportCatalog.all(in: db).first(where: { $0.name == name }) else {
                throw WebError.notFound("no report named \(name)")
            }
            func run() throws -> (rows: [[Cell]], truncated: Bool, columns: [String]) {
                let prepared = try ReportCatalog.prepare(name, arguments: arguments, in: db)
                let rows = try Self.limited(db, limits) { body in try prepared.run(eachRow: body) }
                return (rows.rows, rows.truncated, prepared.columnNames)
            }
            // A built-in report's rows depend on the registry alone, and the server keeps them until
            // it changes; a saved report's SQL may ask for the time or a random number.
            let rows =
                summary.isBuiltIn
                ? try db.remembered(
                    KeptAnswer.report(name: name, arguments: arguments, maxRows: maxRows, maxBytes: limits.maxBytes),
                    run)
                : try run()
            return (
                ReportResult(
                    summary: summary, arguments: arguments, table: Table(columns: rows.columns, rows: rows.rows)
                ),
                rows.truncated
            )
        }
    }

    /// The named parameters of `sql`, in order, for the SQL form's fields; none when it does not compile.
    public func parameterNames(of sql: String) -> [String] {
        (try? reading { db in try ReadOnlyQuery(db, sql: sql).parameterNames }) ?? []
    }

    /// One read-only statement, as `ipreg sql` runs it, with parameters by name.
    public func query(
        _ sql: String, parameters: [String: String], timeLimitMilliseconds: Int,
        maxRows: Int
    ) throws(WebError) -> QueryResult {
        try query(
            sql, parameters: parameters,
            limits: RowLimits(timeLimitMilliseconds: timeLimitMilliseconds, maxRows: maxRows, maxBytes: Int.max))
    }

    /// One read-only statement within `limits`.
    public func query(_ sql: String, parameters: [String: String], limits: RowLimits) throws(WebError) -> QueryResult {
        try reading { db in
            let query: ReadOnlyQuery
            do {
                query = try ReadOnlyQuery(db, sql: sql)
            } catch RegistryError.invalidInput(let message) where message == ReadOnlyQuery.positionalParameterRefusal {
                throw WebError.badRequest(ReadOnlyQuery.positionalParameterRefusalForTheWeb)
            }
            let values = parameters.mapValues(QueryParameter.value(of:))
            let rows = try Self.limited(db, limits) { body in try query.run(values, eachRow: body) }
            return QueryResult(
                table: Table(columns: query.columnNames, rows: rows.rows), truncated: rows.truncated,
                cutAtBytes: rows.cutAtBytes)
        }
    }

    /// Stops a row loop once it has enough.
    private struct Enough: Error {}

    /// What a cell adds to a response, about: its text, quotes or tags around it, a separator.
    static func estimatedBytes(_ cell: Cell) -> Int {
        switch cell {
        case .null: return 12
        case .integer, .real: return 32
        case .text(let text): return text.utf8.count + 12
        case .list(let items): return items.reduce(12) { $0 + $1.utf8.count + 4 }
        }
    }

    /// Collects the rows `produce` hands over, stopped at the deadline (a 400), when the client
    /// has gone (a 503 no one reads), or cut after `maxRows` rows or `maxBytes` bytes.
    private static func limited(
        _ db: Database, _ limits: RowLimits,
        _ produce: (_ body: ([Cell]) throws -> Void) throws -> Void
    ) throws -> (rows: [[Cell]], truncated: Bool, cutAtBytes: Bool) {
        var rows: [[Cell]] = []
        var truncated = false
        var cutAtBytes = false
        var bytes = 0
        let (result, timedOut, stopped) = try db.withTimeLimit(endingAt: limits.deadline, stopWhen: limits.clientGone) {
            try produce { row in
                guard rows.count < limits.maxRows else {
                    truncated = true
                    throw Enough()
                }
                let size = row.reduce(2) { $0 + estimatedBytes($1) }
                guard bytes + size <= limits.maxBytes else {
                    truncated = true
                    cutAtBytes = true
                    throw Enough()
                }
                bytes += size
                rows.append(row)
            }
        }
        if stopped {
            throw WebError.unavailable("the query was stopped: its client went away or the server is stopping")
        }
        if timedOut {
            throw WebError.badRequest(
                "the query ran past the time limit of \(limits.timeLimitMilliseconds) ms and was stopped")
        }
        switch result {
        case .success: break
        case .failure(let error) where error is Enough: break
        case .failure(let error): throw error
        }
        return (rows, truncated, cutAtBytes)
    }
}
