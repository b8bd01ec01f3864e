internal import CLibSSH2

/// One open SFTP file handle, the only owner of it: closed exactly once, by `close` (on the
/// session's funnel, so it may await the socket). `SFTPClient.withFile` closes it when its body
/// ends; a file somehow still open when the subsystem shuts down is closed then.
final class SFTPFile {
    /// The remote path, for messages.
    let path: String
    private var handle: OpaquePointer?
    private let sftp: SFTPClient

    init(path: String, handle: OpaquePointer, sftp: SFTPClient) {
        self.path = path
        self.handle = handle
        self.sftp = sftp
    }

    deinit {
        assert(handle == nil, "SFTP file \(path) was not closed")
    }

    private var session: SSHSession { sftp.session }

    private var pointer: OpaquePointer {
        guard let handle else { preconditionFailure("SFTP file \(path) used after close") }
        return handle
    }

    /// Writes all of `bytes` (libssh2 may take part of it per call; on EAGAIN the same data must be
    /// offered again).
    func write(_ bytes: [UInt8], until deadline: Deadline) async throws(TransferError) {
        let file = pointer
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
            guard written >= 0 else { throw TransferError(message: "write failed: \(sftp.lastFailure)") }
            offset += written
        }
    }

    /// Reads up to `capacity` bytes; an empty array at end of file.
    func read(capacity: Int, until deadline: Deadline) async throws(TransferError) -> [UInt8] {
        let file = pointer
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
        guard count >= 0 else { throw TransferError(message: "read failed: \(sftp.lastFailure)") }
        buffer.removeLast(capacity - count)
        return buffer
    }

    /// Sets the file's permission bits (the server's umask applied them at creation).
    func setMode(_ mode: Int32, until deadline: Deadline) async throws(TransferError) {
        let file = pointer
        var attributes = LIBSSH2_SFTP_ATTRIBUTES()
        attributes.flags = UInt(LIBSSH2_SFTP_ATTR_PERMISSIONS)
        attributes.permissions = UInt(mode)
        let result = try? await session.perform(until: deadline) { libssh2_sftp_fstat_ex(file, &attributes, 1) }
        guard result == 0 else { throw TransferError(message: "cannot set mode: \(sftp.lastFailure)") }
    }

    /// Closes the handle; later calls do nothing. libssh2 frees the handle whatever the server says.
    func close(until deadline: Deadline) async {
        guard let handle else { return }
        self.handle = nil
        _ = try? await session.perform(until: deadline) { libssh2_sftp_close_handle(handle) }
        sftp.closed(self)
    }
}
