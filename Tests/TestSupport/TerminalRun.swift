import Foundation
import Playbook
import Testing

extension TestFleet {
    /// Runs `pbrun run PLAYBOOK -i <fleet inventory> ARGS` with its stdout and stderr on a terminal
    /// (util-linux `script`), and returns what the terminal received (`\r\n` line ends as a
    /// terminal gets them).
    func runOnTerminal(_ playbook: String, _ arguments: [String] = [], environment: [String: String] = [:]) throws
        -> ProcessResult
    {
        let command = ShellQuoting.join([PbrunBinary.path(), "run", playbook, "-i", inventory.path] + arguments)
        var env = ProcessInfo.processInfo.environment
        env["TERM"] = "xterm"
        env.removeValue(forKey: "NO_COLOR")
        env.merge(environment) { $1 }
        // -e: script exits with the command's status.
        return try ProcessResult.run("/usr/bin/script", ["-qec", command, "/dev/null"], environment: env)
    }
}
