/// One step of a play (or one handler): what it does on each host and the rules around it. Every
/// value read from the file keeps its location; expressions (`when`, `until`, `failed_when`,
/// `changed_when`) and templated text stay strings for the template engine to parse.
public struct Step: Sendable {
    /// Unique in its list (steps or handlers): the `id:` given, or one derived from the name by
    /// `StepID.derive(from:)`. Its location is the `id:` value's, else the name's, else the step's.
    public let id: Located<String>
    /// The `name:` shown in output, if given.
    public let name: Located<String>?
    /// Where the step's mapping starts.
    public let location: SourceLocation
    /// 0-based position in its list, which is also its index in the play's `StepGraph`.
    public let index: Int
    /// What the step does: exactly one action.
    public let action: StepAction

    /// The steps (ids or exact names) this one waits for; nil means "the step before it".
    public let needs: [Located<String>]?
    /// Conditions that must all hold for the step to run on a host.
    public let when: [Located<String>]
    /// The variable that receives the step's result (`exit`, `stdout`, `stderr`, …).
    public let register: Located<String>?
    /// The step's own `vars:`, seen by this step's templates and conditions only: above the play's
    /// vars, below registered results and extra vars.
    public let vars: Variables
    /// Environment variables for the command, added to the play's.
    public let env: [EnvironmentVariable]
    /// Working directory on the host; nil means the play's.
    public let cwd: Located<String>?
    /// Time limit of the command; nil means the play's `timeout`.
    public let timeout: Located<Duration>?
    /// How many more times to try after a failure (or while `until` does not hold).
    public let retries: Located<Int>?
    /// The pause between tries.
    public let delay: Located<Duration>?
    /// Conditions that must all hold for the step to count as done; otherwise it is retried.
    public let until: [Located<String>]
    /// Exit codes that count as success; nil means `[0]`.
    public let okExit: Located<[Int]>?
    /// Conditions that, all holding, make the step fail whatever its exit code.
    public let failedWhen: [Located<String>]
    /// Conditions that, all holding, report the step as changed.
    public let changedWhen: [Located<String>]
    /// A failure is reported but does not stop the host.
    public let ignoreErrors: Bool
    /// Run on the first host of the batch only.
    public let runOnce: Bool
    /// nil means the play's `become`.
    public let become: Bool?
    /// The user to become; nil means the play's (or root).
    public let becomeUser: Located<String>?
    /// A path on the host: skip the step when it exists.
    public let creates: Located<String>?
    /// A path on the host: skip the step when it does not exist.
    public let removes: Located<String>?
    /// A command on the host: skip the step when it exits 0.
    public let unless: Located<String>?
    /// A read-only command `run --check` runs instead of the step: exit 0 means "nothing to do".
    public let check: Located<String>?
    /// Handlers (ids or exact names) to run at the end of the play when this step changed something.
    public let notify: [Located<String>]
    /// Tags for `--tags` and `--skip-tags`.
    public let tags: [Located<String>]
    /// The step's command, output and registered value are masked in every output.
    public let secret: Bool

    /// A step; everything but its identity and action has the format's default.
    public init(id: Located<String>, name: Located<String>?, location: SourceLocation, index: Int,
                action: StepAction, needs: [Located<String>]? = nil, when: [Located<String>] = [],
                register: Located<String>? = nil, vars: Variables = Variables(), env: [EnvironmentVariable] = [],
                cwd: Located<String>? = nil,
                timeout: Located<Duration>? = nil, retries: Located<Int>? = nil, delay: Located<Duration>? = nil,
                until: [Located<String>] = [], okExit: Located<[Int]>? = nil, failedWhen: [Located<String>] = [],
                changedWhen: [Located<String>] = [], ignoreErrors: Bool = false, runOnce: Bool = false,
                become: Bool? = nil, becomeUser: Located<String>? = nil, creates: Located<String>? = nil,
                removes: Located<String>? = nil, unless: Located<String>? = nil, check: Located<String>? = nil,
                notify: [Located<String>] = [], tags: [Located<String>] = [], secret: Bool = false) {
        self.id = id
        self.name = name
        self.location = location
        self.index = index
        self.action = action
        self.needs = needs
        self.when = when
        self.register = register
        self.vars = vars
        self.env = env
        self.cwd = cwd
        self.timeout = timeout
        self.retries = retries
        self.delay = delay
        self.until = until
        self.okExit = okExit
        self.failedWhen = failedWhen
        self.changedWhen = changedWhen
        self.ignoreErrors = ignoreErrors
        self.runOnce = runOnce
        self.become = become
        self.becomeUser = becomeUser
        self.creates = creates
        self.removes = removes
        self.unless = unless
        self.check = check
        self.notify = notify
        self.tags = tags
        self.secret = secret
    }

    /// The name, or the id when the step has none.
    public var displayName: String { name?.value ?? id.value }

    /// The exit codes that count as success (`ok_exit`, default `[0]`).
    public var okExitCodes: [Int] { okExit?.value ?? [0] }

    /// The most `retries` a step may give: far more than any real wait needs, and small enough that
    /// counting attempts (`retries + 1`) can never overflow.
    public static let maximumRetries = 1_000_000

    /// Tries after the first: `retries`, or 3 when only `until` is given (Ansible's default).
    public var retryCount: Int { retries?.value ?? (until.isEmpty ? 0 : 3) }

    /// The pause between tries: `delay`, default 5 seconds (Ansible's default).
    public var retryDelay: Duration { delay?.value ?? .seconds(5) }
}
