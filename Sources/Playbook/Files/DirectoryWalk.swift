import Foundation
import Glibc

/// The files below a folder, recursively and in name order, for inventory and vars directories.
///
/// A symbolic link may lead back to a folder already being read (`group_vars/web/loop -> ..`): each
/// folder is read once, recognised by device and inode, and the walk goes at most `maximumDepth`
/// folders deep, so a loop or a pathological tree ends with an error instead of recursing forever.
struct DirectoryWalk {
    /// Folders deeper than this are not read (an error says so).
    static let maximumDepth = 32

    /// Files found, in walk order.
    private(set) var files: [String] = []
    /// What could not be read or was left out, as messages naming the folder.
    private(set) var problems: [String] = []
    private var visited: Set<FileIdentity> = []
    /// Whether an entry (its name, and whether it is a folder) is left out.
    private let skips: (String, Bool) -> Bool

    /// Walks `root` at once; `skips` decides which entries are left out.
    init(_ root: String, skipping skips: @escaping (String, Bool) -> Bool) {
        self.skips = skips
        walk(root, depth: 0)
    }

    private mutating func walk(_ folder: String, depth: Int) {
        guard depth < Self.maximumDepth else {
            problems.append("'\(folder)' is more than \(Self.maximumDepth) folders deep; it was not read")
            return
        }
        guard let identity = FileIdentity(folder), visited.insert(identity).inserted else {
            problems.append("'\(folder)' leads back to a folder already read (a symbolic link loop); it was not read again")
            return
        }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            problems.append("cannot read folder '\(folder)': \(error.localizedDescription)")
            return
        }
        for entry in entries {
            let path = (folder as NSString).appendingPathComponent(entry)
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            if skips(entry, isDirectory.boolValue) { continue }
            if isDirectory.boolValue {
                walk(path, depth: depth + 1)
            } else {
                files.append(path)
            }
        }
    }
}

/// A file's device and inode: the same folder reached by two paths has one identity.
private struct FileIdentity: Hashable {
    let device: UInt64
    let inode: UInt64

    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
