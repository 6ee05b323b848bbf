// Divisions, industries and services: the reference lists centers point into.
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
    let db: Connection

    public init(registry: Registry) { db = registry.db }

    public func divisions(parent: String? = nil) throws -> [Division] {
        let statement: Statement
        if let parent {
            statement = try db.cachedStatement("SELECT code, name, name_en, parent_code, level FROM divisions WHERE parent_code = ? ORDER BY code")
            try statement.bind(parent, at: 1)
        } else {
            statement = try db.cachedStatement("SELECT code, name, name_en, parent_code, level FROM divisions ORDER BY code")
        }
        var result: [Division] = []
        while try statement.step() {
            result.append(Division(code: statement.text(0), name: statement.text(1), nameEnglish: statement.string(2),
                                   parentCode: statement.string(3), level: statement.int(4)))
        }
        return result
    }

    public func division(code: String) throws -> Division? {
        let statement = try db.cachedStatement("SELECT code, name, name_en, parent_code, level FROM divisions WHERE code = ?")
        try statement.bind(code, at: 1)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return Division(code: statement.text(0), name: statement.text(1), nameEnglish: statement.string(2),
                        parentCode: statement.string(3), level: statement.int(4))
    }

    public func entries(_ list: CodeList) throws -> [CodedEntry] {
        let statement = try db.cachedStatement("SELECT code, name, name_en FROM \(list.table) ORDER BY code")
        var result: [CodedEntry] = []
        while try statement.step() {
            result.append(CodedEntry(code: statement.text(0), name: statement.text(1), nameEnglish: statement.string(2)))
        }
        return result
    }
}
