import Playbook
import SSHClient

extension RemoteCommand {
    /// What the SSH layer sends for this command.
    public var request: ExecRequest {
        let delivery = self.delivery
        return ExecRequest(delivery.execText, standardInput: delivery.standardInput, stopsAtEndOfInput: isWrapped,
                           timeout: timeout)
    }

    /// The exec request's text and the bytes written to the channel's standard input right after it
    /// (empty when the text carries everything).
    struct Delivery {
        let execText: String
        let standardInput: [UInt8]
    }

    /// How this command reaches the host. A command without secrets is the exec request itself
    /// (`shellText`). One that holds a secret (or a become password) is sent as a framed script on
    /// standard input behind a fixed exec request (`SecretDelivery`); for a wrapped command the
    /// rest of standard input then stays open as the wrapper's stop signal, as with `shellText`.
    var delivery: Delivery {
        guard usesStandardInput else { return Delivery(execText: shellText, standardInput: []) }
        let exec: String
        if isWrapped {
            let group = #"printf '%s\n' "$pbrun_script" | setsid sh -c "#
                + ShellQuoting.quote(SecretDelivery.pipedScriptRunner)
            exec = SecretDelivery.readScript + Self.wrapper(startingGroup: group)
        } else {
            exec = SecretDelivery.readScriptFromStandardInput
        }
        return Delivery(execText: exec, standardInput: SecretDelivery.frame(script))
    }

    /// The text sent in the `exec` request of a command without secrets: `export` prefixes for the
    /// environment, `cd` for the working directory, `sudo` for become, and for a command with a
    /// timeout the process-group wrapper below.
    ///
    /// libssh2 1.10 has no channel signal request, and closing a channel without a PTY leaves the
    /// command running. So a command with a timeout runs as `setsid sh -c COMMAND` (its own process
    /// group, stdin from /dev/null) while the login shell watches the channel's stdin: when pbrun
    /// sends EOF (on timeout or interrupt), the watcher sends TERM to the whole group and, if any of
    /// it is left 2 s later, KILL. A command that ends by itself ends the watcher; a command killed by a signal is
    /// re-raised on the wrapper, so the exit signal still reaches pbrun.
    var shellText: String {
        let text = script
        guard isWrapped else { return text }
        return Self.wrapper(startingGroup: "setsid sh -c \(ShellQuoting.quote(text)) </dev/null")
    }

    /// The command as one script: exports, `cd`, the command, all run through `sudo` for become.
    /// Holds every secret of the command; `delivery` decides whether it may travel as an argument.
    var script: String {
        var text = ""
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) {
            text += "export \(name)=\(ShellQuoting.quote(value)); "
        }
        if let workingDirectory { text += "cd \(ShellQuoting.quote(workingDirectory)) || exit 1; " }
        text += command
        guard let become else { return text }
        return becoming(become, text)
    }

    /// `text` run as `become.user` with sudo. Without a password: `sudo -n`, which fails at once
    /// where sudo would ask for one, and a hint to set PBRUN_BECOME_PASSWORD. With a password: one
    /// `sudo -S` with only the password on its stdin and then EOF checks it (a wrong password costs
    /// one attempt and ends at once, instead of sudo reading the script as further attempts), then
    /// a second `sudo -S` gets the password, a marker line and the script on stdin. The builtin
    /// `printf` writes them, so neither the password nor the script is ever an argument.
    ///
    /// The wrapper's TERM cannot reach the other user's processes; sudo relays it to the shell it
    /// runs, which then stops its own process group (`stopsItsGroup`).
    private func becoming(_ become: Become, _ text: String) -> String {
        let user = ShellQuoting.quote(become.user)
        let runPiped = SecretDelivery.readPipedScript + Self.stopsItsGroup + #"eval "$pbrun_script" & wait $!"#
        guard let password = become.password else {
            let hint = "pbrun: become: sudo -n -u \(become.user) failed; if sudo needs a password for that, "
                + "set PBRUN_BECOME_PASSWORD (or ansible_become_password in the inventory)"
            let run = usesStandardInput
                ? "printf '%s\\n' \(ShellQuoting.quote(text)) | sudo -n -u \(user) -- sh -c \(ShellQuoting.quote(runPiped))"
                : "sudo -n -u \(user) -- sh -c \(ShellQuoting.quote(Self.stopsItsGroup + "(\n" + text + "\n) & wait $!"))"
            return run + " || { pbrun_status=$?; if [ $pbrun_status -eq 1 ] && "
                + "! sudo -n -u \(user) -- sh -c : 2>/dev/null; then printf '%s\\n' \(ShellQuoting.quote(hint)) >&2; fi; "
                + "exit $pbrun_status; }"
        }
        let refused = "pbrun: become: sudo -S -u \(become.user) did not accept the become password "
            + "(PBRUN_BECOME_PASSWORD, or ansible_become_password in the inventory)"
        return "printf '%s\\n' \(ShellQuoting.quote(password)) | sudo -S -p '' -u \(user) -- sh -c : "
            + "|| { printf '%s\\n' \(ShellQuoting.quote(refused)) >&2; exit 1; }; "
            + "printf '%s\\n' \(ShellQuoting.quote(password)) \(SecretDelivery.scriptMarker) \(ShellQuoting.quote(text)) "
            + "| sudo -S -p '' -u \(user) -- sh -c \(ShellQuoting.quote(SecretDelivery.skipToMarker + runPiped))"
    }

    /// For a shell run by sudo, ahead of its command started in the background: on TERM (which
    /// sudo relays from the wrapper's watcher) it sends TERM to its whole process group — the
    /// command's processes, which the login user may not signal — and KILL 2 s later.
    private static let stopsItsGroup = #"trap 'trap "" TERM; kill -TERM 0; sleep 2; kill -KILL 0' TERM; "#

    /// The process-group wrapper around `group`, a command that starts the process group in the
    /// background (`setsid …`); see `shellText`.
    private static func wrapper(startingGroup group: String) -> String {
        """
        exec 3<&0; \(group) & pbrun_pid=$!; \
        ( read pbrun_line; trap '' TERM; kill -TERM -$pbrun_pid || exit 0; for pbrun_i in 1 2 3 4 5 6 7 8 9 10; \
        do sleep 0.2; kill -0 -$pbrun_pid || exit 0; done; kill -KILL -$pbrun_pid ) \
        <&3 >/dev/null 2>&1 & pbrun_watch=$!; exec 3<&-; \
        wait $pbrun_pid; pbrun_status=$?; kill $pbrun_watch 2>/dev/null; \
        if [ $pbrun_status -gt 128 ] && [ $pbrun_status -lt 160 ]; then \
        trap - $((pbrun_status - 128)); kill -$((pbrun_status - 128)) $$; fi; exit $pbrun_status
        """
    }
}

extension SSHSession {
    /// Runs `command` on a new channel (see `execute(_: ExecRequest, output:)`). A timeout stops the
    /// command's whole process group on the host (`RemoteCommand.shellText`).
    public func execute(_ command: RemoteCommand, output: some OutputSink) async throws(CommandError) -> CommandResult {
        try await execute(command.request, output: output)
    }
}
