import Glibc
import Synchronization

/// A private key file read into memory once per run and handed to every session from there (so
/// 1000 hosts do not read and parse the same file 1000 times). Refuses what OpenSSH refuses (a key
/// readable by others), DSA keys (which OpenSSH no longer accepts) and RSA keys under 2048 bits.
struct KeyFile: Sendable {
    /// The kinds of key pbrun tells apart.
    enum Kind: Sendable, Equatable {
        case ed25519, ecdsa, rsa, dsa, unknown
    }

    let path: String
    let contents: [UInt8]
    let kind: Kind
    let encrypted: Bool
    /// The matching public key (`PATH.pub`) when it exists: handing it to libssh2 spares it deriving
    /// the public key from the private one, a second private-key parse per host (with OpenSSL 3,
    /// a failed PEM decode attempt costs about a millisecond before the OpenSSH parser runs).
    let publicKey: [UInt8]?

    /// The public key in SSH wire format, from `PATH.pub` (its base64 field), when that file exists:
    /// what tells an agent identity and a key file apart.
    var publicBlob: [UInt8]? {
        guard let publicKey else { return nil }
        let fields = String(decoding: publicKey, as: UTF8.self).split(separator: " ")
        guard fields.count >= 2, let data = Base64.decode(fields[1]) else { return nil }
        return data
    }

    /// Why a key file cannot be offered.
    struct Problem: Error, Sendable, Equatable {
        var reason: String
        var explanation: String?
    }

    private static let cache = Mutex<[String: Result<KeyFile, Problem>]>([:])

    /// The key at `path`, read on first use.
    static func load(_ path: String) -> Result<KeyFile, Problem> {
        let expanded = HomeDirectory.expandingTilde(in: path)
        if let cached = cache.withLock({ $0[expanded] }) { return cached }
        let result = read(expanded)
        cache.withLock { $0[expanded] = result }
        return result
    }

    private static func read(_ path: String) -> Result<KeyFile, Problem> {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return .failure(Problem(reason: "key file \(path): \(String(cString: strerror(errno)))"))
        }
        if info.st_mode & 0o077 != 0 {
            return .failure(Problem(
                reason: "key file \(path) is readable by others",
                explanation: "Private keys must not be accessible by others (as OpenSSH requires): chmod 600 \(path)"))
        }
        guard case .success(let bytes) = LocalFiles.readBytes(path) else {
            return .failure(Problem(reason: "key file \(path) cannot be read"))
        }
        let (kind, encrypted) = classify(bytes)
        if kind == .dsa {
            return .failure(Problem(
                reason: "DSA key \(path) not offered",
                explanation: "OpenSSH 7.0 and later refuse DSA keys. Make an ed25519 key (ssh-keygen -t ed25519) "
                    + "and add its public key to the host's authorized_keys."))
        }
        let publicKey = try? LocalFiles.readBytes(path + ".pub").get()
        if kind == .rsa, let bits = rsaModulusBits(privateKey: bytes, publicKey: publicKey), bits < minimumRSABits {
            return .failure(Problem(
                reason: "RSA key \(path) not offered: \(bits) bits, under \(minimumRSABits)",
                explanation: "RSA keys under \(minimumRSABits) bits are too weak to offer (NIST SP 800-131A). Make a "
                    + "new key (ssh-keygen -t ed25519, or -t rsa -b 3072) and add its public key to the host's "
                    + "authorized_keys."))
        }
        return .success(KeyFile(path: path, contents: bytes, kind: kind, encrypted: encrypted, publicKey: publicKey))
    }

    /// The smallest RSA modulus pbrun offers.
    static let minimumRSABits = 2048

    /// Tells the key's algorithm from its PEM header or, for the OpenSSH format, the key type
    /// string inside its base64 body.
    static func classify(_ bytes: [UInt8]) -> (Kind, Bool) {
        let text = String(decoding: bytes, as: UTF8.self)
        if text.contains("BEGIN RSA PRIVATE KEY") { return (.rsa, text.contains("ENCRYPTED")) }
        if text.contains("BEGIN DSA PRIVATE KEY") { return (.dsa, text.contains("ENCRYPTED")) }
        if text.contains("BEGIN EC PRIVATE KEY") { return (.ecdsa, text.contains("ENCRYPTED")) }
        guard text.contains("BEGIN OPENSSH PRIVATE KEY") else { return (.unknown, text.contains("ENCRYPTED")) }
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let decoded = Base64.decode(body) else { return (.unknown, false) }
        let raw = String(decoding: decoded.prefix(400), as: Unicode.ASCII.self)
        let encrypted = !raw.contains("none\u{0}\u{0}\u{0}\u{4}none")
        if raw.contains("ssh-ed25519") { return (.ed25519, encrypted) }
        if raw.contains("ecdsa-sha2-") { return (.ecdsa, encrypted) }
        if raw.contains("ssh-rsa") { return (.rsa, encrypted) }
        if raw.contains("ssh-dss") { return (.dsa, encrypted) }
        return (.unknown, encrypted)
    }
}
