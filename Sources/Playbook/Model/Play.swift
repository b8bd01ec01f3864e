/// One play: which hosts, how to run over them, and its steps and handlers.
public struct Play: Sendable {
    /// The file the play was written in.
    public let file: String
    /// Where the play's mapping starts (for an inline play: the top of the file).
    public let location: SourceLocation
    /// The `name:`, if given.
    public let name: Located<String>?
    /// The host pattern text (`web:&prod:!web03`), resolved against an inventory later. A YAML
    /// list of patterns is joined with `:` as Ansible does.
    public let hosts: Located<String>
    /// The play's `vars:` (an inline play has none of its own: its vars are the file's).
    public let vars: Variables
    /// Hosts in flight at once for this play; nil means the command line's `--forks`.
    public let forks: Located<Int>?
    /// `linear` (the default) or `free`.
    public let strategy: Strategy
    /// How many independent steps (no path between them in the graph) one host may run at once,
    /// each on its own channel of the host's session; nil means one at a time.
    public let parallelSteps: Located<Int>?
    /// Rolling batch sizes; empty means one batch of all hosts.
    public let serial: [Located<BatchSize>]
    /// Stop when more than this share of a batch failed.
    public let maxFailPercentage: Located<Double>?
    /// Stop the run when any host fails.
    public let anyErrorsFatal: Bool
    /// The default time limit of each step's command.
    public let timeout: Located<Duration>?
    /// How long connecting and authenticating a host may take.
    public let connectTimeout: Located<Duration>?
    /// Environment variables for every step.
    public let env: [EnvironmentVariable]
    /// Working directory for every step.
    public let cwd: Located<String>?
    /// Run every step with sudo (a step may override it).
    public let become: Bool
    /// The user to become; nil means root.
    public let becomeUser: Located<String>?
    /// The steps, in file order (their `index` is their position here).
    public let steps: [Step]
    /// Steps that run at the end of the play, once, on the hosts where a step notified them.
    public let handlers: [Step]
    /// The steps' dependencies, order and notify targets, resolved.
    public let graph: StepGraph

    /// A play as decoded; `graph` must be built from `steps` and `handlers`.
    public init(file: String, location: SourceLocation, name: Located<String>?, hosts: Located<String>,
                vars: Variables, forks: Located<Int>?, strategy: Strategy, parallelSteps: Located<Int>? = nil,
                serial: [Located<BatchSize>],
                maxFailPercentage: Located<Double>?, anyErrorsFatal: Bool, timeout: Located<Duration>?,
                connectTimeout: Located<Duration>?, env: [EnvironmentVariable], cwd: Located<String>?,
                become: Bool, becomeUser: Located<String>?, steps: [Step], handlers: [Step], graph: StepGraph) {
        self.file = file
        self.location = location
        self.name = name
        self.hosts = hosts
        self.vars = vars
        self.forks = forks
        self.strategy = strategy
        self.parallelSteps = parallelSteps
        self.serial = serial
        self.maxFailPercentage = maxFailPercentage
        self.anyErrorsFatal = anyErrorsFatal
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.env = env
        self.cwd = cwd
        self.become = become
        self.becomeUser = becomeUser
        self.steps = steps
        self.handlers = handlers
        self.graph = graph
    }

    /// The play's name, or its host pattern when it has none.
    public var displayName: String { name?.value ?? hosts.value }

    /// The failure rules of `any_errors_fatal` and `max_fail_percentage`.
    public var failureGate: FailureGate {
        FailureGate(anyErrorsFatal: anyErrorsFatal, maxFailPercentage: maxFailPercentage?.value)
    }
}

/// How a play moves its hosts through the steps (DESIGN.md, decision 4).
public enum Strategy: String, Sendable, CaseIterable {
    /// Every host of a batch finishes a step before any host starts the next (the default).
    case linear
    /// Each host runs through the steps at its own pace.
    case free
}
