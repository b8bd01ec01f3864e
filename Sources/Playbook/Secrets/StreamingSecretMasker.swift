/// Masks secrets in a stream of output chunks (a step's stdout going to the console or to an
/// `--output-dir` file), including a secret split across two chunks: bytes that could still be the
/// start of a secret are held back until the next chunk (or `finish()`) decides. At most the
/// longest secret's length minus one byte is ever held.
///
/// Every region of the text covered by a secret becomes `********`; overlapping secrets merge into
/// one mask.
public struct StreamingSecretMasker: Sendable {
    private let automaton: SecretAutomaton
    private var state: Int32 = 0
    /// Bytes not yet written out; `pending[0]` is at absolute offset `pendingStart`.
    private var pending: [UInt8] = []
    private var pendingStart = 0
    /// Absolute offset of the next byte to be read.
    private var position = 0
    /// Secret regions found in `pending`, as absolute half-open ranges, sorted and disjoint.
    private var regions: [Range<Int>] = []

    /// The text every secret is replaced with.
    public static let mask: [UInt8] = Array("********".utf8)

    init(automaton: SecretAutomaton) {
        self.automaton = automaton
    }

    /// Reads a chunk and returns the bytes that are now certain, masked.
    public mutating func feed(_ chunk: some Sequence<UInt8>) -> [UInt8] {
        let bytes = Array(chunk)
        if automaton.isEmpty { return bytes }
        let base = position
        var found: [Range<Int>] = []
        bytes.withUnsafeBufferPointer { buffer in
            automaton.scan(buffer, state: &state) { index, length in
                found.append(base + index + 1 - length..<base + index + 1)
            }
        }
        for region in found { addRegion(region) }
        pending.append(contentsOf: bytes)
        position += bytes.count
        // No secret found later can start before `position - depth`: everything before is final,
        // except a region that reaches past that point and could still merge with a later one.
        var boundary = position - Int(automaton.depth[Int(state)])
        if let straddling = regions.first(where: { $0.upperBound > boundary }) {
            boundary = min(boundary, straddling.lowerBound)
        }
        return emit(upTo: boundary)
    }

    /// Returns everything still held, masked; the masker can then start a new stream.
    public mutating func finish() -> [UInt8] {
        let output = emit(upTo: position)
        state = 0
        return output
    }

    /// A masker for `other`'s secrets that takes over the bytes this one still holds back (not yet
    /// written), and what it can already release of them; for a stream whose secrets grew.
    public func handingOver(to other: SecretMasker) -> (StreamingSecretMasker, [UInt8]) {
        var next = other.streaming()
        let released = next.feed(pending)
        return (next, released)
    }

    private mutating func addRegion(_ region: Range<Int>) {
        var merged = region
        while let last = regions.last, last.upperBound > merged.lowerBound {
            merged = min(last.lowerBound, merged.lowerBound)..<max(last.upperBound, merged.upperBound)
            regions.removeLast()
        }
        regions.append(merged)
    }

    private mutating func emit(upTo boundary: Int) -> [UInt8] {
        guard boundary > pendingStart else { return [] }
        var output: [UInt8] = []
        output.reserveCapacity(boundary - pendingStart)
        var cursor = pendingStart
        var finished = 0
        for region in regions {
            guard region.upperBound <= boundary else { break }
            output.append(contentsOf: pending[(cursor - pendingStart)..<(region.lowerBound - pendingStart)])
            output.append(contentsOf: Self.mask)
            cursor = region.upperBound
            finished += 1
        }
        regions.removeFirst(finished)
        output.append(contentsOf: pending[(cursor - pendingStart)..<(boundary - pendingStart)])
        pending.removeFirst(boundary - pendingStart)
        pendingStart = boundary
        return output
    }
}
