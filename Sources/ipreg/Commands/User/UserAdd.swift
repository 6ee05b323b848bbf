// `ipreg user add NAME --role ROLE [--region CODE]... --password-stdin`.
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

extension IPReg.User {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add an account; its password is read from standard input.",
            discussion: """
                An editor's rights cover the centers whose division lies inside one of its regions \
                (containment, as --region filters), and an editor needs at least one; an admin's cover \
                everything; a viewer only reads. The password is kept only as a bcrypt hash (cost 12).
                """
        )

        @OptionGroup var registryOptions: RegistryOptions

        @Argument(help: ArgumentHelp("The account's name (letters, digits, '.', '_', '-').", valueName: "name"))
        var name: String

        @Option(help: ArgumentHelp("admin, editor or viewer.", valueName: "role"))
        var role: AccountRole

        @Option(help: ArgumentHelp("A division the account's rights cover (repeatable).", valueName: "code"))
        var region: [String] = []

        @OptionGroup var password: PasswordInput

        func run() throws {
            let secret = try HashedPassword(password.read())
            let registry = try registryOptions.open()
            let account = try reportingAccountOptions {
                try registry.write { db in
                    try AccountRepository(db).add(name: name, role: role, regions: region, password: secret)
                }
            }
            var message = "added user \(account.name) (\(account.role.rawValue)"
            if !account.regions.isEmpty { message += ", regions \(account.regions.joined(separator: " "))" }
            OutputStream.standardError.write(message + ")\n")
        }
    }
}
