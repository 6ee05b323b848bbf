// The binary starts, creates a registry, and lists the shipped reference data.
import Foundation
import Testing

@Suite struct SmokeTests {
    @Test func initCreatesARegistryThatListsTheReferenceDivisions() throws {
        let registry = try TestRegistry()
        let result = try registry.run(["region", "list", "--format", "csv"])
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").count == 3216)
    }
}
