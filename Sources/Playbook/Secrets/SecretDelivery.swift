/// How a command that holds a secret reaches the remote host without its text appearing in any
/// process's argument list (`ps`, `/proc/PID/cmdline`, which every user of a host can read).
///
/// An SSH exec request's command becomes the argument of the remote `sh -c`, visible to everyone
/// on the host while it runs. So when a rendered command reads a secret (`Template.renderTracked`
/// says so), the runner sends a fixed command that reads the real one from standard input, and
/// writes the script there, then EOF:
///
///     exec request:  sh -c 'eval "$(cat)"'
///     stdin:         export PGPASSWORD='…'
///                    psql -h db1 -c 'select 1'
///
/// The script, and the exported values, then live only in that shell's memory and in the
/// environment of its children (`/proc/PID/environ`, readable only by the same user and root).
/// What the script passes as arguments to other programs is still visible, which is why secrets
/// belong in `env:` rather than on a command line. docs/templates.md says the same for users.
public enum SecretDelivery {
    /// The command the exec request carries when the script arrives on standard input.
    public static let readScriptFromStandardInput = #"sh -c 'eval "$(cat)"'"#

    /// What to send: the exec request's command and the bytes to write to standard input before EOF.
    public struct RemoteCommand: Sendable, Hashable {
        /// The command of the SSH exec request (public on the remote host).
        public let execCommand: String
        /// Written to the channel's standard input, followed by EOF.
        public let standardInput: [UInt8]
    }

    /// The exec command and standard input that run `script` with `environment` exported, keeping
    /// both out of every argument list. The step's command then sees an empty standard input.
    public static func throughStandardInput(_ script: String,
                                            environment: [(name: String, value: String)] = []) -> RemoteCommand {
        var text = ""
        for (name, value) in environment { text += "export \(name)=\(ShellQuoting.quote(value))\n" }
        text += script
        return RemoteCommand(execCommand: readScriptFromStandardInput, standardInput: Array(text.utf8))
    }
}
