// Divisions, industries and services: the reference lists centers point into,
// read, and added to with the rules of docs/commands.md.
import SQLiteDB

public struct Division: Sendable, Equatable {
    public let code: String
    public let name: String
    public let nameEnglish: String?
    public let parentCode: String?
    public let level: Int
}

/// An industry or a service: both are a code with names.
public struct CodedEntry: Sendable, Equatable {
    public let code: String
    public let name: String
    public let nameEnglish: String?
}

public enum CodeList: String, Sendable {
    case industries, services

    var table: String { rawValue }
    public var singular: String { self == .industries ? "industry" : "service" }
}

public struct ReferenceRepository {
    let database: Database
    var db: Connection { get throws(SQLiteError) { try database.connection } }

    public init(_ database: Database) { self.database = database }

    public func divisions(parent: String? = nil) throws -> [Division] {
        let statement: Statement
        if let parent {
            statement = try db.cachedStatement(
                "SELECT code, name, name_en, parent_code, level FROM divisions WHERE parent_code = ? ORDER BY code")
            try statement.bind(parent, at: 1)
        } else {
            statement = try db.cachedStatement(
                "SELECT code, name, name_en, parent_code, level FROM divisions ORDER BY code")
        }
        var result: [Division] = []
        while try statement.step() {
            result.append(
                Division(
                    code: statement.text(0), name: statement.text(1), nameEnglish: statement.string(2),
                    parentCode: statement.string(3), level: statement.int(4)))
        }
        return result
    }

    public func division(code: String) throws -> Division? {
        let statement = try db.cachedStatement(
            "SELECT code, name, name_en, parent_code, level FROM divisions WHERE code = ?")
        try statement.bind(code, at: 1)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return Division(
            code: statement.text(0), name: statement.text(1), nameEnglish: statement.string(2),
            parentCode: statement.string(3), level: statement.int(4))
    }

    public func entries(_ list: CodeList) throws -> [CodedEntry] {
        let statement = try db.cachedStatement("SELECT code, name, name_en FROM \(list.table) ORDER BY code")
        var result: [CodedEntry] = []
        while try statement.step() {
            result.append(
                CodedEntry(code: statement.text(0), name: statement.text(1), nameEnglish: statement.string(2)))
        }
        return result
    }

    // MARK: Adding (inside the caller's transaction)

    /// Adds a division. Its level and parent follow from its code; a code whose province is not
    /// in the registry is refused. A new prefecture-level division `XXYY00` becomes the parent
    /// of the county-level divisions `XXYYZZ` that sat directly inside their province until then.
    /// Returns the division and how many divisions moved inside it.
    @discardableResult
    public func addDivision(
        code rawCode: String, name rawName: String, nameEnglish rawNameEnglish: String? = nil,
        source: String? = nil
    ) throws -> (division: Division, moved: Int) {
        guard let code = DivisionCode(rawCode) else {
            throw RegistryError.invalidValue(ValidationFailure(field: "code", value: rawCode, rule: DivisionCode.rule))
        }
        let (name, nameEnglish) = try Self.checkedNames(name: rawName, nameEnglish: rawNameEnglish)
        if let existing = try division(code: code.text) {
            throw RegistryError.invalidValue(
                ValidationFailure(
                    field: "code", value: code.text,
                    rule: "already exists (\(existing.name))"))
        }
        if code.level > 1, try division(code: code.provinceCode) == nil {
            throw RegistryError.invalidValue(
                ValidationFailure(
                    field: "code", value: code.text,
                    rule: "its provincial-level division \(code.provinceCode) is not in the registry (add it first)"))
        }
        let parent = try code.parentCode { try division(code: $0) != nil }
        try db.execute(
            "INSERT INTO divisions (code, name, name_en, parent_code, level, source) VALUES (?, ?, ?, ?, ?, ?)",
            [
                .text(code.text), .text(name), SQLiteValue(nameEnglish), SQLiteValue(parent),
                .integer(Int64(code.level)), SQLiteValue(source),
            ])
        var moved = 0
        if code.level == 2 {
            try db.execute(
                """
                UPDATE divisions SET parent_code = ?1
                WHERE code BETWEEN ?2 AND ?3 AND code <> ?1 AND parent_code = ?4 AND level = 3
                """,
                [
                    .text(code.text), .text(String(code.text.prefix(4)) + "01"),
                    .text(String(code.text.prefix(4)) + "99"),
                    .text(code.provinceCode),
                ])
            moved = try db.changes
        }
        return (
            Division(code: code.text, name: name, nameEnglish: nameEnglish, parentCode: parent, level: code.level),
            moved
        )
    }

    /// Gives an existing division new names (an import with `--on-conflict update`).
    /// Returns false when the names were already these.
    @discardableResult
    public func renameDivision(code: String, name rawName: String, nameEnglish rawNameEnglish: String?) throws -> Bool {
        let (name, nameEnglish) = try Self.checkedNames(name: rawName, nameEnglish: rawNameEnglish)
        guard let existing = try division(code: code) else {
            throw RegistryError.notFound("region \(code): no such division")
        }
        if existing.name == name && existing.nameEnglish == nameEnglish { return false }
        try db.execute(
            "UPDATE divisions SET name = ?, name_en = ? WHERE code = ?",
            [.text(name), SQLiteValue(nameEnglish), .text(code)])
        return true
    }

    /// Adds an industry or a service: a new lowercase code (`a-z 0-9 -`, 1-64 characters) and its names.
    @discardableResult
    public func addEntry(
        _ list: CodeList, code rawCode: String, name rawName: String, nameEnglish rawNameEnglish: String? = nil,
        source: String? = nil
    ) throws -> CodedEntry {
        let code = TextRules.trimmed(rawCode)
        guard TextRules.isReferenceCode(code) else {
            throw RegistryError.invalidValue(
                ValidationFailure(
                    field: "code", value: rawCode,
                    rule: "must be 1-64 characters of lowercase a-z, 0-9 and -"))
        }
        let (name, nameEnglish) = try Self.checkedNames(name: rawName, nameEnglish: rawNameEnglish)
        if let existing = try db.scalarText("SELECT name FROM \(list.table) WHERE code = ?", [.text(code)]) {
            throw RegistryError.invalidValue(
                ValidationFailure(field: "code", value: code, rule: "already exists (\(existing))"))
        }
        try db.execute(
            "INSERT INTO \(list.table) (code, name, name_en, source) VALUES (?, ?, ?, ?)",
            [.text(code), .text(name), SQLiteValue(nameEnglish), SQLiteValue(source)])
        return CodedEntry(code: code, name: name, nameEnglish: nameEnglish)
    }

    /// A name is required, an English name optional; both 1-200 characters without control characters,
    /// stored in NFC, showing something and without bidirectional overrides (`TextRules`).
    static func checkedNames(name rawName: String, nameEnglish rawNameEnglish: String?) throws -> (String, String?) {
        func checked(_ field: String, _ raw: String) throws(ValidationFailure) -> String {
            try TextRules.checkedText(TextRules.trimmed(raw), limit: 200, allowLineBreaks: false, isName: true) {
                ValidationFailure(field: field, value: raw, rule: $0)
            }
        }
        do throws(ValidationFailure) {
            let name = try checked("name", rawName)
            guard !name.isEmpty else { throw ValidationFailure(field: "name", value: rawName, rule: "is required") }
            var nameEnglish: String?
            if let rawNameEnglish { nameEnglish = try checked("name_en", rawNameEnglish) }
            return (name, nameEnglish?.isEmpty == false ? nameEnglish : nil)
        } catch {
            throw RegistryError.invalidValue(error)
        }
    }
}
