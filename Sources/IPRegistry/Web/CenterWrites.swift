// The writes the web's JSON API and its forms share (docs/web-api.md): add, change, remove and
// restore a center, add its statistics, import a file, each for a principal and within its rights
// by region, and never over a change the client has not seen. The rules are the command line's:
// the same validator, repository and importer; only the rights and versions are new here.
//
// Every operation runs inside the caller's write transaction, in a savepoint of its own, so a
// refusal leaves the transaction as it found it: nothing of a refused write is ever kept.
import TabularFiles

public struct CenterWrites {
    public let principal: Principal
    let database: Database

    /// `database` must be a write transaction's (`Registry.write`, or the server's writer).
    public init(_ database: Database, principal: Principal) {
        self.database = database
        self.principal = principal
    }

    // MARK: Centers

    /// Adds a center from raw text per field (nil or blank: not given), checked as `center add`
    /// checks it: every problem at once. A code already taken (in any case) is a conflict.
    public func create(_ values: [CenterField: String]) throws -> VersionedCenter {
        try writing {
            let centers = try CenterRepository(database)
            let center = try centers.validator.center(from: { values[$0] }).get()
            try requireCovered(center.regionCode, "adding center \(center.code)")
            if let existing = try centers.find(code: center.code) {
                throw WriteError(.conflict, "center \(center.code) already exists (as \(existing.center.code))")
            }
            return try versioned(try centers.insert(center), centers)
        }
    }

    /// Changes a center as `center update` does, provided `ifMatch` (an `If-Match` value or a
    /// form's hidden field) names its current version. A change that leaves every field as it
    /// was writes nothing and returns the center as it is.
    public func update(code: String, _ edit: CenterEdit, ifMatch: String?) throws -> VersionedCenter {
        try writing {
            let centers = try CenterRepository(database)
            let stored = try existing(code, centers)
            try requireCovered(stored.center.regionCode, "changing center \(stored.center.code)")
            try requireVersion(of: stored, ifMatch, centers)
            let changed = try edit.applied(to: stored.center, validator: try centers.validator).get()
            if changed.regionCode != stored.center.regionCode {
                try requireCovered(changed.regionCode, "moving center \(stored.center.code) to \(changed.regionCode)")
            }
            guard CenterField.allCases.contains(where: { changed.text(of: $0) != stored.center.text(of: $0) }) else {
                return try versioned(stored, centers)
            }
            return try versioned(try centers.update(stored, to: changed), centers)
        }
    }

    /// Removes a center as `center remove` does (history keeps it for `restore`), provided
    /// `ifMatch` names its current version. Returns the center as it was.
    @discardableResult
    public func remove(code: String, ifMatch: String?) throws -> StoredCenter {
        try writing {
            let centers = try CenterRepository(database)
            let stored = try existing(code, centers)
            try requireCovered(stored.center.regionCode, "removing center \(stored.center.code)")
            try requireVersion(of: stored, ifMatch, centers)
            return try centers.remove(code: stored.center.code)
        }
    }

    /// Brings a removed center back as `center restore` does, with its industries, services and
    /// statistics. A center that exists is a conflict; one never removed is not found.
    public func restore(code: String) throws -> VersionedCenter {
        try writing {
            let centers = try CenterRepository(database)
            if let stored = try centers.find(code: code) {
                throw WriteError(
                    .conflict, "center \(stored.center.code) exists: only a removed center can be restored")
            }
            // Which division it comes back to is known once it is back; outside, the savepoint undoes it.
            let restored = try centers.restore(code: code)
            try requireCovered(restored.center.regionCode, "restoring center \(restored.center.code)")
            return try versioned(restored, centers)
        }
    }

    // MARK: Statistics

    /// Adds rows of statistics to the center `code`, as `stats add` does for each (a row of the
    /// same period replaces the one there), in one change of its history. Each row is raw text per
    /// field; `center_code`, if given, is ignored for `code`. Every problem of every row at once.
    public func addStatistics(code: String, _ rows: [[StatisticField: String]]) throws -> StatisticsAdded {
        try writing {
            let centers = try CenterRepository(database)
            let stored = try existing(code, centers)
            try requireCovered(stored.center.regionCode, "adding statistics to center \(stored.center.code)")
            guard !rows.isEmpty else {
                throw WriteError(.invalid, "no statistics given", problems: ["no statistics given"])
            }
            var problems: [String] = []
            var statistics: [CaseStatistic] = []
            for (index, row) in rows.enumerated() {
                let label = rows.count > 1 ? "row \(index + 1): " : ""
                switch StatisticValidator.statistic(from: { $0 == .centerCode ? stored.center.code : row[$0] }) {
                case .success(let statistic):
                    if let earlier = statistics.first(where: { $0.period.overlaps(statistic.period) }) {
                        problems.append(
                            label + "period \(statistic.period): overlaps the period \(earlier.period) given before")
                    }
                    statistics.append(statistic)
                case .failure(let failures): problems += failures.all.map { label + $0.description }
                }
            }
            guard problems.isEmpty else {
                throw WriteError(.invalid, problems.joined(separator: "; "), problems: problems)
            }
            let before = try centers.snapshot(of: stored)
            let repository = StatisticsRepository(database)
            var replaced: [Bool] = []
            for statistic in statistics { replaced.append(try repository.write(statistic, centerID: stored.id)) }
            try centers.recordHistory(code: stored.center.code, change: .update, before: before)
            return StatisticsAdded(center: try versioned(stored, centers), statistics: statistics, replaced: replaced)
        }
    }

    // MARK: Import

    /// Imports a file as `ipreg import` does (any format it reads). Centers and statistics
    /// only inside the principal's regions: a file with any row outside is refused whole, naming
    /// those rows. Figures are the admin's; divisions are the command line's. A file with invalid
    /// rows writes nothing and is refused with every problem (and what the rest would have done);
    /// a dry run writes nothing and reports the problems instead.
    public func importFile(_ upload: ImportUpload) throws -> ImportReport {
        guard principal.writesCenters else { throw WriteError(.forbidden, "a viewer cannot change the registry") }
        switch upload.kind {
        case .regions: throw WriteError(.forbidden, "divisions are imported from the command line only")
        case .figures where !principal.writesFigures:
            throw WriteError(.forbidden, "published figures are the administrator's")
        default: break
        }
        var options = ImportOptions()
        options.dryRun = upload.dryRun
        options.onConflict = upload.onConflict
        options.encoding = upload.encoding
        options.sheet = upload.sheet
        options.maxReportedErrors = ImportReport.maximumErrors
        let principal = principal
        options.writableRegion = { principal.covers(region: $0) }
        let errors = ErrorLines()
        do {
            let input = try InputFile(bytes: upload.bytes, displayName: upload.displayName)
            let importer = Importer(input: input, options: options) { errors.lines.append($0) }
            let (summary, failure) = try importer.runKeepingSummary(upload.kind, in: database)
            let report = ImportReport(
                kind: upload.kind, summary: summary, errors: errors.lines, written: failure == nil && !upload.dryRun)
            switch failure {
            case nil:
                return report
            case let refusal as ImportRefusal:
                let rows = "\(refusal.count) row\(refusal.count == 1 ? "" : "s")"
                let hidden = refusal.count - refusal.rows.count
                throw WriteError(
                    .forbidden, "\(upload.displayName): \(rows) of centers outside your regions; nothing was imported",
                    problems: refusal.rows + (hidden > 0 ? ["(\(hidden) more not shown)"] : []), report: report)
            case let failure? where upload.dryRun && Self.isInvalidRows(failure):
                // A preview shows what the rows would do, problems included.
                return report
            case let failure?:
                if case RegistryError.invalidRows(let message) = failure {
                    throw WriteError(.invalid, message, problems: errors.lines, report: report)
                }
                throw failure
            }
        } catch {
            throw WriteError.translating(error)
        }
    }

    // MARK: Parts

    private static func isInvalidRows(_ error: any Error) -> Bool {
        if case RegistryError.invalidRows = error { return true }
        return false
    }

    /// Runs `body` in a savepoint, with refusals as `WriteError`s and nothing kept when it throws.
    private func writing<Result>(_ body: () throws -> Result) throws -> Result {
        guard principal.writesCenters else { throw WriteError(.forbidden, "a viewer cannot change the registry") }
        do {
            return try database.savepoint(body)
        } catch {
            throw WriteError.translating(error)
        }
    }

    private func existing(_ code: String, _ centers: CenterRepository) throws -> StoredCenter {
        guard let stored = try centers.find(code: code) else {
            throw WriteError(.notFound, "center \(code): no such center")
        }
        return stored
    }

    private func requireCovered(_ regionCode: String, _ doing: String) throws {
        guard principal.covers(region: regionCode) else {
            throw WriteError(.forbidden, "\(doing): division \(regionCode) is outside your regions")
        }
    }

    /// The version the client saw must be the center's: none is 428, another 412 with the center as it is.
    private func requireVersion(of stored: StoredCenter, _ ifMatch: String?, _ centers: CenterRepository) throws {
        let current = try versioned(stored, centers)
        guard let ifMatch, !TextRules.trimmed(ifMatch).isEmpty else {
            throw WriteError(
                .preconditionRequired,
                "center \(stored.center.code): send the version you saw (If-Match: \(current.version.etag))")
        }
        guard current.version.isMatched(by: ifMatch) else {
            throw WriteError(
                .stale, "center \(stored.center.code) has changed since version \(TextRules.trimmed(ifMatch))",
                current: current)
        }
    }

    private func versioned(_ stored: StoredCenter, _ centers: CenterRepository) throws -> VersionedCenter {
        VersionedCenter(stored: stored, version: CenterVersion(snapshot: try centers.snapshot(of: stored)))
    }
}

/// What `addStatistics` did: the center after it, each row as stored, and whether it replaced
/// the row of the same period.
public struct StatisticsAdded: Sendable, Equatable {
    public let center: VersionedCenter
    public let statistics: [CaseStatistic]
    public let replaced: [Bool]
}

/// A file sent to be imported.
public struct ImportUpload: Sendable {
    public var bytes: [UInt8]
    public var kind: ImportKind
    public var onConflict: ConflictPolicy
    public var dryRun: Bool
    /// How row errors name the file (`NAME:LINE:`); a name ending `.tsv` makes it TSV.
    public var displayName: String
    public var encoding: TextEncoding?
    public var sheet: String?

    public init(
        bytes: [UInt8], kind: ImportKind, onConflict: ConflictPolicy = .fail, dryRun: Bool = false,
        displayName: String = "upload", encoding: TextEncoding? = nil, sheet: String? = nil
    ) {
        self.bytes = bytes
        self.kind = kind
        self.onConflict = onConflict
        self.dryRun = dryRun
        self.displayName = displayName
        self.encoding = encoding
        self.sheet = sheet
    }
}

/// What an import did (or, for a dry run, would do): `ipreg import`'s summary, with every row
/// error as it prints them (`FILE:LINE: error: ...`).
public struct ImportReport: Sendable, Equatable {
    /// Row errors named at most; a count says how many more.
    public static let maximumErrors = 1000

    public let kind: ImportKind
    public let summary: ImportSummary
    public let errors: [String]
    /// Whether the rows were written: not for a dry run or a refused file.
    public let written: Bool

    public init(kind: ImportKind, summary: ImportSummary, errors: [String], written: Bool) {
        self.kind = kind
        self.summary = summary
        self.errors = errors
        self.written = written
    }
}

/// The row errors an import reports, gathered from its callback.
private final class ErrorLines {
    var lines: [String] = []
}
