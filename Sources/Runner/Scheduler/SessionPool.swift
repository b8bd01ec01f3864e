import Foundation
import Playbook

/// One authenticated session per host for the whole run (DESIGN.md, decision 6): opened when a host
/// first needs it, reused by every later step of every play, closed at the end. A host that could not
/// be reached stays unreachable for the rest of the run; a broken session is never reopened.
actor SessionPool {
    private enum Slot {
        case connecting(Task<Result<SSHSession, ConnectionError>, Never>, started: Date)
        case ready(SSHSession)
        case unreachable(String)
    }

    private let connections: [String: HostConnection]
    private let options: ConnectOptions
    private let events: EventPipe
    private var slots: [String: Slot] = [:]

    init(connections: [String: HostConnection], options: ConnectOptions, events: EventPipe) {
        self.connections = connections
        self.options = options
        self.events = events
    }

    /// The host's session, connecting on first use; the cause as text when the host is unreachable.
    func session(for host: String) async -> Result<SSHSession, UnreachableHost> {
        switch slots[host] {
        case .ready(let session):
            return .success(session)
        case .unreachable(let cause):
            return .failure(UnreachableHost(cause: cause))
        case .connecting(let task, let started):
            return await settle(host, task.value, started: started)
        case nil:
            guard let target = connections[host] else {
                let cause = "no connection settings for this host"
                slots[host] = .unreachable(cause)
                return .failure(UnreachableHost(cause: cause))
            }
            let options = self.options
            let started = Date()
            let task = Task { await Self.connect(target, options: options) }
            slots[host] = .connecting(task, started: started)
            return await settle(host, task.value, started: started)
        }
    }

    /// Marks the host unreachable after its session broke in the middle of a step.
    func markBroken(_ host: String, cause: String) async {
        guard case .ready(let session) = slots[host] else { return }
        slots[host] = .unreachable(cause)
        let target = connections[host]
        events.emit(.hostUnreachable(host: host, address: target?.address ?? host, port: target?.port ?? 22,
                                     cause: cause, at: Date()))
        await session.close()
    }

    /// Closes every open session, all at once.
    func closeAll() async {
        let open = slots.values.compactMap { slot -> SSHSession? in
            if case .ready(let session) = slot { return session }
            return nil
        }
        slots.removeAll()
        await withTaskGroup(of: Void.self) { group in
            for session in open { group.addTask { await session.close() } }
        }
    }

    private func settle(_ host: String, _ result: Result<SSHSession, ConnectionError>, started: Date)
        -> Result<SSHSession, UnreachableHost>
    {
        if case .ready(let session) = slots[host] { return .success(session) }
        if case .unreachable(let cause) = slots[host] { return .failure(UnreachableHost(cause: cause)) }
        let target = connections[host]
        switch result {
        case .success(let session):
            slots[host] = .ready(session)
            // The session reports no per-phase split yet: the whole connect + handshake + auth counts
            // as connecting.
            let now = Date()
            events.emit(.hostConnected(HostConnectionReport(
                host: host, address: target?.address ?? host, port: target?.port ?? 22,
                connectSeconds: now.timeIntervalSince(started), handshakeSeconds: 0, authSeconds: 0, at: now)))
            return .success(session)
        case .failure(let error):
            let cause = error.reason + (error.explanation.map { "\n" + $0 } ?? "")
            slots[host] = .unreachable(cause)
            events.emit(.hostUnreachable(host: host, address: target?.address ?? host, port: target?.port ?? 22,
                                         cause: cause, at: Date()))
            return .failure(UnreachableHost(cause: cause))
        }
    }

    /// Kept outside the task's closure as a plain async function (DESIGN.md, Known ground).
    private static func connect(_ target: HostConnection, options: ConnectOptions) async
        -> Result<SSHSession, ConnectionError>
    {
        do {
            return .success(try await SSHSession.connect(target, options: options))
        } catch {
            return .failure(error)
        }
    }
}

/// Why a host cannot be used: the connection failure's text, as the recap shows it.
struct UnreachableHost: Error, Sendable {
    let cause: String
}
