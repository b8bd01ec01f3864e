import Foundation
import Playbook
#if canImport(Glibc)
import Glibc
#endif

/// A file written under a temporary name in its final directory and renamed into place by `commit`,
/// so a reader never sees half a report, also when the run is interrupted. Not thread-safe: each
/// instance is owned by one reporter actor.
public final class AtomicFile {
    /// The final path.
    public let path: String
    private let temporaryPath: String
    private var fd: Int32

    /// Creates the parent directories and the temporary file.
    public init(path: String) throws(ReportWriteError) {
        self.path = path
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ReportWriteError(path: path, reason: "cannot create directory \(directory): \(error)")
        }
        let unique = "\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        temporaryPath = directory + "/." + url.lastPathComponent + "." + unique + ".tmp"
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0 { throw ReportWriteError(path: path, reason: String(cString: strerror(errno))) }
    }

    deinit {
        // A file neither committed nor abandoned (a reporter dropped without finish): leave no litter.
        if fd >= 0 {
            close(fd)
            unlink(temporaryPath)
        }
    }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) throws(ReportWriteError) {
        guard fd >= 0 else { throw ReportWriteError(path: path, reason: "already closed") }
        do throws(DescriptorWriteError) {
            try DescriptorWrite.all(bytes, to: fd)
        } catch {
            throw ReportWriteError(path: path, reason: error.reason)
        }
    }

    /// Appends UTF-8 text.
    public func write(_ text: String) throws(ReportWriteError) {
        try write(Array(text.utf8))
    }

    /// Closes the temporary file and renames it over `path`.
    public func commit() throws(ReportWriteError) {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
        if rename(temporaryPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw ReportWriteError(path: path, reason: reason)
        }
    }

    /// Writes a whole file atomically.
    public static func write(_ text: String, to path: String) throws(ReportWriteError) {
        let file = try AtomicFile(path: path)
        try file.write(text)
        try file.commit()
    }
}

/// A report or output file could not be written.
public struct ReportWriteError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot write \(path): \(reason)" }
}
