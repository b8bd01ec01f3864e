internal import CLibSSH2
import Glibc

extension SSHSession {
    /// Host key algorithms in OpenSSH's order (ssh_config(5) `HostKeyAlgorithms`), then SHA-1
    /// `ssh-rsa` last, for old servers that offer nothing else.
    static let hostKeyPreference = "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,"
        + "rsa-sha2-512,rsa-sha2-256,ssh-rsa"

    /// Connects to `target`, checks its host key and authenticates, all within the host's connect
    /// timeout; transient failures before authentication are retried `options.connectRetries` times.
    /// A target with jump hosts is reached through a session to each hop, opened for it alone and
    /// closed with it (`SessionPool` shares one session per hop among all targets behind it); one
    /// with a proxy command through that command, started for this session and ended with it.
    public static func connect(_ target: SSHTarget, options: ConnectOptions,
                               reactor: Reactor = .shared) async throws(ConnectionError) -> SSHSession {
        guard let jumpConnection = target.jumpConnection else {
            return try await connect(target, through: nil, options: options, reactor: reactor)
        }
        let chainDeadline = Deadline.after(seconds: target.connectTimeout)
        let jump: SSHSession
        do {
            jump = try await connect(jumpConnection, options: options, reactor: reactor)
        } catch {
            throw error.asJumpFailure(for: target)
        }
        do {
            let session = try await connect(target, through: jump, options: options, reactor: reactor,
                                            firstDeadline: chainDeadline)
            session.adoptJump(jump)
            return session
        } catch {
            await jump.close()
            throw error
        }
    }

    /// Connects to `target` directly, or through `jump`'s session when given (a `direct-tcpip`
    /// channel). The first attempt ends at `firstDeadline` when given (the connect timeout counts
    /// from the start of the whole chain), later ones after the connect timeout each.
    static func connect(_ target: SSHTarget, through jump: SSHSession?, options: ConnectOptions,
                        reactor: Reactor, firstDeadline: Deadline? = nil) async throws(ConnectionError) -> SSHSession {
        var attempt = 0
        while true {
            let deadline = attempt == 0 ? firstDeadline ?? .after(seconds: target.connectTimeout)
                : .after(seconds: target.connectTimeout)
            let outcome = await attemptConnect(target, through: jump, options: options, reactor: reactor,
                                               deadline: deadline)
            switch outcome {
            case .success(let session):
                return session
            case .failure(let error):
                guard error.isTransient, attempt < options.connectRetries, jump?.broken == nil else { throw error }
                let backoff = options.retryBackoff * Double(1 << min(attempt, 10))
                attempt += 1
                await reactor.sleep(until: .after(seconds: backoff))
            }
        }
    }

    private static func attemptConnect(_ target: SSHTarget, through jump: SSHSession?, options: ConnectOptions,
                                       reactor: Reactor, deadline: Deadline) async -> Result<SSHSession, ConnectionError> {
        func failure(_ cause: ConnectionError.Cause, _ reason: String, _ explanation: String? = nil)
            -> Result<SSHSession, ConnectionError>
        {
            .failure(ConnectionError(host: target.name, endpoint: target.endpoint, cause: cause, reason: reason,
                                     explanation: explanation))
        }
        _ = LibSSH2Library.initialized
        await options.startupLimiter.acquire()
        defer { options.startupLimiter.release() }
        let timeoutText = "timed out after \(formatSeconds(target.connectTimeout))"

        let descriptor: Int32
        var tunnel: (any SessionTunnel)?
        if let jump {
            switch await JumpTunnel.open(through: jump, to: target.address, port: target.port, until: deadline) {
            case .success(let opened):
                tunnel = opened
                descriptor = opened.descriptor
            case .failure(let problem):
                let cause: ConnectionError.Cause = jump.broken != nil ? .connectionLost
                    : deadline.hasPassed ? .timedOut : .refused
                return failure(cause, "through \(target.jumpLabel): \(problem.reason)")
            }
        } else if let command = target.proxyCommand {
            switch ProxyCommandTunnel.start(command, reactor: reactor) {
            case .success(let started):
                tunnel = started
                descriptor = started.descriptor
            case .failure(let problem):
                return failure(.connectionLost, "through \(target.routeLabel): \(problem.reason)")
            }
        } else {
            do {
                descriptor = try await TCPConnector(reactor: reactor).connect(host: target.address, port: target.port,
                                                                              deadline: deadline)
            } catch {
                switch error {
                case .unresolvable(let message): return failure(.unresolvable, "cannot resolve \(target.address): \(message)")
                case .resolveTimedOut: return failure(.timedOut, "name lookup of \(target.address) \(timeoutText)")
                case .refused: return failure(.refused, "connection refused")
                case .timedOut: return failure(.timedOut, "connect \(timeoutText)")
                case .failed(let message): return failure(.connectionLost, "connect failed: \(message)")
                }
            }
        }
        guard let handle = libssh2_session_init_ex(nil, nil, nil, nil) else {
            reactor.forget(descriptor)
            Glibc.close(descriptor)
            await tunnel?.finish()
            return failure(.connectionLost, "libssh2 could not create a session")
        }
        libssh2_session_set_blocking(handle, 0)
        _ = libssh2_session_method_pref(handle, LIBSSH2_METHOD_HOSTKEY, hostKeyPreference)
        let session = SSHSession(connection: target, reactor: reactor, handle: handle, descriptor: descriptor,
                                 tunnel: tunnel)
        let result = await session.using { () -> ConnectionError? in
            do {
                if let error = try await session.handshake(until: deadline) { return error }
                if let error = session.checkHostKey() { return error }
                if let error = try await session.authenticate(options: options, until: deadline) { return error }
                return nil
            } catch {
                return session.error(.timedOut, "banner, handshake and authentication \(timeoutText)")
            }
        }
        if var result {
            session.breaks(result.reason)
            await session.close()
            if let tunnel, result.cause == .connectionLost {
                result.reason = "through \(target.routeLabel): " + (tunnel.failure ?? result.reason)
            } else if let tunnel, result.cause == .timedOut {
                let said = tunnel.failure.map { " (\($0))" } ?? ""
                result.reason = "through \(target.routeLabel): " + result.reason + said
            }
            return .failure(result)
        }
        if target.serverAliveInterval > 0 {
            libssh2_keepalive_config(handle, 1, UInt32(max(1, target.serverAliveInterval)))
            session.nextKeepalive = .after(seconds: target.serverAliveInterval)
        }
        return .success(session)
    }

    /// A `ConnectionError` for this session's host.
    func error(_ cause: ConnectionError.Cause, _ reason: String, _ explanation: String? = nil) -> ConnectionError {
        ConnectionError(host: connection.name, endpoint: connection.endpoint, cause: cause, reason: reason,
                        explanation: explanation)
    }

    // MARK: - Handshake and host key

    private func handshake(until deadline: Deadline) async throws(TimedOut) -> ConnectionError? {
        let result = try await perform(until: deadline) { libssh2_session_handshake(handle, descriptor) }
        guard result != 0 else { return nil }
        let message = lastError
        switch LibSSH2Error(code: result) {
        case .keyExchangeFailed, .methodNotSupported:
            return error(.handshakeFailed, "key exchange failed: \(message)",
                         "pbrun offers the host key algorithms \(Self.hostKeyPreference); the server has none "
                             + "of them, or no key exchange, cipher or MAC in common with libssh2.")
        case .bannerNotReceived, .socketDisconnected, .socketReceiveFailed, .socketSendFailed:
            return error(.connectionLost, "connection closed during the handshake: \(message)")
        default:
            return error(.handshakeFailed, "handshake failed: \(message)")
        }
    }

    /// Checks the server's host key against known_hosts under the host's policy.
    private func checkHostKey() -> ConnectionError? {
        guard connection.hostKeyPolicy != .off else { return nil }
        var length = 0
        var rawType: Int32 = 0
        guard let keyPointer = libssh2_session_hostkey(handle, &length, &rawType) else {
            return error(.handshakeFailed, "the server sent no host key")
        }
        let key = keyPointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
        let type = HostKeyType(libssh2Type: rawType)
        // The first file that knows the host decides; new keys go to the first file (as in OpenSSH).
        var path = KnownHosts.path(for: connection)
        var verdict = KnownHosts.Verdict.notFound
        var primary: KnownHosts?
        for candidate in KnownHosts.paths(for: connection) {
            let store: KnownHosts
            switch KnownHosts.open(candidate) {
            case .success(let opened): store = opened
            case .failure(let problem): return error(.hostKeyUnknown, problem.message)
            }
            primary = primary ?? store
            verdict = store.check(host: connection.address, port: connection.port, key: key, type: type)
            if verdict != .notFound {
                path = candidate
                break
            }
        }
        guard let store = primary else { preconditionFailure("paths(for:) always holds the primary file") }
        let fingerprint = hostKeyFingerprint()
        switch verdict {
        case .match:
            return nil
        case .mismatch:
            return error(.hostKeyChanged, "host key changed",
                         "The \(type.name) key the server sent (\(fingerprint)) differs from the one recorded in "
                             + "\(path). Someone could be intercepting the connection, or the host was reinstalled: "
                             + "check, then remove the old entry (ssh-keygen -R '\(knownHostsName)' -f \(path)).")
        case .notFound:
            guard connection.hostKeyPolicy == .acceptNew else {
                return error(.hostKeyUnknown, "host key unknown",
                             "No \(type.name) key for \(knownHostsName) in \(path) (the server sent \(fingerprint)). "
                                 + "Add it (ssh-keyscan -p \(connection.port) \(connection.address) >> \(path)) or run "
                                 + "with --host-key-checking accept-new.")
            }
            do {
                try store.add(host: connection.address, port: connection.port, key: key, type: type)
            } catch {
                return self.error(.hostKeyUnknown, "cannot record the new host key: \(error.message)")
            }
            return nil
        }
    }

    /// `host` or `[host]:port`, as known_hosts names this host.
    private var knownHostsName: String {
        connection.port == 22 ? connection.address : "[\(connection.address)]:\(connection.port)"
    }

    /// `SHA256:…` as OpenSSH prints fingerprints.
    private func hostKeyFingerprint() -> String {
        guard let hash = libssh2_hostkey_hash(handle, LIBSSH2_HOSTKEY_HASH_SHA256) else { return "unknown" }
        let bytes = hash.withMemoryRebound(to: UInt8.self, capacity: 32) { Array(UnsafeBufferPointer(start: $0, count: 32)) }
        var text = Base64.encode(bytes)
        while text.hasSuffix("=") { text.removeLast() }
        return "SHA256:" + text
    }
}

/// `10 s`, `1.5 s`.
func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(Text.oneDecimal(seconds)) s"
}
