import Foundation

/// The files a test wrote, as a sorted list to compare.
enum FileTree {
    /// Every regular file under `directory`, relative, sorted.
    static func files(under directory: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory)
        var result: [String] = []
        while let next = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory + "/" + next, isDirectory: &isDirectory),
               !isDirectory.boolValue {
                result.append(next)
            }
        }
        return result.sorted()
    }
}
