/// What a step left behind on one host, as `steps.ID.…`, a `register:` name, and (in the step's
/// own `until`/`failed_when`/`changed_when`) `result`, `exit`, `stdout` and `stderr` show it.
public struct StepResult: Sendable, Hashable {
    /// The exit code; nil when the step did not run a command (skipped).
    public var exit: Int?
    /// The kept tail of standard output.
    public var stdout: String
    /// The kept tail of standard error.
    public var stderr: String
    public var changed: Bool
    public var skipped: Bool
    public var failed: Bool
    /// Seconds the step took.
    public var duration: Double
    /// Whether the step said `secret: true`: its output is then masked everywhere pbrun writes.
    public var isSecret: Bool

    public init(exit: Int?, stdout: String = "", stderr: String = "", changed: Bool = false, skipped: Bool = false,
                failed: Bool = false, duration: Double = 0, isSecret: Bool = false) {
        self.exit = exit
        self.stdout = stdout
        self.stderr = stderr
        self.changed = changed
        self.skipped = skipped
        self.failed = failed
        self.duration = duration
        self.isSecret = isSecret
    }

    /// The result of a step that was skipped on this host.
    public static let skippedStep = StepResult(exit: nil, skipped: true)

    /// The fields a result has, in the order `value` lists them.
    public static let fieldNames = [
        "exit", "stdout", "stderr", "stdout_lines", "changed", "skipped", "failed", "duration",
    ]

    /// The names that mean the step's own result inside its own conditions.
    public static let ownResultNames = ["result", "exit", "stdout", "stderr"]

    /// The result as a map: `exit` (int or null), `stdout`, `stderr`, `stdout_lines` (stdout split
    /// at newlines, without a trailing empty line), `changed`, `skipped`, `failed`, `duration`.
    public var value: Value {
        var lines = stdout.split(separator: "\n", omittingEmptySubsequences: false).map {
            Value.string($0.hasSuffix("\r") ? String($0.dropLast()) : String($0))
        }
        if stdout.isEmpty || stdout.hasSuffix("\n") { lines.removeLast() }
        return .map(Value.OrderedMap([
            ("exit", exit.map { .int($0) } ?? .null),
            ("stdout", .string(stdout)),
            ("stderr", .string(stderr)),
            ("stdout_lines", .list(lines)),
            ("changed", .bool(changed)),
            ("skipped", .bool(skipped)),
            ("failed", .bool(failed)),
            ("duration", .double(duration)),
        ]))
    }
}

extension VariableScope {
    /// Makes the results of the steps that ran so far (on this host) visible as `steps.ID.…`.
    public mutating func setStepResults(_ results: [(id: String, result: StepResult)]) {
        let map = Value.OrderedMap(results.map { ($0.id, $0.result.value) })
        setBuiltin("steps", .map(map), isSecret: results.contains { $0.result.isSecret })
    }

    /// Adds a `register: NAME` result at the registered level of the precedence chain. Its
    /// strings are data: a `{{` in a command's output is never expanded.
    public mutating func register(_ name: String, _ result: StepResult) {
        add(VariableLayer(.registered, name: "register '\(name)'", values: Value.OrderedMap([(name, result.value)]),
                          defaultLocation: nil, secretNames: result.isSecret ? [name] : []))
    }

    /// A copy in which `result`, `exit`, `stdout` and `stderr` name a step's own result, for its
    /// `until`, `failed_when` and `changed_when` conditions.
    public func withOwnResult(_ result: StepResult) -> VariableScope {
        var copy = self
        let fields = result.value
        copy.setBuiltin("result", fields, isSecret: result.isSecret)
        copy.setBuiltin("exit", result.exit.map { .int($0) } ?? .null)
        copy.setBuiltin("stdout", .string(result.stdout), isSecret: result.isSecret)
        copy.setBuiltin("stderr", .string(result.stderr), isSecret: result.isSecret)
        return copy
    }
}
