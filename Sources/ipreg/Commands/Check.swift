// `ipreg check`: runs every integrity check and rule, prints each as pass or fail, exits 1 on any failure.
import ArgumentParser
import IPRegistry

extension IPReg {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check the registry: SQLite's integrity and foreign keys, and the registry's own rules.",
            discussion: """
                Checks, each printed as pass or fail: \(RegistryCheck.names.joined(separator: ", ")).
                Exits with status 1 when any fails. Changes nothing, and may run while others write.
                """
        )

        @OptionGroup var registryOptions: RegistryOptions
        @OptionGroup var outputOptions: OutputOptions

        func run() throws {
            let registry = try registryOptions.openForReading(asItIs: true)
            let results = RegistryCheck(registry: registry).run()
            outputOptions.print(columns: ["check", "status", "detail"]) { write in
                for result in results {
                    write([.text(result.name), .text(result.passed ? "pass" : "fail"), .text(result.detail)])
                }
            }
            let failed = results.filter { !$0.passed }.count
            if failed > 0 { throw RegistryError.checkFailed(count: failed) }
        }
    }
}
