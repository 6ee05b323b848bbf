// `ipreg token revoke ID`: the token stops working for good.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg.Token {
    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "Revoke a token: it stops working for good.")

        @OptionGroup var registryOptions: RegistryOptions

        @Argument(help: ArgumentHelp("The token's id, as `token list` shows it.", valueName: "id"))
        var id: Int64

        func run() throws {
            let revoked = try registryOptions.open().write { db in try TokenRepository(db).revoke(id: id) }
            OutputStream.standardError.write(revoked ? "revoked token \(id)\n" : "token \(id) was already revoked\n")
        }
    }
}
