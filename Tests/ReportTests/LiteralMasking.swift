import Foundation
@testable import Report

// A masker for report tests: it replaces fixed strings, so a test can say which text is a secret
// without going through pbrun's secret resolution (whose masker is tested in PlaybookTests).

extension Masking {
    /// Replaces each of `secrets` (non-empty strings) by `replacement` wherever it occurs, also when a
    /// secret is split across chunks of a stream.
    static func literals(_ secrets: [String], replacement: String = "********") -> Masking {
        let needles = secrets.filter { !$0.isEmpty }.sorted { $0.utf8.count > $1.utf8.count }
        if needles.isEmpty { return .none }
        let byteNeedles = needles.map { Array($0.utf8) }
        let replacementBytes = Array(replacement.utf8)
        return Masking(
            text: { text in needles.reduce(text) { $0.replacingOccurrences(of: $1, with: replacement) } },
            makeStream: { LiteralStreamMasker(needles: byteNeedles, replacement: replacementBytes) })
    }
}

/// Replaces literal byte strings in a stream, holding back at most (longest secret − 1) bytes so a
/// secret split across two chunks is still caught.
struct LiteralStreamMasker: StreamMasker {
    private let needles: [[UInt8]]
    private let replacement: [UInt8]
    private let holdBack: Int
    private var pending: [UInt8] = []

    init(needles: [[UInt8]], replacement: [UInt8]) {
        self.needles = needles.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        self.replacement = replacement
        self.holdBack = max(0, (self.needles.first?.count ?? 1) - 1)
    }

    mutating func mask(_ chunk: [UInt8]) -> [UInt8] {
        pending += chunk
        return emit(final: false)
    }

    mutating func flush() -> [UInt8] {
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
