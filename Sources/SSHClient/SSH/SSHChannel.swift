internal import CLibSSH2
import Glibc

/// One libssh2 channel on a session: opened, used and freed by one task (other tasks may use other
/// channels of the same session at once). It is internal to the SSH layer; callers see `execute` and its `CommandResult`.
final class SSHChannel {
    let session: SSHSession
    private let handle: OpaquePointer
    /// Which requests were sent, so each goes once and in order.
    private var lifecycle = ChannelLifecycle()

    private init(session: SSHSession, handle: OpaquePointer) {
        self.session = session
        self.handle = handle
    }

    deinit {
        assert(lifecycle.phase == .freed, "SSHChannel was not freed")
    }

    /// What reading one stream gave.
    enum ReadResult {
        /// Bytes (never empty).
        case data([UInt8])
        /// Nothing now; the socket must be awaited (`LIBSSH2_ERROR_EAGAIN`).
        case wouldBlock
        /// Nothing buffered for this stream (at EOF, or libssh2 handled another packet).
        case nothing
        /// The transport failed; the text is libssh2's.
        case failed(String)
    }

    /// Opens a "session" channel (the kind that runs a command).
    static func open(on session: SSHSession, until deadline: Deadline) async throws(SSHSession.TimedOut)
        -> Result<SSHChannel, CommandError>
    {
        let handle = try await session.performOpening(until: deadline) {
            libssh2_channel_open_ex(session.handle, "session", 7, pbrun_LIBSSH2_CHANNEL_WINDOW_DEFAULT,
                                    pbrun_LIBSSH2_CHANNEL_PACKET_DEFAULT, nil, 0)
        }
        guard let handle else { return .failure(session.channelFailure("cannot open a channel")) }
        return .success(SSHChannel(session: session, handle: handle))
    }

    private var pointer: OpaquePointer {
        precondition(lifecycle.phase != .freed, "SSHChannel used after free")
        return handle
    }

    /// Starts `command` with the `exec` request.
    func exec(_ command: String, until deadline: Deadline) async throws(SSHSession.TimedOut) -> CommandError? {
        let fresh = lifecycle.start()
        precondition(fresh, "a channel runs one command")
        let result = try await session.withOpeningTurn(until: deadline) { () async throws(SSHSession.TimedOut) in
            try await session.perform(until: deadline) {
                libssh2_channel_process_startup(pointer, "exec", 4, command, UInt32(command.utf8.count))
            }
        }
        return result == 0 ? nil : session.channelFailure("cannot start the command")
    }

    /// Writes all of `bytes` to the command's stdin, in pieces of at most 32 KiB, awaiting the
    /// socket (and the server's window) whenever libssh2 would block. Returns the failure, if any.
    func write(_ bytes: [UInt8], until deadline: Deadline) async throws(SSHSession.TimedOut) -> CommandError? {
        var offset = 0
        while offset < bytes.count {
            let length = min(32 * 1024, bytes.count - offset)
            let written = try await session.perform(until: deadline) {
                bytes.withUnsafeBufferPointer { buffer in
                    // Never nil: the buffer holds at least `offset + length` bytes.
                    buffer.withMemoryRebound(to: CChar.self) { chars in
                        chars.baseAddress.map { Int32(libssh2_channel_write_ex(pointer, 0, $0 + offset, length)) }
                            ?? LibSSH2Error.wouldBlock.code
                    }
                }
            }
            guard written >= 0 else { return session.channelFailure("cannot write the command's standard input") }
            // Nothing taken: the server's window is full until it sends a window adjust.
            if written == 0 { try await session.awaitSocket(until: deadline) }
            offset += Int(written)
        }
        return nil
    }

    /// Sends EOF on the command's stdin (once; later calls do nothing).
    func sendEOF(until deadline: Deadline) async throws(SSHSession.TimedOut) {
        guard lifecycle.closeInput() else { return }
        _ = try await session.perform(until: deadline) { libssh2_channel_send_eof(pointer) }
    }

    /// Reads what is buffered for stdout (`stderr == false`) or stderr, up to 32 KiB, into a fresh
    /// array that becomes the chunk handed to the sink (one copy, from libssh2's packet).
    func read(stderr: Bool) -> ReadResult {
        let capacity = 32 * 1024
        var code = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            let result = buffer.withMemoryRebound(to: CChar.self) { chars in
                session.attempt({ libssh2_channel_read_ex(pointer, stderr ? 1 : 0, chars.baseAddress, capacity) },
                                wouldBlock: { LibSSH2Error.isWouldBlock($0) }) ?? LibSSH2Error.wouldBlockSize
            }
            code = result
            count = max(0, result)
        }
        if code > 0 { return .data(bytes) }
        if code == 0 { return .nothing }
        if LibSSH2Error(code: code) == .wouldBlock { return .wouldBlock }
        return .failed(session.lastError)
    }

    /// Whether the server has sent EOF.
    var atEOF: Bool { session.locked { libssh2_channel_eof(pointer) == 1 } }

    /// Closes the channel and waits for the server's close, so the exit status is in. A second call
    /// after a timed-out first only waits again.
    func close(until deadline: Deadline) async throws(SSHSession.TimedOut) {
        if lifecycle.beginClose() { _ = try await session.perform(until: deadline) { libssh2_channel_close(pointer) } }
        guard lifecycle.awaitsServerClose else { return }
        _ = try await session.perform(until: deadline) { libssh2_channel_wait_closed(pointer) }
        lifecycle.serverClosed()
    }

    /// How the command ended, once both sides closed (nil before: libssh2 would report 0 for a
    /// command still running): its signal's name, or else its status (0 when the server sent none).
    var exit: (signal: String?, status: Int32?)? {
        guard lifecycle.exitIsFinal else { return nil }
        if let signal = exitSignal { return (signal, nil) }
        return (nil, session.locked { libssh2_channel_get_exit_status(pointer) })
    }

    /// The exit signal name (read first: the exit status reads 0 for a killed process).
    private var exitSignal: String? {
        var signal: UnsafeMutablePointer<CChar>?
        var length = 0
        guard session.locked({ libssh2_channel_get_exit_signal(pointer, &signal, &length, nil, nil, nil, nil) }) == 0,
              let signal else { return nil }
        defer { libssh2_free(session.handle, signal) }
        let name = String(cString: signal)
        return name.isEmpty ? nil : name
    }

    /// Frees the channel (once); after this it must not be used.
    func free(until deadline: Deadline) async {
        guard lifecycle.free() else { return }
        _ = try? await session.perform(until: deadline) { [handle] in libssh2_channel_free(handle) }
    }
}

extension SSHSession {
    /// A channel-level failure: the transport's if it broke, else a refusal.
    func channelFailure(_ what: String) -> CommandError {
        let (code, message) = locked { LibSSH2Library.lastError(handle) }
        let error = LibSSH2Error(code: code)
        guard error?.isConnectionLost == true || error == .socketTimedOut else {
            return .channelRefused("\(what): \(message)")
        }
        breaks(message)
        return .connectionLost(message)
    }
}
