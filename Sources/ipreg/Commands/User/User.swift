// `ipreg user add|list|passwd|disable|remove`: the web view's accounts, managed on the host only
// (docs/commands.md, docs/web-security.md).
import ArgumentParser
import IPRegistry

extension IPReg {
    struct User: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "user",
            abstract: "Manage the web view's accounts (on the host only).",
            subcommands: [Add.self, List.self, Passwd.self, Disable.self, Remove.self]
        )
    }
}

extension AccountRole: ExpressibleByArgument {}

/// The password of `user add` and `user passwd`: read from standard input only, so that it is
/// never on a command line (visible in `ps`, kept in shell history) and never printed.
struct PasswordInput: ParsableArguments {
    @Flag(
        name: .customLong("password-stdin"),
        help: "Read the password from standard input (at least 12 characters; one trailing newline is dropped).")
    var passwordStandardInput = false

    func read() throws -> String {
        guard passwordStandardInput else {
            throw CommandFailure.usage("--password-stdin is required: the password is read from standard input only")
        }
        // Typed at a terminal, the password would be echoed on the screen.
        guard !Terminal.standardInputIsTerminal else {
            throw CommandFailure.usage(
                "--password-stdin reads a pipe or a file, not a terminal (it would show the password as typed)")
        }
        var text = try QueryText.readStandardInput()
        // The newline `echo` or a file ends with; "\r\n" is one Character, removed whole.
        if text.hasSuffix("\r\n") || text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}

/// Values `user` and `token` refuse, named by their options (`--region`, `--label`).
func reportingAccountOptions<Result>(_ body: () throws -> Result) throws -> Result {
    try OptionNames.reporting({ $0 == "name" ? "name" : "--" + $0 }, body)
}
