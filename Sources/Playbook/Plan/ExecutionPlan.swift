/// What `pbrun run` executes, made before any host is touched (DESIGN.md, data flow): the plays in
/// order, each with its rolling batches of hosts and its steps in graph order, and how to reach every
/// host. The runner consumes only this; it never reads YAML or looks at the inventory again.
public struct ExecutionPlan: Sendable {
    public var plays: [PlannedPlay]
    /// How to reach each host of the run, by inventory name.
    public var connections: [String: HostConnection]
    /// Renders each step for each host and judges its results (templates, `when`, `failed_when`, …).
    public var preparer: any StepPreparer
    /// Every secret value any host's variables hold, and every string a template known before the
    /// run computed from one (`pw | b64encode`), for masking every output of the plan and the run.
    public var secretValues: Set<String>
    /// The become (sudo) password the inventory gives each host (`ansible_become_password`,
    /// `ansible_become_pass`), by inventory name; its values are in `secretValues` too.
    public var becomePasswords: [String: String]

    public init(plays: [PlannedPlay], connections: [String: HostConnection], preparer: any StepPreparer,
                secretValues: Set<String> = [], becomePasswords: [String: String] = [:]) {
        self.plays = plays
        self.connections = connections
        self.preparer = preparer
        self.secretValues = secretValues.union(becomePasswords.values)
        self.becomePasswords = becomePasswords
    }

    /// Every host the run targets, in first-seen order.
    public var hosts: [String] {
        var seen = Set<String>()
        return plays.flatMap { $0.batches.flatMap { $0 } }.filter { seen.insert($0).inserted }
    }
}

/// One play of the plan.
public struct PlannedPlay: Sendable {
    /// 1-based position in the playbook.
    public var position: Int
    public var name: String
    public var location: SourceLocation?
    public var strategy: Strategy
    /// Independent steps one host may run at once (`parallel_steps`); 1 means one after another.
    public var parallelSteps: Int
    /// Hosts in flight at once; nil means the run's `--forks`.
    public var forks: Int?
    public var gate: FailureGate
    /// The play's hosts split by `serial:`; one batch when there is none.
    public var batches: [[String]]
    /// The steps in the order they run (the graph's deterministic topological order).
    public var steps: [PlannedStep]
    /// The handlers in definition order (the order they run in when notified).
    public var handlers: [PlannedStep]

    public init(position: Int, name: String, location: SourceLocation?, strategy: Strategy, parallelSteps: Int = 1,
                forks: Int?, gate: FailureGate, batches: [[String]], steps: [PlannedStep], handlers: [PlannedStep]) {
        self.position = position
        self.name = name
        self.location = location
        self.strategy = strategy
        self.parallelSteps = parallelSteps
        self.forks = forks
        self.gate = gate
        self.batches = batches
        self.steps = steps
        self.handlers = handlers
    }
}

/// One step (or handler) and the rules around it that do not depend on the host.
public struct PlannedStep: Sendable {
    /// 1-based position in its play's file order (handlers count on their own, from 1).
    public var position: Int
    public var id: String
    public var name: String
    public var location: SourceLocation?
    public var isHandler: Bool
    /// Exit codes that count as success.
    public var okExit: [Int]
    public var ignoreErrors: Bool
    /// Runs on the first host of each batch only; the others record it as skipped.
    public var runOnce: Bool
    /// Tries after the first (with `until`, or after a failure).
    public var retries: Int
    /// Seconds between tries.
    public var delay: Double
    /// Positions (1-based) of the handlers this step notifies when it changed something.
    public var notifies: [Int]
    /// Output and registered value are masked everywhere.
    public var secret: Bool
    /// Positions (1-based, file order) of the planned steps of the same play that must have finished
    /// on a host before this one starts there: its ancestors in the step graph that were selected.
    public var waitsFor: [Int]

    public init(position: Int, id: String, name: String, location: SourceLocation?, isHandler: Bool = false,
                okExit: [Int] = [0], ignoreErrors: Bool = false, runOnce: Bool = false, retries: Int = 0,
                delay: Double = 0, notifies: [Int] = [], secret: Bool = false, waitsFor: [Int] = []) {
        self.position = position
        self.id = id
        self.name = name
        self.location = location
        self.isHandler = isHandler
        self.okExit = okExit
        self.ignoreErrors = ignoreErrors
        self.runOnce = runOnce
        self.retries = retries
        self.delay = delay
        self.notifies = notifies
        self.secret = secret
        self.waitsFor = waitsFor
    }
}
