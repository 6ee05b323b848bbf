// The JSON answers of the write API (docs/web-api.md): a center as the command line prints it,
// an import's report, and refusals as `{"error": ...}` with what a client needs to act on them.
import IPRegistry
import RegistryOutput

public enum APIFormats {
    /// A center as docs/files.md's object, with a line end.
    public static func center(_ stored: StoredCenter) -> [UInt8] {
        var buffer: [UInt8] = []
        DataFormats.appendCenter(stored, to: &buffer)
        buffer.append(0x0A)
        return buffer
    }

    /// `{"error": message}`, with `problems` (every broken rule, or the rows refused) when there
    /// are some, `current` (the center as it is now, for a stale change) and `report` (what an
    /// import's rows would have done).
    public static func error(
        _ message: String, problems: [String] = [], current: StoredCenter? = nil, report: ImportReport? = nil
    ) -> [UInt8] {
        var buffer: [UInt8] = Array("{\"error\":".utf8)
        JSONText.appendString(message, to: &buffer)
        if !problems.isEmpty {
            buffer.append(contentsOf: ",\"problems\":".utf8)
            appendStrings(problems, to: &buffer)
        }
        if let current {
            buffer.append(contentsOf: ",\"current\":".utf8)
            DataFormats.appendCenter(current, to: &buffer)
        }
        if let report {
            buffer.append(contentsOf: ",\"report\":".utf8)
            appendReport(report, to: &buffer)
        }
        buffer.append(contentsOf: "}\n".utf8)
        return buffer
    }

    /// An import's report: `import`'s summary line as keys (`added` for its inserted rows), and
    /// every row error as it prints them.
    public static func importReport(_ report: ImportReport) -> [UInt8] {
        var buffer: [UInt8] = []
        appendReport(report, to: &buffer)
        buffer.append(0x0A)
        return buffer
    }

    /// What adding statistics did: the center after it, and each period, added or replaced.
    public static func statisticsAdded(_ added: StatisticsAdded) -> [UInt8] {
        var buffer: [UInt8] = Array("{\"statistics\":[".utf8)
        for (index, statistic) in added.statistics.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            let replaced = index < added.replaced.count && added.replaced[index]
            JSONText.appendObject(
                keys: ["period", "pretrial_cases", "protection_cases", "source"],
                values: [
                    .text(statistic.period.text), Cell(statistic.pretrialCases), Cell(statistic.protectionCases),
                    Cell(statistic.source),
                ], to: &buffer)
            // The object's closing brace gives way to a boolean, which JSONText's cells do not have.
            buffer.removeLast()
            buffer.append(contentsOf: ",\"replaced\":\(replaced)}".utf8)
        }
        buffer.append(contentsOf: "],\"center\":".utf8)
        DataFormats.appendCenter(added.center.stored, to: &buffer)
        buffer.append(contentsOf: "}\n".utf8)
        return buffer
    }

    private static func appendReport(_ report: ImportReport, to buffer: inout [UInt8]) {
        let summary = report.summary
        buffer.append(contentsOf: "{\"kind\":".utf8)
        JSONText.appendString(report.kind.rawValue, to: &buffer)
        buffer.append(
            contentsOf: (",\"dry_run\":\(summary.dryRun),\"written\":\(report.written),\"read\":\(summary.read),"
                + "\"added\":\(summary.inserted),\"updated\":\(summary.updated),"
                + "\"unchanged\":\(summary.unchanged),\"skipped\":\(summary.skipped),"
                + "\"rejected\":\(summary.rejected),\"errors\":").utf8)
        appendStrings(report.errors, to: &buffer)
        buffer.append(UInt8(ascii: "}"))
    }

    private static func appendStrings(_ strings: [String], to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "["))
        for (index, string) in strings.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            JSONText.appendString(string, to: &buffer)
        }
        buffer.append(UInt8(ascii: "]"))
    }
}
