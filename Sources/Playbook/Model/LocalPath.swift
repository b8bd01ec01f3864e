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
}
