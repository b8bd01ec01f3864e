@testable import Runner
import Testing

/// Every transition of the interrupt policy: first signal graceful, second forced, the grace period
/// running out after the first, and nothing more once the commands are being stopped.
@Suite struct InterruptStateTests {
    @Test func theFirstSignalStopsGracefully() {
        var state = InterruptState()
        #expect(state.signalReceived() == .stopGracefully)
        #expect(!state.isAborting)
    }

    @Test func aSecondSignalAbortsAsForced() {
        var state = InterruptState()
        _ = state.signalReceived()
        #expect(state.signalReceived() == .abort(.forced))
        #expect(state.isAborting)
    }

    @Test func theGracePeriodRunningOutAbortsAsGraceExpired() {
        var state = InterruptState()
        _ = state.signalReceived()
        #expect(state.graceExpired() == .abort(.graceExpired))
        #expect(state.isAborting)
    }

    @Test func signalsAfterTheAbortChangeNothing() {
        var forced = InterruptState()
        _ = forced.signalReceived()
        _ = forced.signalReceived()
        #expect(forced.signalReceived() == .none)
        #expect(forced.signalReceived() == .none)

        var expired = InterruptState()
        _ = expired.signalReceived()
        _ = expired.graceExpired()
        // One Ctrl-C and an expired grace period: a later Ctrl-C is not reported as a second one.
        #expect(expired.signalReceived() == .none)
    }

    @Test func theGraceTimerAfterAForcedAbortChangesNothing() {
        var state = InterruptState()
        _ = state.signalReceived()
        _ = state.signalReceived()
        #expect(state.graceExpired() == .none)
        #expect(state.isAborting)
    }

    @Test func aGraceTimerWithoutASignalChangesNothing() {
        var state = InterruptState()
        #expect(state.graceExpired() == .none)
        #expect(!state.isAborting)
        #expect(state.signalReceived() == .stopGracefully)
    }
}

/// pbrun's exit codes are a contract CI jobs script against (DESIGN.md, decision 7).
@Suite struct ExitCodeTests {
    @Test func eachCodeHasItsDocumentedNumber() {
        let codes: [(ExitCode, Int32)] = [
            (.ok, 0), (.hostFailed, 2), (.unreachable, 3), (.invalidInput, 4), (.badOptions, 5), (.interrupted, 99),
            (.internalError, 250),
        ]
        for (code, number) in codes { #expect(code.rawValue == number) }
    }
}
