/// What the SSH layer sends to run one command: the exec request's text and the bytes written to
/// the channel's standard input right after it. How the text is composed (sudo, exports, secrets
/// on standard input, the process-group wrapper) is the runner's business, not the transport's.
public struct ExecRequest: Sendable, Hashable {
    /// The text of the `exec` request, as the login shell's `-c` argument.
    public var text: String
    /// Bytes written to the command's standard input before anything is read; may be empty.
    public var standardInput: [UInt8]
    /// Whether standard input stays open while the command runs and its end means "stop": the
    /// command then watches its stdin, and EOF is sent only on timeout, on interrupt or once the
    /// command ended. Otherwise EOF follows `standardInput` at once.
    public var stopsAtEndOfInput: Bool
    /// Seconds after which the command is stopped and reported as timed out; nil for no limit.
    public var timeout: Double?

    public init(_ text: String, standardInput: [UInt8] = [], stopsAtEndOfInput: Bool = false, timeout: Double? = nil) {
        self.text = text
        self.standardInput = standardInput
        self.stopsAtEndOfInput = stopsAtEndOfInput
        self.timeout = timeout
    }
}
