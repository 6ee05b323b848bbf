// A registry in a temporary folder, built row by row with SQL, whose report answers are known.
import Foundation
import IPRegistry
import SQLiteDB

final class ReportFixture {
    let folder: URL
    let registry: Registry

    /// Centers (kind, status, region):
    ///   PB protection operating 110000 (Beijing itself)    PD protection operating 110108 (Haidian)
    ///   RH rapid-protection operating 130100 (Shijiazhuang) OH operation operating 130102 (Chang'an)
    ///   OX operation closed 130102                          TT tisc suspended 120116 (Binhai)
    ///   TH tisc preparing 130000 (Hebei itself)             OS operation operating 130200 (Tangshan)
    /// Industries: OH photovoltaics + cybersecurity, OX photovoltaics, OS photovoltaics, TT cybersecurity.
    /// Statistics (pretrial, protection): PB 2022 (100, 10), 2023-Q1 (30, 5), 2023-Q2 (20, -);
    ///   OX 2023 (7, 70); OH 2023-01..2023-10 (-, 40), 2024-05 (3, 4); TT 2021 (1, 2).
    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ipreg-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        registry = try Registry.open(path: folder.appendingPathComponent("registry.sqlite").path)
        try registry.outsideConnection().execute(
            """
            INSERT INTO centers (id, code, name, kind, status, region_code, created_at, updated_at) VALUES
                (1, 'PB', '北京保护中心', 'protection', 'operating', '110000', 't', 't'),
                (2, 'PD', '海淀保护中心', 'protection', 'operating', '110108', 't', 't'),
                (3, 'RH', '石家庄快速维权中心', 'rapid-protection', 'operating', '130100', 't', 't'),
                (4, 'OH', '长安运营中心', 'operation', 'operating', '130102', 't', 't'),
                (5, 'OX', '长安旧运营中心', 'operation', 'closed', '130102', 't', 't'),
                (6, 'TT', '滨海TISC', 'tisc', 'suspended', '120116', 't', 't'),
                (7, 'TH', '河北TISC', 'tisc', 'preparing', '130000', 't', 't'),
                (8, 'OS', '唐山运营中心', 'operation', 'operating', '130200', 't', 't');
            INSERT INTO center_industries (center_id, industry_code) VALUES
                (4, 'photovoltaics'), (4, 'cybersecurity'), (5, 'photovoltaics'), (8, 'photovoltaics'), (6, 'cybersecurity');
            INSERT INTO case_statistics (center_id, period, period_start, period_end, pretrial_cases, protection_cases) VALUES
                (1, '2022', '2022-01-01', '2022-12-31', 100, 10),
                (1, '2023-Q1', '2023-01-01', '2023-03-31', 30, 5),
                (1, '2023-Q2', '2023-04-01', '2023-06-30', 20, NULL),
                (5, '2023', '2023-01-01', '2023-12-31', 7, 70),
                (4, '2023-01..2023-10', '2023-01-01', '2023-10-31', NULL, 40),
                (4, '2024-05', '2024-05-01', '2024-05-31', 3, 4),
                (6, '2021', '2021-01-01', '2021-12-31', 1, 2);
            """)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Runs a report and returns its columns and rows.
    func run(_ name: String, _ arguments: [String: String] = [:]) throws -> (columns: [String], rows: [[Cell]]) {
        try registry.read { db in
            let report = try ReportCatalog.prepare(name, arguments: arguments, in: db)
            var rows: [[Cell]] = []
            try report.run { rows.append($0) }
            return (report.columnNames, rows)
        }
    }

    func rows(_ name: String, _ arguments: [String: String] = [:]) throws -> [[Cell]] {
        try run(name, arguments).rows
    }

    /// Compiles SQL through the read-only path, inside a read, as `ipreg sql` does.
    func compile(_ sql: String, source: ReadOnlyQuery.Source = .argument) throws {
        try registry.read { db in _ = try ReadOnlyQuery(db, sql: sql, source: source) }
    }

    /// Runs `body` with the saved reports inside one write, as `report save` and `report remove` do.
    func savedReports<Result>(_ body: (SavedReportRepository) throws -> Result) throws -> Result {
        try registry.write { db in try body(SavedReportRepository(db)) }
    }

    /// Runs SQL through the read-only path.
    func query(_ sql: String, _ values: [String: SQLiteValue] = [:]) throws -> [[Cell]] {
        try registry.read { db in
            let query = try ReadOnlyQuery(db, sql: sql)
            var rows: [[Cell]] = []
            try query.run(values) { rows.append($0) }
            return rows
        }
    }
}

extension Cell: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByNilLiteral {
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(nilLiteral: ()) { self = .null }
}
