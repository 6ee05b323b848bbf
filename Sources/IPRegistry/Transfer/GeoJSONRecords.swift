// Centers from a GeoJSON FeatureCollection (RFC 7946), as `export centers --format geojson` writes
// it (docs/files.md): each Feature is one row with the centers CSV's columns, its Point's
// `[longitude, latitude]` as the coordinates and its properties as the other fields. The whole
// file is read and its shape checked before any row is imported: a file that is not such a
// collection is refused in one line naming the feature at fault (`FILE:features[3]:`), and
// nothing is written. What the rows say is then checked by the same rules as every import.
import TabularFiles

#if canImport(Glibc)
import Glibc
#endif

final class GeoJSONRecords: ImportRecords {
    let reader = CSVReader()
    let displayName: String
    /// Every column of the centers CSV, in its order.
    static let header = CenterField.allCases.map(\.column)
    /// Keys of the center's JSON object that are not imported (derived or stamped by the registry),
    /// and `center nearest`'s distance.
    static let ignoredKeys: Set<String> = ["region_name", "region_name_en", "created_at", "updated_at", "distance_km"]

    private var rows: [[String?]] = []
    private var position = -1
    private let size: Int

    init(input: InputFile) throws {
        displayName = input.displayName
        let bytes = try Self.readAll(input)
        size = bytes.count
        let document: JSONValue
        do throws(JSONSyntaxError) {
            document = try JSONDocument.parse(bytes)
        } catch {
            throw RegistryError.invalidInput(
                "\(input.displayName):\(error.line):\(error.column): not valid JSON: \(error.message)")
        }
        rows = try features(of: document).enumerated().map { index, feature in
            try row(of: feature, index: index)
        }
    }

    var bytesConsumed: Int { rows.isEmpty ? size : size * max(position, 0) / rows.count }
    var csvSizeEstimate: Int? { rows.count * 400 }

    func readHeader() throws -> [String]? { Self.header }

    func next() throws -> RecordOutcome {
        position += 1
        guard position < rows.count else { return .end }
        var bytes: [UInt8] = []
        var ranges: [(start: Int, end: Int)] = []
        for field in rows[position] {
            let start = bytes.count
            if let field { bytes += field.utf8 }
            ranges.append((start, bytes.count))
        }
        bytes.withUnsafeBufferPointer { reader.load($0, ranges: ranges, line: position + 1) }
        return .record
    }

    func location(column: Int?) -> String { "\(displayName):features[\(max(position, 0))]:" }

    private func refusal(_ message: String, feature: Int? = nil) -> RegistryError {
        .invalidInput("\(displayName):" + (feature.map { "features[\($0)]:" } ?? "") + " \(message)")
    }

    /// The collection's features; anything but a FeatureCollection is refused.
    private func features(of document: JSONValue) throws -> [JSONValue] {
        guard case .object = document else {
            throw refusal("not a GeoJSON FeatureCollection: the file holds \(document.kindName), not an object")
        }
        guard case .string(let type) = document["type"] else {
            throw refusal("not a GeoJSON FeatureCollection: it has no \"type\" member")
        }
        guard type == "FeatureCollection" else {
            throw refusal(
                "not a GeoJSON FeatureCollection: its type is \(type)"
                    + (type == "Feature" ? " (put the Feature in a FeatureCollection's \"features\")" : ""))
        }
        guard case .array(let features) = document["features"] else {
            throw refusal("a FeatureCollection needs a \"features\" array")
        }
        return features
    }

    /// The feature's fields in the header's order, nil where it gives none.
    private func row(of feature: JSONValue, index: Int) throws -> [String?] {
        guard case .object = feature, case .string(let type) = feature["type"], type == "Feature" else {
            throw refusal("not a Feature (an object with \"type\": \"Feature\")", feature: index)
        }
        var fields = [String?](repeating: nil, count: Self.header.count)
        func put(_ field: CenterField, _ text: String?) {
            if let column = Self.header.firstIndex(of: field.column) { fields[column] = text }
        }
        guard let geometry = feature["geometry"] else {
            throw refusal(
                "a Feature needs a \"geometry\" member (null for a center without coordinates)", feature: index)
        }
        if case .null = geometry {
            // No coordinates.
        } else {
            guard case .string(let kind) = geometry["type"] else {
                throw refusal("the geometry is \(geometry.kindName) without a type, not a Point", feature: index)
            }
            guard kind == "Point" else { throw refusal("the geometry is a \(kind), not a Point", feature: index) }
            guard case .array(let position) = geometry["coordinates"], position.count == 2 || position.count == 3,
                case .number(let longitude, _) = position[0], case .number(let latitude, _) = position[1]
            else {
                throw refusal("a Point's coordinates must be [longitude, latitude] in numbers", feature: index)
            }
            guard abs(longitude) <= 180, abs(latitude) <= 90 else {
                throw refusal(
                    "coordinates [\(NumberText.plain(longitude)), \(NumberText.plain(latitude))] out of range: "
                        + "[longitude -180..180, latitude -90..90]", feature: index)
            }
            put(.latitude, NumberText.plain(latitude))
            put(.longitude, NumberText.plain(longitude))
        }
        guard case .object(let properties) = feature["properties"] ?? .null else {
            throw refusal("a center's Feature needs its fields as a \"properties\" object", feature: index)
        }
        for (key, value) in properties {
            if Self.ignoredKeys.contains(key) { continue }
            guard let field = CenterField(rawValue: key) else {
                let hint = Suggestion.hint(for: key, among: Self.header)
                throw refusal("unknown property '\(key)'\(hint)", feature: index)
            }
            if field == .latitude || field == .longitude {
                throw refusal("the property \(key) is not read: the coordinates are the geometry", feature: index)
            }
            switch value {
            case .null: put(field, nil)
            case .string(let text): put(field, text)
            case .number(_, let text): put(field, text)
            case .array(let items) where field == .industries || field == .services:
                var codes: [String] = []
                for item in items {
                    guard case .string(let code) = item else {
                        throw refusal("the property \(key) must be an array of code strings", feature: index)
                    }
                    codes.append(code)
                }
                put(field, codes.joined(separator: ";"))
            default:
                throw refusal("the property \(key) is \(value.kindName), not a value of that field", feature: index)
            }
        }
        let missing = CenterField.allCases.filter { field in
            field.isRequired && !properties.contains { $0.key == field.column }
        }
        guard missing.isEmpty else {
            throw refusal(
                "properties lack required key\(missing.count == 1 ? "" : "s"): "
                    + missing.map(\.column).joined(separator: ", "), feature: index)
        }
        return fields
    }

    /// The whole input: a GeoJSON file is one JSON value, read at once.
    private static func readAll(_ input: InputFile) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(input.size ?? 0)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(input.fileDescriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw RegistryError.inputUnreadable(
                    path: input.displayName, reason: "cannot read: \(FileSystem.lastErrorText)")
            }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }

    /// Whether `input` is GeoJSON: named `.geojson`, or a file whose first character (after a
    /// byte-order mark and white space) is `{`, which no CSV header of ours can start with.
    static func recognises(_ input: InputFile) -> Bool {
        if input.displayName.lowercased().hasSuffix(".geojson") { return true }
        guard input.size != nil, var start = input.bytes(count: 256, at: 0) else { return false }
        if start.starts(with: [0xEF, 0xBB, 0xBF]) { start.removeFirst(3) }
        return start.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "{")
    }
}
