import Playbook

/// The sudo passwords of a run, for steps with `become`: the one the inventory gives a host
/// (`ansible_become_password`), else `PBRUN_BECOME_PASSWORD`; none means `sudo -n`.
struct BecomePasswords: Sendable {
    let byHost: [String: String]
    let fallback: String?

    init(byHost: [String: String] = [:], fallback: String? = nil) {
        self.byHost = byHost
        self.fallback = fallback
    }

    /// The password for becoming another user on `host`, if any.
    func password(for host: String) -> String? { byHost[host] ?? fallback }
}

extension HostWork {
    /// `text` as a command of this step on the host: with the step's environment, directory and
    /// become, and delivered over stdin when anything of the step read a secret.
    func remoteCommand(_ text: String, becomePassword: String?, timeout: Double?, stoppable: Bool) -> RemoteCommand {
        RemoteCommand(text, environment: environment, workingDirectory: workingDirectory,
                      become: become(password: becomePassword), timeout: timeout, stoppable: stoppable,
                      secret: readsSecret)
    }

    /// The user this step's commands and file actions run as, with its sudo password; nil without
    /// `become`.
    func become(password: String?) -> RemoteCommand.Become? {
        becomeUser.map { RemoteCommand.Become(user: $0, password: password) }
    }
}
