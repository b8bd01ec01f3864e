internal import CLibSSH2

extension SSHSession {
    /// Tries a password when the server accepts one: the inventory's (`ansible_password`), else
    /// `PBRUN_PASSWORD`, else the one typed for this run (`--ask-pass`, or a prompt asked once per
    /// run). `deadline` moves on by the time a person takes to answer.
    func authenticateWithPassword(options: ConnectOptions, user: String, accepted: String?,
                                  log: inout AuthenticationLog, until deadline: inout Deadline)
        async throws(TimedOut) -> AuthStep
    {
        let acceptsPassword = accepted.map { $0.split(separator: ",").contains("password") } ?? false
        var password: String?
        var source = ""
        if let fromInventory = connection.password {
            (password, source) = (fromInventory, "password from the inventory")
        } else if let fromEnvironment = options.password {
            (password, source) = (fromEnvironment, "password from PBRUN_PASSWORD")
        }
        guard acceptsPassword else {
            if password != nil { log.notes.append("the \(source) was not tried: the server does not accept passwords") }
            return .next
        }
        if password == nil {
            let asked = Deadline.now
            password = await options.credentials.typedPassword(prompt: options.prompt)
            deadline = deadline.extended(by: Deadline.now.seconds(since: asked))
            source = "password typed at the prompt"
        }
        guard let password else { return .next }
        let result = try await perform(until: deadline) {
            libssh2_userauth_password_ex(handle, user, UInt32(user.utf8.count), password,
                                         UInt32(password.utf8.count), nil)
        }
        if result == 0 { return .authenticated }
        let failure = LibSSH2Error(code: result)
        switch failure {
        case .passwordExpired:
            return .failed(error(.authenticationFailed, "the password of user \(user) has expired",
                                 "The server accepted the \(source) but requires a new one before \(user) may log "
                                     + "in; pbrun does not change passwords: log in once with ssh and set a new one."))
        default:
            if let lost = transportFailure(failure) { return .failed(lost) }
            log.tried.append(source)
            return .next
        }
    }
}
