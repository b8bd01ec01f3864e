internal import CLibSSH2
import Glibc

/// Keeps libssh2 1.10's ssh-agent I/O from hanging pbrun. libssh2 talks to the agent through the
/// session's own send and receive callbacks, on a unix socket it opens in blocking mode, and it loops
/// forever when the agent closes the connection (a zero-byte read counts as progress). While an
/// agent is in use, `install` swaps in callbacks that, for a blocking descriptor (the agent's: every
/// SSH socket pbrun opens is non-blocking), wait with `poll` at most the agent timeout, turn end of
/// file into a reset and never raise SIGPIPE; for the SSH socket they call the callbacks they
/// replaced, which count the bytes received. `restore` puts those back.
enum AgentTransport {
    /// libssh2's `LIBSSH2_RECV_FUNC`.
    fileprivate typealias ReceiveFunction = @convention(c) (
        Int32, UnsafeMutableRawPointer?, Int, Int32, UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    ) -> Int
    /// libssh2's `LIBSSH2_SEND_FUNC`.
    fileprivate typealias SendFunction = @convention(c) (
        Int32, UnsafeRawPointer?, Int, Int32, UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    ) -> Int

    /// Installs the bounded callbacks on `session` (a libssh2 session handle whose abstract pointer
    /// is `context`); every agent answer must arrive within `timeout` seconds. The callbacks keep
    /// their state in `context`, beside the byte count, and leave the abstract pointer alone. Pair
    /// with `restore` on every path.
    static func install(on session: OpaquePointer, context: SessionContext, timeout: Double) {
        let milliseconds = Int32(max(1, min(timeout * 1000, Double(Int32.max))))
        let oldReceive = libssh2_session_callback_set(session, LIBSSH2_CALLBACK_RECV,
                                                      unsafeBitCast(receive, to: UnsafeMutableRawPointer.self))
        let oldSend = libssh2_session_callback_set(session, LIBSSH2_CALLBACK_SEND,
                                                   unsafeBitCast(send, to: UnsafeMutableRawPointer.self))
        // libssh2 always has both callbacks (its defaults until someone replaces them).
        guard let oldReceive, let oldSend else {
            preconditionFailure("libssh2 session without send/receive callbacks")
        }
        context.agent = (milliseconds, oldReceive, oldSend)
    }

    /// Puts back the callbacks `install` replaced and clears the agent state in `context`.
    static func restore(on session: OpaquePointer, context: SessionContext) {
        let state = context.agent
        guard let previousReceive = state.previousReceive, let previousSend = state.previousSend else {
            preconditionFailure("AgentTransport.restore without install")
        }
        _ = libssh2_session_callback_set(session, LIBSSH2_CALLBACK_RECV, previousReceive)
        _ = libssh2_session_callback_set(session, LIBSSH2_CALLBACK_SEND, previousSend)
        context.agent = (0, nil, nil)
    }

    /// The agent state `install` stored in the session's context.
    private static func state(_ abstract: UnsafeMutablePointer<UnsafeMutableRawPointer?>?)
        -> (timeoutMilliseconds: Int32, previousReceive: ReceiveFunction, previousSend: SendFunction)
    {
        let state = SessionContext.agentState(abstract)
        guard let receive = state.previousReceive, let send = state.previousSend else {
            preconditionFailure("agent callback without AgentTransport.install")
        }
        return (state.timeoutMilliseconds, unsafeBitCast(receive, to: ReceiveFunction.self),
                unsafeBitCast(send, to: SendFunction.self))
    }

    private static let receive: ReceiveFunction = { socket, buffer, length, flags, abstract in
        let context = AgentTransport.state(abstract)
        guard AgentTransport.isBlocking(socket) else {
            return context.previousReceive(socket, buffer, length, flags, abstract)
        }
        guard AgentTransport.await(socket, Int16(POLLIN), context.timeoutMilliseconds) else { return -Int(ETIMEDOUT) }
        let received = Glibc.recv(socket, buffer, length, flags | Int32(MSG_DONTWAIT))
        if received < 0 { return -Int(errno) }
        return received == 0 ? -Int(ECONNRESET) : received
    }

    private static let send: SendFunction = { socket, buffer, length, flags, abstract in
        let context = AgentTransport.state(abstract)
        guard AgentTransport.isBlocking(socket) else {
            return context.previousSend(socket, buffer, length, flags, abstract)
        }
        guard AgentTransport.await(socket, Int16(POLLOUT), context.timeoutMilliseconds) else { return -Int(ETIMEDOUT) }
        let sent = Glibc.send(socket, buffer, length, flags | Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
        return sent < 0 ? -Int(errno) : sent
    }

    /// Whether `socket` is in blocking mode (the agent's socket; pbrun's SSH sockets are not).
    private static func isBlocking(_ socket: Int32) -> Bool {
        let flags = fcntl(socket, F_GETFL)
        return flags >= 0 && flags & O_NONBLOCK == 0
    }

    /// Waits until `socket` is ready for `events` or `milliseconds` pass; true when ready (or
    /// broken, which the following call then reports).
    private static func await(_ socket: Int32, _ events: Int16, _ milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: socket, events: events, revents: 0)
        while true {
            let count = poll(&entry, 1, milliseconds)
            if count < 0 && errno == EINTR { continue }
            return count != 0
        }
    }
}
