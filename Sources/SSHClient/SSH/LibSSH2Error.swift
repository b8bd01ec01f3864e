internal import CLibSSH2

/// A libssh2 error code, with a Swift name for each one pbrun acts on. libssh2 returns these as
/// negative `Int32`s (or as `libssh2_session_last_errno` after a call that returned NULL); this is
/// the one place that knows their numbers.
enum LibSSH2Error: Equatable, CustomStringConvertible {
    /// The call would block; await the socket in `block_directions` and call again.
    /// libssh2: `LIBSSH2_ERROR_EAGAIN`.
    case wouldBlock
    /// The server closed the connection. libssh2: `LIBSSH2_ERROR_SOCKET_DISCONNECT`.
    case socketDisconnected
    /// Reading the socket failed. libssh2: `LIBSSH2_ERROR_SOCKET_RECV`.
    case socketReceiveFailed
    /// Writing the socket failed. libssh2: `LIBSSH2_ERROR_SOCKET_SEND`.
    case socketSendFailed
    /// libssh2's own wait on the socket timed out. libssh2: `LIBSSH2_ERROR_SOCKET_TIMEOUT`.
    case socketTimedOut
    /// No SSH banner arrived (the peer closed or is not an SSH server).
    /// libssh2: `LIBSSH2_ERROR_BANNER_RECV`.
    case bannerNotReceived
    /// Key exchange failed. libssh2: `LIBSSH2_ERROR_KEX_FAILURE`.
    case keyExchangeFailed
    /// No algorithm both sides support. libssh2: `LIBSSH2_ERROR_METHOD_NOT_SUPPORTED`.
    case methodNotSupported
    /// The server accepted the key but not its signature, or signing failed.
    /// libssh2: `LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED`.
    case keyRefused
    /// A key file could not be read or decrypted. libssh2: `LIBSSH2_ERROR_FILE`.
    case keyFileUnreadable
    /// The password is right but expired. libssh2: `LIBSSH2_ERROR_PASSWORD_EXPIRED`.
    case passwordExpired
    /// Any other negative code, kept as libssh2 returned it.
    case unknown(Int32)

    /// The error for a libssh2 result, or nil when `code` is not an error (zero or a positive count).
    init?(code: some BinaryInteger) {
        guard code < 0 else { return nil }
        // libssh2's codes are small; a result below Int32's range is no code of its own.
        switch Int32(clamping: code) {
        case pbrun_LIBSSH2_ERROR_EAGAIN: self = .wouldBlock
        case LIBSSH2_ERROR_SOCKET_DISCONNECT: self = .socketDisconnected
        case LIBSSH2_ERROR_SOCKET_RECV: self = .socketReceiveFailed
        case LIBSSH2_ERROR_SOCKET_SEND: self = .socketSendFailed
        case LIBSSH2_ERROR_SOCKET_TIMEOUT: self = .socketTimedOut
        case LIBSSH2_ERROR_BANNER_RECV: self = .bannerNotReceived
        case LIBSSH2_ERROR_KEX_FAILURE: self = .keyExchangeFailed
        case LIBSSH2_ERROR_METHOD_NOT_SUPPORTED: self = .methodNotSupported
        case LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED: self = .keyRefused
        case LIBSSH2_ERROR_FILE: self = .keyFileUnreadable
        case LIBSSH2_ERROR_PASSWORD_EXPIRED: self = .passwordExpired
        case let other: self = .unknown(other)
        }
    }

    /// The code libssh2 uses for this error.
    var code: Int32 {
        switch self {
        case .wouldBlock: return pbrun_LIBSSH2_ERROR_EAGAIN
        case .socketDisconnected: return LIBSSH2_ERROR_SOCKET_DISCONNECT
        case .socketReceiveFailed: return LIBSSH2_ERROR_SOCKET_RECV
        case .socketSendFailed: return LIBSSH2_ERROR_SOCKET_SEND
        case .socketTimedOut: return LIBSSH2_ERROR_SOCKET_TIMEOUT
        case .bannerNotReceived: return LIBSSH2_ERROR_BANNER_RECV
        case .keyExchangeFailed: return LIBSSH2_ERROR_KEX_FAILURE
        case .methodNotSupported: return LIBSSH2_ERROR_METHOD_NOT_SUPPORTED
        case .keyRefused: return LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED
        case .keyFileUnreadable: return LIBSSH2_ERROR_FILE
        case .passwordExpired: return LIBSSH2_ERROR_PASSWORD_EXPIRED
        case .unknown(let code): return code
        }
    }

    /// Whether a libssh2 result says the call would block (`LIBSSH2_ERROR_EAGAIN`).
    static func isWouldBlock(_ result: some BinaryInteger) -> Bool {
        LibSSH2Error(code: result) == .wouldBlock
    }

    /// `LIBSSH2_ERROR_EAGAIN` as a byte-count result, for calls that return `Int`/`ssize_t`.
    static var wouldBlockSize: Int { Int(LibSSH2Error.wouldBlock.code) }

    /// Whether the SSH connection itself broke (disconnected, or the socket failed either way):
    /// the session is lost, not merely refused.
    var isConnectionLost: Bool {
        switch self {
        case .socketDisconnected, .socketReceiveFailed, .socketSendFailed: return true
        default: return false
        }
    }

    /// The C name, as libssh2's documentation and its debug traces say it.
    var description: String {
        switch self {
        case .wouldBlock: return "LIBSSH2_ERROR_EAGAIN"
        case .socketDisconnected: return "LIBSSH2_ERROR_SOCKET_DISCONNECT"
        case .socketReceiveFailed: return "LIBSSH2_ERROR_SOCKET_RECV"
        case .socketSendFailed: return "LIBSSH2_ERROR_SOCKET_SEND"
        case .socketTimedOut: return "LIBSSH2_ERROR_SOCKET_TIMEOUT"
        case .bannerNotReceived: return "LIBSSH2_ERROR_BANNER_RECV"
        case .keyExchangeFailed: return "LIBSSH2_ERROR_KEX_FAILURE"
        case .methodNotSupported: return "LIBSSH2_ERROR_METHOD_NOT_SUPPORTED"
        case .keyRefused: return "LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED"
        case .keyFileUnreadable: return "LIBSSH2_ERROR_FILE"
        case .passwordExpired: return "LIBSSH2_ERROR_PASSWORD_EXPIRED"
        case .unknown(let code): return "libssh2 error \(code)"
        }
    }
}
