import Playbook

/// A play as the plan has it, named by its position in the playbook.
public struct PlayRef: Sendable, Hashable {
    /// 1-based position of the play in the playbook.
    public let position: Int
    /// The play's name (or a generated one when the playbook gave none).
    public let name: String
    /// Where the play starts in the playbook, for annotations.
    public let location: SourceLocation?

    public init(position: Int, name: String, location: SourceLocation? = nil) {
        self.position = position
        self.name = name
        self.location = location
    }
}

/// A step (or handler) of a play, as every output names it.
public struct StepRef: Sendable, Hashable {
    /// The play the step belongs to.
    public let play: PlayRef
    /// 1-based position in the play's file order (handlers count separately, from 1).
    public let position: Int
    /// The step's id (unique in its play).
    public let id: String
    /// The step's human name, or its id when it has none.
    public let name: String
    /// Where the step is defined, so a failure can point at its line.
    public let location: SourceLocation?
    /// Whether this is a handler (runs at the end of the play when notified).
    public let isHandler: Bool

    public init(play: PlayRef, position: Int, id: String, name: String? = nil,
                location: SourceLocation? = nil, isHandler: Bool = false) {
        self.play = play
        self.position = position
        self.id = id
        self.name = name ?? id
        self.location = location
        self.isHandler = isHandler
    }

    /// `NN-ID` (steps) or `hNN-ID` (handlers): the file stem under `--output-dir`.
    public var fileStem: String {
        let number = position < 10 ? "0\(position)" : "\(position)"
        return (isHandler ? "h" : "") + number + "-" + id
    }
}

/// One play of the plan outline carried by `runStarted`: its hosts and its steps in order.
public struct PlayPlan: Sendable, Hashable {
    public let play: PlayRef
    /// Inventory names of the hosts the play targets, in inventory order.
    public let hosts: [String]
    /// The play's steps in file order, then its handlers.
    public let steps: [StepRef]
    /// `strategy:` of the play.
    public let strategy: Strategy
    /// `parallel_steps:` of the play (1: one step at a time per host).
    public let parallelSteps: Int

    public init(play: PlayRef, hosts: [String], steps: [StepRef], strategy: Strategy = .linear,
                parallelSteps: Int = 1) {
        self.play = play
        self.hosts = hosts
        self.steps = steps
        self.strategy = strategy
        self.parallelSteps = parallelSteps
    }

    /// Whether results of different steps arrive mixed (`strategy: free` lets hosts run ahead,
    /// `parallel_steps` runs several steps at once), so no line can stand under one step's header.
    public var stepsInterleave: Bool { strategy == .free || parallelSteps > 1 }
}
