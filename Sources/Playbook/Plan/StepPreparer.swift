/// Turns a planned step into the work for one host, and judges what that work produced. The planner
/// implements it with the host's variables and the template engine; the runner calls it just before a
/// step runs on a host (so conditions can see results registered by earlier steps) and after each
/// attempt. Everything it needs that does not depend on earlier results was already checked when the
/// plan was made.
public protocol StepPreparer: Sendable {
    /// What `step` of play `play` (1-based) does on `host`, given the results registered there so far.
    func prepare(play: Int, step: PlannedStep, host: String, registered: RegisteredResults) -> Preparation

    /// Whether an attempt's `result` failed, changed something and met `until`, by the step's
    /// `ok_exit`, `failed_when`, `changed_when` and `until`.
    func judge(play: Int, step: PlannedStep, host: String, result: AttemptResult,
               registered: RegisteredResults) -> Judgement

    /// Whether anything reads the text of `step`'s output (its own conditions, or any step reading
    /// registered results). When nothing does, the runner skips decoding and keeping it per host.
    func keepsOutputText(play: Int, step: PlannedStep) -> Bool
}

extension StepPreparer {
    /// Keeps the text unless a preparer knows better.
    public func keepsOutputText(play: Int, step: PlannedStep) -> Bool { true }
}

/// A step made ready for one host.
public enum Preparation: Sendable {
    /// The step does not run on this host (`when` is false); the text says why.
    case skip(String)
    /// The step runs this work.
    case work(HostWork)
    /// The step cannot run on this host: a template failed at run time (an undefined registered value).
    case invalid(Diagnostic)
}

/// The rendered work of one step on one host.
public struct HostWork: Sendable, Hashable {
    public var action: WorkAction
    /// Skip when this path exists on the host (`creates`).
    public var creates: String?
    /// Skip when this path does not exist on the host (`removes`).
    public var removes: String?
    /// Skip when this command exits 0 on the host (`unless`).
    public var unless: String?
    /// A read-only probe for `--check`: exit 0 means nothing to do.
    public var check: String?
    /// Variables exported before the command.
    public var environment: [String: String]
    public var workingDirectory: String?
    /// Run as this user through sudo, when set.
    public var becomeUser: String?
    /// Seconds before the command is stopped on the host; nil for no limit.
    public var timeout: Double?
    /// Whether any rendered part (command, arguments, env, cwd, guards) read a secret: every command
    /// of the step then reaches the host on standard input, never in an argument list (`SecretDelivery`).
    public var readsSecret: Bool
    /// Strings the templates computed from secrets (`pw | b64encode`), for the run's masker.
    public var derivedSecrets: Set<String>

    public init(action: WorkAction, creates: String? = nil, removes: String? = nil, unless: String? = nil,
                check: String? = nil, environment: [String: String] = [:], workingDirectory: String? = nil,
                becomeUser: String? = nil, timeout: Double? = nil, readsSecret: Bool = false,
                derivedSecrets: Set<String> = []) {
        self.action = action
        self.creates = creates
        self.removes = removes
        self.unless = unless
        self.check = check
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.becomeUser = becomeUser
        self.timeout = timeout
        self.readsSecret = readsSecret
        self.derivedSecrets = derivedSecrets
    }
}

/// What a step does on a host, rendered.
public enum WorkAction: Sendable, Hashable {
    /// A shell command line (`run`, or `argv` already quoted).
    case shell(String)
    /// A local script uploaded to a temporary file, run with its arguments (already quoted), removed.
    case script(localPath: String, arguments: String)
    /// Bytes written to `destination` on the host (an `upload`'s file, a `template` rendered).
    case upload(content: [UInt8], destination: String, mode: Int?, owner: String?, group: String?)
    /// A file copied from the host into `directory/HOST/` on the controller.
    case download(source: String, directory: String)
    /// A shell command line run on the controller.
    case local(String)
}

/// One attempt's result, as conditions see it.
public struct AttemptResult: Sendable, Hashable {
    public var exitCode: Int32?
    public var signal: String?
    public var timedOut: Bool
    /// The bounded tails of the output (the whole output when it was short).
    public var stdout: String
    public var stderr: String
    /// Whether the action changed something by its own account (an upload that wrote the file).
    public var changed: Bool
    public var seconds: Double

    public init(exitCode: Int32?, signal: String? = nil, timedOut: Bool = false, stdout: String = "",
                stderr: String = "", changed: Bool = true, seconds: Double = 0) {
        self.exitCode = exitCode
        self.signal = signal
        self.timedOut = timedOut
        self.stdout = stdout
        self.stderr = stderr
        self.changed = changed
        self.seconds = seconds
    }
}

/// The verdict on one attempt.
public struct Judgement: Sendable, Hashable {
    public var failed: Bool
    public var changed: Bool
    /// Whether `until` holds (true when the step has no `until`).
    public var untilMet: Bool
    /// Why it failed, when a rule rather than the exit code decided (`failed_when: …`).
    public var message: String?

    public init(failed: Bool, changed: Bool, untilMet: Bool = true, message: String? = nil) {
        self.failed = failed
        self.changed = changed
        self.untilMet = untilMet
        self.message = message
    }
}

/// The results registered on one host so far, by step id (every step registers under its id, as
/// `steps.ID`; `register: NAME` adds another name).
public struct RegisteredResults: Sendable {
    public struct Entry: Sendable, Hashable {
        public var result: AttemptResult
        public var status: String
        public var failed: Bool
        public var skipped: Bool
        public var changed: Bool

        public init(result: AttemptResult, status: String, failed: Bool, skipped: Bool, changed: Bool) {
            self.result = result
            self.status = status
            self.failed = failed
            self.skipped = skipped
            self.changed = changed
        }
    }

    public var byStepID: [String: Entry] = [:]

    public init() {}
}
