// `ipreg dashboard`: the overview page as one self-contained HTML file (styles and SVG inline,
// nothing from another host), drawn by the same code as the server's `/`.
import ArgumentParser
import IPRegistry
import WebPages

extension IPReg {
    struct Dashboard: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dashboard",
            abstract: "Write the overview (counts, map, case totals, figures) as one self-contained HTML file.",
            discussion: "The file loads nothing from another host: it can be mailed, opened offline and printed."
        )

        @OptionGroup var registryOptions: RegistryOptions

        @Option(help: ArgumentHelp("Only centers inside this division.", valueName: "code"))
        var region: String?

        @Option(help: ArgumentHelp("The language of the page's words (the data stays as it is).", valueName: "zh|en"))
        var lang: Language = .zh

        @OptionGroup var fileOutput: FileOutputOptions

        func validate() throws {
            try fileOutput.checkPath()
        }

        func run() throws {
            let registry = try registryOptions.openForReading()
            try fileOutput.refuse(registry)
            let data = WebData(registry: registry)
            let overview: Overview
            do {
                overview = try data.overview(region: region)
            } catch {
                switch error {
                case .badRequest(let message): throw RegistryError.invalidInput(message)
                case .notFound(let message): throw RegistryError.notFound(message)
                case .failure(let message), .unavailable(let message):
                    throw RegistryError.cannotOpen(path: registry.path, reason: message)
                }
            }
            let html = OverviewPage.html(overview, standalone: true, language: lang)
            try fileOutput.write { $0.write(html.markup) }
        }
    }
}

/// `--lang zh|en`: the page's language by its code.
extension Language: ExpressibleByArgument {}
