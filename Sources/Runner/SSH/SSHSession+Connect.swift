internal import CLibSSH2
import Foundation
import Glibc
import Playbook

extension SSHSession {
    /// Host key algorithms in the order pbrun asks for them: the ones libssh2 1.10 verifies with
    /// modern signatures first; SHA-1 `ssh-rsa` last, for servers that still allow it.
    private static let hostKeyPreference =
        "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,ssh-rsa"

    /// Connects to `target`, checks its host key and authenticates, all within the host's connect
    /// timeout; transient failures before authentication are retried `options.connectRetries` times.
    public static func connect(_ target: HostConnection, options: ConnectOptions,
                               reactor: Reactor = .shared) async throws(ConnectionError) -> SSHSession {
        var attempt = 0
        while true {
            let outcome = await attemptConnect(target, options: options, reactor: reactor)
            switch outcome {
            case .success(let session):
                return session
            case .failure(let error):
                guard error.isTransient, attempt < options.connectRetries else { throw error }
                let backoff = options.retryBackoff * Double(1 << min(attempt, 10))
                attempt += 1
                await reactor.sleep(until: .after(seconds: backoff))
            }
        }
    }

    private static func attemptConnect(_ target: HostConnection, options: ConnectOptions,
                                       reactor: Reactor) async -> Result<SSHSession, ConnectionError> {
        func failure(_ cause: ConnectionError.Cause, _ reason: String, _ explanation: String? = nil)
            -> Result<SSHSession, ConnectionError>
        {
            .failure(ConnectionError(host: target.name, endpoint: target.endpoint, cause: cause, reason: reason,
                                     explanation: explanation))
        }
        if target.jump != nil {
            return failure(.connectionLost, "jump hosts are not supported yet")
        }
        _ = LibSSH2Library.initialized
        await options.startupLimiter.acquire()
        defer { options.startupLimiter.release() }
        let deadline = Deadline.after(seconds: target.connectTimeout)
        let timeoutText = "timed out after \(formatSeconds(target.connectTimeout))"

        let descriptor: Int32
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
        guard let handle = libssh2_session_init_ex(nil, nil, nil, nil) else {
            reactor.forget(descriptor)
            Glibc.close(descriptor)
            return failure(.connectionLost, "libssh2 could not create a session")
        }
        libssh2_session_set_blocking(handle, 0)
        _ = libssh2_session_method_pref(handle, LIBSSH2_METHOD_HOSTKEY, hostKeyPreference)
        let session = SSHSession(connection: target, reactor: reactor, handle: handle, descriptor: descriptor)
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
        if let result {
            session.broken = result.reason
            await session.close()
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
        switch result {
        case LIBSSH2_ERROR_KEX_FAILURE, LIBSSH2_ERROR_METHOD_NOT_SUPPORTED:
            return error(.handshakeFailed, "key exchange failed: \(message)", RSAExplanation.hostKey)
        case LIBSSH2_ERROR_BANNER_RECV, LIBSSH2_ERROR_SOCKET_DISCONNECT, LIBSSH2_ERROR_SOCKET_RECV,
             LIBSSH2_ERROR_SOCKET_SEND:
            return error(.connectionLost, "connection closed during the handshake: \(message)")
        default:
            return error(.handshakeFailed, "handshake failed: \(message)")
        }
    }

    /// Checks the server's host key against known_hosts under the host's policy.
    private func checkHostKey() -> ConnectionError? {
        guard connection.hostKeyChecking != .off else { return nil }
        var length = 0
        var rawType: Int32 = 0
        guard let keyPointer = libssh2_session_hostkey(handle, &length, &rawType) else {
            return error(.handshakeFailed, "the server sent no host key")
        }
        let key = keyPointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
        let type = HostKeyType(libssh2Type: rawType)
        let path = connection.knownHostsFile.map { ($0 as NSString).expandingTildeInPath }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".ssh/known_hosts")
        guard let store = KnownHosts.open(path) else {
            return error(.hostKeyUnknown, "cannot read known_hosts file \(path)")
        }
        let fingerprint = hostKeyFingerprint()
        switch store.check(host: connection.address, port: connection.port, key: key, type: type) {
        case .match:
            return nil
        case .mismatch:
            return error(.hostKeyChanged, "host key changed",
                         "The \(type.name) key the server sent (\(fingerprint)) differs from the one recorded in "
                             + "\(path). Someone could be intercepting the connection, or the host was reinstalled: "
                             + "check, then remove the old entry (ssh-keygen -R '\(knownHostsName)' -f \(path)).")
        case .notFound:
            guard connection.hostKeyChecking == .acceptNew else {
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
        let bytes = hash.withMemoryRebound(to: UInt8.self, capacity: 32) { Data(bytes: $0, count: 32) }
        var text = bytes.base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return "SHA256:" + text
    }
}

/// `10 s`, `1.5 s`.
func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
}
