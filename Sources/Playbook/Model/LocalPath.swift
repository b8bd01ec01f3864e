import Foundation

/// Local paths in a playbook are relative to the file that names them, never to the working
/// directory.
enum LocalPath {
    /// `path` joined to the folder of `file`, unless it is absolute.
    static func resolve(_ path: String, relativeTo file: String) -> String {
        if path.hasPrefix("/") { return path }
        let folder = (file as NSString).deletingLastPathComponent
        return folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
    }

    /// Whether a path is a template and so cannot be looked at before run time.
    static func isTemplated(_ path: String) -> Bool {
        path.contains("{{") || path.contains("{%")
    }

    /// The canonical absolute form of `path`, for recognising the same file reached twice.
    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Why the existing file at `path` cannot be uploaded, or nil when it can: it must be a regular
    /// file (a device such as `/dev/zero`, a FIFO or a socket never ends or blocks) that this user
    /// may read. Symbolic links are followed.
    static func unreadableFileProblem(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return String(cString: strerror(errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else { return "not a regular file" }
        guard access(path, R_OK) == 0 else { return String(cString: strerror(errno)) }
        return nil
    }
}
