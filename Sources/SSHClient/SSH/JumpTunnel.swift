internal import CLibSSH2
import Glibc
import Synchronization

/// A TCP connection to a target made by a jump host: a `direct-tcpip` channel on the jump host's
/// session, and a local socket pair whose one end (`descriptor`) the target's own libssh2 session
/// uses as its socket. A pump, two tasks on the reactor, copies bytes between the other end and
/// the channel, non-blocking both ways: it reads from one side only when the other took what it had,
/// so a slow side slows the other through the socket buffers and the channel window.
///
/// EOF travels both ways (the target session closing its end sends EOF on the channel; the channel's
/// EOF shuts down the local end for writing), and a failure on either side shuts the local pair down
/// so the target session sees its connection lost.
///
/// Sendable: the channel handle is only used through the jump session's funnels (`attempt`,
/// `perform`), which serialise every libssh2 call on that session; the rest is immutable or locked.
final class JumpTunnel: SessionTunnel, @unchecked Sendable {
    /// The target session's end of the socket pair.
    let descriptor: Int32
    /// The session of the jump host the channel runs on.
    let jump: SSHSession
    private let channel: OpaquePointer
    /// The pump's end of the pair, read by the upstream task (target → jump host).
    private let upstreamEnd: Int32
    /// A duplicate of `upstreamEnd`, written by the downstream task, so each task has its own
    /// registration with the reactor (one wait per fd at a time).
    private let downstreamEnd: Int32
    private let state = Mutex(PumpState())
    /// The pump, ended when both directions are done and the channel is freed.
    private let pump = Mutex<Task<Void, Never>?>(nil)

    private struct PumpState {
        /// The first failure on either side, as it will be reported.
        var failure: String?
        /// Set when the target's side of the pair reached EOF (the target session closed it).
        var targetClosed: Deadline?
    }

    /// Bytes copied per read.
    private static let chunk = 32 * 1024

    private init(jump: SSHSession, channel: OpaquePointer, pair: (Int32, Int32), duplicate: Int32) {
        self.jump = jump
        self.channel = channel
        self.descriptor = pair.0
        self.upstreamEnd = pair.1
        self.downstreamEnd = duplicate
    }

    /// Opens a channel from the jump host to `host`:`port` and starts the pump. On failure, the
    /// reason as a person reads it (what the jump host said, or that it did not answer in time).
    static func open(through jump: SSHSession, to host: String, port: Int, until deadline: Deadline) async
        -> Result<JumpTunnel, TunnelFailure>
    {
        let opened: Result<OpaquePointer, TunnelFailure> = await jump.using {
            if let broken = jump.broken { return .failure(TunnelFailure("the jump host's connection broke: \(broken)")) }
            do {
                var failure = ""
                let handle = try await jump.performOpening(until: deadline) { () -> OpaquePointer? in
                    let handle = libssh2_channel_direct_tcpip_ex(jump.handle, host, Int32(port), "127.0.0.1", 22)
                    if handle == nil { failure = LibSSH2Library.lastError(jump.handle).message }
                    return handle
                }
                guard let handle else {
                    return .failure(TunnelFailure("cannot open a channel to \(host):\(port): \(failure)"))
                }
                return .success(handle)
            } catch {
                return .failure(TunnelFailure("no answer to the channel request for \(host):\(port)"))
            }
        }
        let channel: OpaquePointer
        switch opened {
        case .success(let handle): channel = handle
        case .failure(let reason): return .failure(reason)
        }
        var pair: [Int32] = [-1, -1]
        let flags = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let duplicate: Int32
        if socketpair(AF_UNIX, flags, 0, &pair) == 0 {
            duplicate = fcntl(pair[1], F_DUPFD_CLOEXEC, 0)
        } else {
            duplicate = -1
        }
        guard duplicate >= 0 else {
            let reason = "cannot make a socket pair: \(String(cString: strerror(errno)))"
            for fd in pair where fd >= 0 { Glibc.close(fd) }
            await jump.using { _ = try? await jump.perform(until: .after(seconds: 2)) { libssh2_channel_free(channel) } }
            return .failure(TunnelFailure(reason))
        }
        let tunnel = JumpTunnel(jump: jump, channel: channel, pair: (pair[0], pair[1]), duplicate: duplicate)
        tunnel.pump.withLock { $0 = Task { await tunnel.run() } }
        return .success(tunnel)
    }

    /// The first failure the pump saw, if any.
    var failure: String? { state.withLock { $0.failure } }

    /// Waits for the pump to end, once the target session has closed its end: the channel's EOF
    /// comes back through the jump host, or the pump gives up after a short grace.
    func finish() async {
        let task = pump.withLock { $0 }
        await task?.value
    }

    // MARK: - The pump

    private func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.jump.using { await self.upstream() } }
            group.addTask { await self.jump.using { await self.downstream() } }
        }
        await jump.using { _ = try? await jump.perform(until: .after(seconds: 2)) { libssh2_channel_free(channel) } }
        for fd in [upstreamEnd, downstreamEnd] {
            jump.reactor.forget(fd)
            Glibc.close(fd)
        }
    }

    /// Records the first failure and shuts the local pair down, so both the target session and the
    /// other direction stop.
    private func fail(_ reason: String) {
        state.withLock { $0.failure = $0.failure ?? reason }
        _ = Glibc.shutdown(upstreamEnd, Int32(SHUT_RDWR))
    }

    /// Target → jump host: reads the pair, writes the channel; at the pair's EOF sends EOF on the channel.
    private func upstream() async {
        var buffer = [UInt8](repeating: 0, count: Self.chunk)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.recv(upstreamEnd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                guard await write(buffer, count: count) else { return }
            } else if count == 0 {
                state.withLock { $0.targetClosed = $0.targetClosed ?? .now }
                _ = try? await jump.perform(until: .after(seconds: 2)) { libssh2_channel_send_eof(channel) }
                return
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                _ = await jump.reactor.wait(for: upstreamEnd, .readable, until: .distantFuture)
            } else if errno != EINTR {
                // ECONNRESET and the like: the target side is gone.
                state.withLock { $0.targetClosed = $0.targetClosed ?? .now }
                return
            }
        }
    }

    /// Writes `count` bytes of `buffer` to the channel, as the window allows. False when it failed.
    private func write(_ buffer: [UInt8], count: Int) async -> Bool {
        var offset = 0
        while offset < count {
            let written: Int
            do {
                written = try await jump.performSize(until: .distantFuture) {
                    buffer.withUnsafeBytes { raw in
                        libssh2_channel_write_ex(channel, 0, raw.baseAddress?.advanced(by: offset)
                                                     .assumingMemoryBound(to: CChar.self), count - offset)
                    }
                }
            } catch {
                return false
            }
            guard written >= 0 else {
                fail("the jump host's connection broke: \(jump.lastError)")
                return false
            }
            offset += written
        }
        return true
    }

    /// Jump host → target: reads the channel, writes the pair; at the channel's EOF shuts the pair
    /// down for writing. Once the target closed its end, waits at most 2 s more for the channel's EOF.
    private func downstream() async {
        while true {
            var code = 0
            var atEOF = false
            var lastErrno: Int32 = 0
            let bytes = [UInt8](unsafeUninitializedCapacity: Self.chunk) { buffer, count in
                code = jump.attempt({ () -> Int in
                    let code = buffer.withMemoryRebound(to: CChar.self) { chars in
                        libssh2_channel_read_ex(channel, 0, chars.baseAddress, Self.chunk)
                    }
                    if code <= 0 {
                        atEOF = libssh2_channel_eof(channel) == 1
                        lastErrno = libssh2_session_last_errno(jump.handle)
                    }
                    return code
                }, wouldBlock: { LibSSH2Error.isWouldBlock($0) && !atEOF }) ?? LibSSH2Error.wouldBlockSize
                count = max(0, code)
            }
            if code > 0 {
                guard await DescriptorIO.writeAll(downstreamEnd, bytes[...], reactor: jump.reactor) else { return }
            } else if atEOF {
                _ = Glibc.shutdown(downstreamEnd, Int32(SHUT_WR))
                return
            } else if LibSSH2Error(code: code) == .wouldBlock {
                guard await awaitChannel() else { return }
            } else if code < 0 || LibSSH2Error(code: lastErrno)?.isConnectionLost == true {
                fail("the jump host's connection broke: \(jump.lastError)")
                return
            } else {
                // libssh2 handled a packet for another channel and has nothing for this one yet.
                await Task.yield()
            }
        }
    }

    /// Waits for the jump session after a read that would block; false when the pump should stop
    /// (the target closed its end more than 2 s ago and the channel's EOF never came).
    private func awaitChannel() async -> Bool {
        let closedAt = state.withLock { $0.targetClosed }
        let deadline = closedAt.map { Deadline(nanoseconds: $0.nanoseconds + 2_000_000_000) } ?? .after(seconds: 1)
        do {
            try await jump.awaitSocket(until: deadline)
        } catch {
            if let closedAt = state.withLock({ $0.targetClosed }),
               Deadline.now.seconds(since: closedAt) >= 2 { return false }
        }
        return true
    }
}
