// `ipreg` is linked with --no-export-dynamic (Package.swift, docs/performance.md): at every start
// the loader and the runtime walk its dynamic symbol table, so none of our modules' symbols (nor
// BoringSSL's, brought by swift-crypto) may be in it. Read with binutils' readelf, which the
// toolchain's linker needs anyway; skips saying why where it is missing.
import Foundation
import Testing

@Suite struct ExportedSymbolsTests {
    static let readelf = ["/usr/bin/readelf", "/bin/readelf"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: readelf != nil, "readelf (binutils) is missing"))
    func ipregExportsNoneOfItsOwnSymbols() throws {
        let folder = try TemporaryDirectory()
        let outcome = try Spawned(
            ["--dyn-syms", "--wide", CLI.binary.path], executable: URL(fileURLWithPath: try #require(Self.readelf)),
            outputFolder: folder.url, environment: [:]
        ).wait(timeout: 60)
        #expect(outcome.status == 0, "\(outcome)")
        let lines = outcome.stdout.split(separator: "\n")
        #expect(lines.count > 3, "no symbol table read: \(outcome)")
        for module in ["$s10IPRegistry", "$s8SQLiteDB", "$s12TabularFiles", "$s14ArgumentParser", "CCryptoBoringSSL"] {
            let exported = lines.filter { $0.contains(module) }
            let example = exported.first.map(String.init) ?? ""
            #expect(exported.count == 0, "\(module) is exported, e.g. \(example)")
        }
    }
}
