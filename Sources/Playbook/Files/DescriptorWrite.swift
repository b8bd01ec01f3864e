import Glibc

/// Writes whole buffers to a blocking file descriptor (a file, a pipe, a terminal). The one write
/// loop for those: it continues after a short write and retries EINTR, so a signal or a full pipe
/// never loses the tail of what a caller wrote, and a failure comes back with its errno.
///
/// Not for non-blocking descriptors: no caller has one (pbrun's own non-blocking sockets go through
/// SSHClient's reactor), so EAGAIN is a failure like any other errno. pbrun does not ignore SIGPIPE:
/// a write to a pipe whose reader is gone ends the process, as for other command-line tools; with
/// SIGPIPE ignored it is an EPIPE failure.
public enum DescriptorWrite {
    /// Writes every byte of `bytes` to `descriptor`, in order.
    public static func all(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) throws(DescriptorWriteError) {
        if let failure = failure(writing: bytes, to: descriptor) { throw failure }
    }

    /// Writes every byte of `bytes` to `descriptor`, in order.
    public static func all(_ bytes: [UInt8], to descriptor: Int32) throws(DescriptorWriteError) {
        if let failure = bytes.withUnsafeBytes({ failure(writing: $0, to: descriptor) }) { throw failure }
    }

    /// Writes `text` as UTF-8 to `descriptor`.
    public static func all(_ text: String, to descriptor: Int32) throws(DescriptorWriteError) {
        var text = text
        if let failure = text.withUTF8({ failure(writing: UnsafeRawBufferPointer($0), to: descriptor) }) {
            throw failure
        }
    }

    /// The loop itself; nil when every byte was written.
    private static func failure(writing bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> DescriptorWriteError? {
        guard let base = bytes.baseAddress else { return nil }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return DescriptorWriteError(code: errno)
            }
            // Only a zero-length write may return 0; taking it as progress could loop forever.
            guard written > 0 else { return DescriptorWriteError(code: EIO) }
            offset += written
        }
        return nil
    }
}

/// A write to a file descriptor failed.
public struct DescriptorWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The errno `write` set (EPIPE, ENOSPC, EBADF…).
    public let code: Int32

    public init(code: Int32) {
        self.code = code
    }

    /// The system's words for `code`, as `strerror` gives them ("Broken pipe").
    public var reason: String { String(cString: strerror(code)) }

    public var description: String { reason }
}
