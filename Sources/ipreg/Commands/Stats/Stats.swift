// `ipreg stats add|list`: cases a center accepted per period; periods of one center never overlap.
import ArgumentParser

extension IPReg {
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats",
            abstract: "Add or list case statistics of centers.",
            subcommands: [Add.self, List.self]
        )
    }
}
