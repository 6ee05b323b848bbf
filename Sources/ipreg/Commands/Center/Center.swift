// `ipreg center ...`: the commands that add, list, show, change, remove and restore centers.
import ArgumentParser

extension IPReg {
    struct CenterCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "center",
            abstract: "Add, list, show, update, remove and restore centers, and see their history.",
            subcommands: [
                Add.self,
                List.self,
                Nearest.self,
                Show.self,
                Update.self,
                Remove.self,
                Restore.self,
                History.self,
            ]
        )
    }
}
