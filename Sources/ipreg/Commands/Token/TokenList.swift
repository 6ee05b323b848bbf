// `ipreg token list`: every token, never its text or hash.
import ArgumentParser
import IPRegistry

extension IPReg.Token {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the API tokens.")

        @OptionGroup var registryOptions: RegistryOptions
        @OptionGroup var outputOptions: OutputOptions

        func run() throws {
            let registry = try registryOptions.openForReading(tidyingLog: true)
            let tokens = try registry.read { db in try TokenRepository(db).list() }
            let columns = ["id", "user", "label", "regions", "created_at", "expires_at", "last_used_at", "revoked"]
            outputOptions.print(columns: columns) { write in
                for token in tokens {
                    write([
                        .integer(token.id), .text(token.user), Cell(token.label), .list(token.regions),
                        .text(token.createdAt), Cell(token.expiresAt), Cell(token.lastUsedAt),
                        .integer(token.revoked ? 1 : 0),
                    ])
                }
            }
        }
    }
}
