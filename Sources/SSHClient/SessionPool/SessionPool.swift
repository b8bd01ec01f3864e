
/// One authenticated session per host for a whole run (DESIGN.md, decision 6): opened on first
/// use, shared by every later step on that host, kept alive while idle, closed at the end. A host
/// whose connection failed stays failed for the run with its cause; a session that broke is handed
/// out as it is (its commands fail at once with the cause), never silently reopened.
///
/// Targets behind a jump host share one session to it: opened once, when the first of them
/// connects, and closed after all of them. A chain (`ProxyJump a,b,c`) is one such session per hop,
/// each reached through the one before it. A jump host that cannot be reached fails every target
/// behind it with its cause ("through jump host …"), once, without a retry per target.
public actor SessionPool {
    private enum Entry {
        case connecting(Task<Result<SSHSession, ConnectionError>, Never>)
        case ready(SSHSession)
        case failed(ConnectionError)
    }

    private let options: ConnectOptions
    private let reactor: Reactor
    private var entries: [SSHTarget: Entry] = [:]
    /// The entries that are jump hosts (closed after the targets behind them).
    private var jumpHosts: Set<SSHTarget> = []
    private var keepaliveTask: Task<Void, Never>?
    private var closed = false

    public init(options: ConnectOptions, reactor: Reactor = .shared) {
        self.options = options
        self.reactor = reactor
    }

    /// The session for `target`, connecting it on first use.
    public func session(for target: SSHTarget) async throws(ConnectionError) -> SSHSession {
        switch entries[target] {
        case .ready(let session):
            return session
        case .failed(let error):
            throw error
        case .connecting(let task):
            return try await task.value.get()
        case nil:
            let options = self.options, reactor = self.reactor
            let task: Task<Result<SSHSession, ConnectionError>, Never>
            if let jumpConnection = target.jumpConnection {
                jumpHosts.insert(jumpConnection)
                task = Task { await self.connect(target, through: jumpConnection) }
            } else {
                task = Task { await Self.connect(target, options: options, reactor: reactor) }
            }
            entries[target] = .connecting(task)
            let result = await task.value
            switch result {
            case .success(let session):
                if closed {
                    await session.close()
                    throw ConnectionError(host: target.name, endpoint: target.endpoint, cause: .connectionLost,
                                          reason: "the run ended")
                }
                entries[target] = .ready(session)
                startKeepalives(interval: target.serverAliveInterval)
            case .failure(let error):
                entries[target] = .failed(error)
            }
            return try result.get()
        }
    }

    private static func connect(_ target: SSHTarget, options: ConnectOptions, reactor: Reactor) async
        -> Result<SSHSession, ConnectionError>
    {
        do {
            return .success(try await SSHSession.connect(target, options: options, reactor: reactor))
        } catch {
            return .failure(error)
        }
    }

    /// Connects `target` through the pool's session to `jumpConnection` (opened on first use), all
    /// within the target's connect timeout.
    private func connect(_ target: SSHTarget, through jumpConnection: SSHTarget) async
        -> Result<SSHSession, ConnectionError>
    {
        let chainDeadline = Deadline.after(seconds: target.connectTimeout)
        let jump: SSHSession
        do {
            jump = try await session(for: jumpConnection)
        } catch {
            return .failure(error.asJumpFailure(for: target))
        }
        do {
            return .success(try await SSHSession.connect(target, through: jump, options: options, reactor: reactor,
                                                         firstDeadline: chainDeadline))
        } catch {
            return .failure(error)
        }
    }

    /// Sends keepalives on idle sessions every `interval` seconds (the shortest any host asked for).
    private func startKeepalives(interval: Double) {
        guard keepaliveTask == nil, interval > 0 else { return }
        let reactor = self.reactor
        keepaliveTask = Task { [weak self] in
            while !Task.isCancelled {
                await reactor.sleep(until: .after(seconds: interval))
                guard let self, !Task.isCancelled else { return }
                for session in await self.readySessions() { session.keepAliveIfIdle() }
            }
        }
    }

    private func readySessions() -> [SSHSession] {
        entries.values.compactMap { entry in
            if case .ready(let session) = entry { return session }
            return nil
        }
    }

    /// Closes every session (`disconnect` with a reason), the targets before the jump hosts their
    /// connections run through, and each hop of a chain before the hops it runs through (a hop
    /// behind more hops first); later requests fail.
    public func closeAll() async {
        closed = true
        keepaliveTask?.cancel()
        keepaliveTask = nil
        var targets: [SSHSession] = [], jumpsByDepth: [Int: [SSHSession]] = [:]
        for (connection, entry) in entries {
            guard case .ready(let session) = entry else { continue }
            if jumpHosts.contains(connection) {
                jumpsByDepth[connection.jumps.count, default: []].append(session)
            } else {
                targets.append(session)
            }
        }
        entries.removeAll()
        let layers = [targets] + jumpsByDepth.keys.sorted(by: >).compactMap { jumpsByDepth[$0] }
        for sessions in layers {
            await withTaskGroup(of: Void.self) { group in
                for session in sessions { group.addTask { await session.close() } }
            }
        }
    }
}
