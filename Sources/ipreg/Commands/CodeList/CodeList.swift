// What `industry` and `service` share: the same `list` and `add` over a code list each.
import ArgumentParser
import IPRegistry

/// A command group over one of the code lists centers point into (`IPReg.Industry`,
/// `IPReg.Service`); its `list` and `add` are `IPReg.CodeListCommands<Group>.List` and `.Add`.
protocol CodeListGroup: ParsableCommand {
    static var codeList: CodeList { get }
}

extension IPReg {
    /// The commands every code list has, generic over the group they belong to.
    enum CodeListCommands<Group: CodeListGroup> {}
}
