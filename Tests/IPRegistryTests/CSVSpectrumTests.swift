// csv-spectrum conformance: every csvs/NAME.csv must read as the records of json/NAME.json.
//
// The suite is copied into the repository, Tests/Fixtures/csv-spectrum (with its licence), so a
// clone checks it; CSV_SPECTRUM_DIR may name another copy. Where it is found nowhere the tests
// are skipped with a message saying so, never passed.
import Foundation
import IPRegistry
import TabularFiles
import Testing

#if canImport(Glibc)
import Glibc
#endif

private let spectrumDefaultPath: String = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/csv-spectrum").standardized.path
}()

private let spectrumPath: String = {
    if let path = ProcessInfo.processInfo.environment["CSV_SPECTRUM_DIR"], !path.isEmpty { return path }
    return spectrumDefaultPath
}()

private let spectrumIsPresent = FileManager.default.fileExists(atPath: spectrumPath + "/csvs")

private let spectrumCases: [String] = {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: spectrumPath + "/csvs")) ?? []
    return files.filter { $0.hasSuffix(".csv") }.map { String($0.dropLast(4)) }.sorted()
}()

/// Fields whose value in a JSON twin is a defect of csv-spectrum itself, by case and header: the
/// value the JSON has and the value its CSV holds.
///
/// csv-spectrum 2.0.0's location_coordinates.json says "Contact Phone Number" is 1234567890, but
/// location_coordinates.csv says 2095257564 (the JSON was never regenerated from the CSV; it is also
/// one object rather than an array, which `expectedRecords` accepts as one record). The CSV is the
/// input under test and Python's csv module reads 2095257564 from it too, so that field is checked
/// against the CSV's own value; every other field of the file is checked against the JSON as it stands.
private let spectrumJSONCorrections: [String: [String: (json: String, csv: String)]] = [
    "location_coordinates": ["Contact Phone Number": (json: "1234567890", csv: "2095257564")]
]

@Suite(.enabled(if: spectrumIsPresent, "csv-spectrum suite not found at \(spectrumPath); conformance not checked"))
struct CSVSpectrumTests {
    @Test func suiteHasEveryCaseWithItsJSONTwin() {
        #expect(spectrumCases.count >= 12, "only \(spectrumCases.count) cases in \(spectrumPath)/csvs")
        for name in spectrumCases {
            #expect(FileManager.default.fileExists(atPath: "\(spectrumPath)/json/\(name).json"), "no json/\(name).json")
        }
    }

    @Test(arguments: spectrumCases)
    func fileReadsAsItsJSONTwin(_ name: String) throws {
        let expected = try Self.expectedRecords(name)
        #expect(!expected.isEmpty, "json/\(name).json has no records")
        for bufferSize in Array(1...8) + [64, 256 * 1024] {
            #expect(try Self.readRecords(name, bufferSize: bufferSize) == expected, "bufferSize \(bufferSize)")
        }
    }

    /// The coordinates hold bare quotes (seconds, as in 37.8"N) in a field that is not quoted:
    /// they are ordinary characters, kept as they are, whatever the buffer size.
    @Test(.enabled(if: spectrumCases.contains("location_coordinates")))
    func locationCoordinatesKeepTheirBareQuotes() throws {
        for bufferSize in Array(1...8) + [256 * 1024] {
            let records = try Self.readRecords("location_coordinates", bufferSize: bufferSize)
            #expect(
                records.map { $0["Location Coordinates"] } == ["37\u{FFFD}36'37.8\"N 121\u{FFFD}2'17.9\"W"],
                "bufferSize \(bufferSize)")
            #expect(records.map { $0["Contact Phone Number"] } == ["2095257564"], "bufferSize \(bufferSize)")
        }
    }

    /// The records of csvs/NAME.csv, keyed by its header, read from the file in `bufferSize` chunks.
    private static func readRecords(_ name: String, bufferSize: Int) throws -> [[String: String]] {
        let fd = open("\(spectrumPath)/csvs/\(name).csv", O_RDONLY)
        try #require(fd >= 0, "cannot open csvs/\(name).csv")
        let reader = CSVReader(fileDescriptor: fd, closeWhenDone: true, bufferSize: bufferSize)
        guard try reader.readRecord() else { return [] }
        let header = reader.record()
        reader.expectedFieldCount = header.count
        var records: [[String: String]] = []
        while try reader.readRecord() {
            records.append(Dictionary(uniqueKeysWithValues: zip(header, reader.record())))
        }
        return records
    }

    /// json/NAME.json: an array of objects whose values are strings (a lone object counts as an
    /// array of one), with the suite's own defects in `spectrumJSONCorrections` set to the CSV's values.
    private static func expectedRecords(_ name: String) throws -> [[String: String]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(spectrumPath)/json/\(name).json"))
        let json = try JSONSerialization.jsonObject(with: data)
        var records: [[String: String]]
        if let array = json as? [[String: String]] {
            records = array
        } else if let object = json as? [String: String] {
            records = [object]
        } else {
            Issue.record("json/\(name).json is not an array of objects of strings")
            return []
        }
        for (field, correction) in spectrumJSONCorrections[name] ?? [:] {
            for index in records.indices {
                // Only the known wrong value is replaced (a fixed suite already has the CSV's value):
                // anything else in that field still fails the comparison.
                if records[index][field] == correction.json { records[index][field] = correction.csv }
            }
        }
        return records
    }
}
