// A center as one JSON object (docs/files.md), as `center show` and `center list` print it.
// (History keeps a center in another form: the center_snapshots view, Migrations/0004.)
public enum CenterSnapshot {
    /// The keys of the JSON object, in order.
    public static let keys: [String] = {
        var keys = CenterField.allCases.map(\.column)
        let afterRegion = keys.firstIndex(of: "region_code").map { $0 + 1 } ?? keys.count
        keys.insert(contentsOf: ["region_name", "region_name_en"], at: afterRegion)
        return keys + ["created_at", "updated_at"]
    }()

    public static func cells(of stored: StoredCenter) -> [Cell] {
        var cells = CenterField.allCases.map { stored.center.cell(of: $0) }
        cells.insert(
            contentsOf: [.text(stored.regionName), Cell(stored.regionNameEnglish)],
            at: (CenterField.allCases.firstIndex(of: .regionCode) ?? 0) + 1)
        return cells + [.text(stored.createdAt), .text(stored.updatedAt)]
    }
}
