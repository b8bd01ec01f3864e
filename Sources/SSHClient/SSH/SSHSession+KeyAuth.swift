internal import CLibSSH2

extension SSHSession {
    /// The key files tried when a host names none: OpenSSH's defaults, in its order, that libssh2
    /// can use (not the security-key, XMSS or DSA ones).
    static let defaultKeyFiles = ["~/.ssh/id_rsa", "~/.ssh/id_ecdsa", "~/.ssh/id_ed25519"]

    /// The host's key files (or the defaults that exist), read once per run; those that cannot be
    /// offered are recorded in `log`.
    func loadKeyFiles(log: inout AuthenticationLog) -> [KeyFile] {
        var paths = connection.keyFiles
        if paths.isEmpty {
            paths = Self.defaultKeyFiles.filter {
                LocalFiles.kind(of: HomeDirectory.expandingTilde(in: $0)).exists
            }
        }
        var keys: [KeyFile] = []
        for path in paths {
            switch KeyFile.load(path) {
            case .failure(let problem): log.keyFileProblem(problem)
            case .success(let key): keys.append(key)
            }
        }
        return keys
    }

    /// Offers each key file in turn, unlocking encrypted ones with `PBRUN_KEY_PASSPHRASE` or a
    /// passphrase asked for once per run. `deadline` moves on by the time a person takes to answer.
    func authenticateWithKeys(_ keys: [KeyFile], options: ConnectOptions, user: String, log: inout AuthenticationLog,
                              until deadline: inout Deadline) async throws(TimedOut) -> AuthStep {
        for key in keys {
            if let blob = key.publicBlob, log.refusedBlobs.contains(blob) { continue }
            var passphrase: String?
            var typed = false
            if key.encrypted {
                if let fromEnvironment = options.keyPassphrase {
                    passphrase = fromEnvironment
                } else if options.credentials.passphraseIsKnownWrong(for: key.path) {
                    log.notes.append("key \(key.path) is encrypted and the passphrase typed for it is wrong")
                    continue
                } else if let prompt = options.prompt {
                    let asked = Deadline.now
                    passphrase = await options.credentials.passphrase(for: key.path, prompt: prompt)
                    deadline = deadline.extended(by: Deadline.now.seconds(since: asked))
                    typed = true
                    if passphrase == nil {
                        log.notes.append("key \(key.path) is encrypted and no passphrase was given")
                        continue
                    }
                } else {
                    log.notes.append("key \(key.path) is encrypted: set PBRUN_KEY_PASSPHRASE (there is no terminal "
                        + "to ask for its passphrase on)")
                    continue
                }
            }
            let result = try await offer(key, user: user, passphrase: passphrase, until: deadline)
            if result == 0 { return .authenticated }
            let failure = LibSSH2Error(code: result)
            if let lost = transportFailure(failure) { return .failed(lost) }
            log.tried.append("publickey \(key.path)")
            let signingFailed = failure == .keyRefused && lastError == "Callback returned error"
            if key.encrypted && (failure == .keyFileUnreadable || signingFailed) {
                let source = typed ? "typed at the prompt" : "from PBRUN_KEY_PASSPHRASE"
                log.notes.append(
                    "key \(key.path) could not be decrypted with the passphrase \(source) (wrong passphrase?)")
                if typed { options.credentials.passphraseWasWrong(for: key.path) }
            } else if failure == .keyFileUnreadable {
                log.notes.append("key \(key.path) could not be read by libssh2: \(lastError)")
            }
        }
        return .next
    }

    /// One `publickey` attempt with `key`; libssh2's result.
    private func offer(_ key: KeyFile, user: String, passphrase: String?, until deadline: Deadline)
        async throws(TimedOut) -> Int32
    {
        let publicKey = key.publicKey ?? []
        return try await perform(until: deadline) {
            key.contents.withUnsafeBufferPointer { bytes in
                publicKey.withUnsafeBufferPointer { publicBytes in
                    bytes.withMemoryRebound(to: CChar.self) { chars in
                        publicBytes.withMemoryRebound(to: CChar.self) { publicChars in
                            libssh2_userauth_publickey_frommemory(
                                handle, user, user.utf8.count, publicChars.isEmpty ? nil : publicChars.baseAddress,
                                publicChars.count, chars.baseAddress, chars.count, passphrase)
                        }
                    }
                }
            }
        }
    }
}

extension Deadline {
    /// This deadline moved `seconds` later: for time spent waiting on a person, not on the host.
    func extended(by seconds: Double) -> Deadline {
        Deadline(nanoseconds: nanoseconds &+ UInt64(max(0, seconds) * 1e9))
    }
}
