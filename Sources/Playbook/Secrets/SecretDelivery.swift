/// How a command that holds a secret reaches the remote host without its text appearing in any
/// process's argument list (`ps`, `/proc/PID/cmdline`, which every user of a host can read).
///
/// An SSH exec request's command becomes the argument of the remote `sh -c`, visible to everyone
/// on the host while it runs. So when a rendered command reads a secret (`Template.renderTracked`
/// says so), the runner sends a fixed command that reads the real one from standard input, and
/// writes the script there, framed by a terminator line:
///
///     exec request:  IFS= read -r pbrun_end || exit 125; … eval "$pbrun_script"   (fixed text)
///     stdin:         pbrun-end-3f9c…               ← the terminator, chosen per script
///                    export PGPASSWORD='…'
///                    psql -h db1 -c 'select 1'
///                    pbrun-end-3f9c…
///                    (the rest of stdin: EOF, or kept open for the process-group watcher)
///
/// The shell's `read` builtin reads a pipe one byte at a time, so the reader stops exactly after
/// the second terminator line and whatever follows stays on standard input: the runner's
/// process-group wrapper (`RemoteCommand.delivery` in Runner) watches it for EOF to stop the
/// command. The terminator is a random token that no line of the script equals, so values may
/// hold newlines and quotes. Passing the script on to another shell (the wrapper's process group,
/// `sudo`) goes through a pipe fed by the builtin `printf` (`pipedScriptRunner`), never an argument.
///
/// The script, and the exported values, then live only in the shells' memory and in the
/// environment of their children (`/proc/PID/environ`, readable only by the same user and root).
/// What the script passes as arguments to other programs is still visible, which is why secrets
/// belong in `env:` rather than on a command line. docs/templates.md says the same for users.
public enum SecretDelivery {
    /// Shell text that reads a framed script (`frame`) from standard input into `pbrun_script`,
    /// leaving the rest of standard input unread; exits 125 when standard input ends too early.
    public static let readScript = #"IFS= read -r pbrun_end || exit 125; pbrun_script=; "#
        + #"while IFS= read -r pbrun_line || exit 125; [ "$pbrun_line" != "$pbrun_end" ]; "#
        + #"do pbrun_script="$pbrun_script$pbrun_line"# + "\n" + #""; done; "#

    /// The exec command for a script that runs on its own (nothing watches standard input): it
    /// reads the script, then evaluates it with standard input at EOF.
    public static let readScriptFromStandardInput = readScript + #"eval "$pbrun_script""#

    /// Shell text that reads a whole script from standard input to EOF into `pbrun_script`, keeping
    /// its trailing newlines, then makes standard input /dev/null.
    public static let readPipedScript = #"pbrun_script=$(cat; echo .); pbrun_script=${pbrun_script%.}; "#
        + "exec </dev/null; "

    /// A shell script (fixed text, safe as an argument) that reads a whole script from standard
    /// input to EOF and runs it with standard input /dev/null. Used as
    /// `printf '%s\n' "$script" | sh -c PIPED` to hand a script to another process.
    public static let pipedScriptRunner = readPipedScript + #"eval "$pbrun_script""#

    /// The line that separates what `sudo -S` may read (the password) from the script that follows
    /// it on the same standard input (see `skipToMarker`).
    public static let scriptMarker = "pbrun:script-follows"

    /// Shell text for a command run by `sudo -S`: skips lines up to `scriptMarker` (the password,
    /// when sudo did not need to read it), so that `readPipedScript` then reads the script.
    public static let skipToMarker = #"while :; do IFS= read -r pbrun_line || exit 125; "#
        + #"[ "$pbrun_line" = "# + scriptMarker + #" ] && break; done; "#

    /// What to send: the exec request's command and the bytes to write to standard input.
    public struct RemoteCommand: Sendable, Hashable {
        /// The command of the SSH exec request (public on the remote host).
        public let execCommand: String
        /// Written to the channel's standard input first; then EOF, or the wrapper's watch.
        public let standardInput: [UInt8]
    }

    /// The exec command and standard input that run `script` with `environment` exported, keeping
    /// both out of every argument list. The script runs with standard input at EOF.
    public static func throughStandardInput(_ script: String,
                                            environment: [(name: String, value: String)] = []) -> RemoteCommand {
        var text = ""
        for (name, value) in environment { text += "export \(name)=\(ShellQuoting.quote(value))\n" }
        text += script
        return RemoteCommand(execCommand: readScriptFromStandardInput, standardInput: frame(text))
    }

    /// `script` framed for `readScript`: a terminator line, the script's lines, the terminator
    /// again. The script gets a final newline if it has none.
    public static func frame(_ script: String) -> [UInt8] {
        let body = script.hasSuffix("\n") || script.isEmpty ? script : script + "\n"
        let lines = Set(body.split(separator: "\n", omittingEmptySubsequences: false))
        var terminator: String
        repeat {
            terminator = "pbrun-end-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        } while lines.contains(Substring(terminator))
        return Array((terminator + "\n" + body + terminator + "\n").utf8)
    }
}
