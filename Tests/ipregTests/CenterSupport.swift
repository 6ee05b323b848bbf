// Shared by the center, statistics and region end-to-end tests: a registry holding a few
// centers of the Beijing-Tianjin-Hebei region, and readers for the formats `ipreg` prints.
import Foundation
import IPRegistry
import Testing

enum CenterSupport {
    /// `center add` arguments of six centers chosen so each filter selects a different subset.
    static let centers: [[String]] = [
        [
            "--code", "PC-BJ", "--name", "中国（北京）知识产权保护中心",
            "--name-en", "China (Beijing) Intellectual Property Protection Center", "--kind", "protection",
            "--region", "110108", "--industry", "new-generation-it", "--industry", "high-end-equipment",
            "--service", "rapid-pre-examination", "--service", "rights-confirmation", "--service", "rights-protection",
            "--opened", "2019-04", "--lat", "39.98", "--lon", "116.31", "--website", "https://www.bjippc.cn/",
            "--source", "CNIPA 2020",
        ],
        [
            "--code", "PC-TJ", "--name", "中国（天津）知识产权保护中心", "--kind", "protection", "--region", "120000",
            "--industry", "new-generation-it", "--industry", "new-materials", "--service", "rapid-pre-examination",
            "--approved", "2020-10-09", "--approval-doc", "国知发保函字〔2020〕177号",
        ],
        [
            "--code", "OC-HB-PV", "--name", "河北光伏产业知识产权运营中心", "--name-en", "Hebei Photovoltaics IP Operation Center",
            "--kind", "operation", "--status", "preparing", "--region", "130102", "--industry", "photovoltaics",
            "--service", "operation", "--approved", "2023",
        ],
        [
            "--code", "RPC-BAZHOU", "--name", "霸州（家具）知识产权快速维权中心", "--kind", "rapid-protection", "--region", "131081",
            "--service", "rights-protection", "--approved", "2021-08", "--address", "河北省霸州市",
        ],
        [
            "--code", "TISC-TJU", "--name", "天津大学技术与创新支持中心", "--name-en", "Tianjin University TISC", "--kind", "tisc",
            "--status", "suspended", "--region", "120104", "--host", "天津大学", "--service", "information-services",
            "--approved", "2019-12",
        ],
        [
            "--code", "OC-SJZ-CYBER", "--name", "石家庄网络安全知识产权运营中心", "--kind", "operation", "--status", "closed",
            "--region", "130100", "--industry", "cybersecurity", "--approved", "2023-06-30",
        ],
    ]

    /// `center add` of a valid center NEW-1 with `options` applied: a base option is replaced, any other appended.
    static func newCenter(_ options: [(String, String)] = []) -> [String] {
        var base: [(String, String)] = [
            ("--code", "NEW-1"), ("--name", "新中心"), ("--kind", "tisc"), ("--region", "130100"),
        ]
        var extra: [(String, String)] = []
        for (option, value) in options {
            if let index = base.firstIndex(where: { $0.0 == option }) {
                base[index].1 = value
            } else {
                extra.append((option, value))
            }
        }
        return ["center", "add"] + (base + extra).flatMap { [$0.0, $0.1] }
    }

    static var allCodes: [String] { centers.map { $0[1] }.sorted() }

    /// A new registry holding `centers`.
    static func registry() throws -> TestRegistry {
        let registry = try TestRegistry()
        for arguments in centers {
            let result = try registry.run(["center", "add"] + arguments)
            #expect(result.status == 0, "center add \(arguments[1]) failed: \(result.stderr)")
        }
        return registry
    }

    /// The codes `center list ARGUMENTS` prints, read from its JSON, in order.
    static func listedCodes(_ registry: TestRegistry, _ arguments: [String]) throws -> [String] {
        let objects = try registry.json(["center", "list"] + arguments) as? [[String: Any]] ?? []
        return objects.compactMap { $0["code"] as? String }
    }

    /// `center show CODE --format json` as an object.
    static func shown(_ registry: TestRegistry, _ code: String) throws -> [String: Any] {
        try #require(try registry.json(["center", "show", code]) as? [String: Any])
    }

    /// Two JSON values compared as JSON (numbers as numbers, null as null).
    static func same(_ left: Any?, _ right: Any?) -> Bool {
        switch (left, right) {
        case (nil, nil): return true
        case (let left as NSNull, let right as NSNull): return left == right
        case (let left as [String: Any], let right as [String: Any]):
            return Set(left.keys) == Set(right.keys) && left.keys.allSatisfy { same(left[$0], right[$0]) }
        case (let left as [Any], let right as [Any]):
            return left.count == right.count && zip(left, right).allSatisfy { same($0, $1) }
        case (let left as NSNumber, let right as NSNumber): return left == right
        case (let left as String, let right as String): return left == right
        default: return false
        }
    }

    /// RFC 4180 records: quoted fields, doubled quotes, line breaks inside quotes.
    static func csvRecords(_ text: String, separator: Character = ",") -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            if quoted {
                if character == "\"" {
                    if index < text.endIndex, text[index] == "\"" {
                        field.append("\"")
                        index = text.index(after: index)
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == separator {
                record.append(field)
                field = ""
            } else if character == "\n" || character == "\r\n" {
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else {
                field.append(character)
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }

    /// CSV (or TSV) as dictionaries keyed by the header.
    static func csvRows(_ text: String, separator: Character = ",") -> [[String: String]] {
        let records = csvRecords(text, separator: separator)
        guard let header = records.first else { return [] }
        return records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// A markdown pipe table as dictionaries keyed by its header (cells trimmed, `\|` unescaped).
    static func markdownRows(_ text: String) -> [[String: String]] {
        func cells(_ line: Substring) -> [String] {
            var cells: [String] = []
            var cell = ""
            var escaped = false
            for character in line.dropFirst().dropLast() {
                if escaped {
                    cell.append(character)
                    escaped = false
                    continue
                }
                if character == "\\" {
                    escaped = true
                    continue
                }
                if character == "|" {
                    cells.append(cell.trimmingCharacters(in: .whitespaces))
                    cell = ""
                    continue
                }
                cell.append(character)
            }
            cells.append(cell.trimmingCharacters(in: .whitespaces))
            return cells
        }
        let lines = text.split(separator: "\n")
        guard lines.count >= 2 else { return [] }
        let header = cells(lines[0])
        return lines.dropFirst(2).map { Dictionary(uniqueKeysWithValues: zip(header, cells($0))) }
    }

    /// Table lines split into cells at the display columns where the header's columns start.
    static func tableRows(_ text: String) -> [[String: String]] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        guard lines.count >= 2 else { return [] }
        // The dashes line shows each column's width.
        let widths = lines[1].split(separator: " ").map(\.count)
        var starts: [Int] = []
        var position = 0
        for width in widths {
            starts.append(position)
            position += width + 2
        }
        func cells(_ line: Substring) -> [String] {
            var result: [String] = []
            var column = 0
            var current = ""
            var cellIndex = 0
            for character in line {
                if cellIndex + 1 < starts.count, column >= starts[cellIndex + 1] {
                    result.append(current.trimmingCharacters(in: .whitespaces))
                    current = ""
                    cellIndex += 1
                }
                current.append(character)
                column += String(character).displayWidth
            }
            result.append(current.trimmingCharacters(in: .whitespaces))
            while result.count < starts.count { result.append("") }
            return result
        }
        let header = cells(lines[0])
        return lines.dropFirst(2).map { Dictionary(uniqueKeysWithValues: zip(header, cells($0))) }
    }

    /// Runs a refused command and checks the one `error:` line, the status, and that nothing changed.
    static func expectRefusal(
        _ registry: TestRegistry, _ arguments: [String], status: Int32, message: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try registry.fingerprint()
        let result = try registry.run(arguments)
        #expect(result.status == status, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.errorLines.count == 1, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(
            result.errorLines.first?.hasPrefix("error: " + message) == true,
            "\(arguments): expected 'error: \(message)...', got: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout)", sourceLocation: sourceLocation)
        #expect(
            try registry.fingerprint() == before, "\(arguments) changed the registry", sourceLocation: sourceLocation)
    }
}
