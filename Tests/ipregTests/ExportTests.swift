// `export centers|stats`: CSV with exactly the import header that round-trips byte for byte,
// JSON and NDJSON objects of docs/files.md, and --output written whole or not at all.
import Foundation
import Testing

@Suite struct ExportTests {
    typealias Summary = ImportSupport.Summary

    static let generated = ImportSupport.generatedCenters(200)

    /// A registry holding `records` (header first), imported from a file.
    static func registry(importing records: [[String]], kind: String = "centers") throws -> TestRegistry {
        let registry = try TestRegistry()
        let path = try registry.folder.write("\(kind).csv", ImportSupport.csv(records))
        try ImportSupport.expectImport(
            registry, [kind, path], Summary(read: records.count - 1, inserted: records.count - 1))
        return registry
    }

    /// Exports `registry`, imports the export into an empty registry, exports that: the two exports must be the same bytes.
    static func expectRoundTrip(
        _ registry: TestRegistry, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let first = try ImportSupport.export(registry)
        let copy = try TestRegistry()
        let path = try copy.folder.write("export.csv", first)
        let count = CenterSupport.csvRecords(first).count - 1
        try ImportSupport.expectImport(
            copy, ["centers", path], Summary(read: count, inserted: count), sourceLocation: sourceLocation)
        #expect(try ImportSupport.export(copy) == first, sourceLocation: sourceLocation)
        return first
    }

    /// Checks that an exported record says what the imported row said: lists in any order, numbers by value.
    static func expectSameCenter(
        _ exported: [String: String], _ imported: [String: String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for column in ImportSupport.centerHeader {
            let left = exported[column] ?? ""
            let right = imported[column] ?? ""
            switch column {
            case "industries", "services":
                #expect(
                    Set(left.split(separator: ";")) == Set(right.split(separator: ";")), "\(column)",
                    sourceLocation: sourceLocation)
            case "latitude", "longitude":
                #expect(Double(left) == Double(right), "\(column): \(left) \(right)", sourceLocation: sourceLocation)
            case "status" where right.isEmpty:
                #expect(left == "operating", sourceLocation: sourceLocation)
            default:
                #expect(left == right, "\(imported["code"] ?? "") \(column)", sourceLocation: sourceLocation)
            }
        }
    }

    // MARK: csv

    @Test func csvHeaderIsExactlyTheImportHeader() throws {
        let registry = try TestRegistry()
        #expect(try ImportSupport.export(registry) == ImportSupport.centerHeader.joined(separator: ",") + "\n")
        #expect(
            try ImportSupport.export(registry, "stats") == ImportSupport.statisticsHeader.joined(separator: ",") + "\n")
    }

    @Test func theExamplesRoundTripByteForByte() throws {
        let examples = try String(
            contentsOf: ImportSupport.examples.appendingPathComponent("centers.csv"), encoding: .utf8)
        let rows = CenterSupport.csvRows(examples)
        let registry = try TestRegistry()
        let path = try registry.folder.write("centers.csv", examples)
        try ImportSupport.expectImport(registry, ["centers", path], Summary(read: rows.count, inserted: rows.count))
        let exported = CenterSupport.csvRows(try Self.expectRoundTrip(registry))
        #expect(exported.map { $0["code"] ?? "" } == rows.map { $0["code"] ?? "" }.sorted())
        for row in rows {
            let match = try #require(exported.first { $0["code"] == row["code"] })
            Self.expectSameCenter(match, row)
        }
    }

    @Test func generatedCentersWithQuotesChineseListsAndCoordinatesRoundTripByteForByte() throws {
        let registry = try Self.registry(importing: [ImportSupport.centerHeader] + Self.generated)
        let export = try Self.expectRoundTrip(registry)
        let records = CenterSupport.csvRecords(export)
        #expect(records.first == ImportSupport.centerHeader)
        #expect(records.count == 201)
        let rows = CenterSupport.csvRows(export)
        for (row, generated) in zip(rows, Self.generated) {
            Self.expectSameCenter(row, Dictionary(uniqueKeysWithValues: zip(ImportSupport.centerHeader, generated)))
        }
        #expect(export.contains("\"Test Center 1, \"\"Generated\"\"\""))
    }

    // MARK: --spreadsheet-safe

    /// A registry with a center, statistics row and figure whose text a spreadsheet would run.
    static func formulaRegistry() throws -> TestRegistry {
        let registry = try TestRegistry()
        for arguments in [
            [
                "center", "add", "--code=F-1", "--name==cmd|' /C calc'!A0", "--kind=tisc", "--region=130100",
                "--address=-2+3", "--host=+HYPERLINK(\"http://x\")", "--lat=-33.5", "--lon=-70.25",
            ],
            ["stats", "add", "--center=F-1", "--period=2023", "--pretrial=5", "--source=@SUM(1+1)"],
            [
                "figure", "add", "--code=-F1", "--metric=centers", "--region=130000", "--period=2023", "--value=3",
                "--source==HYPERLINK(1)",
            ],
        ] {
            let result = try registry.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        return registry
    }

    @Test func spreadsheetSafeNeutralisesFormulasInCSVAndTSVAndKeepsNumbers() throws {
        let registry = try Self.formulaRegistry()
        let plain = CenterSupport.csvRows(try ImportSupport.export(registry))
        #expect(plain.first?["name"] == "=cmd|' /C calc'!A0", "a plain export keeps the data exact")

        for (format, separator) in [("csv", Character(",")), ("tsv", Character("\t"))] {
            let result = try registry.run(["export", "centers", "--format", format, "--spreadsheet-safe"])
            #expect(result.status == 0, "\(result.stderr)")
            let center = try #require(CenterSupport.csvRows(result.stdout, separator: separator).first)
            #expect(center["name"] == "'=cmd|' /C calc'!A0", "\(format)")
            #expect(center["address"] == "'-2+3", "\(format)")
            #expect(center["host"] == "'+HYPERLINK(\"http://x\")", "\(format)")
            #expect(center["latitude"] == "-33.5" && center["longitude"] == "-70.25", "\(format): numbers stay")
            #expect(center["code"] == "F-1" && center["region_code"] == "130100")
        }
        let stats = try registry.run(["export", "stats", "--spreadsheet-safe"])
        #expect(stats.status == 0, "\(stats.stderr)")
        #expect(CenterSupport.csvRows(stats.stdout).first?["source"] == "'@SUM(1+1)")
        let figures = CenterSupport.csvRows(
            try registry.run(["export", "figures", "--spreadsheet-safe"]).stdout)
        #expect(figures.first?["code"] == "'-F1")
        #expect(figures.first?["source"] == "'=HYPERLINK(1)")
        #expect(figures.first?["value"] == "3")
    }

    @Test func spreadsheetSafeIsForCSVAndTSVOnly() throws {
        for format in ["json", "ndjson", "xlsx"] {
            try CenterSupport.expectRefusal(
                try TestRegistry(), ["export", "centers", "--format", format, "--spreadsheet-safe", "--output", "x"],
                status: 64, message: "--spreadsheet-safe applies to --format csv or tsv only")
        }
        let help = try CLI.run(["export", "--help"])
        #expect(help.stdout.contains("--spreadsheet-safe"))
        #expect(help.stdout.contains("formula"))
    }

    /// A workbook holds every value as an inline string: a name that is a formula stays text.
    @Test func aFormulaNameInAWorkbookIsAnInlineStringNotAFormula() throws {
        let registry = try Self.formulaRegistry()
        let workbook = registry.folder.path("centers.xlsx")
        let result = try registry.run(["export", "centers", "--format", "xlsx", "--output", workbook])
        #expect(result.status == 0, "\(result.stderr)")
        let python = try #require(Workbooks.python, "python3 is not on PATH")
        let read = try Spawned(
            [
                "-c", "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())",
                workbook, "xl/worksheets/sheet1.xml",
            ], executable: python, outputFolder: registry.folder.url
        ).wait(timeout: 60)
        #expect(read.status == 0, "\(read.stderr)")
        let sheet = read.stdout
        let cell = try #require(
            sheet.firstRange(of: "=cmd|&apos; /C calc&apos;!A0") ?? sheet.firstRange(of: "=cmd|' /C calc'!A0"),
            "the name is not in the worksheet: \(sheet.prefix(600))")
        let before = sheet[..<cell.lowerBound]
        let start = try #require(before.range(of: "<c ", options: .backwards))
        #expect(sheet[start.lowerBound..<cell.lowerBound].contains("t=\"inlineStr\""))
        #expect(!sheet.contains("<f>") && !sheet.contains("<f "), "no cell of the export is a formula")
    }

    // MARK: json, ndjson

    @Test func jsonIsAnArrayOfTheObjectsOfSpecSection4() throws {
        let registry = try Self.registry(importing: [ImportSupport.centerHeader] + Self.generated)
        let objects = try #require(
            try JSONSerialization.jsonObject(with: Data(ImportSupport.export(registry, format: "json").utf8))
                as? [[String: Any]])
        #expect(objects.count == 200)
        let keys = Set(ImportSupport.centerHeader + ["region_name", "region_name_en", "created_at", "updated_at"])
        for (object, row) in zip(objects, Self.generated) {
            #expect(Set(object.keys) == keys)
            let fields = Dictionary(uniqueKeysWithValues: zip(ImportSupport.centerHeader, row))
            for column in ImportSupport.centerHeader {
                let value = object[column]
                let text = fields[column] ?? ""
                switch column {
                case "industries", "services":
                    let items = try #require(value as? [String], "\(column) is an array")
                    #expect(Set(items) == Set(text.split(separator: ";").map(String.init)))
                case "latitude", "longitude":
                    if text.isEmpty {
                        #expect(value is NSNull)
                    } else {
                        #expect((value as? NSNumber)?.doubleValue == Double(text), "\(column)")
                    }
                default:
                    if text.isEmpty {
                        #expect(value is NSNull, "\(column)")
                    } else {
                        #expect(value as? String == text, "\(column)")
                    }
                }
            }
            #expect((object["region_name"] as? String)?.isEmpty == false)
            for key in ["created_at", "updated_at"] {
                let stamp = try #require(object[key] as? String)
                #expect(stamp.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil, "\(key): \(stamp)")
            }
        }
    }

    @Test func ndjsonIsOneObjectPerLineTheSameAsJson() throws {
        let registry = try Self.registry(importing: [ImportSupport.centerHeader] + Self.generated)
        let ndjson = try ImportSupport.export(registry, format: "ndjson")
        #expect(ndjson.hasSuffix("}\n"))
        let lines = ndjson.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 200)
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) }
        let array = try JSONSerialization.jsonObject(with: Data(ImportSupport.export(registry, format: "json").utf8))
        #expect(CenterSupport.same(objects, array))
    }

    @Test func anEmptyRegistryExportsAnEmptyArrayAndNoLines() throws {
        let registry = try TestRegistry()
        #expect(
            try JSONSerialization.jsonObject(with: Data(ImportSupport.export(registry, format: "json").utf8)) as? [Any]
                != nil)
        #expect(try ImportSupport.export(registry, format: "ndjson").isEmpty)
    }

    // MARK: --output

    @Test(arguments: ["csv", "json", "ndjson"])
    func outputWritesTheFileAndLeavesNothingElseBehind(format: String) throws {
        let registry = try CenterSupport.registry()
        let target = registry.folder.path("export.\(format)")
        try Data("an older export\n".utf8).write(to: URL(fileURLWithPath: target))
        let before = Set(registry.folder.fileNames)
        let result = try registry.run(["export", "centers", "--format", format, "--output", target])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == ImportSupport.export(registry, format: format))
        #expect(Set(registry.folder.fileNames) == before)
    }

    @Test(arguments: ["missing-folder/export.csv", ""])
    func anUnwritableOutputExits73AndLeavesNoFile(relative: String) throws {
        let registry = try CenterSupport.registry()
        // "" names the registry's folder itself: a directory cannot be written as a file.
        let target = relative.isEmpty ? registry.folder.url.path : registry.folder.path(relative)
        let before = registry.folder.fileNames
        let result = try registry.run(["export", "centers", "--output", target])
        #expect(result.status == 73)
        #expect(result.stdout.isEmpty)
        #expect(result.errorText.count == 1)
        #expect(result.errorText.first?.hasPrefix("error: \(target): ") == true, "\(result.stderr)")
        #expect(registry.folder.fileNames == before)
    }

    /// A FIFO, as /dev/null or /dev/stdout would be, read through a descriptor opened before the
    /// export: renaming a file over the FIFO (replacing it) would leave that descriptor empty.
    @Test func outputToAFIFOWritesIntoItAndLeavesItInPlace() throws {
        let registry = try CenterSupport.registry()
        let fifo = registry.folder.path("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = open(fifo, O_RDWR | O_NONBLOCK)  // O_RDWR: opening does not wait for a writer
        #expect(reader >= 0)
        defer { close(reader) }
        let result = try registry.run(["export", "centers", "--output", fifo])
        #expect(result.status == 0, "\(result.stderr)")
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(reader, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        #expect(String(decoding: bytes, as: UTF8.self) == (try ImportSupport.export(registry)))
        var info = stat()
        #expect(stat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
        #expect(Set(registry.folder.fileNames) == ["pipe", "registry.sqlite"])
    }

    /// /dev/stdout is a link to /proc/self/fd/1, which leads to the file a shell redirected to;
    /// renaming over the link would have replaced /dev/stdout itself.
    @Test func outputThroughALinkReplacesTheFileItLeadsToAndKeepsTheLink() throws {
        let registry = try CenterSupport.registry()
        let file = try registry.folder.write("export.csv", "an older export\n")
        let link = registry.folder.path("latest.csv")
        #expect(symlink(file, link) == 0)
        let result = try registry.run(["export", "centers", "--output", link])
        #expect(result.status == 0, "\(result.stderr)")
        var info = stat()
        #expect(lstat(link, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == ImportSupport.export(registry))
        #expect(Set(registry.folder.fileNames) == ["export.csv", "latest.csv", "registry.sqlite"])
    }

    @Test func anEmptyOutputNameIsAUsageError() throws {
        try CenterSupport.expectRefusal(
            try TestRegistry(), ["export", "centers", "--output", ""], status: 64, message: "--output must name a file")
    }

    /// `--output` is checked by the command after the registry's options, as it always was, though
    /// `export` and `dashboard` now share it: an empty name does not hide a bad --busy-timeout.
    @Test func theRegistryOptionsAreCheckedBeforeTheOutputFile() throws {
        for command in [["export", "centers"], ["dashboard"]] {
            try CenterSupport.expectRefusal(
                try TestRegistry(), command + ["--output", "", "--busy-timeout=-1"], status: 64,
                message: "--busy-timeout must be zero or more milliseconds")
        }
    }

    @Test func aFailedExportLeavesAnExistingOutputFileAsItWas() throws {
        let folder = try TemporaryDirectory()
        let notARegistry = try folder.write("notes.sqlite", "not a registry\n")
        let target = try folder.write("export.csv", "an older export\n")
        let result = try CLI.run(["export", "centers", "--output", target, "--db", notARegistry])
        #expect(result.status == 74, "\(result.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "an older export\n")
        #expect(folder.fileNames == ["export.csv", "notes.sqlite"])
    }

    // MARK: statistics

    static let statistics: [[String]] = [
        ["GEN-00001", "2021", "4000", "150", "CNIPA, annual report \"2021\""],
        ["GEN-00001", "2022-Q1", "1100", "", ""],
        ["GEN-00002", "2022-05", "", "0", "多行\n来源"],
        ["GEN-00002", "2023-01..2023-10", "5000", "", ""],
    ]

    @Test func statisticsRoundTripByteForByte() throws {
        let registry = try Self.registry(importing: [ImportSupport.centerHeader] + Self.generated)
        let path = try registry.folder.write(
            "stats.csv", ImportSupport.csv([ImportSupport.statisticsHeader] + Self.statistics))
        try ImportSupport.expectImport(registry, ["stats", path], Summary(read: 4, inserted: 4))
        let first = try ImportSupport.export(registry, "stats")
        #expect(CenterSupport.csvRecords(first) == [ImportSupport.statisticsHeader] + Self.statistics)

        let copy = try TestRegistry()
        let centers = try copy.folder.write("centers.csv", try ImportSupport.export(registry))
        try ImportSupport.expectImport(copy, ["centers", centers], Summary(read: 200, inserted: 200))
        let stats = try copy.folder.write("stats.csv", first)
        try ImportSupport.expectImport(copy, ["stats", stats], Summary(read: 4, inserted: 4))
        #expect(try ImportSupport.export(copy, "stats") == first)
    }

    @Test func statisticsAsJsonHaveNumbersAndNulls() throws {
        let registry = try Self.registry(importing: [ImportSupport.centerHeader] + Self.generated)
        let path = try registry.folder.write(
            "stats.csv", ImportSupport.csv([ImportSupport.statisticsHeader] + Self.statistics))
        try ImportSupport.expectImport(registry, ["stats", path], Summary(read: 4, inserted: 4))
        let objects = try #require(
            try JSONSerialization.jsonObject(with: Data(ImportSupport.export(registry, "stats", format: "json").utf8))
                as? [[String: Any]])
        #expect(objects.count == 4)
        #expect(objects.allSatisfy { Set($0.keys) == Set(ImportSupport.statisticsHeader) })
        #expect(objects[0]["pretrial_cases"] as? Int == 4000)
        #expect(objects[1]["protection_cases"] is NSNull)
        #expect(objects[2]["protection_cases"] as? Int == 0)
        #expect(objects[2]["source"] as? String == "多行\n来源")
        let ndjson = try ImportSupport.export(registry, "stats", format: "ndjson").split(separator: "\n")
        #expect(CenterSupport.same(try ndjson.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) }, objects))
    }
}
