internal import CLibSSH2
import Glibc

extension SSHSession {
    /// Authenticates in OpenSSH's order: the ssh-agent's identities, the host's key files, then a
    /// password. Returns nil when the session is authenticated, else what went wrong, saying which
    /// methods were tried and what the server accepts.
    func authenticate(options: ConnectOptions, until connectDeadline: Deadline) async throws(TimedOut)
        -> ConnectionError?
    {
        let user = connection.user ?? Self.localUserName
        var deadline = connectDeadline
        var log = AuthenticationLog()
        let keys = loadKeyFiles(log: &log)
        switch try await authenticateWithAgent(options: options, user: user, keys: keys, log: &log, until: deadline) {
        case .authenticated: return nil
        case .failed(let error): return error
        case .next: break
        }
        switch try await authenticateWithKeys(keys, options: options, user: user, log: &log, until: &deadline) {
        case .authenticated: return nil
        case .failed(let error): return error
        case .next: break
        }
        // Ask the server what it would accept (this sends the "none" method, which may succeed).
        let accepted: String? = try await performPointer(until: deadline) {
            libssh2_userauth_list(handle, user, UInt32(user.utf8.count))
        }.map { String(cString: $0) }
        if libssh2_userauth_authenticated(handle) == 1 { return nil }
        switch try await authenticateWithPassword(options: options, user: user, accepted: accepted, log: &log,
                                                  until: &deadline) {
        case .authenticated: return nil
        case .failed(let error): return error
        case .next: break
        }
        let failure = log.failure(user: user, accepted: accepted)
        return error(failure.cause, failure.reason, failure.explanation)
    }

    /// A connection error when `failure` says the transport broke, nil for a plain refusal.
    func transportFailure(_ failure: LibSSH2Error?) -> ConnectionError? {
        guard failure?.isConnectionLost == true else { return nil }
        return error(.connectionLost, "connection lost during authentication: \(lastError)")
    }

    /// The name of the user pbrun runs as.
    static var localUserName: String {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return HomeDirectory.environment("USER") ?? "root"
    }
}
