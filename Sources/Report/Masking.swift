/// How reporters keep secrets out of what they show and write (DESIGN.md, decision 10). `text` masks a
/// whole string (messages, tails, provenance); `makeStream` makes a masker for one output stream whose
/// secrets may be split across chunks. Playbook's secret masker plugs in through `init(text:makeStream:)`.
public struct Masking: Sendable {
    /// Masks secrets in a complete string.
    public let text: @Sendable (String) -> String
    /// Makes a fresh masker for one byte stream (one host × step × stdout/stderr).
    public let makeStream: @Sendable () -> any StreamMasker
    /// Makes more secrets known to `text` and to every stream masker, from the next text or chunk
    /// on: the run calls it with a `secret: true` step's output before any later step's output is
    /// written. Does nothing for a masking that cannot learn (`none`, `literals`).
    public let learn: @Sendable (Set<String>) -> Void

    public init(text: @escaping @Sendable (String) -> String,
                makeStream: @escaping @Sendable () -> any StreamMasker,
                learn: @escaping @Sendable (Set<String>) -> Void = { _ in }) {
        self.text = text
        self.makeStream = makeStream
        self.learn = learn
    }

    /// Masks nothing: for runs without secrets.
    public static let none = Masking(text: { $0 }, makeStream: { PassThroughMasker() })

    /// Masks a complete byte buffer (a tail), as one whole stream.
    func bytes(_ bytes: [UInt8]) -> [UInt8] {
        var masker = makeStream()
        return masker.mask(bytes) + masker.flush()
    }
}

/// A masker for one stream of bytes: `mask` returns what is safe to write now (it may hold back the
/// start of a possible secret), `flush` returns what it held back at the end of the stream.
public protocol StreamMasker: Sendable {
    mutating func mask(_ chunk: [UInt8]) -> [UInt8]
    mutating func flush() -> [UInt8]
}

/// Writes everything through unchanged.
public struct PassThroughMasker: StreamMasker {
    public init() {}
    public mutating func mask(_ chunk: [UInt8]) -> [UInt8] { chunk }
    public mutating func flush() -> [UInt8] { [] }
}
