// A command reads the divisions it names and those above them, each by its key, never the whole
// table (every division of China, 3,215 rows): counted as the rows SQLite hands out from statements
// on divisions (the table, or the view region_names), on the test's registry, with the commands
// run in this process.
import CSQLite
import Foundation
import Synchronization
import Testing

@testable import ipreg

@Suite struct RegionFilterReadsTests {
    @Test func aCommandReadsOnlyTheDivisionsItNamesAndThoseAboveThem() throws {
        let registry = try TestRegistry()
        let divisions = try #require(try registry.json(["region", "list"]) as? [[String: Any]]).count
        func rows(_ arguments: [String]) throws -> Int {
            try DivisionRows.counting(in: registry.path) { try Self.run(arguments + ["--db", registry.path]) }
        }
        // The count sees a whole read: `figure add` loads every division, for its "did you mean".
        let figure = [
            "figure", "add", "--code", "F-1", "--metric", "centers", "--region", "130000", "--period", "2023",
            "--value", "5", "--source", "report",
        ]
        #expect(try rows(figure) >= divisions && divisions > 3000)
        let point = ["--lat", "39.9", "--lon", "116.9"]
        for command in [["center", "list"], ["center", "nearest"] + point, ["stats", "list"], ["figure", "list"]] {
            // 三河市, 廊坊市 and 河北省.
            #expect(try rows(command + ["--region", "131082", "--format", "json"]) == 3, "\(command)")
        }
        // The three, and the new center's names (region_names).
        let add = ["center", "add", "--code", "RF-1", "--name", "测试中心", "--kind", "tisc", "--region", "131082"]
        #expect(try rows(add) == 4)
        // 霸州市 and the two above it, and the center's names before and after.
        #expect(try rows(["center", "update", "RF-1", "--region", "131081"]) == 5)
    }

    /// Runs a command in this process, as `ipreg ARGUMENTS` runs it.
    static func run(_ arguments: [String]) throws {
        var command = try IPReg.parseAsRoot(arguments)
        try command.run()
    }
}

/// Rows SQLite hands out from statements on divisions (the table or the view region_names), on
/// connections to one file, while `body` runs. Every connection this process opens meanwhile is
/// traced (sqlite3_auto_extension, the only way into the connections a command opens); the rows of
/// other files are not counted.
enum DivisionRows {
    fileprivate static let counted = Mutex<(file: String, rows: Int)>(("", 0))

    static func counting(in path: String, _ body: () throws -> Void) throws -> Int {
        counted.withLock { $0 = (path, 0) }
        let entry: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, UnsafeRawPointer?) -> Int32 =
            traceRows
        let entryPoint = unsafeBitCast(entry, to: (@convention(c) () -> Void).self)
        sqlite3_auto_extension(entryPoint)
        defer { sqlite3_cancel_auto_extension(entryPoint) }
        try body()
        return counted.withLock { $0.rows }
    }
}

private func traceRows(_ db: OpaquePointer?, _: UnsafeMutableRawPointer?, _: UnsafeRawPointer?) -> Int32 {
    sqlite3_trace_v2(db, UInt32(SQLITE_TRACE_ROW), countRow, nil)
    return SQLITE_OK
}

private func countRow(
    _: UInt32, _: UnsafeMutableRawPointer?, _ statement: UnsafeMutableRawPointer?, _: UnsafeMutableRawPointer?
) -> Int32 {
    let statement = OpaquePointer(statement)
    guard let sql = sqlite3_sql(statement).map({ String(cString: $0) }),
        sql.contains("divisions") || sql.contains("region_names"),
        let file = sqlite3_db_filename(sqlite3_db_handle(statement), "main")
    else { return 0 }
    let path = String(cString: file)
    DivisionRows.counted.withLock { if $0.file == path { $0.rows += 1 } }
    return 0
}
