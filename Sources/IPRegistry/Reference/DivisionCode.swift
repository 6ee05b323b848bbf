// A six-digit administrative division code (GB/T 2260) and what follows from it:
// its level and the codes its parent may have.
public struct DivisionCode: Sendable, Hashable, CustomStringConvertible {
    public let text: String

    public static let rule = "must be a six-digit division code (GB/T 2260)"

    /// Six ASCII digits, not starting with `00`.
    public init?(_ raw: String) {
        let text = TextRules.trimmed(raw)
        guard text.utf8.count == 6, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), !text.hasPrefix("00") else {
            return nil
        }
        self.text = text
    }

    public var description: String { text }

    /// `XX0000`: the provincial-level division the code belongs to.
    public var provinceCode: String { String(text.prefix(2)) + "0000" }
    /// `XXYY00`: the prefecture-level division the code may belong to.
    public var prefectureCode: String { String(text.prefix(4)) + "00" }

    /// 1 provincial (`XX0000`), 2 prefecture (`XXYY00`), 3 county (anything else).
    public var level: Int {
        if text == provinceCode { return 1 }
        if text == prefectureCode { return 2 }
        return 3
    }

    /// The parent by the rule of the divisions table: `XXYY00` is inside `XX0000`; `XXYYZZ` is
    /// inside `XXYY00` when that exists, else inside `XX0000`. nil for a provincial division.
    public func parentCode(existing: (String) throws -> Bool) rethrows -> String? {
        switch level {
        case 1: return nil
        case 2: return provinceCode
        default: return try existing(prefectureCode) ? prefectureCode : provinceCode
        }
    }
}
