internal import CLibSSH2
import Foundation
import Glibc

extension SSHSession {
    /// The key files tried when a host names none: OpenSSH's defaults that libssh2 1.10 can use.
    static let defaultKeyFiles = ["~/.ssh/id_ed25519", "~/.ssh/id_ecdsa"]

    /// Authenticates with the host's key files, then a password; returns what went wrong, saying
    /// which methods were tried and what the server accepts.
    func authenticate(options: ConnectOptions, until deadline: Deadline) async throws(TimedOut) -> ConnectionError? {
        let user = connection.user ?? Self.localUserName
        var tried: [String] = []
        var notes: [String] = []
        var keyFiles = connection.keyFiles
        if keyFiles.isEmpty {
            keyFiles = Self.defaultKeyFiles.filter {
                FileManager.default.fileExists(atPath: ($0 as NSString).expandingTildeInPath)
            }
        }
        var keyProblem: KeyFile.Problem?
        for path in keyFiles {
            switch KeyFile.load(path) {
            case .failure(let problem):
                keyProblem = keyProblem ?? problem
                notes.append(problem.reason)
            case .success(let key):
                if key.encrypted && options.keyPassphrase == nil {
                    notes.append("key \(key.path) is encrypted and PBRUN_KEY_PASSPHRASE is not set")
                    continue
                }
                let publicKey = key.publicKey ?? []
                let result = try await perform(until: deadline) {
                    key.contents.withUnsafeBufferPointer { bytes in
                        publicKey.withUnsafeBufferPointer { publicBytes in
                            bytes.withMemoryRebound(to: CChar.self) { chars in
                                publicBytes.withMemoryRebound(to: CChar.self) { publicChars in
                                    libssh2_userauth_publickey_frommemory(
                                        handle, user, user.utf8.count, publicChars.isEmpty ? nil : publicChars.baseAddress,
                                        publicChars.count, chars.baseAddress, chars.count, options.keyPassphrase)
                                }
                            }
                        }
                    }
                }
                if result == 0 { return nil }
                if let lost = transportFailure(result) { return lost }
                tried.append("publickey \(key.path)")
                if result == LIBSSH2_ERROR_FILE {
                    notes.append("key \(key.path) could not be read by libssh2: \(lastError)")
                }
            }
        }
        if let password = options.password {
            let result = try await perform(until: deadline) {
                libssh2_userauth_password_ex(handle, user, UInt32(user.utf8.count), password,
                                             UInt32(password.utf8.count), nil)
            }
            if result == 0 { return nil }
            if let lost = transportFailure(result) { return lost }
            tried.append("password")
        }
        // Ask the server what it would accept (this sends the "none" method).
        let accepted: String? = try await performPointer(until: deadline) {
            libssh2_userauth_list(handle, user, UInt32(user.utf8.count))
        }.map { String(cString: $0) }
        if libssh2_userauth_authenticated(handle) == 1 { return nil }
        if tried.isEmpty, let keyProblem {
            return error(.keyFile, keyProblem.reason, keyProblem.explanation)
        }
        var explanation = "Tried: " + (tried.isEmpty ? "nothing (no usable key file)" : tried.joined(separator: ", "))
        explanation += "; the server accepts: " + (accepted ?? "unknown") + "."
        if !notes.isEmpty { explanation += "\n" + notes.joined(separator: "\n") }
        if let keyProblem, let more = keyProblem.explanation { explanation += "\n" + more }
        return error(.authenticationFailed, "authentication failed for user \(user)", explanation)
    }

    /// A connection error when `code` says the transport broke, nil for a plain refusal.
    private func transportFailure(_ code: Int32) -> ConnectionError? {
        switch code {
        case LIBSSH2_ERROR_SOCKET_DISCONNECT, LIBSSH2_ERROR_SOCKET_RECV, LIBSSH2_ERROR_SOCKET_SEND:
            return error(.connectionLost, "connection lost during authentication: \(lastError)")
        default:
            return nil
        }
    }

    /// The name of the user pbrun runs as.
    static var localUserName: String {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "root"
    }
}
