// `ipreg user remove NAME`: the account, its regions, tokens and sessions.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg.User {
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", abstract: "Remove an account with its tokens and sessions.")

        @OptionGroup var registryOptions: RegistryOptions

        @Argument(help: ArgumentHelp("The account's name.", valueName: "name"))
        var name: String

        func run() throws {
            let account = try registryOptions.open().write { db in try AccountRepository(db).remove(name: name) }
            OutputStream.standardError.write("removed user \(account.name)\n")
        }
    }
}
