import Glibc
import Playbook
import Runner

/// Writes `text` to standard error as is.
func printError(_ text: String) {
    FileHandleOutput.standardError.write(text)
}

/// The top-level help: every subcommand with its one-line summary.
func topLevelHelp() -> String {
    var lines = [
        "pbrun - run declarative playbooks over SSH across many hosts",
        "",
        "Usage: pbrun SUBCOMMAND [OPTIONS] ARGS",
        "",
        "Subcommands:",
    ]
    for command in commandTable {
        lines.append("  " + command.name + String(repeating: " ", count: max(1, 12 - command.name.count)) + command.summary)
    }
    lines += ["", "Run 'pbrun SUBCOMMAND --help' for a subcommand's options and an example."]
    return lines.joined(separator: "\n") + "\n"
}

/// Parses the command line, runs the subcommand and maps its outcome to an exit code. Only here
/// does a value become the process status.
func runMain(_ arguments: [String]) async -> ExitCode {
    guard let first = arguments.first else {
        printError(topLevelHelp())
        return .badOptions
    }
    switch first {
    case "--help", "-h", "help":
        print(topLevelHelp(), terminator: "")
        return .ok
    case "--version", "-V":
        print("pbrun \(pbrunVersion)")
        return .ok
    default:
        break
    }
    guard let command = commandTable.first(where: { $0.name == first }) else {
        var message = "pbrun: unknown subcommand '\(first)'"
        if let close = Suggestion.closest(to: first, among: commandTable.map { $0.name }) {
            message += " (did you mean '\(close)'?)"
        }
        printError(message + "\nRun 'pbrun --help' for the list of subcommands.\n")
        return .badOptions
    }
    let rest = Array(arguments.dropFirst())
    let beforeDoubleDash = rest.prefix { $0 != "--" }
    if beforeDoubleDash.contains("--help") || beforeDoubleDash.contains("-h") {
        print(command.helpText, terminator: "")
        return .ok
    }
    do {
        let parsed = try ArgumentScanner(options: command.options).scan(rest)
        let instance = try command.init(arguments: parsed)
        return try await instance.run()
    } catch let error as UsageError {
        printError("pbrun \(command.name): \(error.message)\nRun 'pbrun \(command.name) --help' for usage.\n")
        return .badOptions
    } catch {
        printError("pbrun \(command.name): internal error: \(error)\n")
        return .internalError
    }
}

let status = await runMain(Array(CommandLine.arguments.dropFirst()))
exit(status.rawValue)
