internal import CLibSSH2

/// The process-wide libssh2 state: `libssh2_init` runs exactly once, before the first session.
enum LibSSH2Library {
    /// Touch this before any other libssh2 call.
    static let initialized: Bool = {
        precondition(libssh2MatchesHeaders, "pbrun was built against libssh2 \(libssh2HeaderVersion) but loaded "
            + "\(libssh2Version): rebuild it (make build)")
        return libssh2_init(0) == 0
    }()

    /// libssh2's last error message on `session`, or the code when it has none.
    static func lastError(_ session: OpaquePointer) -> (code: Int32, message: String) {
        var message: UnsafeMutablePointer<CChar>?
        var length: Int32 = 0
        let code = libssh2_session_last_error(session, &message, &length, 0)
        let text = message.map { String(cString: $0) } ?? ""
        return (code, text.isEmpty ? "libssh2 error \(code)" : text)
    }
}
