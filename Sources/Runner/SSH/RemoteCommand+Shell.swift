extension RemoteCommand {
    /// The text sent in the `exec` request: `export` prefixes for the environment, `cd` for the
    /// working directory, `sudo` for become, and for a command with a timeout the process-group
    /// wrapper below.
    ///
    /// libssh2 1.10 has no channel signal request, and closing a channel without a PTY leaves the
    /// command running. So a command with a timeout runs as `setsid sh -c COMMAND` (its own process
    /// group, stdin from /dev/null) while the login shell watches the channel's stdin: when pbrun
    /// sends EOF (on timeout or interrupt), the watcher sends TERM to the whole group and, if any of
    /// it is left 2 s later, KILL. A command that ends by itself ends the watcher; a command killed by a signal is
    /// re-raised on the wrapper, so the exit signal still reaches pbrun.
    var shellText: String {
        var text = ""
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) {
            text += "export \(name)=\(Self.quote(value)); "
        }
        if let workingDirectory { text += "cd \(Self.quote(workingDirectory)) || exit 1; " }
        text += command
        if let become {
            text = "sudo -n -u \(Self.quote(become.user)) -- sh -c \(Self.quote(text))"
        }
        guard isWrapped else { return text }
        return """
            exec 3<&0; setsid sh -c \(Self.quote(text)) </dev/null & pbrun_pid=$!; \
            ( read pbrun_line; trap '' TERM; kill -TERM -$pbrun_pid || exit 0; for pbrun_i in 1 2 3 4 5 6 7 8 9 10; \
            do sleep 0.2; kill -0 -$pbrun_pid || exit 0; done; kill -KILL -$pbrun_pid ) \
            <&3 >/dev/null 2>&1 & pbrun_watch=$!; exec 3<&-; \
            wait $pbrun_pid; pbrun_status=$?; kill $pbrun_watch 2>/dev/null; \
            if [ $pbrun_status -gt 128 ] && [ $pbrun_status -lt 160 ]; then \
            trap - $((pbrun_status - 128)); kill -$((pbrun_status - 128)) $$; fi; exit $pbrun_status
            """
    }

    /// `value` as one single-quoted shell word.
    static func quote(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
