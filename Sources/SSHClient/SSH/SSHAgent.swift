internal import CLibSSH2
import Glibc

/// The identities of one ssh-agent, listed once per run and offered to every host.
///
/// libssh2 ties an agent handle to a session, and its identity list to that handle. Listing the
/// agent once per host would cost a round trip (and a blocking socket read) per host, so pbrun lists
/// it once on a session of its own that never connects (this object owns both handles and frees
/// them), and each host's session gets a fresh agent handle that only connects and signs, handed
/// the identities listed here: in libssh2 1.10 `libssh2_agent_userauth` reads nothing from an
/// identity but its key blob, which this object keeps alive and never changes.
///
/// Sendable: after `list` returns, the handles and the identity list are only read (the blobs, by
/// the signing of any number of sessions at once) until `deinit` frees them.
final class SSHAgent: @unchecked Sendable {
    /// One key the agent holds.
    struct Identity: Sendable, Equatable {
        /// The public key in SSH wire format (what the server is offered).
        let blob: [UInt8]
        /// The agent's comment for it, usually the key file's path or `user@host`.
        let comment: String

        /// The key's algorithm name from its blob, e.g. `ssh-ed25519`.
        var algorithm: String {
            guard blob.count >= 4 else { return "unknown" }
            let length = blob[0..<4].reduce(0) { $0 << 8 | Int($1) }
            guard length <= blob.count - 4 else { return "unknown" }
            return String(decoding: blob[4..<(4 + length)], as: UTF8.self)
        }

        /// How the failure text names it.
        var label: String { comment.isEmpty ? algorithm : "\(comment) (\(algorithm))" }
    }

    /// The agent socket (`SSH_AUTH_SOCK`).
    let socketPath: String
    /// Seconds each agent answer may take.
    let timeout: Double
    /// What the agent holds, in its order.
    let identities: [Identity]
    private let session: OpaquePointer
    private let handle: OpaquePointer
    private let nodes: [UnsafeMutablePointer<libssh2_agent_publickey>]

    private init(socketPath: String, timeout: Double, session: OpaquePointer, handle: OpaquePointer,
                 nodes: [UnsafeMutablePointer<libssh2_agent_publickey>]) {
        self.socketPath = socketPath
        self.timeout = timeout
        self.session = session
        self.handle = handle
        self.nodes = nodes
        identities = nodes.map { node in
            let key = node.pointee
            let blob = key.blob.map { Array(UnsafeBufferPointer(start: $0, count: key.blob_len)) } ?? []
            return Identity(blob: blob, comment: key.comment.map { String(cString: $0) } ?? "")
        }
    }

    deinit {
        libssh2_agent_free(handle)
        libssh2_session_free(session)
    }

    // MARK: - Listing, once per run

    /// Connects to the agent at `socketPath`, lists its identities and disconnects, off the
    /// cooperative pool (libssh2's agent I/O blocks), each answer bounded by `timeout` seconds.
    /// Returns the agent, or why it cannot be used, as a sentence for the failure text.
    static func list(socketPath: String, timeout: Double) async -> Result<SSHAgent, AgentUnavailable> {
        await BlockingThread.run { listBlocking(socketPath: socketPath, timeout: timeout) }
    }

    private static func listBlocking(socketPath: String, timeout: Double) -> Result<SSHAgent, AgentUnavailable> {
        func unavailable(_ reason: String) -> Result<SSHAgent, AgentUnavailable> {
            .failure(AgentUnavailable(reason: "ssh-agent at \(socketPath) \(reason)"))
        }
        var info = stat()
        guard stat(socketPath, &info) == 0 else {
            return unavailable("cannot be used: \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFSOCK else { return unavailable("cannot be used: not a socket") }
        _ = LibSSH2Library.initialized
        guard let session = libssh2_session_init_ex(nil, nil, nil, nil) else { return unavailable("cannot be used") }
        guard let handle = libssh2_agent_init(session) else {
            libssh2_session_free(session)
            return unavailable("cannot be used")
        }
        libssh2_agent_set_identity_path(handle, socketPath)
        let context = SessionContext(installedOn: session)
        AgentTransport.install(on: session, context: context, timeout: timeout)
        let connected = libssh2_agent_connect(handle) == 0
        let started = Deadline.now
        let listed = connected ? libssh2_agent_list_identities(handle) : -1
        let elapsed = Deadline.now.seconds(since: started)
        let message = LibSSH2Library.lastError(session).message
        _ = libssh2_agent_disconnect(handle)
        AgentTransport.restore(on: session, context: context)
        libssh2_session_abstract(session).pointee = nil
        if !connected || listed != 0 {
            libssh2_agent_free(handle)
            libssh2_session_free(session)
            if !connected { return unavailable("refused the connection (is the agent running?)") }
            if elapsed >= timeout * 0.9 { return unavailable("did not answer within \(formatSeconds(timeout))") }
            return unavailable("did not list its keys: \(message)")
        }
        var nodes: [UnsafeMutablePointer<libssh2_agent_publickey>] = []
        var previous: UnsafeMutablePointer<libssh2_agent_publickey>?
        while true {
            var next: UnsafeMutablePointer<libssh2_agent_publickey>?
            guard libssh2_agent_get_identity(handle, &next, previous) == 0, let next else { break }
            nodes.append(next)
            previous = next
        }
        return .success(SSHAgent(socketPath: socketPath, timeout: timeout, session: session, handle: handle,
                                 nodes: nodes))
    }

    // MARK: - Authenticating one host

    /// What offering the agent's identities to one host came to.
    enum Outcome {
        /// One identity was accepted.
        case authenticated
        /// None was accepted; `offered` identities were tried; the agent would not sign with those
        /// at `unsigned` (indexes into `identities`), the server refused the others.
        case refused(offered: Int, unsigned: [Int])
        /// The agent stopped answering or could not be reached; `reason` is a sentence.
        case agentFailed(offered: Int, reason: String)
        /// The SSH connection broke.
        case transportFailed(LibSSH2Error)
    }

    /// Offers `identities[i]` for every `i` in `offered` to `session` as `user`, through a fresh
    /// agent handle on that session that is disconnected and freed on every path.
    func authenticate(_ session: SSHSession, user: String, offered: [Int], until deadline: Deadline)
        async throws(SSHSession.TimedOut) -> Outcome
    {
        guard let agent = libssh2_agent_init(session.handle) else {
            return .agentFailed(offered: 0, reason: "libssh2 could not create an agent handle")
        }
        libssh2_agent_set_identity_path(agent, socketPath)
        session.locked { AgentTransport.install(on: session.handle, context: session.context, timeout: timeout) }
        defer {
            session.locked {
                _ = libssh2_agent_disconnect(agent)
                libssh2_agent_free(agent)
                AgentTransport.restore(on: session.handle, context: session.context)
            }
        }
        // Connecting and signing block on the agent's socket (bounded by the agent timeout): off the
        // cooperative pool.
        let agentAddress = AgentHandle(agent)
        guard await session.lockedOffPool({ libssh2_agent_connect(agentAddress.handle) }) == 0 else {
            return .agentFailed(offered: 0, reason: "ssh-agent at \(socketPath) refused the connection")
        }
        var tried = 0
        var unsigned: [Int] = []
        for index in offered {
            let node = nodes[index]
            let started = Deadline.now
            let result = try await session.performOffPool(until: deadline) {
                libssh2_agent_userauth(agent, user, node)
            }
            tried += 1
            if result == 0 { return .authenticated }
            switch LibSSH2Error(code: result) {
            case let lost? where lost.isConnectionLost:
                return .transportFailed(lost)
            case .keyRefused where session.lastError == "Callback returned error":
                // The server accepted the key and the agent did not sign: it hung or went away (give
                // up on it), or refused this key (one added with ssh-add -c whose use was not
                // confirmed: try the next).
                if Deadline.now.seconds(since: started) >= timeout * 0.9 {
                    return .agentFailed(offered: tried, reason: "ssh-agent at \(socketPath) did not answer within "
                        + formatSeconds(timeout))
                }
                unsigned.append(index)
            default:
                continue
            }
        }
        return .refused(offered: tried, unsigned: unsigned)
    }
}

/// An agent handle handed to the thread that connects it. Unchecked: the task that owns the
/// handle awaits that call, so the handle is used on one thread at a time.
private struct AgentHandle: @unchecked Sendable {
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) {
        self.handle = handle
    }
}

/// Why the ssh-agent cannot be used for this run, as the sentence the failure text shows.
struct AgentUnavailable: Error, Sendable {
    let reason: String
}
