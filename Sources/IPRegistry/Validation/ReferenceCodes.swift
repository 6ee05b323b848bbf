// The codes a center may point to, loaded once per command so that validating
// a million rows needs no query per row.
import SQLiteDB

public struct ReferenceCodes: Sendable {
    public var divisions: [String: Division]
    public var industries: Set<String>
    public var services: Set<String>

    /// Region names of every division, worked out once.
    private var regionNames: [String: String] = [:]

    public init(divisions: [String: Division], industries: Set<String>, services: Set<String>) {
        self.divisions = divisions
        self.industries = industries
        self.services = services
        for code in divisions.keys { regionNames[code] = pathName(of: code) }
    }

    public static func load(from registry: Registry) throws -> ReferenceCodes {
        let reference = ReferenceRepository(registry: registry)
        let divisions = try reference.divisions()
        return ReferenceCodes(
            divisions: Dictionary(divisions.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first }),
            industries: Set(try reference.entries(.industries).map(\.code)),
            services: Set(try reference.entries(.services).map(\.code)))
    }

    /// `Hebei Province / Shijiazhuang`: English names where the registry has them, else Chinese.
    public func regionName(of code: String) -> String {
        regionNames[code] ?? pathName(of: code)
    }

    private func pathName(of code: String) -> String {
        var names: [String] = []
        var current = divisions[code]
        while let division = current, names.count < 4 {
            names.append(division.nameEnglish ?? division.name)
            current = division.parentCode.flatMap { divisions[$0] }
        }
        return names.reversed().joined(separator: " / ")
    }

    /// The codes of `region` and every division inside it, as the ranges of center region codes they cover.
    public static func containedRange(of region: String) -> ClosedRange<String> {
        if region.hasSuffix("0000") { return String(region.prefix(2)) + "0000"...String(region.prefix(2)) + "9999" }
        if region.hasSuffix("00") { return String(region.prefix(4)) + "00"...String(region.prefix(4)) + "99" }
        return region...region
    }
}
