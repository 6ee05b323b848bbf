// `ipreg region list|add`: the administrative divisions centers are in.
import ArgumentParser

extension IPReg {
    struct Region: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "region",
            abstract: "List or add administrative divisions (GB/T 2260 codes).",
            subcommands: [List.self, Add.self]
        )
    }
}
