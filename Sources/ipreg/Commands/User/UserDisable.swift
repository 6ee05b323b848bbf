// `ipreg user disable NAME`: no more sign-ins, sessions or token use for the account.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg.User {
    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable", abstract: "Disable an account: its sessions end and its tokens stop working.")

        @OptionGroup var registryOptions: RegistryOptions

        @Argument(help: ArgumentHelp("The account's name.", valueName: "name"))
        var name: String

        func run() throws {
            let account = try registryOptions.open().write { db in try AccountRepository(db).disable(name: name) }
            OutputStream.standardError.write("disabled user \(account.name)\n")
        }
    }
}
