internal import CLibSSH2
import Glibc
import Synchronization

/// A known_hosts file, read once per run and shared by every session that checks against it
/// (reading and parsing it per host would cost seconds at 1000 hosts). Understands what libssh2
/// does: plain and hashed (`|1|salt|hash`) entries, `[host]:port` for ports other than 22, several
/// key types per host. `accept-new` appends new keys to the file under an exclusive lock, one
/// whole line per `write`, so any number of hosts at once leave a valid file.
///
/// The libssh2 collection needs a session only for memory and error reporting, so it lives on a
/// private, never-connected session; all access goes through the mutex.
public final class KnownHosts: Sendable {
    /// What the file says about a host's key.
    enum Verdict: Equatable {
        /// An entry for the host holds this key. libssh2: `LIBSSH2_KNOWNHOST_CHECK_MATCH`.
        case match
        /// The host is recorded with a different key of this type.
        /// libssh2: `LIBSSH2_KNOWNHOST_CHECK_MISMATCH`.
        case mismatch
        /// No entry for the host and key type (`LIBSSH2_KNOWNHOST_CHECK_NOTFOUND`), or libssh2 could
        /// not check (`LIBSSH2_KNOWNHOST_CHECK_FAILURE`): either way the key is not known.
        case notFound

        /// The verdict for `libssh2_knownhost_checkp`'s result.
        fileprivate init(checkResult: Int32) {
            switch checkResult {
            case LIBSSH2_KNOWNHOST_CHECK_MATCH: self = .match
            case LIBSSH2_KNOWNHOST_CHECK_MISMATCH: self = .mismatch
            default: self = .notFound
            }
        }
    }

    /// The file, as given.
    let path: String

    /// The libssh2 handles; guarded by the mutex, freed in deinit.
    private struct Handles: @unchecked Sendable {
        // Safe: only ever touched inside `handles.withLock`.
        var session: OpaquePointer
        var collection: OpaquePointer
    }

    private let handles: Mutex<Handles>

    private init(path: String, session: OpaquePointer, collection: OpaquePointer) {
        self.path = path
        handles = Mutex(Handles(session: session, collection: collection))
    }

    deinit {
        handles.withLock { handles in
            libssh2_knownhost_free(handles.collection)
            libssh2_session_free(handles.session)
        }
    }

    private static let cache = Mutex<[String: Result<KnownHosts, KnownHostsError>]>([:])

    /// The shared store for `path` (a missing file reads as empty), or why the file cannot be used:
    /// it cannot be read, or libssh2 cannot read one of its entries (`PATH:LINE: …`). A file read
    /// in part would check hosts against keys nobody chose, so either is an error, never silence.
    static func open(_ path: String) -> Result<KnownHosts, KnownHostsError> {
        cache.withLock { cache in
            if let known = cache[path] { return known }
            let opened = load(path)
            cache[path] = opened
            return opened
        }
    }

    private static func load(_ path: String) -> Result<KnownHosts, KnownHostsError> {
        var text = ""
        let kind = LocalFiles.kind(of: path)
        if kind.exists {
            let unusable = { (why: String) in KnownHostsError(message: "cannot use known_hosts file \(path): \(why)") }
            if kind.isDirectory { return .failure(unusable("is a directory")) }
            guard access(path, R_OK) == 0 else { return .failure(unusable(String(cString: strerror(errno)).lowercased())) }
            guard case .success(let data) = LocalFiles.readBytes(path) else { return .failure(unusable("cannot read it")) }
            guard let decoded = String(validating: data, as: UTF8.self) else {
                return .failure(unusable("not UTF-8 text"))
            }
            text = decoded
        }
        _ = LibSSH2Library.initialized
        guard let session = libssh2_session_init_ex(nil, nil, nil, nil) else {
            return .failure(KnownHostsError(message: "libssh2 could not create a session to read \(path)"))
        }
        guard let collection = libssh2_knownhost_init(session) else {
            libssh2_session_free(session)
            return .failure(KnownHostsError(message: "libssh2 could not create a known-hosts collection"))
        }
        let store = KnownHosts(path: path, session: session, collection: collection)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let entry = Text.trimmed(line)
            if entry.isEmpty || entry.hasPrefix("#") { continue }
            let result = libssh2_knownhost_readline(collection, entry, entry.utf8.count, KnownHostFlags.openSSHFile)
            if result != 0 {
                let reason = LibSSH2Library.lastError(session).message
                return .failure(KnownHostsError(message: "\(path):\(index + 1): cannot use this known_hosts entry "
                    + "(libssh2: \(reason))"))
            }
        }
        return .success(store)
    }

    /// The known_hosts file `connection` records new keys in (`~/.ssh/known_hosts` unless one is named).
    static func path(for connection: SSHTarget) -> String {
        connection.knownHostsFile.map(HomeDirectory.expandingTilde(in:))
            ?? HomeDirectory.expandingTilde(in: "~/.ssh/known_hosts")
    }

    /// Every known_hosts file `connection` is checked against: `path(for:)`, then the extra ones.
    static func paths(for connection: SSHTarget) -> [String] {
        [path(for: connection)] + connection.extraKnownHostsFiles.map(HomeDirectory.expandingTilde(in:))
    }

    /// Why the known_hosts files of `connections` that check host keys cannot be used, one sentence
    /// per file (empty when all can): for a command to refuse before connecting to any host.
    public static func problems(for connections: [SSHTarget]) -> [String] {
        let paths = Set(connections.filter { $0.hostKeyPolicy != .off }.flatMap(paths(for:)))
        return paths.sorted().compactMap { path in
            if case .failure(let error) = open(path) { return error.message }
            return nil
        }
    }

    /// Checks `key` (raw bytes, of libssh2 host key `type`) for `host`:`port`.
    func check(host: String, port: Int, key: [UInt8], type: HostKeyType) -> Verdict {
        handles.withLock { handles in
            let mask = KnownHostFlags.plainName | KnownHostFlags.rawKey | type.knownHostMask
            let result = key.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    libssh2_knownhost_checkp(handles.collection, host, Int32(port), chars.baseAddress, chars.count,
                                             mask, nil)
                }
            }
            return Verdict(checkResult: result)
        }
    }

    /// Records a new key: in this run's collection, and appended to the file atomically.
    func add(host: String, port: Int, key: [UInt8], type: HostKeyType) throws(KnownHostsError) {
        let name = port == 22 ? host : "[\(host)]:\(port)"
        let line = "\(name) \(type.name) \(Base64.encode(key))\n"
        try handles.withLock { handles throws(KnownHostsError) in
            let mask = KnownHostFlags.plainName | KnownHostFlags.rawKey | type.knownHostMask
            _ = key.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    libssh2_knownhost_addc(handles.collection, name, nil, chars.baseAddress, chars.count, nil, 0,
                                           mask, nil)
                }
            }
            try appendLocked(line)
        }
    }

    /// Appends `line` under an exclusive `flock`, so other pbrun processes writing at once never
    /// interleave with it.
    private func appendLocked(_ line: String) throws(KnownHostsError) {
        let directory = LocalFiles.parentDirectory(of: path)
        if !directory.isEmpty { LocalFiles.createDirectories(directory) }
        let descriptor = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw KnownHostsError(message: "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { Glibc.close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else {
            throw KnownHostsError(message: "cannot lock \(path): \(String(cString: strerror(errno)))")
        }
        defer { flock(descriptor, LOCK_UN) }
        // A file whose last line lacks its newline would glue our entry onto it.
        var prefix = ""
        let size = lseek(descriptor, 0, SEEK_END)
        if size > 0 {
            let reader = Glibc.open(path, O_RDONLY | O_CLOEXEC)
            if reader >= 0 {
                var last: UInt8 = 0
                if pread(reader, &last, 1, size - 1) == 1, last != UInt8(ascii: "\n") { prefix = "\n" }
                Glibc.close(reader)
            }
        }
        let bytes = Array((prefix + line).utf8)
        if let stopped = DescriptorIO.writeAvailable(descriptor, bytes[...], to: .file).stopped {
            let code = if case .failed(let code) = stopped { code } else { EIO }
            throw KnownHostsError(message: "cannot write \(path): \(String(cString: strerror(code)))")
        }
    }
}

/// The known-hosts flags pbrun passes to libssh2, by Swift name (the shim re-exports the shifted
/// macros Swift does not import).
private enum KnownHostFlags {
    /// The host name is given in plain text (libssh2 still matches hashed entries against it).
    /// libssh2: `LIBSSH2_KNOWNHOST_TYPE_PLAIN`.
    static let plainName = pbrun_KNOWNHOST_TYPE_PLAIN
    /// The key is given as raw bytes, not base64. libssh2: `LIBSSH2_KNOWNHOST_KEYENC_RAW`.
    static let rawKey = pbrun_KNOWNHOST_KEYENC_RAW
    /// Lines are in OpenSSH's known_hosts format. libssh2: `LIBSSH2_KNOWNHOST_FILE_OPENSSH`.
    static let openSSHFile = pbrun_KNOWNHOST_FILE_OPENSSH
}

/// A known_hosts file could not be read or updated.
struct KnownHostsError: Error {
    var message: String
}

/// A host key algorithm, as libssh2 reports the server's key.
enum HostKeyType: Equatable {
    /// libssh2: `LIBSSH2_HOSTKEY_TYPE_RSA`; in known_hosts `LIBSSH2_KNOWNHOST_KEY_SSHRSA`.
    case rsa
    /// libssh2: `LIBSSH2_HOSTKEY_TYPE_ECDSA_256`; in known_hosts `LIBSSH2_KNOWNHOST_KEY_ECDSA_256`.
    case ecdsa256
    /// libssh2: `LIBSSH2_HOSTKEY_TYPE_ECDSA_384`; in known_hosts `LIBSSH2_KNOWNHOST_KEY_ECDSA_384`.
    case ecdsa384
    /// libssh2: `LIBSSH2_HOSTKEY_TYPE_ECDSA_521`; in known_hosts `LIBSSH2_KNOWNHOST_KEY_ECDSA_521`.
    case ecdsa521
    /// libssh2: `LIBSSH2_HOSTKEY_TYPE_ED25519`; in known_hosts `LIBSSH2_KNOWNHOST_KEY_ED25519`.
    case ed25519
    /// Any other type (DSA, or one newer than this code): never found in known_hosts.
    case other

    /// The type for the code `libssh2_session_hostkey` reported.
    init(libssh2Type: Int32) {
        switch libssh2Type {
        case LIBSSH2_HOSTKEY_TYPE_RSA: self = .rsa
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: self = .ecdsa256
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: self = .ecdsa384
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: self = .ecdsa521
        case LIBSSH2_HOSTKEY_TYPE_ED25519: self = .ed25519
        default: self = .other
        }
    }

    /// The algorithm name in known_hosts.
    var name: String {
        switch self {
        case .rsa: return "ssh-rsa"
        case .ecdsa256: return "ecdsa-sha2-nistp256"
        case .ecdsa384: return "ecdsa-sha2-nistp384"
        case .ecdsa521: return "ecdsa-sha2-nistp521"
        case .ed25519: return "ssh-ed25519"
        case .other: return "unknown"
        }
    }

    /// The key-type bits of a known-hosts type mask.
    fileprivate var knownHostMask: Int32 {
        switch self {
        case .rsa: return pbrun_KNOWNHOST_KEY_SSHRSA
        case .ecdsa256: return pbrun_KNOWNHOST_KEY_ECDSA_256
        case .ecdsa384: return pbrun_KNOWNHOST_KEY_ECDSA_384
        case .ecdsa521: return pbrun_KNOWNHOST_KEY_ECDSA_521
        case .ed25519: return pbrun_KNOWNHOST_KEY_ED25519
        case .other: return 0
        }
    }
}
