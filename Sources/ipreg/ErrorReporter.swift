// Turns any failure into one `error:` line on standard error and an exit status (docs/commands.md).
import ArgumentParser
import IPRegistry
import RegistryOutput
import TabularFiles

enum ExitStatus {
    static let success: Int32 = 0
    static let notFound: Int32 = 1
    static let usage: Int32 = 64
    static let invalidData: Int32 = 65
    static let inputUnreadable: Int32 = 66
    static let outputUnwritable: Int32 = 73
    static let cannotOpen: Int32 = 74
    static let busy: Int32 = 75
}

enum ErrorReporter {
    static func report(_ error: Error) -> Int32 {
        let error = RegistryError.wrapping(error)
        if let error = error as? RegistryError { return report(error) }
        if let error = error as? ValidationFailure { return report(.invalidValue(error)) }
        // Parameters that do not match a query or report are the user's to fix: a usage error.
        if let error = error as? ParameterError {
            printError(error.message)
            return ExitStatus.usage
        }
        if let error = error as? CommandFailure {
            printError(error.message)
            return error.status
        }
        let code = IPReg.exitCode(for: error)
        if code == .success {
            // --help, --version and completion scripts: ArgumentParser prints them to standard output.
            OutputStream.standardOutput.flush()
            IPReg.exit(withError: error)
        }
        printError(IPReg.message(for: error) + usageHint(for: error))
        return code.rawValue == 0 ? ExitStatus.usage : code.rawValue
    }

    static func report(_ error: RegistryError) -> Int32 {
        printError(error.description)
        return status(for: error)
    }

    static func status(for error: RegistryError) -> Int32 {
        switch error {
        case .notFound, .checkFailed: return ExitStatus.notFound
        case .invalidValue, .invalidRows, .invalidInput: return ExitStatus.invalidData
        case .inputUnreadable: return ExitStatus.inputUnreadable
        case .outputUnwritable: return ExitStatus.outputUnwritable
        case .cannotOpen, .notARegistry, .schemaTooNew: return ExitStatus.cannotOpen
        case .busy: return ExitStatus.busy
        case .database:
            switch error.databaseFailure {
            case .busy: return ExitStatus.busy
            case .constraint: return ExitStatus.invalidData
            case .other, nil: return ExitStatus.cannotOpen
            }
        }
    }

    /// Writes one line: messages are single lines even when a value held a line break, and a
    /// control character an argument or a stored value held is shown escaped (`\u{1b}`), never
    /// sent to the terminal.
    static func printError(_ message: String, prefixed: Bool = true) {
        let oneLine = ControlCharacters.escaped(
            String(message.unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : Character($0) }),
            keeping: { $0 == 0x09 })
        OutputStream.standardOutput.flush()
        OutputStream.standardError.write((prefixed ? "error: " : "") + oneLine + "\n")
        OutputStream.standardError.flush()
    }

    private static func usageHint(for error: Error) -> String {
        let help = IPReg.fullMessage(for: error)
        // The subcommand path is in the usage line ArgumentParser would print; point the user at its help.
        if let usage = help.split(separator: "\n").first(where: { $0.hasPrefix("Usage: ") }) {
            let words = usage.dropFirst("Usage: ".count).split(separator: " ").prefix {
                !$0.hasPrefix("-") && !$0.hasPrefix("<") && !$0.hasPrefix("[")
            }
            if !words.isEmpty { return " (see '\(words.joined(separator: " ")) --help')" }
        }
        return " (see 'ipreg --help')"
    }
}

/// A failure the command line itself detects, with its exit status.
struct CommandFailure: Error {
    let message: String
    let status: Int32

    static func usage(_ message: String) -> CommandFailure {
        CommandFailure(message: message, status: ExitStatus.usage)
    }
    static func invalid(_ message: String) -> CommandFailure {
        CommandFailure(message: message, status: ExitStatus.invalidData)
    }
}
