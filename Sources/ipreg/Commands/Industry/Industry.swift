// `ipreg industry list|add`: the industries centers serve.
import ArgumentParser
import IPRegistry

extension IPReg {
    struct Industry: CodeListGroup {
        static let codeList = CodeList.industries

        static let configuration = CommandConfiguration(
            commandName: "industry",
            abstract: "List or add the industries centers serve.",
            subcommands: [List.self, Add.self]
        )

        typealias List = CodeListCommands<Industry>.List
        typealias Add = CodeListCommands<Industry>.Add
    }
}
