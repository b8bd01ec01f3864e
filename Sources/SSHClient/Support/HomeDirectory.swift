import Glibc

/// `~` expansion as a shell (and OpenSSH) does it: `~` and `~/…` use `$HOME`, else the password
/// database; `~user/…` uses that user's home. Paths it cannot expand are returned unchanged.
enum HomeDirectory {
    /// The current user's home: `$HOME` when set and non-empty, else the password database entry.
    static var current: String? {
        if let home = environment("HOME"), !home.isEmpty { return home }
        return passwordEntryHome { entry, buffer, size, result in getpwuid_r(getuid(), entry, buffer, size, result) }
    }

    static func expandingTilde(in path: String) -> String {
        guard path.hasPrefix("~") else { return path }
        let slash = path.firstIndex(of: "/") ?? path.endIndex
        let user = path[path.index(after: path.startIndex)..<slash]
        let home = user.isEmpty ? current : passwordEntryHome { entry, buffer, size, result in
            getpwnam_r(String(user), entry, buffer, size, result)
        }
        guard var home else { return path }
        let rest = path[slash...].drop { $0 == "/" }
        while home.count > 1, home.hasSuffix("/") { home.removeLast() }
        if rest.isEmpty { return home }
        return (home == "/" ? "" : home) + "/" + rest
    }

    /// The variable `name` of this process's environment.
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    private static func passwordEntryHome(
        _ lookup: (UnsafeMutablePointer<passwd>, UnsafeMutablePointer<CChar>, Int,
                   UnsafeMutablePointer<UnsafeMutablePointer<passwd>?>) -> Int32
    ) -> String? {
        var size = 1024
        while size <= 1 << 20 {
            var entry = passwd()
            var result: UnsafeMutablePointer<passwd>?
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: size)
            defer { buffer.deallocate() }
            let status = lookup(&entry, buffer, size, &result)
            if status == ERANGE { size *= 4; continue }
            guard status == 0, result != nil, let directory = entry.pw_dir else { return nil }
            return String(cString: directory)
        }
        return nil
    }
}
