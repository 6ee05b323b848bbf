// `ipreg figure add|list|remove|history`: figures an administration publishes about a whole region,
// kept as published with their source; `report run reconcile` holds them against the registry.
import ArgumentParser

extension IPReg {
    struct FigureCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "figure",
            abstract: "Add, list or remove published figures (what administrations publish about a region).",
            subcommands: [Add.self, List.self, Remove.self, History.self]
        )
    }
}
