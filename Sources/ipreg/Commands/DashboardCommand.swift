// `ipreg dashboard`: the overview page as one self-contained HTML file (styles and SVG inline,
// nothing from another host), drawn by the same code as the server's `/`.
import ArgumentParser
import IPRegistry
import WebPages

struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Write the overview (counts, map, case totals, figures) as one self-contained HTML file.",
        discussion: "The file loads nothing from another host: it can be mailed, opened offline and printed."
    )

    @OptionGroup var registryOptions: RegistryOptions

    @Option(help: ArgumentHelp("Only centers inside this division.", valueName: "code"))
    var region: String?

    @Option(
        help: ArgumentHelp(
            "Write to this file (complete or not at all) instead of standard output; - is standard output.",
            valueName: "file"))
    var output: String?

    func validate() throws {
        if output?.isEmpty == true { throw ValidationError("--output must name a file") }
    }

    func run() throws {
        let registry = try registryOptions.openForQueries()
        let outputPath = output == "-" ? nil : output
        if let outputPath { try registry.refuseAsOutput(outputPath) }
        let data = WebData(registry: registry)
        let overview: Overview
        do {
            overview = try data.overview(region: region)
        } catch {
            switch error {
            case .badRequest(let message): throw RegistryError.invalidInput(message)
            case .notFound(let message): throw RegistryError.notFound(message)
            case .failure(let message): throw RegistryError.cannotOpen(path: registry.path, reason: message)
            }
        }
        let html = OverviewPage.html(overview, standalone: true)
        let file = try outputPath.map { try AtomicFile(path: $0) }
        (file?.stream ?? .standardOutput).write(html)
        try file?.commit()
    }
}
