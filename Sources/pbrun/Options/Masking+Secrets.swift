import Playbook
import Runner

extension Masking {
    /// Masking for every output of a run: each secret value (and the forms derived from it that the
    /// masker knows) becomes `********`, also when split across output chunks.
    static func secrets(_ values: Set<String>) -> Masking {
        guard !values.isEmpty else { return .none }
        let masker = SecretMasker(secrets: values)
        return Masking(text: { masker.mask($0) }, makeStream: { SecretStreamMasker(masker.streaming()) })
    }
}

/// The reporters' `StreamMasker` over Playbook's streaming secret masker.
struct SecretStreamMasker: StreamMasker {
    private var masker: StreamingSecretMasker

    init(_ masker: StreamingSecretMasker) {
        self.masker = masker
    }

    mutating func mask(_ chunk: [UInt8]) -> [UInt8] { masker.feed(chunk) }
    mutating func flush() -> [UInt8] { masker.finish() }
}
