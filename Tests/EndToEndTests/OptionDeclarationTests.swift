import Foundation
import Testing
@testable import TestSupport

/// Each option is declared once, in the option group that owns it, and every subcommand that takes
/// it shows the same line in `--help`: the same short form, value name and help text.
@Suite struct OptionDeclarationTests {
    static let commands = ["validate", "run", "plan", "exec", "hosts", "schema", "version"]

    /// Names two commands use for different things, by design: `hosts -v` lists unused ssh_config
    /// keywords, `run -v` shows every output line; `hosts --graph` draws the group tree, `plan
    /// --graph` the step graph.
    static let meaningDiffers: Set<String> = ["verbose", "graph"]

    /// The `--help` option lines of one subcommand, by long name.
    static func optionLines(of command: String) throws -> [String: String] {
        let result = try PbrunBinary.run([command, "--help"], in: PbrunBinary.repositoryRoot)
        #expect(result.status == 0, "pbrun \(command) --help: \(result.stderr)")
        var lines: [String: String] = [:]
        for line in result.stdout.split(separator: "\n").map(String.init) {
            guard let range = line.range(of: #"^  (-[A-Za-z], |    )--[a-z][a-z-]*"#, options: .regularExpression)
            else { continue }
            let name = String(line[range].split(separator: "--").last ?? "")
            #expect(lines[name] == nil, "pbrun \(command) --help lists --\(name) twice")
            lines[name] = line
        }
        return lines
    }

    @Test func anOptionSharedByCommandsReadsTheSameInEach() throws {
        var seen: [String: (command: String, line: String)] = [:]
        for command in Self.commands {
            for (name, line) in try Self.optionLines(of: command) where !Self.meaningDiffers.contains(name) {
                if let first = seen[name] {
                    #expect(line == first.line, "--\(name): '\(first.command)' and '\(command)' differ:\n\(first.line)\n\(line)")
                } else {
                    seen[name] = (command, line)
                }
            }
        }
        // The groups reach every command that takes them.
        for name in ["inventory", "limit", "extra-vars"] { #expect(seen[name] != nil, "no command shows --\(name)") }
    }

    @Test func theGroupsAreComposedWhereEachCommandNeedsThem() throws {
        let inventoryTakers = try Self.commands.filter { try Self.optionLines(of: $0)["inventory"] != nil }
        #expect(inventoryTakers == ["validate", "run", "plan", "exec", "hosts"])
        let sshTakers = try Self.commands.filter { try Self.optionLines(of: $0)["ssh-config"] != nil }
        #expect(sshTakers == ["run", "plan", "exec", "hosts"])
        let reportTakers = try Self.commands.filter { try Self.optionLines(of: $0)["events"] != nil }
        #expect(reportTakers == ["run", "exec"])
    }
}
