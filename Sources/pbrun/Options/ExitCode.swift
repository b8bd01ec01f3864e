/// pbrun's process exit status. Each code has exactly one meaning (DESIGN.md, decision 7); they
/// follow the codes ansible-playbook documents, which CI jobs already script against.
struct ExitCode: Equatable, Sendable {
    let rawValue: Int32

    /// Every host ran every step it was meant to, successfully.
    static let ok = ExitCode(rawValue: 0)
    /// At least one host failed a step (wins over `.unreachable`).
    static let hostFailed = ExitCode(rawValue: 2)
    /// At least one host was unreachable and none failed.
    static let unreachable = ExitCode(rawValue: 3)
    /// The playbook or inventory is invalid; no host was touched.
    static let invalidInput = ExitCode(rawValue: 4)
    /// The command line was wrong.
    static let badOptions = ExitCode(rawValue: 5)
    /// The run was interrupted (SIGINT/SIGTERM).
    static let interrupted = ExitCode(rawValue: 99)
    /// A bug in pbrun.
    static let internalError = ExitCode(rawValue: 250)
}
