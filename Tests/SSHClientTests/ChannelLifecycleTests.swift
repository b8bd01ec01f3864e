@testable import SSHClient
import Testing

/// Each transition of a channel's lifecycle: every request goes once and in order, and the exit
/// status is read only once the server closed.
@Suite struct ChannelLifecycleTests {
    @Test func aCommandRunsClosesAndIsFreedInOrder() {
        var life = ChannelLifecycle()
        let started = life.start()
        #expect(started)
        let started2 = life.start()
        #expect(!started2, "a channel runs one command")
        let sendsEOF = life.closeInput()
        #expect(sendsEOF)
        let sendsEOF2 = life.closeInput()
        #expect(!sendsEOF2, "EOF goes once")
        #expect(!life.exitIsFinal)
        let closes = life.beginClose()
        #expect(closes)
        #expect(life.awaitsServerClose)
        #expect(!life.exitIsFinal, "the exit status is not in before the server's close")
        life.serverClosed()
        #expect(life.exitIsFinal)
        #expect(!life.awaitsServerClose)
        let frees = life.free()
        #expect(frees)
        let frees2 = life.free()
        #expect(!frees2, "freed once")
        #expect(life.phase == .freed)
    }

    @Test func aTimedOutCloseOnlyWaitsAgain() {
        var life = ChannelLifecycle()
        _ = life.start()
        let closes = life.beginClose()
        #expect(closes)
        // The wait for the server's close timed out; the second close must not send another.
        let closes2 = life.beginClose()
        #expect(!closes2)
        #expect(life.awaitsServerClose)
    }

    @Test func inputClosesOnlyWhileTheCommandRuns() {
        var unstarted = ChannelLifecycle()
        let sendsEOF = unstarted.closeInput()
        #expect(!sendsEOF)
        var closing = ChannelLifecycle()
        _ = closing.start()
        _ = closing.beginClose()
        let sendsEOF2 = closing.closeInput()
        #expect(!sendsEOF2)
    }

    @Test func aFailurePathFreesFromAnyPhase() {
        for steps in 0...3 {
            var life = ChannelLifecycle()
            if steps > 0 { _ = life.start() }
            if steps > 1 { _ = life.beginClose() }
            if steps > 2 { life.serverClosed() }
            let frees = life.free()
            #expect(frees)
            #expect(!life.exitIsFinal)
            let closes = life.beginClose()
            #expect(!closes)
        }
    }
}
