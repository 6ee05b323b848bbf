// `--coords wgs84|gcj02|bd09`: which system the coordinates a command reads or prints are in
// (docs/geography.md); the registry stores WGS-84. And the `--format` of the commands that print
// centers as rows or as a GeoJSON FeatureCollection (`center list`; `center nearest` may share it).
import ArgumentParser
import IPRegistry
import RegistryOutput

struct CoordinateOptions: ParsableArguments {
    @Option(
        name: .customLong("coords"),
        help: ArgumentHelp(
            "The coordinates' system: wgs84 (GPS, OpenStreetMap, Tianditu; the default), gcj02 (Amap/Gaode, "
                + "Tencent, Google Maps in mainland China) or bd09 (Baidu). Stored as WGS-84 whatever is given.",
            valueName: "system"))
    var coords: CoordinateSystem = .wgs84
}

/// `center list`'s formats: the row formats, and `geojson`.
enum CenterOutputFormat: String, CaseIterable, ExpressibleByArgument {
    case table, csv, tsv, json, ndjson, markdown, geojson

    /// The row format, nil for GeoJSON.
    var rows: OutputFormat? { OutputFormat(rawValue: rawValue) }

    /// A row format as one of these.
    init(_ rows: OutputFormat) {
        switch rows {
        case .table: self = .table
        case .csv: self = .csv
        case .tsv: self = .tsv
        case .json: self = .json
        case .ndjson: self = .ndjson
        case .markdown: self = .markdown
        }
    }
}

/// `--format` and `--coords` of a command that prints centers.
struct CenterOutputOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Output format: table, csv, tsv, json, ndjson, markdown or geojson (an RFC 7946 FeatureCollection).",
            valueName: "format"))
    var format: CenterOutputFormat = .table

    @OptionGroup var coordinates: CoordinateOptions

    var coords: CoordinateSystem { coordinates.coords }
}

extension CoordinateSystem: ExpressibleByArgument {}
