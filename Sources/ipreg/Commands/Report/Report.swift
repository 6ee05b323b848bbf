// `ipreg report list|run|show|save|remove`: the built-in reports and the ones users save.
import ArgumentParser

extension IPReg {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "List, run, save and remove reports.",
            subcommands: [
                List.self, Run.self, Show.self, Save.self, Remove.self,
            ]
        )
    }
}
