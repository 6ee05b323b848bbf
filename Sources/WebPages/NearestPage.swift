// `/centers/nearest`: the centers nearest a point, as `center nearest` finds them, with a form
// for the point and the filters; `.json` and `.geojson` give the same centers with their
// distances, `.csv` and `.xlsx` the page's table.
import IPRegistry
import RegistryOutput
import TabularFiles

/// What `/centers/nearest` shows: the form's values, and the answer once a point is given.
public struct NearestList: Sendable {
    /// The query items as given, to fill the form again.
    public var items: [(String, String)]
    public var limit: Int
    /// Nil until the form has been sent with a point.
    public var answer: NearestAnswer?
    /// Why the point or a filter was refused (a 400), in one line.
    public var problem: String?
}

extension WebData {
    /// The query items `/centers/nearest` takes.
    static let nearestRepeatable: Set<String> = ["kind", "status", "region", "industry", "service"]
    static let nearestSingle: Set<String> = ["lat", "lon", "limit", "within"]

    /// The centers nearest `lat`/`lon` that the filters select. Without `lat` and `lon` (the
    /// form's first showing) there is no answer; a bad value is a 400 that names it.
    public func nearest(items: [(String, String)]) throws(WebError) -> NearestList {
        var seen: Set<String> = []
        for (name, _) in items {
            if !Self.nearestRepeatable.contains(name) && !Self.nearestSingle.contains(name) {
                throw .badRequest(
                    "unknown query item \(name) (filters: lat, lon, kind, status, region, industry, service, limit, within)"
                )
            }
            if Self.nearestSingle.contains(name) && !seen.insert(name).inserted {
                throw .badRequest("\(name) is given twice")
            }
        }
        func value(_ name: String) -> String? { items.first { $0.0 == name }?.1 }
        func number(_ name: String) throws(WebError) -> Double? {
            guard let text = value(name) else { return nil }
            guard let number = Double(TextRules.trimmed(text)) else {
                throw .badRequest("\(name) \(text): not a number")
            }
            return number
        }
        var limit = 10
        if let text = value("limit") {
            guard let number = Int(text), (1...1_000).contains(number) else {
                throw .badRequest("limit \(text): expected a whole number from 1 to 1000")
            }
            limit = number
        }
        let latitude = try number("lat")
        let longitude = try number("lon")
        let within = try number("within")
        if let within, let problem = NearestCenters.problem(withinKm: within) {
            throw .badRequest("within: \(problem)")
        }
        guard let latitude, let longitude else {
            if latitude != nil || longitude != nil { throw .badRequest("lat and lon go together: give both") }
            return NearestList(items: items, limit: limit)
        }
        if let problem = NearestCenters.problem(latitude: latitude, longitude: longitude) {
            throw .badRequest(problem)
        }
        let answer = try read { db in
            let order: [CenterFilter.Selection] = [.kind, .status, .region, .industry, .service]
            let selected = order.flatMap { selection in
                items.filter { $0.0 == selection.rawValue }.map { (selection, $0.1) }
            }
            let centers = try CenterRepository(db)
            let filter = try CenterFilter.parsing(selected, validator: centers.validator, naming: .selection)
            return try centers.nearest(
                latitude: latitude, longitude: longitude, limit: limit, withinKm: within, filter: filter)
        }
        return NearestList(items: items, limit: limit, answer: answer)
    }
}

extension Pages {
    enum NearestWords {
        static let title = Words(zh: "最近的服务中心", en: "Nearest centers")
        static let latitude = Words(zh: "纬度", en: "Latitude")
        static let longitude = Words(zh: "经度", en: "Longitude")
        static let within = Words(zh: "距离（公里）", en: "Distance (km)")
        static let distance = Words(zh: "距离（公里）", en: "Distance (km)")
        static let limit = Words(zh: "显示条数", en: "How many")
        static let find = Words(zh: "查找", en: "Find")
        static let none = Words(zh: "没有符合条件的服务中心。", en: "No center matches.")
        static let hint = Words(
            zh: "坐标为 WGS-84（GPS）经纬度，单位为度；距离为大圆距离。",
            en: "Coordinates are WGS-84 (GPS) degrees; distances are great-circle distances.")
        static let problem = Words(zh: "请检查输入：", en: "Please check: ")

        static func leftOut(_ count: Int, _ language: Language) -> String {
            switch language {
            case .zh: return "另有 \(Formatting.number(count)) 个服务中心没有坐标，未列入。"
            case .en:
                return "\(Formatting.number(count)) \(count == 1 ? "center" : "centers") without coordinates left out."
            }
        }
    }

    /// The form, then the message of a refused request or the centers found.
    public static func nearest(
        _ list: NearestList, signedIn: SignedInUser? = nil, language: Language = .zh, address: PageAddress? = nil
    ) -> HTML {
        typealias W = NearestWords
        typealias C = CenterWords
        func value(_ name: String) -> String { list.items.first { $0.0 == name }?.1 ?? "" }
        var body: HTML = "<h1>\(W.title(language))</h1><p class=\"note\">\(W.hint(language))</p>"
        body += "<form method=\"get\" action=\"/centers/nearest\">"
        for (name, label) in [("lat", W.latitude), ("lon", W.longitude), ("within", W.within)] {
            body +=
                "<label>\(label(language))<input name=\"\(name)\" inputmode=\"decimal\" size=\"12\" "
                + "value=\"\(value(name))\"></label>"
        }
        body += select(
            "kind", Vocabulary.field(.kind)(language),
            options: CenterKind.allCases.map { ($0.rawValue, Vocabulary.kind($0)(language)) }, chosen: value("kind"),
            any: C.any(language))
        body += select(
            "status", Vocabulary.field(.status)(language),
            options: CenterStatus.allCases.map { ($0.rawValue, Vocabulary.status($0)(language)) },
            chosen: value("status"), any: C.any(language))
        for (name, label) in [("region", C.region), ("industry", C.industry), ("service", C.service)] {
            body += "<label>\(label(language))<input name=\"\(name)\" value=\"\(value(name))\"></label>"
        }
        body +=
            "<label>\(W.limit(language))<input name=\"limit\" size=\"5\" value=\"\(list.limit)\"></label>"
            + "<button>\(W.find(language))</button></form>"
        if let problem = list.problem {
            let said = RefusalWords.said(problem, lead: W.problem(language), language)
            body += "<p class=\"error\" role=\"alert\">\(said)</p>" + RefusalWords.original(problem, language)
        }
        if let answer = list.answer {
            if answer.centers.isEmpty {
                body += "<p>\(W.none(language))</p>"
            } else {
                body += "<table><thead><tr>"
                for field in [CenterField.code, .name, .kind, .status, .regionCode] {
                    body += "<th>\(Vocabulary.field(field)(language))</th>"
                }
                body += "<th>\(W.distance(language))</th></tr></thead><tbody>"
                for nearby in answer.centers {
                    let center = nearby.stored.center
                    body +=
                        "<tr><td><a href=\"/centers/\(Query.encode(center.code))\">\(center.code)</a></td>"
                        + "<td>\(center.name)</td><td>\(Vocabulary.kind(center.kind)(language))</td>"
                        + "<td>\(Vocabulary.status(center.status)(language))</td>"
                        + "<td>\(regionName(nearby.stored, language))</td>"
                        + "<td>\(NumberText.plain(roundedKm(nearby.distanceKm)))</td></tr>"
                }
                body += "</tbody></table>"
            }
            if answer.leftOut > 0 { body += "<p class=\"note\">\(W.leftOut(answer.leftOut, language))</p>" }
            body +=
                "<p class=\"note\">\(C.asData(language))"
                + "<a href=\"/centers/nearest.json?\(Query.string(list.items))\">JSON</a>, "
                + "<a href=\"/centers/nearest.csv?\(Query.string(list.items))\">CSV</a>, "
                + "<a href=\"/centers/nearest.xlsx?\(Query.string(list.items))\">Excel (.xlsx)</a>, "
                + "<a href=\"/centers/nearest.geojson?\(Query.string(list.items))\">GeoJSON</a></p>"
        }
        return Layout.document(
            title: W.title(language), body: body, signedIn: signedIn, language: language, address: address)
    }

    /// Kilometres to 3 decimals (a metre), as `center nearest` prints them.
    static func roundedKm(_ km: Double) -> Double { (km * 1000).rounded() / 1000 }

    /// The page's table as rows for `.csv` and `.xlsx`: the centers nearest first, each with its
    /// division's code and official (Chinese) name, and the distance in km to 3 decimals. The
    /// count of centers without coordinates (`left_out`) is the page's and the JSON's only.
    public static func nearestTable(_ answer: NearestAnswer) -> Table {
        Table(
            columns: ["code", "name", "kind", "status", "region_code", "region_name", "distance_km"],
            rows: answer.centers.map { nearby in
                let center = nearby.stored.center
                return [
                    .text(center.code), .text(center.name), .text(center.kind.rawValue),
                    .text(center.status.rawValue), .text(center.regionCode), .text(nearby.stored.regionName),
                    .real(roundedKm(nearby.distanceKm)),
                ]
            })
    }

    /// The headings of `nearestTable`'s columns in `language`: the report words (ReportWords), which
    /// tell the division's code from its name where the page's one column shows the name only.
    static func nearestHeadings(_ language: Language) -> [String] {
        ["code", "name", "kind", "status", "region_code", "region_name"].map { ReportWords.column($0)?(language) ?? $0 }
            + [NearestWords.distance(language)]
    }

    /// `{"centers": [{...the center object..., "distance_km": 1.234}], "left_out": N}`.
    public static func nearestJSON(_ answer: NearestAnswer) -> [UInt8] {
        var buffer = Array("{\"centers\":[".utf8)
        for (index, nearby) in answer.centers.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            JSONText.appendObject(
                keys: CenterSnapshot.keys + ["distance_km"],
                values: CenterSnapshot.cells(of: nearby.stored) + [.real(roundedKm(nearby.distanceKm))], to: &buffer)
        }
        buffer.append(contentsOf: Array("],\"left_out\":\(answer.leftOut)}\n".utf8))
        return buffer
    }

    /// The same centers as a GeoJSON FeatureCollection, each with `distance_km` after its own properties.
    public static func nearestGeoJSON(_ answer: NearestAnswer) -> [UInt8] {
        let output = OutputStream()
        let writer = GeoJSONWriter(output: output, extraKeys: ["distance_km"])
        for nearby in answer.centers {
            writer.write(nearby.stored, extraValues: [.real(roundedKm(nearby.distanceKm))])
        }
        writer.finish()
        return output.collected
    }
}
