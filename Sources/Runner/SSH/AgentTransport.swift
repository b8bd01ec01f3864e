internal import CLibSSH2
import Glibc

/// Keeps libssh2 1.10's ssh-agent I/O from hanging pbrun. libssh2 talks to the agent through the
/// session's own send and receive callbacks, on a unix socket it opens in blocking mode, and it loops
/// forever when the agent closes the connection (a zero-byte read counts as progress). While an
/// agent is in use, `install` swaps in callbacks that, for a blocking descriptor (the agent's: every
/// SSH socket pbrun opens is non-blocking), wait with `poll` at most the agent timeout, turn end of
/// file into a reset and never raise SIGPIPE; for the SSH socket they call the callbacks they
/// replaced. `restore` puts those back.
enum AgentTransport {
    /// What `install` replaced, and the timeout the new callbacks read (through the session's
    /// abstract pointer, the only context libssh2 hands a callback).
    struct Installed {
        fileprivate let context: UnsafeMutablePointer<Context>
        fileprivate let previousAbstract: UnsafeMutableRawPointer?
    }

    /// The callbacks' context, allocated by `install` and freed by `restore`.
    fileprivate struct Context {
        var timeoutMilliseconds: Int32
        var previousReceive: ReceiveFunction
        var previousSend: SendFunction
    }

    /// libssh2's `LIBSSH2_RECV_FUNC`.
    fileprivate typealias ReceiveFunction = @convention(c) (
        Int32, UnsafeMutableRawPointer?, Int, Int32, UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    ) -> Int
    /// libssh2's `LIBSSH2_SEND_FUNC`.
    fileprivate typealias SendFunction = @convention(c) (
        Int32, UnsafeRawPointer?, Int, Int32, UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    ) -> Int

    /// Installs the bounded callbacks on `session` (a libssh2 session handle); every agent answer
    /// must arrive within `timeout` seconds. Pair with `restore` on every path.
    static func install(on session: OpaquePointer, timeout: Double) -> Installed {
        let milliseconds = Int32(max(1, min(timeout * 1000, Double(Int32.max))))
        let context = UnsafeMutablePointer<Context>.allocate(capacity: 1)
        let oldReceive = libssh2_session_callback_set(session, LIBSSH2_CALLBACK_RECV,
                                                      unsafeBitCast(receive, to: UnsafeMutableRawPointer.self))
        let oldSend = libssh2_session_callback_set(session, LIBSSH2_CALLBACK_SEND,
                                                   unsafeBitCast(send, to: UnsafeMutableRawPointer.self))
        // libssh2 always has both callbacks (its defaults until someone replaces them).
        guard let oldReceive, let oldSend else {
            preconditionFailure("libssh2 session without send/receive callbacks")
        }
        context.initialize(to: Context(timeoutMilliseconds: milliseconds,
                                       previousReceive: unsafeBitCast(oldReceive, to: ReceiveFunction.self),
                                       previousSend: unsafeBitCast(oldSend, to: SendFunction.self)))
        let abstract = libssh2_session_abstract(session)
        let previousAbstract = abstract?.pointee
        abstract?.pointee = UnsafeMutableRawPointer(context)
        return Installed(context: context, previousAbstract: previousAbstract)
    }

    /// Puts back the callbacks and abstract pointer `install` replaced, and frees its context.
    static func restore(_ installed: Installed, on session: OpaquePointer) {
        let context = installed.context.pointee
        _ = libssh2_session_callback_set(session, LIBSSH2_CALLBACK_RECV,
                                         unsafeBitCast(context.previousReceive, to: UnsafeMutableRawPointer.self))
        _ = libssh2_session_callback_set(session, LIBSSH2_CALLBACK_SEND,
                                         unsafeBitCast(context.previousSend, to: UnsafeMutableRawPointer.self))
        libssh2_session_abstract(session)?.pointee = installed.previousAbstract
        installed.context.deinitialize(count: 1)
        installed.context.deallocate()
    }

    /// The context `install` stored in the session's abstract pointer.
    private static func context(_ abstract: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Context {
        guard let raw = abstract?.pointee else { preconditionFailure("agent callback without its context") }
        return raw.assumingMemoryBound(to: Context.self).pointee
    }

    private static let receive: ReceiveFunction = { socket, buffer, length, flags, abstract in
        let context = AgentTransport.context(abstract)
        guard AgentTransport.isBlocking(socket) else {
            return context.previousReceive(socket, buffer, length, flags, abstract)
        }
        guard AgentTransport.await(socket, Int16(POLLIN), context.timeoutMilliseconds) else { return -Int(ETIMEDOUT) }
        let received = Glibc.recv(socket, buffer, length, flags | Int32(MSG_DONTWAIT))
        if received < 0 { return -Int(errno) }
        return received == 0 ? -Int(ECONNRESET) : received
    }

    private static let send: SendFunction = { socket, buffer, length, flags, abstract in
        let context = AgentTransport.context(abstract)
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
