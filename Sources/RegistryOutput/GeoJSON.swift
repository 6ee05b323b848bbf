// Centers as GeoJSON (RFC 7946; docs/files.md): a FeatureCollection with a Point per center at
// `[longitude, latitude]`, at most 7 decimals, `"geometry": null` for a center without
// coordinates, and as properties the center's JSON object without latitude and longitude. One
// writer for `center list`, `export centers` and the web's `/centers.geojson`; callers may add
// properties after the center's own (`center nearest` adds `distance_km`).
import IPRegistry
import TabularFiles

public final class GeoJSONWriter {
    /// The center object's keys that become properties: all but the coordinates, which are the geometry.
    public static let propertyKeys = CenterSnapshot.keys.filter { $0 != "latitude" && $0 != "longitude" }
    private static let propertyPositions = CenterSnapshot.keys.indices.filter {
        CenterSnapshot.keys[$0] != "latitude" && CenterSnapshot.keys[$0] != "longitude"
    }

    private let output: OutputStream
    private let extraKeys: [String]
    private let forTerminal: Bool
    private var count = 0

    /// Starts the collection; `extraKeys` name the properties each `write` adds after the center's.
    public init(output: OutputStream, extraKeys: [String] = []) {
        self.output = output
        self.extraKeys = extraKeys
        forTerminal = output.isTerminal
        output.write("{\"type\":\"FeatureCollection\",\"features\":[")
    }

    /// One center as a Feature, its coordinates as they are in `stored` (convert before, with
    /// StoredCenter.expressingCoordinates, for another system).
    public func write(_ stored: StoredCenter, extraValues: [Cell] = []) {
        output.withBuffer { buffer in
            buffer.append(contentsOf: Array((count == 0 ? "\n" : ",\n").utf8))
            Self.appendFeature(
                stored, extraKeys: extraKeys, extraValues: extraValues, to: &buffer, forTerminal: forTerminal)
        }
        count += 1
    }

    /// Ends the collection.
    public func finish() {
        output.write(count == 0 ? "]}\n" : "\n]}\n")
        output.flush()
    }

    /// A whole collection in memory, for the web view.
    public static func collection(_ centers: [StoredCenter]) -> [UInt8] {
        let output = OutputStream()
        let writer = GeoJSONWriter(output: output)
        for stored in centers { writer.write(stored) }
        writer.finish()
        return output.collected
    }

    public static func appendFeature(
        _ stored: StoredCenter, extraKeys: [String] = [], extraValues: [Cell] = [], to buffer: inout [UInt8],
        forTerminal: Bool = false
    ) {
        buffer.append(contentsOf: Array("{\"type\":\"Feature\",\"geometry\":".utf8))
        if let latitude = stored.center.latitude, let longitude = stored.center.longitude {
            buffer.append(contentsOf: Array("{\"type\":\"Point\",\"coordinates\":[".utf8))
            buffer.append(contentsOf: Array(coordinate(longitude).utf8))
            buffer.append(UInt8(ascii: ","))
            buffer.append(contentsOf: Array(coordinate(latitude).utf8))
            buffer.append(contentsOf: Array("]}".utf8))
        } else {
            buffer.append(contentsOf: Array("null".utf8))
        }
        buffer.append(contentsOf: Array(",\"properties\":".utf8))
        let cells = CenterSnapshot.cells(of: stored)
        let values = propertyPositions.map { cells[$0] } + extraValues
        JSONText.appendObject(
            keys: propertyKeys + extraKeys, values: values, to: &buffer, forTerminal: forTerminal)
        buffer.append(UInt8(ascii: "}"))
    }

    /// Degrees to at most 7 decimals, never with an exponent (RFC 7946 section 11.2 recommends
    /// no more than 6 or 7 decimals: 7 is about 1 cm).
    static func coordinate(_ degrees: Double) -> String {
        NumberText.plain(CoordinateSystem.rounded(degrees))
    }
}
