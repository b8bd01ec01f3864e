internal import CLibSSH2
import Glibc

/// An SFTP subsystem channel on a session, and the files opened through it. Owned by one task; `shutdown` frees everything it opened.
final class SFTPClient {
    let session: SSHSession
    private var handle: OpaquePointer?

    private init(session: SSHSession, handle: OpaquePointer) {
        self.session = session
        self.handle = handle
    }

    deinit {
        assert(handle == nil, "SFTPClient was not shut down")
    }

    /// Starts the SFTP subsystem.
    static func start(on session: SSHSession, until deadline: Deadline) async throws(TransferError) -> SFTPClient {
        let handle: OpaquePointer?
        do {
            handle = try await session.performOpening(until: deadline) { libssh2_sftp_init(session.handle) }
        } catch {
            throw TransferError(message: "no answer to the SFTP request")
        }
        guard let handle else { throw TransferError(message: "cannot start SFTP: \(session.lastError)") }
        return SFTPClient(session: session, handle: handle)
    }

    private var pointer: OpaquePointer {
        guard let handle else { preconditionFailure("SFTPClient used after shutdown") }
        return handle
    }

    /// Ends the subsystem and frees its channel.
    func shutdown(until deadline: Deadline) async {
        guard let handle else { return }
        _ = try? await session.perform(until: deadline) { libssh2_sftp_shutdown(handle) }
        self.handle = nil
    }

    /// Opens `path` for reading, or for writing (created or truncated with `mode`).
    func open(_ path: String, write: Bool, mode: Int32, until deadline: Deadline) async throws(TransferError)
        -> OpaquePointer
    {
        let flags = write ? UInt(LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_TRUNC) : UInt(LIBSSH2_FXF_READ)
        let file: OpaquePointer?
        do {
            file = try await session.performPointer(until: deadline) {
                libssh2_sftp_open_ex(pointer, path, UInt32(path.utf8.count), flags, Int(mode), LIBSSH2_SFTP_OPENFILE)
            }
        } catch {
            throw TransferError(message: "\(path): no answer to the open request")
        }
        guard let file else { throw TransferError(message: "\(path): \(sftpError)") }
        return file
    }

    /// Writes all of `bytes` to `file` (libssh2 may take part of it per call; on EAGAIN the same
    /// data must be offered again).
    func write(_ file: OpaquePointer, _ bytes: [UInt8], until deadline: Deadline) async throws(TransferError) {
        var offset = 0
        while offset < bytes.count {
            let written: Int
            do {
                written = try await session.performSize(until: deadline) {
                    bytes.withUnsafeBytes { raw in
                        libssh2_sftp_write(file, raw.baseAddress?.assumingMemoryBound(to: CChar.self).advanced(by: offset),
                                           raw.count - offset)
                    }
                }
            } catch {
                throw TransferError(message: "write timed out")
            }
            guard written >= 0 else { throw TransferError(message: "write failed: \(sftpError)") }
            offset += written
        }
    }

    /// Reads up to `capacity` bytes; an empty array at end of file.
    func read(_ file: OpaquePointer, capacity: Int, until deadline: Deadline) async throws(TransferError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: capacity)
        let count: Int
        do {
            count = try await session.performSize(until: deadline) {
                buffer.withUnsafeMutableBytes { raw in
                    libssh2_sftp_read(file, raw.baseAddress?.assumingMemoryBound(to: CChar.self), capacity)
                }
            }
        } catch {
            throw TransferError(message: "read timed out")
        }
        guard count >= 0 else { throw TransferError(message: "read failed: \(sftpError)") }
        buffer.removeLast(capacity - count)
        return buffer
    }

    /// Sets the file's permission bits (the server's umask applied them at creation).
    func setMode(_ file: OpaquePointer, _ mode: Int32, until deadline: Deadline) async throws(TransferError) {
        var attributes = LIBSSH2_SFTP_ATTRIBUTES()
        attributes.flags = UInt(LIBSSH2_SFTP_ATTR_PERMISSIONS)
        attributes.permissions = UInt(mode)
        let result = try? await session.perform(until: deadline) { libssh2_sftp_fstat_ex(file, &attributes, 1) }
        guard result == 0 else { throw TransferError(message: "cannot set mode: \(sftpError)") }
    }

    /// Closes a file handle.
    func close(_ file: OpaquePointer, until deadline: Deadline) async {
        _ = try? await session.perform(until: deadline) { libssh2_sftp_close_handle(file) }
    }

    /// Removes `path` (ignoring errors: used to clean up a temporary file).
    func unlink(_ path: String, until deadline: Deadline) async {
        _ = try? await session.perform(until: deadline) {
            libssh2_sftp_unlink_ex(pointer, path, UInt32(path.utf8.count))
        }
    }

    /// The SFTP status of the last failure, or the session's error.
    private var sftpError: String {
        let code = handle.map { handle in session.locked { libssh2_sftp_last_error(handle) } } ?? 0
        switch code {
        case 0: return session.lastError
        case 2: return "no such file"
        case 3: return "permission denied"
        default: return "SFTP status \(code)"
        }
    }
}

/// An upload or download that did not complete.
public struct TransferError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
