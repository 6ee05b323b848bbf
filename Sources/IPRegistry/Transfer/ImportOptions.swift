// What an import is asked to do, and what it reports at the end.
import TabularFiles

public enum ConflictPolicy: String, CaseIterable, Sendable {
    /// Refuse the file when a row's code already exists.
    case fail
    /// Keep the existing record.
    case skip
    /// Replace the existing record (an upsert).
    case update
}

public struct ImportOptions: Sendable {
    public var dryRun = false
    public var onConflict: ConflictPolicy = .fail
    /// Where invalid rows go, with an `error` column; the valid rows are then imported.
    public var rejectsPath: String?
    /// How many row errors are printed before only a count is given.
    public var maxReportedErrors = 20
    /// The text file's encoding; nil: UTF-8, or UTF-16 when it starts with a UTF-16 byte-order mark.
    public var encoding: TextEncoding?
    /// The worksheet of a workbook to import; nil for the first.
    public var sheet: String?
    /// Whether a center in a division may be written (a web principal's rights by region); nil:
    /// every center (the command line). A row of a center outside, new or existing, is refused,
    /// and the whole import with it (`ImportRefusal`).
    public var writableRegion: (@Sendable (String) -> Bool)?
    /// The system a centers file's coordinates are in (docs/geography.md): converted to WGS-84
    /// after each row is checked.
    public var coordinates: CoordinateSystem = .wgs84

    public init() {}
}

public struct ImportSummary: Sendable, Equatable {
    public var read = 0
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    public var skipped = 0
    public var rejected = 0
    public var seconds = 0.0
    public var dryRun = false

    public init() {}

    public var line: String {
        let rounded = (seconds * 100).rounded() / 100
        return
            "\(dryRun ? "dry run: " : "")read \(read), inserted \(inserted), updated \(updated), unchanged \(unchanged), "
            + "skipped \(skipped), rejected \(rejected), \(NumberText.shortest(rounded)) s"
    }
}

/// How far an import has come, for a progress display.
public struct ImportProgress: Sendable {
    public let rows: Int
    public let bytes: Int
    public let totalBytes: Int?
    public let seconds: Double
    public var phase: ImportPhase = .rows

    public init(rows: Int, bytes: Int, totalBytes: Int?, seconds: Double, phase: ImportPhase = .rows) {
        self.rows = rows
        self.bytes = bytes
        self.totalBytes = totalBytes
        self.seconds = seconds
        self.phase = phase
    }
}
