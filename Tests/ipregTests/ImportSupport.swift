// Shared by the import and export end-to-end tests: CSV files written the way an office
// would send them, a deterministic generator of centers with every awkward kind of value,
// the summary line read back into numbers, and a look inside the registry file.
import Foundation
import SQLiteDB
import Testing

enum ImportSupport {
    /// The centers header of docs/files.md, in its order.
    static let centerHeader = [
        "code", "name", "name_en", "kind", "status", "region_code", "address", "industries", "services",
        "approved", "opened", "approval_doc", "host", "latitude", "longitude", "website", "source", "notes",
    ]
    static let statisticsHeader = ["center_code", "period", "pretrial_cases", "protection_cases", "source"]

    /// The package's `Examples/` folder.
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Tests/ipregTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package
        .appendingPathComponent("Examples")

    /// RFC 4180 text of `records`: a field is quoted when it holds a comma, quote or line break.
    static func csv(_ records: [[String]], lineEnd: String = "\n") -> String {
        records.map { record in
            record.map { field in
                guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                else { return field }
                return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }.joined(separator: ",") + lineEnd
        }.joined()
    }

    /// A minimal valid center row for the header `code,name,kind,region_code`.
    static func minimal(
        _ code: String, name: String = "测试中心", kind: String = "tisc", region: String = "130100"
    ) -> [String] {
        [code, name, kind, region]
    }

    static let minimalHeader = ["code", "name", "kind", "region_code"]

    /// Four Chinese digits for `number` (0-9999): a word no other number's word contains.
    static func chineseNumeral(_ number: Int) -> String {
        let digits = Array("〇一二三四五六七八九")
        return String([number / 1000 % 10, number / 100 % 10, number / 10 % 10, number % 10].map { digits[$0] })
    }

    static let generatedKinds = ["protection", "rapid-protection", "operation", "tisc"]
    static let generatedRegions = ["110108", "120104", "130100", "130102", "131081", "120000"]
    static let generatedIndustries = [
        "photovoltaics", "cybersecurity", "nuclear-energy", "new-generation-it", "new-materials",
    ]
    static let generatedServices = ["rapid-pre-examination", "rights-confirmation", "rights-protection", "training"]

    /// `count` valid centers with the full header: Chinese names, English names with commas and
    /// quotes, addresses with line breaks, lists, dates, coordinates, URLs. Row `i` is the same
    /// in every run.
    static func generatedCenters(_ count: Int, prefix: String = "GEN") -> [[String]] {
        (0..<count).map { i in
            let industries = generatedIndustries.enumerated().filter { (i >> $0.offset) & 1 == 1 }.map(\.element)
            let services = generatedServices.enumerated().filter { ((i / 3) >> $0.offset) & 1 == 1 }.map(\.element)
            return [
                "\(prefix)-\(String(format: "%05d", i))",
                "测试\(chineseNumeral(i))知识产权中心",
                i % 3 == 0 ? "" : "Test Center \(i), \"Generated\"",
                generatedKinds[i % generatedKinds.count],
                ["operating", "operating", "preparing", "suspended", "closed"][i % 5],
                generatedRegions[i % generatedRegions.count],
                i % 4 == 0 ? "" : "河北省某市某路\(i)号, 二楼" + (i % 8 == 1 ? "\n（东门）" : ""),
                industries.joined(separator: ";"),
                services.joined(separator: ";"),
                i % 5 == 0 ? "" : ["2019", "2020-10", "2021-02-28", "2023-06"][i % 4],
                i % 5 == 0 ? "" : "2024-0\(1 + i % 9)",
                i % 6 == 0 ? "国知发保函字〔2020〕\(i % 500)号" : "",
                i % 7 == 0 ? "" : "某市市场监督管理局",
                i % 2 == 0 ? "" : "39.\(1000 + i % 9000)",
                i % 2 == 0 ? "" : "-116.\(i % 1000)",
                i % 9 == 0 ? "" : "https://example.org/centers/\(i)?q=a,b",
                "ipreg tests",
                i % 10 == 3 ? "Synthetic, not a real center.\nSecond line with \"quotes\"." : "",
            ]
        }
    }

    /// The import's summary line (`read N, inserted N, ...`) as numbers, from the last line of standard error.
    struct Summary: Equatable, CustomStringConvertible {
        var dryRun = false
        var read = 0, inserted = 0, updated = 0, unchanged = 0, skipped = 0, rejected = 0
        /// What follows the seconds, e.g. ` (rejected rows in FILE)`.
        var note = ""

        var description: String {
            "\(dryRun ? "dry run: " : "")read \(read), inserted \(inserted), updated \(updated), unchanged \(unchanged), "
                + "skipped \(skipped), rejected \(rejected)\(note)"
        }

        /// Nil unless `line` is exactly a summary line in the documented order.
        init?(line: Substring) {
            var rest = line[...]
            if rest.hasPrefix("dry run: ") {
                dryRun = true
                rest = rest.dropFirst("dry run: ".count)
            }
            let parts = rest.split(separator: ", ", maxSplits: 6, omittingEmptySubsequences: false)
            let names = ["read", "inserted", "updated", "unchanged", "skipped", "rejected"]
            guard parts.count == 7 else { return nil }
            var values: [Int] = []
            for (name, part) in zip(names, parts) {
                let words = part.split(separator: " ")
                guard words.count == 2, words[0] == name, let value = Int(words[1]) else { return nil }
                values.append(value)
            }
            (read, inserted, updated, unchanged, skipped, rejected) = (
                values[0], values[1], values[2], values[3], values[4], values[5]
            )
            let seconds = parts[6].split(separator: " ", maxSplits: 2)
            guard seconds.count >= 2, Double(seconds[0]) != nil, seconds[1] == "s" else { return nil }
            note = seconds.count == 3 ? " " + seconds[2] : ""
        }

        init(
            dryRun: Bool = false, read: Int, inserted: Int = 0, updated: Int = 0, unchanged: Int = 0, skipped: Int = 0,
            rejected: Int = 0, note: String = ""
        ) {
            (self.dryRun, self.read, self.inserted, self.updated) = (dryRun, read, inserted, updated)
            (self.unchanged, self.skipped, self.rejected, self.note) = (unchanged, skipped, rejected, note)
        }
    }

    /// The summary at the end of standard error; nil when the last line is not one.
    static func summary(_ result: CommandResult) -> Summary? {
        result.errorLines.last.flatMap { Summary(line: $0) }
    }

    /// Runs an import expected to succeed and checks its summary and that standard output stays empty.
    @discardableResult
    static func expectImport(
        _ registry: TestRegistry, _ arguments: [String], stdin: String? = nil, _ expected: Summary,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> CommandResult {
        let result = try registry.run(["import"] + arguments, stdin: stdin)
        #expect(result.status == 0, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(summary(result) == expected, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        return result
    }

    /// Runs an import expected to be refused with `status`, and checks that the registry did not change.
    static func expectRefusedImport(
        _ registry: TestRegistry, _ arguments: [String], stdin: String? = nil, status: Int32 = 65,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> CommandResult {
        let before = try registry.fingerprint()
        let result = try registry.run(["import"] + arguments, stdin: stdin)
        #expect(result.status == status, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(
            try registry.fingerprint() == before, "\(arguments) changed the registry", sourceLocation: sourceLocation)
        return result
    }

    /// `export KIND --format csv` standard output; the export must succeed.
    static func export(
        _ registry: TestRegistry, _ kind: String = "centers", format: String = "csv",
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let result = try registry.run(["export", kind, "--format", format])
        #expect(result.status == 0, "export \(kind): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.isEmpty, sourceLocation: sourceLocation)
        return result.stdout
    }

    /// SQLite's own checks of the registry file, and the search index's check against its table.
    static func expectIntact(_ registry: TestRegistry, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let db = try Connection(path: registry.path, mode: .readWrite)
        #expect(try db.scalarText("PRAGMA integrity_check") == "ok", sourceLocation: sourceLocation)
        #expect(try db.scalarInt("SELECT count(*) FROM pragma_foreign_key_check") == 0, sourceLocation: sourceLocation)
        // Raises SQLITE_CORRUPT_VTAB when the index and the centers table disagree.
        try db.execute("INSERT INTO centers_search (centers_search, rank) VALUES ('integrity-check', 1)")
    }

    /// The names of the registry's indexes and triggers.
    static func schemaNames(_ registry: TestRegistry) throws -> Set<String> {
        let db = try Connection(path: registry.path, mode: .readWrite)
        var names = Set<String>()
        let statement = try db.prepare("SELECT name FROM sqlite_schema WHERE type IN ('index', 'trigger')")
        while try statement.step() { names.insert(statement.text(0)) }
        return names
    }
}

extension TemporaryDirectory {
    /// Writes raw bytes (for files that are not valid UTF-8) and returns the path.
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let target = path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    /// The names of the folder's files, hidden ones included.
    var fileNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
    }
}

extension CommandResult {
    /// The lines of standard error as strings, to compare with expected lines.
    var errorText: [String] { errorLines.map(String.init) }
}
