// What `center list` asks for, and the SQL that answers it with bound values only.
import SQLiteDB

public struct CenterFilter: Sendable {
    public enum SortKey: String, CaseIterable, Sendable { case code, name, approved, region }

    public var kinds: [CenterKind] = []
    public var regions: [String] = []
    public var industries: [String] = []
    public var services: [String] = []
    public var statuses: [CenterStatus] = []
    public var search: String?
    /// Only centers within a distance of a point (`--near LAT,LON --within KM`).
    public var near: Near?
    public var sort: SortKey = .code
    public var limit: Int?

    public init() {}

    /// Makes the SQL functions the filter's conditions call available on `db`.
    func registerFunctions(on db: Connection) throws(SQLiteError) {
        if search != nil { try SearchText.register(on: db) }
        if near != nil { try NearestCenters.registerDistance(on: db) }
    }

    /// `WHERE` clause and its values: AND between options, OR within a repeated option.
    func whereClause() -> (sql: String, values: [SQLiteValue]) {
        let (conditions, values) = self.conditions()
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), values)
    }

    /// The conditions of the `WHERE` clause, on `centers c`, and their values.
    func conditions() -> (sql: [String], values: [SQLiteValue]) {
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }
        if !kinds.isEmpty {
            conditions.append("c.kind IN (\(placeholders(kinds.count)))")
            values += kinds.map { .text($0.rawValue) }
        }
        if !statuses.isEmpty {
            conditions.append("c.status IN (\(placeholders(statuses.count)))")
            values += statuses.map { .text($0.rawValue) }
        }
        if !regions.isEmpty {
            let containment = ReferenceCodes.containmentCondition(regions)
            conditions.append(containment.sql)
            values += containment.values
        }
        if !industries.isEmpty {
            conditions.append(
                "c.id IN (SELECT center_id FROM center_industries WHERE industry_code IN (\(placeholders(industries.count))))"
            )
            values += industries.map { .text($0) }
        }
        if !services.isEmpty {
            conditions.append(
                "c.id IN (SELECT center_id FROM center_services WHERE service_code IN (\(placeholders(services.count))))"
            )
            values += services.map { .text($0) }
        }
        if let typed = search, !typed.isEmpty {
            // Stored text is NFC (TextRules): an accent typed as a combining mark must match it too.
            let search = TextRules.nfc(typed)
            let columns = ["c.name", "c.name_en", "c.host", "c.address"]
            if SearchText.isIndexable(search) {
                // A trigram phrase: the text as one FTS5 string, quotes doubled.
                conditions.append("c.id IN (SELECT rowid FROM centers_search WHERE centers_search MATCH ?)")
                values.append(.text("\"" + search.replacingAll(["\"": "\"\""]) + "\""))
            } else if SearchText.needsCaseFolding(search) {
                // Shorter than a trigram, with letters SQLite's lower() leaves alone (Greek, Cyrillic,
                // accented Latin): scan with Unicode case folding.
                conditions.append(
                    "(" + columns.map { "\(SearchText.functionName)(\($0), ?)" }.joined(separator: " OR ") + ")")
                values += Array(repeating: .text(search), count: columns.count)
            } else {
                // Shorter than a trigram: scan. Two Chinese characters are a whole word.
                conditions.append(
                    "(" + columns.map { "instr(lower(\($0)), lower(?)) > 0" }.joined(separator: " OR ") + ")")
                values += Array(repeating: .text(search), count: columns.count)
            }
        }
        if let near {
            // The index finds the centers in the box around the circle; the exact distance decides.
            let box = GreatCircle.box(around: near.latitude, near.longitude, radiusKm: near.withinKm)
            conditions.append(
                "c.id IN (SELECT id FROM center_locations WHERE \(NearestCenters.boxCondition()))"
                    + " AND \(NearestCenters.distanceFunction)(c.latitude, c.longitude, ?, ?) <= ?")
            values += NearestCenters.boxValues(box)
            values += [.real(near.latitude), .real(near.longitude), .real(near.withinKm)]
        }
        return (conditions, values)
    }

    /// True when a condition can be answered from an index (everything but a search shorter than a trigram).
    /// True when the conditions name only the kind, the status and the division (`c.kind`,
    /// `c.status`, `c.region_code`), which report_center_counts has too.
    var selectsByDivisionKindAndStatusOnly: Bool {
        industries.isEmpty && services.isEmpty && (search?.isEmpty ?? true) && near == nil
    }

    var hasIndexedCondition: Bool {
        !kinds.isEmpty || !statuses.isEmpty || !regions.isEmpty || !industries.isEmpty || !services.isEmpty
            || search.map(SearchText.isIndexable) == true || near != nil
    }

    var orderClause: String {
        // With a condition, `+` keeps SQLite from walking the whole table in code order (which it
        // prefers once ANALYZE has seen that a kind or status matches a quarter of the centers):
        // it finds the rows by the condition's index and sorts them.
        let column = hasIndexedCondition ? "+c." : "c."
        switch sort {
        case .code: return "ORDER BY \(column)code"
        case .name: return "ORDER BY \(column)name, \(column)code"
        case .approved: return "ORDER BY c.approved IS NULL, \(column)approved, \(column)code"
        case .region: return "ORDER BY \(column)region_code, \(column)code"
        }
    }
}

extension CenterFilter {
    /// A point (degrees, WGS-84) and a distance from it in kilometres.
    public struct Near: Sendable, Equatable {
        public var latitude: Double
        public var longitude: Double
        public var withinKm: Double

        public init(latitude: Double, longitude: Double, withinKm: Double) {
            self.latitude = latitude
            self.longitude = longitude
            self.withinKm = withinKm
        }

        /// `LAT,LON` as typed (`39.9,116.4`), checked as `center nearest` checks `--lat`/`--lon`,
        /// and `KM` as `--within` is: the point, or what is wrong and with which of the two.
        public static func parse(point: String, within: String) -> Result<Near, NearInputError> {
            let parts = point.split(separator: ",", omittingEmptySubsequences: false)
                .map { TextRules.trimmed(String($0)) }
            guard parts.count == 2, let latitude = Double(parts[0]), let longitude = Double(parts[1]) else {
                return .failure(
                    NearInputError(item: .near, problem: "'\(point)' is not LAT,LON (two numbers and a comma)"))
            }
            if let problem = NearestCenters.problem(latitude: latitude, longitude: longitude) {
                return .failure(NearInputError(item: .near, problem: problem))
            }
            guard let km = Double(TextRules.trimmed(within)) else {
                return .failure(NearInputError(item: .within, problem: "'\(within)' is not a number"))
            }
            if let problem = NearestCenters.problem(withinKm: km) {
                return .failure(NearInputError(item: .within, problem: problem))
            }
            return .success(Near(latitude: latitude, longitude: longitude, withinKm: km))
        }
    }

    /// Why a point or distance typed as text was refused, in one line.
    public struct NearInputError: Error, Sendable, Equatable {
        public enum Item: String, Sendable { case near, within }
        public let item: Item
        public let problem: String
    }
}
