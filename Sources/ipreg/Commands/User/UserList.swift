// `ipreg user list`: every account, never a password hash.
import ArgumentParser
import IPRegistry

extension IPReg.User {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the accounts.")

        @OptionGroup var registryOptions: RegistryOptions
        @OptionGroup var outputOptions: OutputOptions

        func run() throws {
            let registry = try registryOptions.openForReading(tidyingLog: true)
            let accounts = try registry.read { db in try AccountRepository(db).list() }
            outputOptions.print(columns: ["name", "role", "regions", "disabled", "created_at"]) { write in
                for account in accounts {
                    write([
                        .text(account.name), .text(account.role.rawValue), .list(account.regions),
                        .integer(account.disabled ? 1 : 0), .text(account.createdAt),
                    ])
                }
            }
        }
    }
}
