// The boundary, read from the source files: the command-line tool reaches SQLite only through
// IPRegistry, and IPRegistry hands no connection or statement to anyone outside it.
import Foundation
import Testing

@Suite struct ArchitectureTests {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    /// Every Swift file under `Sources/folder`, as (path from Sources, text).
    static func swiftFiles(in folder: String) throws -> [(path: String, text: String)] {
        let root = sources.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var files: [(String, String)] = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            files.append((folder + url.path.dropFirst(root.path.count), try String(contentsOf: url, encoding: .utf8)))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    /// `import SQLiteDB`, `@testable import CSQLite`, `import struct SQLiteDB.Connection`, ...
    static func importsTheDatabaseLayer(_ line: String) -> Bool {
        line.range(
            of:
                #"^\s*(@\w+\s+)*import\s+((typealias|struct|class|enum|protocol|let|var|func)\s+)?(SQLiteDB|CSQLite)\b"#,
            options: .regularExpression) != nil
    }

    /// A public or open declaration whose signature names `Connection` or `Statement`: a property
    /// of that type, a function taking or returning one, a type alias to one.
    static func exposesAConnection(_ line: String) -> Bool {
        guard let start = line.range(of: #"\b(public|open)\s"#, options: .regularExpression) else { return false }
        let code = line[start.lowerBound...].prefix { $0 != "{" }
        guard !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") else { return false }
        return code.range(
            of: #"\b(SQLiteDB\.)?(Connection|Statement|ReadOnlyStatement)\b"#, options: .regularExpression) != nil
    }

    @Test func theDetectorsRecogniseWhatTheyLookFor() {
        #expect(Self.importsTheDatabaseLayer("import SQLiteDB"))
        #expect(Self.importsTheDatabaseLayer("@testable import CSQLite"))
        #expect(Self.importsTheDatabaseLayer("import struct SQLiteDB.SQLiteError"))
        #expect(!Self.importsTheDatabaseLayer("import IPRegistry"))
        #expect(!Self.importsTheDatabaseLayer("// import SQLiteDB"))
        #expect(Self.exposesAConnection("    public let db: Connection"))
        #expect(Self.exposesAConnection("    public func prepare(_ sql: String) throws -> Statement {"))
        #expect(Self.exposesAConnection("    public init(connection: SQLiteDB.Connection) {"))
        #expect(Self.exposesAConnection("public typealias Handle = Connection"))
        #expect(!Self.exposesAConnection("    let db: Connection"))
        #expect(
            !Self.exposesAConnection(
                "    public func read<Result>(_ body: (Database) throws -> Result) throws -> Result {"))
    }

    @Test func theCommandLineToolImportsNeitherSQLiteDBNorCSQLite() throws {
        let files = try Self.swiftFiles(in: "ipreg")
        #expect(files.count > 10, "the sources were not found under \(Self.sources.path)")
        for (path, text) in files {
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where Self.importsTheDatabaseLayer(String(line)) {
                Issue.record(
                    "\(path):\(number + 1): \(line.trimmingCharacters(in: .whitespaces)): SQL stays inside IPRegistry")
            }
        }
    }

    @Test func noPublicDeclarationOfIPRegistryHandsOutAConnectionOrAStatement() throws {
        let files = try Self.swiftFiles(in: "IPRegistry")
        #expect(files.count > 20, "the sources were not found under \(Self.sources.path)")
        for (path, text) in files {
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where Self.exposesAConnection(String(line)) {
                Issue.record(
                    "\(path):\(number + 1): \(line.trimmingCharacters(in: .whitespaces)): repositories take a Database inside read or write"
                )
            }
        }
    }

    @Test func noLibraryHoldsGlobalMutableStateTheExecutablesOwnTheStandardStreams() throws {
        let executables: Set<String> = ["ipreg", "ipreg-serve", "EmbedMigrationsTool"]
        let libraries = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path)
            .filter { !executables.contains($0) && !$0.hasPrefix(".") }.sorted()
        #expect(libraries.contains("IPRegistry") && libraries.contains("SQLiteDB"), "\(libraries)")
        for library in libraries {
            for (path, text) in try Self.swiftFiles(in: library) {
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where line.contains("nonisolated(unsafe)") && !line.trimmingCharacters(in: .whitespaces).hasPrefix("//")
                {
                    Issue.record("\(path):\(number + 1): global mutable state belongs to the executable")
                }
            }
        }
    }

    /// The modules a target's files import, from their `import` lines.
    static func importedModules(in folder: String) throws -> Set<String> {
        var modules: Set<String> = []
        for (_, text) in try swiftFiles(in: folder) {
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ").filter { !$0.hasPrefix("@") }
                guard words.count >= 2, words[0] == "import" else { continue }
                modules.insert(String(words.last?.split(separator: ".").first ?? ""))
            }
        }
        return modules
    }

    // Package.swift's dependencies make the compiler refuse a wrong import; these say which
    // layers each target may reach, so that widening a target's dependencies fails a test too.
    @Test func tabularFilesKnowsNothingOfTheRegistryOrSQLite() throws {
        let modules = try Self.importedModules(in: "TabularFiles")
        #expect(!modules.isEmpty, "the sources were not found under \(Self.sources.path)")
        #expect(modules.isSubset(of: ["Glibc", "CZlib"]), "TabularFiles imports \(modules.sorted())")
    }

    @Test func presentationReachesTheRegistryOnlyThroughIPRegistry() throws {
        let modules = try Self.importedModules(in: "RegistryOutput")
        #expect(modules.contains("IPRegistry"), "the sources were not found under \(Self.sources.path)")
        #expect(modules.isDisjoint(with: ["SQLiteDB", "CSQLite"]), "RegistryOutput imports \(modules.sorted())")
    }

    @Test func theCommandLineToolLinksNoServer() throws {
        let modules = try Self.importedModules(in: "ipreg")
        #expect(modules.contains("ArgumentParser"), "the sources were not found under \(Self.sources.path)")
        let server: Set<String> = ["Hummingbird", "HummingbirdCore", "NIOCore", "NIOPosix", "WebServer"]
        #expect(modules.isDisjoint(with: server), "ipreg imports \(modules.intersection(server).sorted())")
    }

    /// The registry (which ipreg links) hashes passwords with HummingbirdBcrypt, whose product is
    /// its own C target only: it must not reach for the rest of Hummingbird or NIO.
    @Test func theRegistryLinksNoServerThroughItsAccounts() throws {
        let modules = try Self.importedModules(in: "IPRegistry")
        #expect(modules.contains("HummingbirdBcrypt"), "the sources were not found under \(Self.sources.path)")
        let server: Set<String> = [
            "Hummingbird", "HummingbirdCore", "HummingbirdAuth", "HummingbirdBasicAuth", "NIOCore", "NIOPosix",
            "WebServer",
        ]
        #expect(modules.isDisjoint(with: server), "IPRegistry imports \(modules.intersection(server).sorted())")
    }
}
