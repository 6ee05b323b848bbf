// `ipreg center ...`: the commands that add, list, show, change, remove and restore centers.
import ArgumentParser

struct CenterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "center",
        abstract: "Add, list, show, update, remove and restore centers, and see their history.",
        subcommands: [
            CenterAddCommand.self,
            CenterListCommand.self,
            CenterShowCommand.self,
            CenterUpdateCommand.self,
            CenterRemoveCommand.self,
            CenterRestoreCommand.self,
            CenterHistoryCommand.self,
        ]
    )
}
