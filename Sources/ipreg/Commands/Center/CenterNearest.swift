// `ipreg center nearest --lat X --lon Y`: the centers nearest a point, nearest first (ties by
// code), each with its great-circle distance; centers without coordinates are left out and
// counted on standard error.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg.CenterCommand {
    struct Nearest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "nearest",
            abstract: "List the centers nearest a point, with their distance in km.",
            discussion: """
                Distances are great-circle distances (haversine, sphere of radius 6371.0088 km) in km, \
                rounded to 3 decimals. Coordinates are WGS-84 degrees, or in the system --coords names (the \
                point given and the coordinates printed). The filters work as in center list. table and \
                markdown show a summary; csv, tsv, json and ndjson print every field; distance_km comes last; \
                geojson prints an RFC 7946 FeatureCollection with distance_km among each feature's properties.
                """
        )

        @OptionGroup var registryOptions: RegistryOptions
        @OptionGroup var outputOptions: CenterOutputOptions

        @Option(help: ArgumentHelp("The point's latitude (WGS-84 degrees, -90 to 90).", valueName: "x"))
        var lat: Double

        @Option(help: ArgumentHelp("The point's longitude (WGS-84 degrees, -180 to 180).", valueName: "y"))
        var lon: Double

        @OptionGroup var filterOptions: CenterFilterOptions

        @Option(help: ArgumentHelp("At most this many centers (default 10).", valueName: "n"))
        var limit: Int = 10

        @Option(help: ArgumentHelp("Only centers at most this many km away.", valueName: "km"))
        var within: Double?

        func validate() throws {
            if let problem = Self.problem(latitude: lat, longitude: lon, limit: limit, within: within) {
                throw ValidationError(problem)
            }
        }

        /// What `validate()` refuses, in its words; nil when the values are good.
        static func problem(latitude: Double, longitude: Double, limit: Int, within: Double?) -> String? {
            if let problem = NearestCenters.problem(latitude: latitude, longitude: 0) { return "--lat: \(problem)" }
            if let problem = NearestCenters.problem(latitude: 0, longitude: longitude) { return "--lon: \(problem)" }
            if limit < 1 { return "--limit must be 1 or more" }
            if let within, let problem = NearestCenters.problem(withinKm: within) { return "--within: \(problem)" }
            return nil
        }

        static let distanceColumn = "distance_km"

        func run() throws {
            let coords = outputOptions.coords
            let point = coords.toWGS84(latitude: lat, longitude: lon)
            try Self.nearest(
                latitude: point.latitude, longitude: point.longitude, limit: limit, within: within,
                selected: filterOptions.selected, registry: registryOptions.settings, format: outputOptions.format,
                coords: coords)
        }

        /// The command's work from plain values: `run()` and the fast path (FastPath.swift) both call it.
        static func nearest(
            latitude: Double, longitude: Double, limit: Int, within: Double?,
            selected: [(CenterFilter.Selection, String)], registry settings: RegistrySettings,
            format centerFormat: CenterOutputFormat, coords: CoordinateSystem = .wgs84
        ) throws {
            let registry = try settings.openForReading(tidyingLog: true)
            try registry.read { db in
                let centers = try CenterRepository(db)
                // Without filters the reference data (the rules that check them) is never read.
                let filter =
                    selected.isEmpty
                    ? CenterFilter()
                    : try OptionNames.reportingCenter {
                        let regions = selected.compactMap { $0.0 == .region ? $0.1 : nil }
                        return try CenterFilter.parsing(
                            selected, validator: centers.validator(regions: regions), naming: .column)
                    }
                let answer = try centers.nearest(
                    latitude: latitude, longitude: longitude, limit: limit, withinKm: within, filter: filter)
                defer { reportLeftOut(answer.leftOut) }
                guard let format = centerFormat.rows else {
                    let writer = GeoJSONWriter(output: .standardOutput, extraKeys: [distanceColumn])
                    for nearby in answer.centers {
                        writer.write(
                            nearby.stored.expressingCoordinates(in: coords),
                            extraValues: [.real(rounded(nearby.distanceKm))])
                    }
                    writer.finish()
                    return
                }
                // table and markdown show the summary, as OutputOptions.isSummary says.
                let summary = format == .table || format == .markdown
                let columns = (summary ? List.summaryColumns : CenterSnapshot.keys) + [distanceColumn]
                let printer = OutputOptions.printer(format: format, columns: columns)
                for nearby in answer.centers {
                    let cells =
                        summary
                        ? List.summaryCells(of: nearby.stored)
                        : CenterSnapshot.cells(of: nearby.stored.expressingCoordinates(in: coords))
                    printer.write(cells + [.real(rounded(nearby.distanceKm))])
                }
                printer.finish()
            }
        }

        /// `note: N centers without coordinates left out` on standard error, when there are any.
        static func reportLeftOut(_ leftOut: Int) {
            guard leftOut > 0 else { return }
            OutputStream.standardError.write(
                "note: \(leftOut) \(leftOut == 1 ? "center" : "centers") without coordinates left out\n")
        }

        /// Kilometres to 3 decimals (a metre).
        static func rounded(_ km: Double) -> Double { (km * 1000).rounded() / 1000 }
    }
}
