// The codes a center may point to: all of them, loaded once, where many values are checked (a
// million imported rows with no query per row, a pooled reader's requests), or the few divisions a
// command names, each read by its key.
import SQLiteDB

public struct ReferenceCodes: Sendable {
    /// Every division, or (`load(from:regions:)`) those a command names and those above them.
    public var divisions: [String: Division]
    public var industries: Set<String>
    public var services: Set<String>

    /// Region names of every division, worked out once where the codes are kept for many reads
    /// (a pooled reader: `load`): the Chinese path, and the English one when every level has it.
    /// A command reads a few names, and working out 3,215 of them cost it a third of its time.
    private var regionNames: [String: (chinese: String, english: String?)] = [:]

    public init(divisions: [String: Division], industries: Set<String>, services: Set<String>) {
        self.divisions = divisions
        self.industries = industries
        self.services = services
    }

    /// The same codes with every division's names worked out now.
    func withRegionNames() -> ReferenceCodes {
        var codes = self
        for code in divisions.keys { codes.regionNames[code] = pathName(of: code) }
        return codes
    }

    /// What `load` is kept under on a pooled reader (SnapshotMemo).
    private struct Loaded: Hashable {}

    /// The registry's codes. A pooled reader loads them once per registry state: the web view
    /// checks every request's filters against them, and loading 3,000 divisions with their names
    /// was over 40% of a page of centers.
    public static func load(from database: Database) throws -> ReferenceCodes {
        guard database.keepsAnswers else { return try read(from: database) }
        return try database.remembered(Loaded()) { try read(from: database).withRegionNames() }
    }

    /// The codes to check a command's own few values against: every industry and service (a few
    /// dozen, and a refused one is answered with the nearest known ones), and of the divisions only
    /// those `regions` name, read as a center's region is (`DivisionCode`), with the divisions above
    /// them, each read by its key. The registry holds every division of China (3,215), and reading
    /// them all to check one `--region` cost `center list` 2 of its 15 ms. The value answers for
    /// those divisions only: nothing else is checked with it. A pooled reader gives every division,
    /// which it keeps (`load(from:)`).
    public static func load(from database: Database, regions: [String]) throws -> ReferenceCodes {
        if database.keepsAnswers { return try load(from: database) }
        let reference = ReferenceRepository(database)
        var divisions: [String: Division] = [:]
        for region in regions {
            var next = DivisionCode(region)?.text
            while let code = next, divisions[code] == nil, let division = try reference.division(code: code) {
                divisions[code] = division
                next = division.parentCode
            }
        }
        return try read(from: reference, divisions: divisions)
    }

    private static func read(from database: Database) throws -> ReferenceCodes {
        let reference = ReferenceRepository(database)
        let divisions = try reference.divisions()
        return try read(
            from: reference,
            divisions: Dictionary(divisions.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first }))
    }

    private static func read(
        from reference: ReferenceRepository, divisions: [String: Division]
    ) throws -> ReferenceCodes {
        ReferenceCodes(
            divisions: divisions, industries: Set(try reference.entries(.industries).map(\.code)),
            services: Set(try reference.entries(.services).map(\.code)))
    }

    /// `河北省 / 石家庄市`: the official Chinese names of the division and those above it.
    public func regionName(of code: String) -> String {
        regionNames[code]?.chinese ?? pathName(of: code).chinese
    }

    /// `Hebei Province / Shijiazhuang`, or nil when a level has no English name: one value never mixes the two.
    public func regionNameEnglish(of code: String) -> String? {
        regionNames[code].map(\.english) ?? pathName(of: code).english
    }

    private func pathName(of code: String) -> (chinese: String, english: String?) {
        var names: [String] = []
        var englishNames: [String]? = []
        var current = divisions[code]
        while let division = current, names.count < 4 {
            names.append(division.name)
            englishNames = division.nameEnglish.flatMap { name in englishNames.map { $0 + [name] } }
            current = division.parentCode.flatMap { divisions[$0] }
        }
        return (names.reversed().joined(separator: " / "), englishNames.map { $0.reversed().joined(separator: " / ") })
    }

    /// `(c.region_code BETWEEN ? AND ? OR ...)` for centers inside any of `regions`, with its values:
    /// an indexed range per region, never a function of the column.
    static func containmentCondition(
        _ regions: [String], column: String = "c.region_code"
    ) -> (sql: String, values: [SQLiteValue]) {
        let sql = "(" + regions.map { _ in "\(column) BETWEEN ? AND ?" }.joined(separator: " OR ") + ")"
        let values = regions.flatMap { region -> [SQLiteValue] in
            let range = containedRange(of: region)
            return [.text(range.lowerBound), .text(range.upperBound)]
        }
        return (sql, values)
    }

    /// The codes of `region` and every division inside it, as the ranges of center region codes they cover.
    public static func containedRange(of region: String) -> ClosedRange<String> {
        if region.hasSuffix("0000") { return String(region.prefix(2)) + "0000"...String(region.prefix(2)) + "9999" }
        if region.hasSuffix("00") { return String(region.prefix(4)) + "00"...String(region.prefix(4)) + "99" }
        return region...region
    }
}
