// Tests/Fixtures/divisions-mca-201904.tsv, the Ministry of Civil Affairs list: the official codes and
// Chinese names the shipped divisions must agree with.
import Foundation
import Testing

enum MinistryDivisionList {
    static let url: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Tests/ipregTests/Support
        .deletingLastPathComponent()  // Tests/ipregTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Fixtures/divisions-mca-201904.tsv")
        .standardizedFileURL

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: url.path) }

    static let unavailableReason: Comment =
        "Tests/Fixtures/divisions-mca-201904.tsv is missing, so the divisions cannot be compared with it"

    /// Code → official Chinese name.
    static func names() throws -> [String: String] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var names: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if fields.count == 2 { names[String(fields[0])] = String(fields[1]) }
        }
        return names
    }
}
