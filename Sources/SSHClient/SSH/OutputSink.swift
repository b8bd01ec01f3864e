/// A piece of a command's output, as it arrived.
public struct OutputChunk: Sendable {
    /// Which stream the bytes came from.
    public enum Stream: Sendable, Hashable {
        case stdout
        case stderr
    }

    public var stream: Stream
    /// The bytes, exactly as received (not necessarily UTF-8, not split at line ends).
    public var bytes: [UInt8]

    public init(stream: Stream, bytes: [UInt8]) {
        self.stream = stream
        self.bytes = bytes
    }
}

/// Where a command's output goes while it runs. The session awaits `receive` before it reads more,
/// so a slow sink slows the remote command down through SSH flow control rather than filling
/// memory: no output is buffered beyond one chunk per stream.
public protocol OutputSink: Sendable {
    /// Takes one chunk; throwing stops the command (reported as `CommandError.outputFailed`).
    func receive(_ chunk: OutputChunk) async throws
}

/// A sink that drops everything, for commands whose output does not matter.
public struct DiscardingSink: OutputSink {
    public init() {}
    public func receive(_ chunk: OutputChunk) async throws {}
}
