import Playbook
import Report
import Runner

extension Masking {
    /// Masking for every output of a run: each secret value (and the forms derived from it that the
    /// masker knows) becomes `********`, also when split across output chunks. It learns more
    /// secrets while the run goes on (a `secret: true` step's output), so it is never `.none`.
    static func secrets(_ values: Set<String>) -> Masking {
        let masker = LiveSecretMasker(secrets: values)
        return Masking(text: { masker.mask($0) }, makeStream: { SecretStreamMasker(masker.streaming()) },
                       learn: { masker.add($0) })
    }
}

extension Masking {
    /// The passwords and passphrase pbrun reads from its environment, masked like the plan's secrets.
    static func credentials(in environment: [String: String]) -> [String] {
        ["PBRUN_BECOME_PASSWORD", "PBRUN_PASSWORD", "PBRUN_KEY_PASSPHRASE"].compactMap { environment[$0] }
    }
}

/// The reporters' `StreamMasker` over Playbook's streaming secret masker.
struct SecretStreamMasker: StreamMasker {
    private var masker: LiveStreamingSecretMasker

    init(_ masker: LiveStreamingSecretMasker) {
        self.masker = masker
    }

    mutating func mask(_ chunk: [UInt8]) -> [UInt8] { masker.feed(chunk) }
    mutating func flush() -> [UInt8] { masker.finish() }
}
