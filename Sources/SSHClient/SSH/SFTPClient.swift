internal import CLibSSH2
import Glibc

/// An SFTP subsystem channel on a session. Owned by one task: `SSHSession.withSFTP` starts it and
/// shuts it down on every path; the files opened through it are `SFTPFile`s, each closed by its
/// `withFile` body's end, and any still open when the subsystem shuts down are closed first.
final class SFTPClient {
    let session: SSHSession
    private var handle: OpaquePointer?
    /// Files opened and not yet closed, for `shutdown`'s last-resort close.
    private var openFiles: [ObjectIdentifier: SFTPFile] = [:]

    private init(session: SSHSession, handle: OpaquePointer) {
        self.session = session
        self.handle = handle
    }

    deinit {
        assert(handle == nil, "SFTPClient was not shut down")
    }

    /// Starts the SFTP subsystem.
    fileprivate static func start(on session: SSHSession, until deadline: Deadline) async throws(TransferError)
        -> SFTPClient
    {
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

    /// Closes the files still open, ends the subsystem and frees its channel.
    fileprivate func shutdown(until deadline: Deadline) async {
        for file in openFiles.values { await file.close(until: deadline) }
        guard let handle else { return }
        _ = try? await session.perform(until: deadline) { libssh2_sftp_shutdown(handle) }
        self.handle = nil
    }

    /// Opens `path` for reading, or for writing (created or truncated with `mode`), runs `body` with
    /// it and closes it, whether `body` returns or throws.
    func withFile<T>(_ path: String, write: Bool, mode: Int32, until deadline: Deadline,
                     _ body: (SFTPFile) async throws(TransferError) -> T) async throws(TransferError) -> T
    {
        let file = try await open(path, write: write, mode: mode, until: deadline)
        let result: Result<T, TransferError>
        do {
            result = .success(try await body(file))
        } catch {
            result = .failure(error)
        }
        await file.close(until: deadline)
        return try result.get()
    }

    private func open(_ path: String, write: Bool, mode: Int32, until deadline: Deadline) async throws(TransferError)
        -> SFTPFile
    {
        let flags: SFTPOpenFlags = write ? [.write, .create, .truncate] : [.read]
        let handle: OpaquePointer?
        do {
            handle = try await session.performPointer(until: deadline) {
                libssh2_sftp_open_ex(pointer, path, UInt32(path.utf8.count), flags.rawValue, Int(mode),
                                     LIBSSH2_SFTP_OPENFILE)
            }
        } catch {
            throw TransferError(message: "\(path): no answer to the open request")
        }
        guard let handle else { throw TransferError(message: "\(path): \(lastFailure)") }
        let file = SFTPFile(path: path, handle: handle, sftp: self)
        openFiles[ObjectIdentifier(file)] = file
        return file
    }

    /// Called by `file` once its handle is closed.
    func closed(_ file: SFTPFile) {
        openFiles[ObjectIdentifier(file)] = nil
    }

    /// Removes `path` (ignoring errors: used to clean up a temporary file).
    func unlink(_ path: String, until deadline: Deadline) async {
        _ = try? await session.perform(until: deadline) {
            libssh2_sftp_unlink_ex(pointer, path, UInt32(path.utf8.count))
        }
    }

    /// The SFTP status of the last failure, or the session's error when the server sent none.
    var lastFailure: String {
        let code = handle.map { handle in session.locked { libssh2_sftp_last_error(handle) } } ?? LIBSSH2_FX_OK
        let status = SFTPStatus(code: code)
        return status == .ok ? session.lastError : status.description
    }
}

extension SSHSession {
    /// Starts the SFTP subsystem, runs `body` with it and shuts it down, whether `body` returns or
    /// throws. Call inside `using`.
    func withSFTP<T>(until deadline: Deadline, _ body: (SFTPClient) async throws(TransferError) -> T)
        async throws(TransferError) -> T
    {
        let sftp = try await SFTPClient.start(on: self, until: deadline)
        let result: Result<T, TransferError>
        do {
            result = .success(try await body(sftp))
        } catch {
            result = .failure(error)
        }
        await sftp.shutdown(until: deadline)
        return try result.get()
    }
}

/// How `libssh2_sftp_open_ex` opens a file.
private struct SFTPOpenFlags: OptionSet {
    let rawValue: UInt

    /// libssh2: `LIBSSH2_FXF_READ`.
    static let read = SFTPOpenFlags(rawValue: UInt(LIBSSH2_FXF_READ))
    /// libssh2: `LIBSSH2_FXF_WRITE`.
    static let write = SFTPOpenFlags(rawValue: UInt(LIBSSH2_FXF_WRITE))
    /// Create the file when missing. libssh2: `LIBSSH2_FXF_CREAT`.
    static let create = SFTPOpenFlags(rawValue: UInt(LIBSSH2_FXF_CREAT))
    /// Cut an existing file to length 0. libssh2: `LIBSSH2_FXF_TRUNC`.
    static let truncate = SFTPOpenFlags(rawValue: UInt(LIBSSH2_FXF_TRUNC))
}

/// The status an SFTP server answered a request with, as `libssh2_sftp_last_error` reports it.
enum SFTPStatus: Equatable, CustomStringConvertible {
    /// No SFTP failure: what failed was the session or the channel. libssh2: `LIBSSH2_FX_OK`.
    case ok
    /// libssh2: `LIBSSH2_FX_NO_SUCH_FILE`.
    case noSuchFile
    /// libssh2: `LIBSSH2_FX_PERMISSION_DENIED`.
    case permissionDenied
    /// Any other status, by number (`LIBSSH2_FX_FAILURE`, `LIBSSH2_FX_NO_SPACE_ON_FILESYSTEM`, …).
    case other(UInt)

    init(code: UInt) {
        switch code {
        case LIBSSH2_FX_OK: self = .ok
        case LIBSSH2_FX_NO_SUCH_FILE: self = .noSuchFile
        case LIBSSH2_FX_PERMISSION_DENIED: self = .permissionDenied
        default: self = .other(code)
        }
    }

    var description: String {
        switch self {
        case .ok: return "SFTP status 0"
        case .noSuchFile: return "no such file"
        case .permissionDenied: return "permission denied"
        case .other(let code): return "SFTP status \(code)"
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
