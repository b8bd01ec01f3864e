import Synchronization

/// Keeps the last `limit` bytes of a command's output (both streams together): enough for a short
/// answer or an error message, never more memory than that.
public final class TailSink: OutputSink {
    private let limit: Int
    private let bytes = Mutex<[UInt8]>([])

    public init(limit: Int = 64 * 1024) {
        self.limit = limit
    }

    public func receive(_ chunk: OutputChunk) async throws {
        bytes.withLock { bytes in
            bytes += chunk.bytes
            if bytes.count > limit { bytes.removeFirst(bytes.count - limit) }
        }
    }

    /// What was kept, decoded as UTF-8 (invalid bytes replaced).
    public var text: String { String(decoding: bytes.withLock { $0 }, as: UTF8.self) }
}
