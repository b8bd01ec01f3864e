import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Names a playbook file as GitHub wants it in an annotation: relative to `$GITHUB_WORKSPACE`, the
/// repository's root, whatever the job's `working-directory:` is. Both sides are made absolute
/// (a relative path is taken from `currentDirectory`, where pbrun was started) and their symlinks
/// resolved, so `/home/runner/work/app/app` and a symlinked checkout compare equal. A file outside the
/// workspace keeps its absolute path: GitHub then attaches the annotation to no file, but the log
/// still says where it is.
struct WorkspacePath: Sendable {
    /// The workspace, absolute with symlinks resolved; nil outside GitHub Actions.
    let workspace: String?
    /// Where relative playbook paths start from.
    let currentDirectory: String

    init(workspace: String?, currentDirectory: String) {
        self.currentDirectory = currentDirectory
        self.workspace = workspace.flatMap { $0.isEmpty ? nil : Self.resolved($0, from: currentDirectory) }
    }

    /// `path` relative to the workspace, or absolute when it lies outside it; as given when no
    /// workspace is set.
    func annotationPath(_ path: String) -> String {
        guard let workspace else { return path }
        let absolute = Self.resolved(path, from: currentDirectory)
        if absolute == workspace { return "." }
        let prefix = workspace == "/" ? "/" : workspace + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
    }

    /// `path` made absolute from `directory`, with `.`, `..` and symlinks resolved; a path that does
    /// not exist (any more) is only normalised.
    static func resolved(_ path: String, from directory: String) -> String {
        let absolute = path.hasPrefix("/") ? path : directory + "/" + path
        if let real = realpath(absolute, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        return (absolute as NSString).standardizingPath
    }
}
