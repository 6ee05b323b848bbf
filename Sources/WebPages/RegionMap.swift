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

    /// The SVG of the map with `counts` (centers per division code) and `points`.
    public static func svg(counts: [String: Int], points: [MapPoint]) -> HTML {
        let largest = max(counts.values.max() ?? 0, 1)
        var svg: HTML =
            "<svg class=\"map\" viewBox=\"0 0 \(SVGChart.format(MapGeometry.width)) \(SVGChart.format(MapGeometry.height))\""
            + " role=\"img\" aria-label=\"Centers in Beijing, Tianjin and Hebei\" xmlns=\"http://www.w3.org/2000/svg\">"
            + "<title>Centers in Beijing, Tianjin and Hebei</title>"
        for division in MapGeometry.divisions {
            let count = counts[division.code] ?? 0
            // Lighter to darker blue with the share of the largest division's count.
            let share = Double(count) / Double(largest)
            let lightness = 95 - Int(share * 45)
            let name = names[division.code] ?? division.code
            svg +=
                "<path d=\"\(HTML(trustedMarkup: division.path))\" fill=\"hsl(212,60%,\(lightness)%)\" stroke=\"#fff\" stroke-width=\"1.5\">"
                + "<title>\(name) \(division.code): \(count) centers</title></path>"
        }
        for division in MapGeometry.divisions {
            let count = counts[division.code] ?? 0
            let name = names[division.code] ?? division.code
            let x = SVGChart.format(division.labelX)
            let y = SVGChart.format(division.labelY)
            svg += "<text class=\"map-label\" x=\"\(x)\" y=\"\(y)\" text-anchor=\"middle\">\(name)</text>"
            svg +=
                "<text class=\"map-count\" x=\"\(x)\" y=\"\(SVGChart.format(division.labelY + 16))\" text-anchor=\"middle\""
                + " data-code=\"\(division.code)\">\(count)</text>"
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
