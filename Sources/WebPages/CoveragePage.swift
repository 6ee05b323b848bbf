// `/coverage`: how far each county's seat is from its nearest protection center, farthest first:
// the region's map with every seat marked by its distance band, and the numbers as a table
// (also `.json`, `.csv`, `.xlsx`). Seats: division_seats (docs/reports.md says where from).
import IPRegistry
import RegistryOutput
import TabularFiles

/// What `/coverage` shows.
public struct Coverage: Sendable {
    public var regions: [String]
    public var kinds: [CenterKind]
    public var seats: [SeatDistance]
}

extension WebData {
    /// The region's three provinces unless `region` items say otherwise; protection centers
    /// unless `kind` items do. Each value is checked as `/centers` checks its filters, so that a
    /// refusal says the same.
    public func coverage(items: [(String, String)]) throws(WebError) -> Coverage {
        for (name, _) in items where name != "region" && name != "kind" {
            throw .badRequest("unknown query item \(name) (filters: region, kind)")
        }
        return try read { db in
            let selected = [CenterFilter.Selection.kind, .region].flatMap { selection in
                items.filter { $0.0 == selection.rawValue }.map { (selection, $0.1) }
            }
            let centers = try CenterRepository(db)
            let parsed = try CenterFilter.parsing(selected, validator: centers.validator, naming: .selection)
            let chosenRegions = parsed.regions.isEmpty ? ["110000", "120000", "130000"] : parsed.regions
            // The regions choose the seats, not the centers: a seat's nearest center may lie outside them.
            var filter = CenterFilter()
            filter.kinds = parsed.kinds.isEmpty ? [.protection] : parsed.kinds
            // A nearest query per seat (some 200 for the default region): kept per registry
            // state (SnapshotMemo), as the trends are, so that asking again costs a look-up.
            let seats = try db.remembered(CoverageKey(regions: chosenRegions, kinds: filter.kinds)) {
                try centers.seatDistances(inside: chosenRegions, filter: filter)
            }
            return Coverage(regions: chosenRegions, kinds: filter.kinds, seats: seats)
        }
    }
}

/// What `/coverage`'s kept rows depend on besides the registry: its checked filter, as sets, since
/// the rows do not depend on the order or repeats of the items (`region=A&region=B` is
/// `region=B&region=A`); each spelling would otherwise cost its own 200 searches and memo slot.
struct CoverageKey: Hashable {
    let regions: Set<String>
    let kinds: Set<CenterKind>

    init(regions: [String], kinds: [CenterKind]) {
        self.regions = Set(regions)
        self.kinds = Set(kinds)
    }
}

public enum CoveragePage {
    static let title = Words(
        zh: "各县（市、区）到最近服务中心的距离", en: "How far each county is from its nearest center")
    static let note = Words(
        zh: "距离为县级政府驻地到最近的未关闭中心的大圆距离（公里）。驻地坐标取自 PyPI 包 cpca 0.5.5（MIT 许可），"
            + "原为火星坐标（GCJ-02），已转换为 WGS-84；少数区划无驻地坐标，不在表中。",
        en: "Distances are great-circle kilometres from each county-level seat of government to the nearest "
            + "center that is not closed. Seats: the PyPI package cpca 0.5.5 (MIT), GCJ-02 converted to WGS-84; "
            + "the few divisions it has no point for are not listed.")
    static let kindsLine = Words(zh: "中心类型：", en: "Kinds of center: ")
    static let county = Words(zh: "县级行政区", en: "County-level division")
    static let nearestCenter = Words(zh: "最近的中心", en: "Nearest center")
    static let distance = Words(zh: "距离（公里）", en: "Distance (km)")
    static let noCenter = Words(zh: "无带坐标的中心", en: "no center with coordinates")
    static let asData = Words(zh: "数据下载：", en: "As data: ")
    static let bands: [(upTo: Double, colour: String, words: Words)] = [
        (25, "#1a7f37", Words(zh: "25 公里以内", en: "within 25 km")),
        (50, "#9a6700", Words(zh: "25–50 公里", en: "25-50 km")),
        (100, "#c2410c", Words(zh: "50–100 公里", en: "50-100 km")),
        (.infinity, "#b42318", Words(zh: "100 公里以上或无中心", en: "over 100 km, or no center")),
    ]

    /// The band a distance falls in (nil: no center at all, the last band).
    static func band(_ km: Double?) -> (upTo: Double, colour: String, words: Words) {
        let distance = km ?? .infinity
        return bands.first { distance <= $0.upTo } ?? bands[bands.count - 1]
    }

    /// The rows the data formats give: one per seat, farthest first.
    public static func table(_ coverage: Coverage) -> Table {
        Table(
            columns: [
                "region_code", "region_name", "seat_latitude", "seat_longitude", "nearest_code", "nearest_name",
                "distance_km",
            ],
            rows: coverage.seats.map { seat in
                [
                    .text(seat.code), .text(seat.regionName), .real(seat.latitude), .real(seat.longitude),
                    Cell(seat.nearest?.stored.center.code), Cell(seat.nearest?.stored.center.name),
                    seat.nearest.map { .real(($0.distanceKm * 1000).rounded() / 1000) } ?? .null,
                ]
            })
    }

    public static func html(
        _ coverage: Coverage, signedIn: SignedInUser? = nil, language: Language = .zh, address: PageAddress? = nil
    ) -> HTML {
        let heading = title(language)
        var body: HTML = "<h1>\(heading)</h1>"
        let kinds = coverage.kinds.map { Vocabulary.kind($0)(language) }.joined(separator: language == .zh ? "、" : ", ")
        body += "<p>\(kindsLine(language))\(kinds)</p><p class=\"note\">\(note(language))</p>"
        var markers: [RegionMap.Marker] = []
        for seat in coverage.seats {
            let band = band(seat.nearest?.distanceKm)
            let name = language == .en ? seat.regionNameEnglish ?? seat.regionName : seat.regionName
            markers.append(
                RegionMap.Marker(
                    latitude: seat.latitude, longitude: seat.longitude, colour: band.colour,
                    title: "\(name)：\(band.words(language))"))
        }
        body += "<section id=\"coverage-map\">"
        body += RegionMap.svg(counts: nil, points: [], markers: markers, title: heading, language: language)
        body += "<ul class=\"legend\">"
        for band in bands {
            body +=
                "<li><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect width=\"12\" height=\"12\""
                + " fill=\"\(band.colour)\"/></svg> \(band.words(language))</li>"
        }
        body += "</ul></section>"
        body +=
            "<table><thead><tr><th scope=\"col\">\(county(language))</th><th scope=\"col\">\(nearestCenter(language))</th>"
            + "<th scope=\"col\">\(distance(language))</th></tr></thead><tbody>"
        for seat in coverage.seats {
            let name = language == .en ? seat.regionNameEnglish ?? seat.regionName : seat.regionName
            body += "<tr><th scope=\"row\">\(name) (\(seat.code))</th>"
            if let nearest = seat.nearest {
                let center = nearest.stored.center
                body +=
                    "<td><a href=\"/centers/\(Query.encode(center.code))\">\(center.name)</a></td>"
                    + "<td class=\"n\">\(Formatting.decimal(nearest.distanceKm, digits: 1))</td></tr>"
            } else {
                body += "<td>\(noCenter(language))</td><td class=\"n\">—</td></tr>"
            }
        }
        body += "</tbody></table>"
        let query = Query.string(
            coverage.regions.map { ("region", $0) } + coverage.kinds.map { ("kind", $0.rawValue) })
        body +=
            "<p class=\"note\">\(asData(language))<a href=\"/coverage.json?\(query)\">JSON</a>, "
            + "<a href=\"/coverage.csv?\(query)\">CSV</a>, <a href=\"/coverage.xlsx?\(query)\">Excel (.xlsx)</a></p>"
        return Layout.document(title: heading, body: body, signedIn: signedIn, language: language, address: address)
    }
}
