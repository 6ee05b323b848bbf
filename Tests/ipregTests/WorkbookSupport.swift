// Excel workbooks for the tests, written and read by openpyxl (an implementation independent of
// ipreg's) through Scripts/xlsx-fixture, and the hostile ones of Scripts/xlsx-hostile. Tests that
// need python3 and openpyxl are skipped, saying so, when they are absent.
import Foundation
import Testing

enum Workbooks {
    static let scripts = ImportSupport.examples.deletingLastPathComponent().appendingPathComponent("Scripts")

    /// python3 on PATH, when there is one.
    static let python: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("python3") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Whether python3 can import openpyxl.
    static let openpyxlAvailable: Bool = {
        guard let python, let folder = try? TemporaryDirectory(),
            let outcome = try? Spawned(["-c", "import openpyxl"], executable: python, outputFolder: folder.url).wait(
                timeout: 60)
        else { return false }
        return outcome.status == 0
    }()

    static let needsOpenpyxl = "needs python3 with openpyxl (pip install openpyxl, or Scripts/setup-system)"

    /// Runs Scripts/NAME with python3; the run must succeed.
    @discardableResult
    static func script(
        _ name: String, _ arguments: [String], folder: TemporaryDirectory,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        guard let python else {
            Issue.record("python3 is not on PATH", sourceLocation: sourceLocation)
            return ""
        }
        let outcome = try Spawned(
            [scripts.appendingPathComponent(name).path] + arguments, executable: python,
            outputFolder: folder.url
        ).wait(timeout: 300)
        #expect(outcome.status == 0, "\(name) \(arguments): \(outcome.stderr)", sourceLocation: sourceLocation)
        return outcome.stdout
    }

    /// A cell of a workbook written by openpyxl (see Scripts/xlsx-fixture).
    enum Value {
        case shared(String), inline(String), int(Int), number(Double), date(String, format: String?), bool(Bool), error(
            String), none

        var json: Any {
            switch self {
            case .shared(let text): return text
            case .inline(let text): return ["inline": text]
            case .int(let value): return ["int": value]
            case .number(let value): return ["number": value]
            case .date(let date, let format): return format.map { ["date": date, "format": $0] } ?? ["date": date]
            case .bool(let value): return ["bool": value]
            case .error(let value): return ["error": value]
            case .none: return NSNull()
            }
        }
    }

    /// Writes a workbook with openpyxl and returns its path.
    static func write(
        _ name: String, sheets: [(name: String, rows: [[Value]])], date1904: Bool = false,
        in folder: TemporaryDirectory
    ) throws -> String {
        let spec: [String: Any] = [
            "date1904": date1904,
            "sheets": sheets.map { ["name": $0.name, "rows": $0.rows.map { $0.map(\.json) }] as [String: Any] },
        ]
        let specPath = folder.path("\(name).json")
        try JSONSerialization.data(withJSONObject: spec).write(to: URL(fileURLWithPath: specPath))
        let path = folder.path(name)
        try script("xlsx-fixture", ["write", path, specPath], folder: folder)
        return path
    }

    /// The first sheet's rows as openpyxl reads them, every value as text.
    static func read(_ path: String, in folder: TemporaryDirectory) throws -> [[String]] {
        let text = try script("xlsx-fixture", ["read", path], folder: folder)
        return (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String]]) ?? []
    }
}
