// The map of Beijing, Tianjin and Hebei: each division's outline shaded by its centers, a marker
// with the count at its middle, and a dot for every center that has its own coordinates.
// The outlines are MapGeometry's (generated; source and licence in docs/web.md): constants of the
// program, the one trusted markup of the pages; every name and code is escaped.
import IPRegistry

public enum RegionMap {
    /// The map divisions' names, for labels (the registry's names are in the overview's tables).
    static let names: [String: String] = [
        "110000": "北京市", "120000": "天津市", "130100": "石家庄市", "130200": "唐山市", "130300": "秦皇岛市",
        "130400": "邯郸市", "130500": "邢台市", "130600": "保定市", "130700": "张家口市", "130800": "承德市",
        "130900": "沧州市", "131000": "廊坊市", "131100": "衡水市",
    ]

    /// The same divisions' names in English.
    static let englishNames: [String: String] = [
        "110000": "Beijing", "120000": "Tianjin", "130100": "Shijiazhuang", "130200": "Tangshan",
        "130300": "Qinhuangdao", "130400": "Handan", "130500": "Xingtai", "130600": "Baoding",
        "130700": "Zhangjiakou", "130800": "Chengde", "130900": "Cangzhou", "131000": "Langfang",
        "131100": "Hengshui",
    ]

    static let mapTitle = Words(zh: "京津冀知识产权服务中心分布", en: "Centers in Beijing, Tianjin and Hebei")

    /// "石家庄市 130100：3 个中心" / "Shijiazhuang 130100: 3 centers".
    static func divisionTitle(_ name: String, _ code: String, _ count: Int, _ language: Language) -> String {
        switch language {
        case .zh: return "\(name) \(code)：\(Formatting.number(count)) 个中心"
        case .en: return "\(name) \(code): \(Formatting.number(count)) \(count == 1 ? "center" : "centers")"
        }
    }

    /// A division's name on the map in `language`.
    static func name(_ code: String, _ language: Language) -> String {
        (language == .en ? englishNames[code] : names[code]) ?? code
    }

    /// A small square at a place (a county's seat on `/coverage`), in a colour, with a title.
    public struct Marker: Sendable {
        public var latitude: Double
        public var longitude: Double
        public var colour: String
        public var title: String
    }

    /// The SVG of the map with `counts` (centers per division code), `points` and `markers`, its
    /// words in `language`.
    /// Without `counts` (nil) the divisions are drawn plain, named but not counted.
    public static func svg(
        counts shown: [String: Int]?, points: [MapPoint], markers: [Marker] = [], title given: String? = nil,
        language: Language = .zh
    ) -> HTML {
        let counts = shown ?? [:]
        let largest = max(counts.values.max() ?? 0, 1)
        let title = given ?? mapTitle(language)
        var svg: HTML =
            "<svg class=\"map\" viewBox=\"0 0 \(SVGChart.format(MapGeometry.width)) \(SVGChart.format(MapGeometry.height))\""
            + " role=\"img\" aria-label=\"\(title)\" xmlns=\"http://www.w3.org/2000/svg\">"
            + "<title>\(title)</title>"
        for division in MapGeometry.divisions {
            let count = counts[division.code] ?? 0
            // Lighter to darker blue with the share of the largest division's count.
            let share = Double(count) / Double(largest)
            let lightness = 95 - Int(share * 45)
            let name = Self.name(division.code, language)
            svg +=
                "<path d=\"\(HTML(trustedMarkup: division.path))\" fill=\"hsl(212,60%,\(lightness)%)\" stroke=\"#fff\" stroke-width=\"1.5\">"
                + "<title>\(shown == nil ? "\(name) \(division.code)" : divisionTitle(name, division.code, count, language))</title></path>"
        }
        for division in MapGeometry.divisions {
            let count = counts[division.code] ?? 0
            let name = Self.name(division.code, language)
            let x = SVGChart.format(division.labelX)
            let y = SVGChart.format(division.labelY)
            svg += "<text class=\"map-label\" x=\"\(x)\" y=\"\(y)\" text-anchor=\"middle\">\(name)</text>"
            guard shown != nil else { continue }
            svg +=
                "<text class=\"map-count\" x=\"\(x)\" y=\"\(SVGChart.format(division.labelY + 16))\" text-anchor=\"middle\""
                + " data-code=\"\(division.code)\">\(Formatting.number(count))</text>"
        }
        for marker in markers {
            let x = (marker.longitude - MapGeometry.west) * MapGeometry.xScale - 4
            let y = (MapGeometry.north - marker.latitude) * MapGeometry.yScale - 4
            guard x >= 0, y >= 0, x <= MapGeometry.width, y <= MapGeometry.height else { continue }
            svg +=
                "<rect x=\"\(SVGChart.format(x))\" y=\"\(SVGChart.format(y))\" width=\"8\" height=\"8\""
                + " fill=\"\(marker.colour)\" stroke=\"#fff\"><title>\(marker.title)</title></rect>"
        }
        for point in points {
            let x = (point.longitude - MapGeometry.west) * MapGeometry.xScale
            let y = (MapGeometry.north - point.latitude) * MapGeometry.yScale
            guard x >= 0, y >= 0, x <= MapGeometry.width, y <= MapGeometry.height else { continue }
            svg +=
                "<circle cx=\"\(SVGChart.format(x))\" cy=\"\(SVGChart.format(y))\" r=\"3.5\" fill=\"#d0452f\" stroke=\"#fff\">"
                + "<title>\(point.code) \(point.name)</title></circle>"
        }
        return svg + "</svg>"
    }
}
