// A division and every division inside it, as one range of codes (`ReferenceCodes.containedRange`):
// `centers.region_code BETWEEN lowest AND highest` selects a region's centers through an index.

public struct RegionScope: Sendable, Equatable {
    public let code: String
    public let lowest: String
    public let highest: String

    public init(containing code: String) {
        self.code = code
        let range = ReferenceCodes.containedRange(of: code)
        lowest = range.lowerBound
        highest = range.upperBound
    }

    /// The scope of a division a user names: a division code the registry has.
    public static func resolve(_ text: String, field: String = "region", in database: Database) throws -> RegionScope {
        guard let code = DivisionCode(text) else {
            throw ValidationFailure(field: field, value: text, rule: DivisionCode.rule)
        }
        guard try ReferenceRepository(database).division(code: code.text) != nil else {
            throw ValidationFailure(field: field, value: text, rule: "no such division")
        }
        return RegionScope(containing: code.text)
    }

    /// The SQL of the highest code inside the division whose code is `column` (the rule of
    /// `ReferenceCodes.containedRange`), for reports that join divisions to centers.
    static func highestCodeSQL(of column: String) -> String {
        "CASE WHEN substr(\(column), 3) = '0000' THEN substr(\(column), 1, 2) || '9999' "
            + "WHEN substr(\(column), 5) = '00' THEN substr(\(column), 1, 4) || '99' ELSE \(column) END"
    }
}
