// A center as one JSON object (SPEC.md section 4): what `center show --format json` prints
// and what history keeps, with the center's statistics added for a restore.
public enum CenterSnapshot {
    /// The keys of the JSON object, in order.
    public static let keys: [String] = {
        var keys = CenterField.allCases.map(\.column)
        keys.insert("region_name", at: keys.firstIndex(of: "region_code").map { $0 + 1 } ?? keys.count)
        return keys + ["created_at", "updated_at"]
    }()

    public static func cells(of stored: StoredCenter) -> [Cell] {
        var cells = CenterField.allCases.map { stored.center.cell(of: $0) }
        cells.insert(.text(stored.regionName), at: (CenterField.allCases.firstIndex(of: .regionCode) ?? 0) + 1)
        return cells + [.text(stored.createdAt), .text(stored.updatedAt)]
    }

    public static func appendJSON(of stored: StoredCenter, statistics: [CaseStatistic]? = nil, to buffer: inout [UInt8]) {
        JSONText.appendObject(keys: keys, values: cells(of: stored), to: &buffer)
        guard let statistics else { return }
        buffer.removeLast()  // the closing brace: the statistics go inside the object
        appendStatistics(statistics, to: &buffer)
    }

    public static func json(of stored: StoredCenter, statistics: [CaseStatistic]? = nil) -> String {
        var buffer: [UInt8] = []
        appendJSON(of: stored, statistics: statistics, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// The form history keeps: the same keys, but without absent fields, empty lists and what
    /// can be derived (region_name, updated_at), so a million-row import keeps its history small.
    public static func historyJSON(of stored: StoredCenter, statistics: [CaseStatistic]) -> String {
        var keys: [String] = []
        var values: [Cell] = []
        keys.reserveCapacity(CenterField.allCases.count + 1)
        values.reserveCapacity(CenterField.allCases.count + 1)
        for field in CenterField.allCases {
            let cell = stored.center.cell(of: field)
            switch cell {
            case .null: continue
            case .list(let items) where items.isEmpty: continue
            default: break
            }
            keys.append(field.column)
            values.append(cell)
        }
        keys.append("created_at")
        values.append(.text(stored.createdAt))
        var buffer: [UInt8] = []
        buffer.reserveCapacity(512)
        JSONText.appendObject(keys: keys, values: values, to: &buffer)
        if !statistics.isEmpty {
            buffer.removeLast()
            appendStatistics(statistics, to: &buffer)
        }
        return String(decoding: buffer, as: UTF8.self)
    }

    private static func appendStatistics(_ statistics: [CaseStatistic], to buffer: inout [UInt8]) {
        buffer.append(contentsOf: ",\"statistics\":[".utf8)
        for (index, statistic) in statistics.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            JSONText.appendObject(
                keys: ["period", "pretrial_cases", "protection_cases", "source"],
                values: [.text(statistic.period.text), Cell(statistic.pretrialCases), Cell(statistic.protectionCases), Cell(statistic.source)],
                to: &buffer)
        }
        buffer.append(contentsOf: "]}".utf8)
    }
}
