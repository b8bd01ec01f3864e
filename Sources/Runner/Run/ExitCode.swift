/// pbrun's process exit status. Each code has exactly one meaning (DESIGN.md, decision 7); they
/// follow the codes ansible-playbook documents, which CI jobs already script against. This is the
/// one place the numbers are written; only `main` turns a value into the process status.
public struct ExitCode: Equatable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    /// Every host ran every step it was meant to, successfully.
    public static let ok = ExitCode(rawValue: 0)
    /// At least one host failed a step (wins over `.unreachable`).
    public static let hostFailed = ExitCode(rawValue: 2)
    /// At least one host was unreachable and none failed.
    public static let unreachable = ExitCode(rawValue: 3)
    /// The playbook or inventory is invalid; no host was touched.
    public static let invalidInput = ExitCode(rawValue: 4)
    /// The command line was wrong.
    public static let badOptions = ExitCode(rawValue: 5)
    /// The run was interrupted (SIGINT/SIGTERM).
    public static let interrupted = ExitCode(rawValue: 99)
    /// A bug in pbrun.
    public static let internalError = ExitCode(rawValue: 250)

    private init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    public var description: String { String(rawValue) }
}
