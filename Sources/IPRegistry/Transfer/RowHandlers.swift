// What an import does with one row of each kind of file. The SQL is the repositories'.
import TabularFiles

protocol RowImporting {
    /// Validates and writes the reader's current row, inside the import's transaction.
    /// Throws `RowFailure` for a row that must be rejected.
    func importRow(_ reader: CSVReader) throws -> RowOutcome
    /// Runs the whole row loop; a handler may set up bulk work around it, and says when the work
    /// after the rows moves on to another phase.
    func bulk(reportingPhase phase: (ImportPhase) -> Void, _ body: () throws -> Void) throws
}

extension RowImporting {
    func bulk(reportingPhase phase: (ImportPhase) -> Void, _ body: () throws -> Void) throws { try body() }
}

enum RowHandler {
    static func make(
        _ kind: ImportKind, in database: Database, header: [String], options: ImportOptions,
        inputSize: Int?
    ) throws -> any RowImporting {
        switch kind {
        case .centers:
            return try CenterRowImporter(
                database, header: header, policy: options.onConflict, inputSize: inputSize,
                writableRegion: options.writableRegion, coordinates: options.coordinates)
        case .stats:
            return try StatisticRowImporter(
                database, header: header, policy: options.onConflict, writableRegion: options.writableRegion)
        case .regions: return try RegionRowImporter(database, header: header, policy: options.onConflict)
        case .figures: return try FigureRowImporter(database, header: header, policy: options.onConflict)
        }
    }

    /// For each field the file has, the position of its column in the header.
    static func positions<Field: RawRepresentable & CaseIterable & Hashable>(
        of _: Field.Type, in header: [String]
    ) -> [Field: Int]
    where Field.RawValue == String {
        var positions: [Field: Int] = [:]
        for field in Field.allCases {
            if let position = header.firstIndex(of: field.rawValue) { positions[field] = position }
        }
        return positions
    }

    /// The refusal of a row whose center lies in `regionCode`, outside the import's rights.
    static func outside(_ what: String, regionCode: String, column: Int?) -> RowOutside {
        RowOutside(message: "\(what): the center's division \(regionCode) is outside your regions", column: column)
    }

    static func failure(_ failures: ValidationFailures, header: [String]) -> RowFailure {
        let column = failures.first.flatMap { header.firstIndex(of: $0.field) }.map { $0 + 1 }
        return RowFailure(message: failures.all.map(\.description).joined(separator: "; "), column: column)
    }
}

struct CenterRowImporter: RowImporting {
    let repository: CenterRepository
    let header: [String]
    let positions: [CenterField: Int]
    /// The same, in the order of `CenterField.allCases`: no hashing per field.
    let fieldPositions: [Int?]
    let policy: ConflictPolicy
    /// Centers with a larger id were added by this import: a clash with one is a repeated code in the file.
    let lastIDBefore: Int64
    let existingCenters: Int
    /// A guess from the file's size; unknown for a pipe.
    let expectedRows: Int
    /// Existing centers a row of this file has already met: meeting one again is a repeated code.
    private let met = IDSet()
    let validator: CenterValidator
    /// Every row of an import is stamped alike.
    let timestamp: String
    /// The divisions rows may write centers in (ImportOptions); nil: all.
    let writableRegion: (@Sendable (String) -> Bool)?
    /// The system the file's coordinates are in.
    let coordinates: CoordinateSystem

    init(
        _ database: Database, header: [String], policy: ConflictPolicy, inputSize: Int?,
        writableRegion: (@Sendable (String) -> Bool)? = nil, coordinates: CoordinateSystem = .wgs84
    ) throws {
        self.writableRegion = writableRegion
        self.coordinates = coordinates
        repository = try CenterRepository(database)
        validator = try repository.validator
        existingCenters = try repository.count()
        expectedRows = (inputSize ?? 0) / 400
        repository.clock = repository.clock.stopped()
        timestamp = repository.clock.timestamp()
        self.header = header
        positions = RowHandler.positions(of: CenterField.self, in: header)
        fieldPositions = CenterField.allCases.map { [positions] in positions[$0] }
        self.policy = policy
        lastIDBefore = try repository.lastID()
    }

    func bulk(reportingPhase phase: (ImportPhase) -> Void, _ body: () throws -> Void) throws {
        // Rebuilding secondary indexes pays off when the load is large next to what is there.
        try repository.bulkLoad(
            after: lastIDBefore, rebuildingIndexes: expectedRows > existingCenters,
            reportingPhase: phase, body)
    }

    func importRow(_ reader: CSVReader) throws -> RowOutcome {
        let result = validator.center(from: CSVRowFields(reader: reader, positions: fieldPositions))
        let center: Center
        switch result {
        case .success(let value): center = value.convertingCoordinates(from: coordinates)
        case .failure(let failures): throw RowHandler.failure(failures, header: header)
        }
        if let writableRegion, !writableRegion(center.regionCode) {
            throw RowHandler.outside(
                "code \(center.code)", regionCode: center.regionCode, column: positions[.regionCode].map { $0 + 1 })
        }
        // History is written for all new centers at the end.
        guard let existing = try repository.insertRecordOrFindTaken(center, createdAt: timestamp, updatedAt: timestamp)
        else {
            return .inserted
        }
        let codeColumn = positions[.code].map { $0 + 1 }
        if existing.id > lastIDBefore || !met.insert(existing.id) {
            throw RowFailure(message: "code \(center.code): appears more than once in this file", column: codeColumn)
        }
        switch policy {
        case .fail:
            throw RowFailure(
                message: "code \(center.code): already exists in the registry (--on-conflict skip or update)",
                column: codeColumn)
        case .skip:
            return .skipped
        case .update:
            // Moving a center out of another's division is changing a center outside.
            if let writableRegion, !writableRegion(existing.center.regionCode) {
                throw RowHandler.outside(
                    "code \(center.code)", regionCode: existing.center.regionCode, column: codeColumn)
            }
            if existing.center == center { return .unchanged }
            try repository.update(existing, to: center, change: .import)
            return .updated
        }
    }
}

/// The reader's current row as the validator reads it: each field's bytes where the reader holds them.
private struct CSVRowFields: CenterFieldSource {
    let reader: CSVReader
    let positions: [Int?]

    func withBytes<R>(of field: CenterField, index: Int, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
        guard let position = positions[index], !reader.isEmpty(at: position) else { return body(nil) }
        return reader.withFieldBytes(at: position, body)
    }
}

struct StatisticRowImporter: RowImporting {
    let centers: CenterRepository
    let statistics: StatisticsRepository
    let header: [String]
    let positions: [StatisticField: Int]
    let policy: ConflictPolicy
    let lastIDBefore: Int64
    /// Existing rows a row of this file has already met (kept or left unchanged): meeting one again is a repeat.
    private let met = IDSet()
    /// The divisions rows may write statistics of centers in (ImportOptions); nil: all.
    let writableRegion: (@Sendable (String) -> Bool)?

    init(
        _ database: Database, header: [String], policy: ConflictPolicy,
        writableRegion: (@Sendable (String) -> Bool)? = nil
    ) throws {
        self.writableRegion = writableRegion
        centers = try CenterRepository(database)
        centers.clock = centers.clock.stopped()
        statistics = StatisticsRepository(database)
        self.header = header
        positions = RowHandler.positions(of: StatisticField.self, in: header)
        self.policy = policy
        lastIDBefore = try statistics.lastID()
    }

    func importRow(_ reader: CSVReader) throws -> RowOutcome {
        let positions = self.positions
        let result = StatisticValidator.statistic { field in
            positions[field].map { reader.string(at: $0) }
        }
        let statistic: CaseStatistic
        switch result {
        case .success(let value): statistic = value
        case .failure(let failures): throw RowHandler.failure(failures, header: header)
        }
        func column(_ field: StatisticField) -> Int? { positions[field].map { $0 + 1 } }
        guard let stored = try centers.find(code: statistic.centerCode) else {
            throw RowFailure(
                message: "center_code \(statistic.centerCode): no such center", column: column(.centerCode))
        }
        if let writableRegion, !writableRegion(stored.center.regionCode) {
            throw RowHandler.outside(
                "center_code \(statistic.centerCode)", regionCode: stored.center.regionCode,
                column: column(.centerCode))
        }
        if let id = try statistics.id(centerID: stored.id, period: statistic.period) {
            if id > lastIDBefore || !met.insert(id) {
                throw RowFailure(
                    message:
                        "period \(statistic.period) of center \(statistic.centerCode): appears more than once in this file",
                    column: column(.period))
            }
            if policy == .skip { return .skipped }
            let current = try statistics.statistics(centerID: stored.id).first { $0.period == statistic.period }
            if var current {
                current.centerCode = statistic.centerCode
                if current == statistic { return .unchanged }
            }
        }
        let before = try centers.snapshot(of: stored)
        let replaced: Bool
        do {
            replaced = try statistics.write(statistic, centerID: stored.id)
        } catch let error as RegistryError {
            guard case .invalidValue(let failure) = error else { throw error }
            throw RowFailure(message: failure.description, column: column(.period))
        }
        try centers.recordHistory(code: stored.center.code, change: .import, before: before)
        return replaced ? .updated : .inserted
    }
}

/// Row ids met during an import; a class so a handler can record them from its non-mutating methods.
final class IDSet {
    private var ids = Set<Int64>()

    /// False when `id` was already there.
    func insert(_ id: Int64) -> Bool { ids.insert(id).inserted }
}

struct RegionRowImporter: RowImporting {
    let reference: ReferenceRepository
    let header: [String]
    let positions: (code: Int?, name: Int?, nameEnglish: Int?)
    let policy: ConflictPolicy
    /// Codes of the rows met so far (existing or added), to tell a repeated row from an existing division. A regions file is small.
    private let seen = CodeSet()

    private final class CodeSet { var codes = Set<String>() }

    init(_ database: Database, header: [String], policy: ConflictPolicy) throws {
        reference = ReferenceRepository(database)
        self.header = header
        positions = (header.firstIndex(of: "code"), header.firstIndex(of: "name"), header.firstIndex(of: "name_en"))
        self.policy = policy
    }

    func importRow(_ reader: CSVReader) throws -> RowOutcome {
        let code = TextRules.trimmed(positions.code.map { reader.string(at: $0) } ?? "")
        let name = positions.name.map { reader.string(at: $0) } ?? ""
        let nameEnglish = positions.nameEnglish.map { reader.string(at: $0) }
        func failure(_ error: RegistryError) -> RowFailure {
            guard case .invalidValue(let failure) = error else {
                return RowFailure(message: error.description, column: nil)
            }
            return RowFailure(message: failure.description, column: header.firstIndex(of: failure.field).map { $0 + 1 })
        }
        do {
            if seen.codes.contains(code) {
                throw RowFailure(
                    message: "code \(code): appears more than once in this file", column: positions.code.map { $0 + 1 })
            }
            if try reference.division(code: code) != nil {
                seen.codes.insert(code)
                switch policy {
                case .fail:
                    throw RowFailure(
                        message: "code \(code): already exists in the registry (--on-conflict skip or update)",
                        column: positions.code.map { $0 + 1 })
                case .skip:
                    return .skipped
                case .update:
                    return try reference.renameDivision(code: code, name: name, nameEnglish: nameEnglish)
                        ? .updated : .unchanged
                }
            }
            try reference.addDivision(code: code, name: name, nameEnglish: nameEnglish)
            seen.codes.insert(code)
            return .inserted
        } catch let error as RegistryError {
            throw failure(error)
        }
    }
}
