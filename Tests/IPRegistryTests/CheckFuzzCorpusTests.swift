// The CSV reader's invariants (CheckCSVReaderInvariants.swift) on the fuzzer's seed corpus and
// on every input the fuzzer ever failed on, so that a fixed failure stays fixed.
import Foundation
import Testing

@Suite struct CheckFuzzCorpusTests {
    static let fuzzFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Tests/IPRegistryTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package
        .appendingPathComponent("Fuzz")

    static func inputs(_ folder: String) -> [URL] {
        let url = fuzzFolder.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { url.appendingPathComponent($0) }
    }

    @Test func theSeedCorpusIsThere() {
        #expect(Self.inputs("corpus").count >= 10)
    }

    @Test(arguments: inputs("corpus") + inputs("regressions"))
    func everyInputKeepsTheReadersInvariants(_ file: URL) throws {
        let bytes = Array(try Data(contentsOf: file))
        #expect(CSVReaderInvariants.violation(in: bytes) == nil, "\(file.lastPathComponent)")
    }

    @Test func everySetupOfTheReaderKeepsItsInvariantsOnTheSeeds() throws {
        // Each seed under every one of the 256 setups its first byte can choose.
        for file in Self.inputs("corpus") {
            let csv = Array(try Data(contentsOf: file)).dropFirst()
            for selector in 0...255 {
                let violation = CSVReaderInvariants.violation(in: [UInt8(selector)] + csv)
                #expect(violation == nil, "\(file.lastPathComponent), selector \(selector)")
            }
        }
    }
}
