import Playbook
import Runner

/// `pbrun version`: pbrun's version and the C libraries it runs with.
struct VersionCommand: Command {
    static let name = "version"
    static let summary = "Print pbrun's version and the libyaml and libssh2 versions it uses."
    static let usage = """
        Usage: pbrun version

        Example:
          pbrun version
        """
    static let options: [OptionSpec] = []

    init(arguments: ParsedArguments) throws(UsageError) {
        if let extra = arguments.positionals.first {
            throw UsageError("version takes no arguments, got '\(extra)'")
        }
    }

    func run() async throws -> ExitCode {
        print("pbrun \(pbrunVersion)")
        print("libyaml \(libyamlVersion)")
        print("libssh2 \(RuntimeLibraries.libssh2) (\(RuntimeLibraries.libssh2Origin))")
        return .ok
    }
}
