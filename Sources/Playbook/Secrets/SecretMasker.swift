/// Replaces every secret value with `********` in any text pbrun writes: console lines, error
/// messages, reports, `--output-dir` files. Built once per run from every secret (variables from
/// `secret_env`, `secret_file`, `--secrets-file`, and outputs of `secret: true` steps, added as
/// they appear); masking is one pass over the text whatever the number of secrets.
///
/// Besides each secret as it is, the masker looks for the forms a template is likely to write it
/// in: shell-quoted (`| quote`), JSON-escaped (`| to_json`), and each line of a multi-line secret
/// (a key file printed line by line).
public struct SecretMasker: Sendable {
    /// The secrets as given (not the derived forms).
    public let secrets: Set<String>
    private let automaton: SecretAutomaton

    /// The text every secret is replaced with.
    public static let mask = "********"

    /// Lines of a multi-line secret shorter than this are not masked on their own (a `}` line
    /// would mask every brace).
    static let shortestLine = 6

    public init(secrets: Set<String>) {
        self.secrets = secrets
        automaton = SecretAutomaton(Self.forms(of: secrets))
    }

    /// A masker that knows `more` secrets as well (a `secret: true` step's output, once it ran).
    public func adding(_ more: Set<String>) -> SecretMasker {
        SecretMasker(secrets: secrets.union(more))
    }

    /// Whether there is no secret to mask.
    public var isEmpty: Bool { automaton.isEmpty }

    /// `text` with every secret replaced.
    public func mask(_ text: String) -> String {
        if automaton.isEmpty { return text }
        var stream = streaming()
        var bytes = stream.feed(text.utf8)
        bytes += stream.finish()
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A diagnostic whose message and source line have every secret replaced.
    public func mask(_ diagnostic: Diagnostic) -> Diagnostic {
        Diagnostic(diagnostic.severity, at: diagnostic.location, mask(diagnostic.message),
                   sourceLine: diagnostic.sourceLine.map { mask($0) })
    }

    /// A value with every string inside it masked (extra vars recorded in a report).
    public func mask(_ value: Value) -> Value {
        switch value {
        case .string(let text): return .string(mask(text))
        case .list(let items): return .list(items.map { mask($0) })
        case .map(let map): return .map(Value.OrderedMap(map.pairs.map { ($0.key, mask($0.value)) }))
        case .null, .bool, .int, .double: return value
        }
    }

    /// A masker for one stream of output chunks (see `StreamingSecretMasker`).
    public func streaming() -> StreamingSecretMasker {
        StreamingSecretMasker(automaton: automaton)
    }

    static func forms(of secrets: Set<String>) -> Set<String> {
        var forms = Set<String>()
        for secret in secrets where !secret.isEmpty {
            forms.insert(secret)
            forms.insert(ShellQuoting.quote(secret))
            forms.insert(String(JSONWriter.quoted(secret).dropFirst().dropLast()))
            if secret.contains("\n") {
                for line in secret.split(whereSeparator: \.isNewline) where line.count >= shortestLine {
                    forms.insert(String(line))
                }
            }
        }
        return forms
    }
}
