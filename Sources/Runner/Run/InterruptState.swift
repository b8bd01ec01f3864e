import Report

/// What Ctrl-C (SIGINT) and SIGTERM do to a run, as a value: no I/O, so every transition is
/// unit-tested. The first signal stops new steps and starts the grace period; a second signal, or the
/// end of the grace period, stops the running commands at once. Later signals change nothing: the
/// run is already being stopped as fast as it can.
struct InterruptState: Sendable, Equatable {
    private enum State: Sendable, Equatable {
        /// No signal yet.
        case running
        /// One signal: no new steps start; running commands have the grace period to finish.
        case stopping
        /// Running commands are being stopped on the hosts (second signal, or the grace period ran
        /// out). Final.
        case aborting
    }

    /// What the run must do after an event.
    enum Action: Sendable, Equatable {
        /// Start no new steps, report a graceful interrupt, and start the grace timer.
        case stopGracefully
        /// Stop the running commands now, reporting why (`.forced` or `.graceExpired`).
        case abort(InterruptKind)
        /// Nothing more to do.
        case none
    }

    private var state = State.running

    /// A SIGINT or SIGTERM arrived.
    mutating func signalReceived() -> Action {
        switch state {
        case .running:
            state = .stopping
            return .stopGracefully
        case .stopping:
            state = .aborting
            return .abort(.forced)
        case .aborting:
            return .none
        }
    }

    /// The grace period that the first signal started is over.
    mutating func graceExpired() -> Action {
        guard state == .stopping else { return .none }
        state = .aborting
        return .abort(.graceExpired)
    }

    /// Whether the running commands are being stopped.
    var isAborting: Bool { state == .aborting }
}
