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

    /// Replaces each of `secrets` (non-empty strings) by `replacement` wherever it occurs, also when a
    /// secret is split across chunks of a stream.
    public static func literals(_ secrets: [String], replacement: String = "********") -> Masking {
        let needles = secrets.filter { !$0.isEmpty }.sorted { $0.utf8.count > $1.utf8.count }
        if needles.isEmpty { return .none }
        let byteNeedles = needles.map { Array($0.utf8) }
        let replacementBytes = Array(replacement.utf8)
        return Masking(
            text: { text in needles.reduce(text) { $0.replacingOccurrences(of: $1, with: replacement) } },
            makeStream: { LiteralStreamMasker(needles: byteNeedles, replacement: replacementBytes) })
    }

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

/// Replaces literal byte strings in a stream, holding back at most (longest secret − 1) bytes so a
/// secret split across two chunks is still caught.
public struct LiteralStreamMasker: StreamMasker {
    private let needles: [[UInt8]]
    private let replacement: [UInt8]
    private let holdBack: Int
    private var pending: [UInt8] = []

    public init(needles: [[UInt8]], replacement: [UInt8]) {
        self.needles = needles.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        self.replacement = replacement
        self.holdBack = max(0, (self.needles.first?.count ?? 1) - 1)
    }

    public mutating func mask(_ chunk: [UInt8]) -> [UInt8] {
        pending += chunk
        return emit(final: false)
    }

    public mutating func flush() -> [UInt8] {
        emit(final: true)
    }

    /// Scans `pending`, replacing matches; keeps the last `holdBack` unmatched bytes unless `final`.
    private mutating func emit(final: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(pending.count)
        var index = 0
        let limit = final ? pending.count : max(0, pending.count - holdBack)
        scan: while index < limit {
            for needle in needles where matches(needle, at: index) {
                out += replacement
                index += needle.count
                continue scan
            }
            out.append(pending[index])
            index += 1
        }
        pending.removeFirst(index)
        return out
    }

    private func matches(_ needle: [UInt8], at index: Int) -> Bool {
        guard index + needle.count <= pending.count else { return false }
        for offset in 0..<needle.count where pending[index + offset] != needle[offset] { return false }
        return true
    }
}
