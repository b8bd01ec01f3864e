import Glibc

/// Small local-file operations SSHClient needs (key files, known_hosts), on plain POSIX calls.
enum LocalFiles {
    /// Why a file could not be read: the errno text, lowercased as in a sentence.
    struct ReadError: Error, Equatable {
        var reason: String
    }

    /// The whole contents of the (small) file at `path`; reads are retried on EINTR.
    static func readBytes(_ path: String) -> Result<[UInt8], ReadError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(ReadError(reason: errnoText())) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(ReadError(reason: errnoText()))
            }
            if count == 0 { return .success(bytes) }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    /// Whether something exists at `path` (following symbolic links), and whether it is a directory.
    static func kind(of path: String) -> (exists: Bool, isDirectory: Bool) {
        var info = stat()
        guard stat(path, &info) == 0 else { return (false, false) }
        return (true, info.st_mode & S_IFMT == S_IFDIR)
    }

    /// Creates `path` and its missing parents (mode 0700, as `ssh` creates `~/.ssh`); failures are
    /// left to the open that follows, which reports them.
    static func createDirectories(_ path: String) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if kind(of: prefix).exists == false { _ = mkdir(prefix, 0o700) }
            prefix += "/"
        }
    }

    /// `path` without its last component (`""` when it has none), like `dirname` for what follows.
    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The text of the current `errno`.
    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
