import Foundation
import Synchronization

/// The run's secret masker, which learns secrets while the run goes on: the output of a
/// `secret: true` step and strings a template computed from a secret become known only when a
/// step ran or was rendered on a host, and from then on they are masked in everything pbrun writes.
///
/// Safe to share between the scheduler's tasks (which `add`) and the reporters (which mask): one
/// lock guards the set of secrets. The masker is rebuilt lazily, at the first use after secrets
/// were added, so a burst of additions (every host finishing a secret step) costs one rebuild.
public final class LiveSecretMasker: Sendable {
    private struct State {
        var secrets: Set<String>
        /// The masker for `secrets`; nil after an addition until it is next needed.
        var masker: SecretMasker?
        /// Counts additions, so stream maskers notice them.
        var generation = 0
    }

    private let state: Mutex<State>

    /// A masker that starts out knowing `secrets`.
    public init(secrets: Set<String> = []) {
        state = Mutex(State(secrets: secrets.filter { !$0.isEmpty }))
    }

    /// Makes `more` secrets known from now on; safe from any task, cheap when nothing is new.
    public func add(_ more: Set<String>) {
        state.withLock { state in
            let new = more.filter { !$0.isEmpty && !state.secrets.contains($0) }
            guard !new.isEmpty else { return }
            state.secrets.formUnion(new)
            state.masker = nil
            state.generation += 1
        }
    }

    /// Every secret known now.
    public var secrets: Set<String> { state.withLock { $0.secrets } }

    /// `text` with every secret known now replaced.
    public func mask(_ text: String) -> String {
        current().masker.mask(text)
    }

    /// A masker for one stream of output chunks that also masks secrets added after it was made.
    public func streaming() -> LiveStreamingSecretMasker {
        LiveStreamingSecretMasker(source: self)
    }

    /// The masker for the secrets known now, and the generation it belongs to.
    func current() -> (masker: SecretMasker, generation: Int) {
        state.withLock { state in
            if let masker = state.masker { return (masker, state.generation) }
            let masker = SecretMasker(secrets: state.secrets)
            state.masker = masker
            return (masker, state.generation)
        }
    }

    /// The generation of the secrets known now.
    var generation: Int { state.withLock { $0.generation } }

    // MARK: - A secret step's output

    /// Output longer than this (bytes) is not learnt whole; its lines still are.
    static let longestValue = 1024
    /// At most this many bytes of one output are learnt (the masker's table grows with them).
    static let outputBudget = 4096
    /// Shorter values are not learnt: masking `ok` or `0` would hide every such word.
    static let shortestValue = 4

    /// The values of a `secret: true` step's output to mask from now on: the whole output (without
    /// surrounding white space) and each line of it, each when 4 to 1024 bytes long, at most 4 KiB
    /// in all.
    public static func values(ofOutput text: String) -> Set<String> {
        var values = Set<String>()
        var budget = outputBudget
        func learn(_ value: Substring) {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            let size = trimmed.utf8.count
            guard size >= shortestValue, size <= longestValue, size <= budget,
                  values.insert(trimmed).inserted else { return }
            budget -= size
        }
        learn(Substring(text))
        for line in text.split(whereSeparator: \.isNewline) { learn(line) }
        return values
    }
}

/// One output stream's masker over a `LiveSecretMasker`: when secrets were added since the last
/// chunk, it switches to the new masker and hands it the bytes it still held back, so a secret
/// learnt while this stream was open is masked from the next chunk on.
public struct LiveStreamingSecretMasker: Sendable {
    private let source: LiveSecretMasker
    private var generation: Int
    private var masker: StreamingSecretMasker

    init(source: LiveSecretMasker) {
        self.source = source
        let current = source.current()
        generation = current.generation
        masker = current.masker.streaming()
    }

    /// Reads a chunk and returns the bytes that are now certain, masked.
    public mutating func feed(_ chunk: some Sequence<UInt8>) -> [UInt8] {
        guard source.generation != generation else { return masker.feed(chunk) }
        let current = source.current()
        let released: [UInt8]
        (masker, released) = masker.handingOver(to: current.masker)
        generation = current.generation
        return released + masker.feed(chunk)
    }

    /// Returns everything still held, masked.
    public mutating func finish() -> [UInt8] {
        masker.finish()
    }
}
