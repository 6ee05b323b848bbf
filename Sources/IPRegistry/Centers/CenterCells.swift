// A center's fields as output cells, the form every output format starts from: numbers as numbers,
// code lists as lists (JSON writes arrays, CSV joins them with `;`).
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
