// What `import figures` does with one row: the rules of `figure add`, then an insert, or for a
// code the registry has, what --on-conflict says.
import TabularFiles

struct FigureRowImporter: RowImporting {
    let repository: FigureRepository
    let validator: FigureValidator
    let header: [String]
    let positions: [FigureField: Int]
    let policy: ConflictPolicy
    /// Codes (lowercased) of the rows met so far, to tell a repeated row from an existing figure. A figures file is small.
    private let seen = CodeSet()

    private final class CodeSet { var codes = Set<String>() }

    init(_ database: Database, header: [String], policy: ConflictPolicy) throws {
        repository = FigureRepository(database)
        repository.clock = repository.clock.stopped()
        validator = FigureValidator(codes: try ReferenceCodes.load(from: database))
        self.header = header
        positions = RowHandler.positions(of: FigureField.self, in: header)
        self.policy = policy
    }

    func importRow(_ reader: CSVReader) throws -> RowOutcome {
        let positions = self.positions
        let figure: Figure
        switch validator.figure(from: { field in positions[field].map { reader.string(at: $0) } }) {
        case .success(let value): figure = value
        case .failure(let failures): throw RowHandler.failure(failures, header: header)
        }
        let codeColumn = positions[.code].map { $0 + 1 }
        guard seen.codes.insert(figure.code.lowercased()).inserted else {
            throw RowFailure(message: "code \(figure.code): appears more than once in this file", column: codeColumn)
        }
        guard let existing = try repository.find(code: figure.code) else {
            try repository.insert(figure, change: .import)
            return .inserted
        }
        switch policy {
        case .fail:
            throw RowFailure(
                message: "code \(figure.code): already exists in the registry (--on-conflict skip or update)",
                column: codeColumn)
        case .skip:
            return .skipped
        case .update:
            if existing.figure == figure { return .unchanged }
            try repository.update(existing, to: figure, change: .import)
            return .updated
        }
    }
}
