// `ipreg token create|list|revoke`: API tokens for the web view's JSON API, managed on the host
// only (docs/commands.md, docs/web-security.md).
import ArgumentParser

extension IPReg {
    struct Token: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token",
            abstract: "Manage API tokens (on the host only).",
            subcommands: [Create.self, List.self, Revoke.self]
        )
    }
}
