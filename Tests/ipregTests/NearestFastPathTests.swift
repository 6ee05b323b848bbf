// The `center nearest` fast path (Sources/ipreg/FastPath.swift): what it accepts it reads exactly
// as ArgumentParser does, it leaves filters, errors and everything unusual to ArgumentParser, and
// it prints byte for byte what the ArgumentParser path prints.
import Foundation
import IPRegistry
import RegistryOutput
import TabularFiles
import Testing

@testable import ipreg

@Suite struct NearestFastPathTests {
    static let point = ["center", "nearest", "--lat", "39.52", "--lon", "116.70"]

    static let cases: [(arguments: [String], fast: Bool)] = [
        (point, true),
        (point + ["--limit", "3"], true),
        (point + ["--within", "60.5", "--format", "csv"], true),
        (point + ["--db=r.sqlite", "--busy-timeout", "10", "--format=json"], true),
        (["center", "nearest", "--lon=116.7", "--lat=39.5", "--limit=1"], true),
        (["center", "nearest", "--lat", "1e1", "--lon", "+116"], true),
        (["center", "nearest", "--lat", "90", "--lon", "180", "--within", "20015.2"], true),
        // Left to ArgumentParser: filters, errors, help and anything unusual.
        (point + ["--kind", "tisc"], false),
        (point + ["--region", "110000"], false),
        (["center", "nearest", "--lat", "-33.9", "--lon", "151.2"], false),
        (["center", "nearest", "--lat", "39.5"], false),
        (["center", "nearest", "--lat", "91", "--lon", "116"], false),
        (["center", "nearest", "--lat", "nan", "--lon", "116"], false),
        (["center", "nearest", "--lat", "x", "--lon", "116"], false),
        (point + ["--limit", "0"], false),
        (point + ["--limit", "1.5"], false),
        (point + ["--within", "0"], false),
        (point + ["--within", "inf"], false),
        (point + ["--format", "xml"], false),
        (point + ["--limit", "1", "--limit", "2"], false),
        (point + ["--help"], false),
        (point + ["extra"], false),
        (["center", "list", "--lat", "39.5", "--lon", "116"], false),
    ]

    @Test(arguments: cases.indices)
    func readsWhatArgumentParserReadsOrStepsAside(_ index: Int) throws {
        let (arguments, fast) = Self.cases[index]
        let recognised = CenterNearestArguments(arguments)
        #expect((recognised != nil) == fast, "\(arguments)")
        guard let recognised else { return }
        let parsed = try IPReg.parseAsRoot(arguments)
        let command = try #require(parsed as? IPReg.CenterCommand.Nearest, "\(arguments)")
        #expect(recognised.latitude == command.lat && recognised.longitude == command.lon, "\(arguments)")
        #expect(recognised.limit == command.limit && recognised.within == command.within, "\(arguments)")
        #expect(CenterOutputFormat(recognised.format) == command.outputOptions.format, "\(arguments)")
        #expect(command.outputOptions.coords == .wgs84, "\(arguments)")
        #expect(recognised.registry == command.registryOptions.settings, "\(arguments)")
    }

    @Test func everyFormatPrintsTheSameBytesAsTheArgumentParserPath() throws {
        let registry = try CenterNearestTests.registry()
        for format in OutputFormat.allCases.map(\.rawValue) {
            for extra in [[], ["--limit", "2"], ["--within", "61"]] {
                let fast = try registry.run(Self.point + extra + ["--format", format])
                // A repeated option is the fast path's to refuse and ArgumentParser's to take.
                let slow = try registry.run(Self.point + extra + ["--format", format, "--format", format])
                #expect(fast.status == 0, "\(format) \(extra): \(fast.stderr)")
                #expect(!fast.stdout.isEmpty)
                #expect(fast.stdout == slow.stdout, "\(format) \(extra)")
                #expect(fast.stderr == slow.stderr && fast.stderr.hasPrefix("note: 2 centers"), "\(format) \(extra)")
            }
        }
    }
}
