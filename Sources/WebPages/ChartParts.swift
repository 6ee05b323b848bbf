// What the figures and trends charts share: numbers with thousands separators, an estimate of a
// label's width (no font is measured on the server), the black-and-white-safe fills (a hatch
// and a solid, each outlined) and a chart's text alternative. Charts are `HTML`: labels escaped.

enum ChartParts {
    /// `32900` as `32,900`: both languages group by thousands with a comma.
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return number < 0 ? "-" + text : text
    }

    static func grouped(_ number: Int?) -> String { number.map { grouped($0) } ?? "–" }

    /// About how wide `text` is at `fontSize`: a CJK character is a square, a Latin one a little
    /// over half of one. Generous, so that a label sized by it is never cut.
    static func width(_ text: String, fontSize: Double) -> Double {
        text.unicodeScalars.reduce(0) { sum, scalar in sum + (scalar.value >= 0x2E80 ? 1.0 : 0.62) * fontSize }
    }

    /// The fills of a chart's series, told apart without colour: hatched, solid dark, dotted,
    /// then white; every bar has a dark outline too.
    static func fill(_ series: Int, id: String) -> String {
        switch series % 4 {
        case 0: return "url(#\(id)-hatch)"
        case 1: return "#1f3b5c"
        case 2: return "url(#\(id)-dots)"
        default: return "#fff"
        }
    }

    /// The patterns `fill` names, for a chart whose element ids begin with `id`.
    static func patterns(id: String) -> HTML {
        "<defs><pattern id=\"\(id)-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\""
            + " patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/>"
            + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#1f3b5c\" stroke-width=\"3\"/></pattern>"
            + "<pattern id=\"\(id)-dots\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\">"
            + "<rect width=\"5\" height=\"5\" fill=\"#fff\"/><circle cx=\"2.5\" cy=\"2.5\" r=\"1.3\" fill=\"#1f3b5c\"/>"
            + "</pattern></defs>"
    }

    /// The opening of a chart's `<svg>`: its size, its role and its text alternative.
    static func open(id: String, width: Double, height: Double, title: String, description: String) -> HTML {
        "<svg class=\"chart\" id=\"\(id)\" viewBox=\"0 0 \(SVGChart.format(width)) \(SVGChart.format(height))\""
            + " style=\"max-width:\(SVGChart.format(width))px\" role=\"img\""
            + " aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\">"
            + "<title id=\"\(id)-title\">\(title)</title><desc id=\"\(id)-desc\">\(description)</desc>"
            + patterns(id: id)
    }

    /// A legend entry: a swatch in the series' fill and its name.
    static func legend(_ series: Int, _ name: String, x: Double, y: Double, id: String) -> HTML {
        "<rect x=\"\(SVGChart.format(x))\" y=\"\(SVGChart.format(y - 11))\" width=\"14\" height=\"14\""
            + " fill=\"\(fill(series, id: id))\" stroke=\"#1d2733\"/>"
            + "<text x=\"\(SVGChart.format(x + 20))\" y=\"\(SVGChart.format(y))\">\(name)</text>"
    }
}
