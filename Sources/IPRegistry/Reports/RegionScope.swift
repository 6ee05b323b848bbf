// A division and every division inside it, as one range of codes: containment follows the
// code (SPEC.md section 1), so `centers.region_code BETWEEN lowest AND highest` selects the
// centers of a region through the index on region_code.
import SQLiteDB

public struct RegionScope: Sendable, Equatable {
    public let code: String
    public let lowest: String
    public let highest: String

    /// `XX0000` holds every code starting `XX`, `XXYY00` every code starting `XXYY`, any other
    /// code only itself.
    public init(containing code: String) {
        self.code = code
        lowest = code
        if code.hasSuffix("0000") {
            highest = String(code.prefix(2)) + "9999"
        } else if code.hasSuffix("00") {
            highest = String(code.prefix(4)) + "99"
        } else {
            highest = code
        }
    }

    /// The scope of a division named by a user: six digits, and a division of the registry.
    public static func resolve(_ text: String, field: String = "region", in db: Connection) throws -> RegionScope {
        guard text.utf8.count == 6, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw ValidationFailure(field: field, value: text, rule: "a region is a six-digit division code, e.g. 130000")
        }
        guard try db.scalarInt("SELECT count(*) FROM divisions WHERE code = ?", [.text(text)]) == 1 else {
            throw RegistryError.notFound("\(field) \(text): no such division (see 'ipreg region list')")
        }
        return RegionScope(containing: text)
    }

    /// The SQL expression of the highest code inside the division whose code is `column`.
    static func highestCodeSQL(of column: String) -> String {
        "CASE WHEN substr(\(column), 3) = '0000' THEN substr(\(column), 1, 2) || '9999' "
            + "WHEN substr(\(column), 5) = '00' THEN substr(\(column), 1, 4) || '99' ELSE \(column) END"
    }
}
