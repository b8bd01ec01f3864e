/// Where a connection asks a person for a missing key passphrase or login password. The command
/// line passes a terminal prompt when someone can answer; the SSH layer only knows this shape.
public protocol SecretPrompt: Sendable {
    /// Shows `prompt` and returns the answer, or nil when none comes (no terminal, end of input).
    func readSecret(_ prompt: String) async -> String?
}
