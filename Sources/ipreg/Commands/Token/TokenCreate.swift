// `ipreg token create --user NAME [--label L] [--region CODE]... [--expires DAYS]`: prints the
// token once; the registry keeps only its SHA-256.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg.Token {
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Make a token for an account and print it once.",
            discussion: """
                The token acts with its account's rights, narrowed to its own regions if given (an \
                editor's must lie inside the editor's). It is printed on standard output once; only its \
                SHA-256 is kept, so a lost token cannot be shown again: revoke it and make another.
                """
        )

        @OptionGroup var registryOptions: RegistryOptions

        @Option(help: ArgumentHelp("The account the token acts for.", valueName: "name"))
        var user: String

        @Option(help: ArgumentHelp("What the token is for, shown in `token list` and history.", valueName: "label"))
        var label: String?

        @Option(help: ArgumentHelp("Narrow the token to this division (repeatable).", valueName: "code"))
        var region: [String] = []

        @Option(help: ArgumentHelp("Days until the token expires (default: never).", valueName: "days"))
        var expires: Int?

        func run() throws {
            let registry = try registryOptions.open()
            let (token, secret) = try reportingAccountOptions {
                try registry.write { db in
                    try TokenRepository(db).create(user: user, label: label, regions: region, expiresInDays: expires)
                }
            }
            OutputStream.standardOutput.write(secret + "\n")
            OutputStream.standardOutput.flush()
            OutputStream.standardError.write(
                "created token \(token.id) for user \(token.user); it is shown only this once\n")
        }
    }
}
