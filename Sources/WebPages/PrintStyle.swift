// The pages on paper (docs/web.md, "Printing"): no navigation, header links or forms; tables
// whole across pages with their headings repeated; charts in black and white (their series are
// told apart by hatching and outlines, ChartParts); and at the foot the page's address and when
// it was printed, which the server writes (Layout.document, for the request in Layout.printing),
// since no script may run.

enum PrintStyle {
    /// Appended to every page's stylesheet by Layout.document.
    static let rules: HTML = """
        .print-only{display:none}
        @media print{
        body{background:#fff;color:#000;font-size:11pt}header a,header form,header div,nav,form,button{display:none}
        header{background:#fff;color:#000;border-bottom:1px solid #000;padding:0 0 .3em}
        main{max-width:none;padding:0}section{border:0;border-radius:0;padding:0;overflow:visible;break-inside:auto}
        .grid{display:block}table{width:auto;border-collapse:collapse}thead{display:table-header-group}
        tfoot{display:table-footer-group}tr,th,td{break-inside:avoid;page-break-inside:avoid}
        th,td{border-bottom:1px solid #000;color:#000}h1,h2{break-after:avoid;page-break-after:avoid}
        svg.chart,svg.map{max-width:100%;break-inside:avoid;page-break-inside:avoid}
        svg text{fill:#000}svg rect[fill^="#"]:not([fill="#fff"]){fill:#000}
        a{color:#000;text-decoration:none}
        .print-only{display:block;margin-top:1.5em;border-top:1px solid #000;padding-top:.3em;font-size:9pt}
        }
        """
}

extension PrintStyle {
    static let address = Words(zh: "网址：", en: "Address: ")
    static let printedAt = Words(zh: "打印时间：", en: "Printed at ")

    /// The foot of a printed page: where it is and when it was printed. `timestamp` is the
    /// registry clock's `2026-11-25T09:30:12Z`, written as the page's language writes a time.
    static func footer(address path: String, timestamp: String, language: Language) -> HTML {
        "<footer class=\"print-only\"><span class=\"print-address\">\(address(language))\(path)</span>"
            + "<br><span class=\"printed-at\">\(printedAt(language))\(time(timestamp, language))</span></footer>"
    }

    /// `2026-11-25T09:30:12Z` as `2026年11月25日 09:30（协调世界时）` or `25 Nov 2026, 09:30 UTC`:
    /// the date as `Formatting.date` writes it, then the minute.
    static func time(_ timestamp: String, _ language: Language) -> String {
        let characters = Array(timestamp)
        guard characters.count >= 16, characters[10] == "T" else { return timestamp }
        let date = Formatting.date(String(characters[0..<10]), language)
        guard date != String(characters[0..<10]) else { return timestamp }
        let clock = String(characters[11..<16])
        switch language {
        case .zh: return "\(date) \(clock)（协调世界时）"
        case .en: return "\(date), \(clock) UTC"
        }
    }
}
