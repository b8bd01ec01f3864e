import Foundation
import Playbook
import Report
import SSHClient

/// The scheduler's view of the run's session pool: the session of a host by inventory name, with
/// every connection and loss reported as an event. A host that could not be reached, or whose session
/// broke, stays unreachable for the rest of the run.
actor HostSessions {
    private let connections: [String: HostConnection]
    private let pool: SessionPool
    private let events: EventPipe
    private var lost: [String: String] = [:]
    private var announced: Set<String> = []
    /// Sessions handed out, to abort them all on a forced stop.
    private var open: [String: SSHSession] = [:]

    init(connections: [String: HostConnection], options: ConnectOptions, events: EventPipe) {
        self.connections = connections
        self.pool = SessionPool(options: options)
        self.events = events
    }

    /// The host's session, connecting on first use; the cause when the host is unreachable.
    func session(for host: String) async -> Result<SSHSession, UnreachableHost> {
        if let cause = lost[host] { return .failure(UnreachableHost(cause: cause)) }
        guard let target = connections[host] else {
            return .failure(lose(host, "no connection settings for this host"))
        }
        let started = Date()
        do {
            let session = try await pool.session(for: target.sshTarget)
            open[host] = session
            if announced.insert(host).inserted {
                // The pool does not split the time into phases yet: it all counts as connecting.
                let now = Date()
                events.emit(.hostConnected(HostConnectionReport(
                    host: host, address: target.address, port: target.port,
                    connectSeconds: now.timeIntervalSince(started), handshakeSeconds: 0, authSeconds: 0, at: now)))
            }
            return .success(session)
        } catch {
            return .failure(lose(host, error.reason + (error.explanation.map { "\n" + $0 } ?? "")))
        }
    }

    /// Marks the host unreachable after its session broke in the middle of a step.
    func markBroken(_ host: String, cause: String) {
        _ = lose(host, cause)
    }

    /// Breaks every session's connection at once, which stops their running commands on the hosts.
    func abortAll() {
        for session in open.values { session.abort() }
    }

    /// Closes every open session, all at once.
    func closeAll() async {
        await pool.closeAll()
    }

    private func lose(_ host: String, _ cause: String) -> UnreachableHost {
        if lost[host] == nil {
            lost[host] = cause
            let target = connections[host]
            events.emit(.hostUnreachable(host: host, address: target?.address ?? host, port: target?.port ?? 22,
                                         cause: cause, at: Date()))
        }
        return UnreachableHost(cause: lost[host] ?? cause)
    }
}

/// Why a host cannot be used: the connection failure's text, as the recap shows it.
struct UnreachableHost: Error, Sendable {
    let cause: String
}
