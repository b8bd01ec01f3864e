import Playbook

/// Writes whole strings to a file descriptor (the console's stdout or stderr, an events file) with
/// one `write` per call, retrying short writes and EINTR, so one call's text is never split by
/// another writer's. Errors (a closed pipe) are dropped: a lost console must not stop the run.
public struct FileDescriptorWriter: Sendable {
    public let fd: Int32

    public init(fd: Int32) {
        self.fd = fd
    }

    /// Standard output.
    public static let standardOutput = FileDescriptorWriter(fd: 1)
    /// Standard error.
    public static let standardError = FileDescriptorWriter(fd: 2)

    /// Writes `text` completely; returns false when the descriptor failed.
    @discardableResult
    public func write(_ text: String) -> Bool {
        do throws(DescriptorWriteError) {
            try DescriptorWrite.all(text, to: fd)
            return true
        } catch {
            return false
        }
    }
}
