// A figure's fields as output cells, the form every output format starts from: the value as a
// number, lists as lists.
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
