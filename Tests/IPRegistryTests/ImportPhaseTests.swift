// After its rows, an import tells its progress display which deferred work it is doing
// (history, indexes, the search index, the commit), so that a bar at 94% says why it waits.
import Foundation
import IPRegistry
import TabularFiles
import Testing

@Suite struct ImportPhaseTests {
    private final class Phases { var seen: [ImportPhase] = [] }

    @Test func aBulkCenterImportReportsEachPhaseAfterTheRowsInOrder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ipreg-phases-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = try Registry.open(path: folder.appendingPathComponent("registry.sqlite").path)
        // Long addresses: a file large for its rows, so that the import defers its indexes.
        let address = String(repeating: "地址", count: 200)
        let rows = (1...4).map { "PH-\($0),测试中心\($0),tisc,130100,\(address)\n" }.joined()
        let path = folder.appendingPathComponent("centers.csv").path
        try Data(("code,name,kind,region_code,address\n" + rows).utf8).write(to: URL(fileURLWithPath: path))
        let phases = Phases()
        let importer = Importer(
            registry: registry, input: try InputFile(path: path), options: ImportOptions(),
            standardOutput: TabularFiles.OutputStream(fileDescriptor: 1),
            progress: { if $0.phase != .rows { phases.seen.append($0.phase) } }, reportError: { _ in })
        let summary = try importer.run(.centers)
        #expect(summary.inserted == 4)
        #expect(phases.seen == [.history, .indexes, .searchIndex, .committing])
    }

    @Test func rejectsToStandardOutputGoToTheStreamTheCallerGives() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ipreg-rejects-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = try Registry.open(path: folder.appendingPathComponent("registry.sqlite").path)
        let path = folder.appendingPathComponent("centers.csv").path
        try Data("code,name,kind,region_code\nGOOD-1,好中心,tisc,130100\nBAD-1,坏中心,nokind,130100\n".utf8)
            .write(to: URL(fileURLWithPath: path))
        let outputPath = folder.appendingPathComponent("standard-output").path
        #expect(FileManager.default.createFile(atPath: outputPath, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: outputPath))
        defer { try? handle.close() }
        var options = ImportOptions()
        options.rejectsPath = "-"
        let importer = Importer(
            registry: registry, input: try InputFile(path: path), options: options,
            standardOutput: TabularFiles.OutputStream(fileDescriptor: handle.fileDescriptor), reportError: { _ in })
        let summary = try importer.run(.centers)
        #expect(summary.inserted == 1)
        #expect(summary.rejected == 1)
        let written = try String(contentsOfFile: outputPath, encoding: .utf8)
        #expect(written.hasPrefix("error,code,name,kind,region_code\n"))
        #expect(written.contains("BAD-1,坏中心,nokind,130100"))
    }
}
