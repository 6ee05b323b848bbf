// csv-spectrum conformance: every csvs/NAME.csv must read as the records of json/NAME.json.
//
// The suite lives beside the project, at ../shared/conformance/csv-spectrum from the package root
// (the folder holding Package.swift); when it is not there, CSV_SPECTRUM_DIR may name it. When it
// is found nowhere the tests are skipped with a message saying so, never passed.
import Foundation
import IPRegistry
import Testing

#if canImport(Glibc)
import Glibc
#endif

private let spectrumDefaultPath: String = {
    var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while directory.path != "/",
          !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
        directory.deleteLastPathComponent()
    }
    return directory.appendingPathComponent("../shared/conformance/csv-spectrum").standardized.path
}()

private let spectrumPath: String = {
    if FileManager.default.fileExists(atPath: spectrumDefaultPath + "/csvs") { return spectrumDefaultPath }
    if let path = ProcessInfo.processInfo.environment["CSV_SPECTRUM_DIR"], !path.isEmpty { return path }
    return spectrumDefaultPath
}()

private let spectrumIsPresent = FileManager.default.fileExists(atPath: spectrumPath + "/csvs")

private let spectrumCases: [String] = {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: spectrumPath + "/csvs")) ?? []
    return files.filter { $0.hasSuffix(".csv") }.map { String($0.dropLast(4)) }.sorted()
}()

/// Cases whose JSON twin no correct reader can match, and why.
private let knownDefects: [String: String] = [
    "location_coordinates": """
        csv-spectrum 2.0.0's location_coordinates.json disagrees with its CSV (phone number 1234567890 \
        against 2095257564, and one object instead of an array), and the CSV has bare quotes inside an \
        unquoted field, which this reader rejects as a stray quote (see locationCoordinatesBareQuoteIsAStrayQuote)
        """,
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
        for bufferSize in [1, 7, 256 * 1024] {
            if let defect = knownDefects[name] {
                withKnownIssue(Comment(rawValue: defect)) { () throws -> Void in
                    #expect(try Self.readRecords(name, bufferSize: bufferSize) == expected)
                }
            } else {
                #expect(try Self.readRecords(name, bufferSize: bufferSize) == expected, "bufferSize \(bufferSize)")
            }
        }
    }

    @Test(.enabled(if: spectrumCases.contains("location_coordinates")))
    func locationCoordinatesBareQuoteIsAStrayQuote() throws {
        #expect(throws: CSVError(.strayQuote, line: 2, column: 22)) {
            try Self.readRecords("location_coordinates", bufferSize: 64)
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

    /// json/NAME.json: an array of objects whose values are strings (a lone object counts as one).
    private static func expectedRecords(_ name: String) throws -> [[String: String]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(spectrumPath)/json/\(name).json"))
        let json = try JSONSerialization.jsonObject(with: data)
        if let records = json as? [[String: String]] { return records }
        if let record = json as? [String: String] { return [record] }
        Issue.record("json/\(name).json is not an array of objects of strings")
        return []
    }
}
