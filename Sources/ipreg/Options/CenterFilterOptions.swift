// The options that select centers by their fields, for `center list` and `center nearest`: declared
// once, so that both take, explain and check them alike; AND between options, OR within a repeated one.
import ArgumentParser
import IPRegistry

struct CenterFilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only centers of this kind (repeatable).", valueName: "kind"))
    var kind: [String] = []

    @Option(help: ArgumentHelp("Only centers in this division or inside it (repeatable).", valueName: "code"))
    var region: [String] = []

    @Option(help: ArgumentHelp("Only centers serving this industry (repeatable).", valueName: "code"))
    var industry: [String] = []

    @Option(help: ArgumentHelp("Only centers giving this service (repeatable).", valueName: "code"))
    var service: [String] = []

    @Option(
        help: ArgumentHelp(
            "Only centers with this status (repeatable; default: every status).", valueName: "status"))
    var status: [String] = []

    /// Every value given with what it selects, for `CenterFilter.parsing`: refusals are reported
    /// in this order.
    var selected: [(CenterFilter.Selection, String)] {
        let selections: [[(CenterFilter.Selection, String)]] = [
            kind.map { (.kind, $0) }, region.map { (.region, $0) }, industry.map { (.industry, $0) },
            service.map { (.service, $0) }, status.map { (.status, $0) },
        ]
        return selections.flatMap { $0 }
    }
}
