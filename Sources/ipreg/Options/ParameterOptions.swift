// `--param NAME=VALUE` of `sql`, `report run` and `report show`.
import ArgumentParser
import IPRegistry

struct ParameterOptions: ParsableArguments {
    @Option(
        name: .customLong("param"),
        help: ArgumentHelp(
            "A value for parameter :NAME (numbers bind as numbers, anything else as text).", valueName: "name=value"))
    var parameters: [String] = []

    /// The values by name; a malformed or repeated --param is a usage error.
    func values() throws -> [String: String] {
        var values: [String: String] = [:]
        for parameter in parameters {
            guard let equals = parameter.firstIndex(of: "=") else {
                throw CommandFailure.usage("--param \(parameter): expected NAME=VALUE")
            }
            var name = String(parameter[..<equals])
            if let first = name.first, ":@$".contains(first) { name.removeFirst() }
            guard !name.isEmpty else {
                throw CommandFailure.usage("--param \(parameter): the name is missing (NAME=VALUE)")
            }
            guard values[name] == nil else { throw CommandFailure.usage("--param \(name) is given twice") }
            values[name] = String(parameter[parameter.index(after: equals)...])
        }
        return values
    }
}
