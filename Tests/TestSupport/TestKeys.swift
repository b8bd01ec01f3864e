import Foundation

/// Private key files made with the system's ssh-keygen for one test, in a fresh temporary folder.
enum TestKeys {
    /// How the private key is written: OpenSSH's own format, or PEM (PKCS#1 for RSA), as
    /// `ssh-keygen -m PEM` writes it.
    enum Format {
        case openSSH
        case pem
    }

    /// A new key of `type` (`rsa`, `dsa`, `ed25519`…), mode 0600 with its `.pub` beside it unless
    /// `keepPublic` is false.
    static func make(_ type: String, bits: Int? = nil, passphrase: String = "", format: Format = .openSSH,
                     keepPublic: Bool = true) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pbrun-keys-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("id_\(type)\(bits.map { "_\($0)" } ?? "")")
        var arguments = ["-q", "-t", type, "-N", passphrase, "-C", "pbrun-test-\(type)", "-f", path.path]
        if let bits { arguments += ["-b", String(bits)] }
        if format == .pem { arguments += ["-m", "PEM"] }
        let made = try ProcessResult.run("/usr/bin/ssh-keygen", arguments)
        guard made.status == 0 else { throw TestFleetError(message: "ssh-keygen \(type): \(made.stderr)") }
        if !keepPublic { try FileManager.default.removeItem(atPath: path.path + ".pub") }
        return path
    }
}

extension TestKeys {
    /// A copy of `key` (and its `.pub`) in a fresh folder, re-encrypted with `passphrase` in `format`.
    static func encryptedCopy(of key: URL, passphrase: String, format: Format) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pbrun-keys-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let copy = directory.appendingPathComponent(key.lastPathComponent)
        try FileManager.default.copyItem(at: key, to: copy)
        try FileManager.default.copyItem(atPath: key.path + ".pub", toPath: copy.path + ".pub")
        var arguments = ["-q", "-p", "-P", "", "-N", passphrase, "-f", copy.path]
        if format == .pem { arguments += ["-m", "PEM"] }
        let changed = try ProcessResult.run("/usr/bin/ssh-keygen", arguments)
        guard changed.status == 0 else { throw TestFleetError(message: "ssh-keygen -p: \(changed.stderr)") }
        return copy
    }
}
