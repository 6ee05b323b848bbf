// Records as output cells: how a center's or a figure's fields print in every format (numbers as
// numbers, code lists as lists, which JSON writes as arrays and CSV joins with `;`). Records keep
// their own text (`text(of:)`, CSV's form); the cells are output's business.
extension Center {
    /// The field as an output cell: numbers as numbers, lists as lists.
    public func cell(of field: CenterField) -> Cell {
        switch field {
        case .industries: return .list(industries)
        case .services: return .list(services)
        case .latitude: return Cell(latitude)
        case .longitude: return Cell(longitude)
        default: return Cell(text(of: field))
        }
    }
}

extension Figure {
    /// The field as an output cell: the value as a number, lists as lists (JSON arrays).
    public func cell(of field: FigureField) -> Cell {
        switch field {
        case .regions: return .list(regions)
        case .kinds: return .list(kinds.map(\.rawValue))
        case .industries: return .list(industries)
        case .value: return .integer(Int64(value))
        default: return Cell(text(of: field))
        }
    }
}
