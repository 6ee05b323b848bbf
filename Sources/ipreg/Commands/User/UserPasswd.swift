// `ipreg user passwd NAME --password-stdin`: a new password; the account's sessions end.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg.User {
    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "passwd", abstract: "Set an account's password, read from standard input; its sessions end.")

        @OptionGroup var registryOptions: RegistryOptions

        @Argument(help: ArgumentHelp("The account's name.", valueName: "name"))
        var name: String

        @OptionGroup var password: PasswordInput

        func run() throws {
            let secret = try HashedPassword(password.read())
            let account = try registryOptions.open().write { db in
                try AccountRepository(db).setPassword(name: name, password: secret)
            }
            OutputStream.standardError.write("set the password of user \(account.name)\n")
        }
    }
}
