// `ipreg service list|add`: the services centers give.
import ArgumentParser
import IPRegistry

extension IPReg {
    struct Service: CodeListGroup {
        static let codeList = CodeList.services

        static let configuration = CommandConfiguration(
            commandName: "service",
            abstract: "List or add the services centers give.",
            subcommands: [List.self, Add.self]
        )

        typealias List = CodeListCommands<Service>.List
        typealias Add = CodeListCommands<Service>.Add
    }
}
