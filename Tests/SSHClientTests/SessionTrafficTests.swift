@testable import SSHClient
import Testing

/// Who may call libssh2 on a shared session and who waits for what: each transition of
/// `SessionTraffic`, driven as the session drives it.
@Suite struct SessionTrafficTests {
    /// Park tokens handed out in order, as the reactor would.
    final class Tokens {
        var next: UInt64 = 100
        func make() -> UInt64 {
            next += 1
            return next
        }
    }

    @Test func theFirstBlockedCallerPollsInTheDirectionsLibssh2Reported() {
        var traffic = SessionTraffic()
        let tokens = Tokens()
        _ = traffic.called(1, wouldBlock: true, events: .readable, received: false)
        let wait = traffic.wait(1, makeToken: tokens.make)
        #expect(wait == .poll(.readable))
    }

    @Test func aCallerWithNoBlockedCallSinceItsLastWaitPollsForReading() {
        var traffic = SessionTraffic()
        let wait = traffic.wait(1, makeToken: Tokens().make)
        #expect(wait == .poll(.readable))
    }

    @Test func aSecondBlockedCallerParksWhileThePollerCoversItsDirections() {
        var traffic = SessionTraffic()
        let tokens = Tokens()
        _ = traffic.called(1, wouldBlock: true, events: [.readable, .writable], received: false)
        _ = traffic.wait(1, makeToken: tokens.make)
        // Caller 1's half-sent packet owns the outbound side, so 2 may not call at all.
        #expect(!traffic.mayCall(2))
        traffic.refused(2)
        let wait = traffic.wait(2, makeToken: tokens.make)
        #expect(wait == .park(token: 101, interruptPoller: false))
    }

    @Test func aParkedCallerNeedingMoreDirectionsInterruptsThePoller() {
        var traffic = SessionTraffic()
        let tokens = Tokens()
        _ = traffic.called(1, wouldBlock: true, events: .readable, received: false)
        let wait = traffic.wait(1, makeToken: tokens.make)
        #expect(wait == .poll(.readable))
        _ = traffic.called(2, wouldBlock: true, events: .writable, received: false)
        // 2 left a half-sent packet: it owns the outbound side, and the poller waits only to read.
        #expect(traffic.outboundOwner == 2)
        let wait2 = traffic.wait(2, makeToken: tokens.make)
        #expect(wait2 == .park(token: 101, interruptPoller: true))
    }

    @Test func progressSinceTheBlockedCallMeansRetryNotWait() {
        var traffic = SessionTraffic()
        _ = traffic.called(1, wouldBlock: true, events: .readable, received: false)
        // Caller 2's call read bytes from the socket: maybe caller 1's.
        let (wake, interrupt) = traffic.called(2, wouldBlock: false, events: [], received: true)
        #expect(wake.isEmpty)
        #expect(!interrupt)
        let wait = traffic.wait(1, makeToken: Tokens().make)
        #expect(wait == .retry)
    }

    @Test func receivedBytesWakeTheParkedAndEndAnotherCallersPoll() {
        var traffic = SessionTraffic()
        let tokens = Tokens()
        _ = traffic.called(1, wouldBlock: true, events: .readable, received: false)
        _ = traffic.wait(1, makeToken: tokens.make)
        _ = traffic.called(2, wouldBlock: true, events: .readable, received: false)
        _ = traffic.wait(2, makeToken: tokens.make)
        _ = traffic.called(3, wouldBlock: true, events: .readable, received: false)
        _ = traffic.wait(3, makeToken: tokens.make)
        let (wake, interrupt) = traffic.called(3, wouldBlock: false, events: [], received: true)
        #expect(wake == [101, 102])
        #expect(interrupt, "the poller (1) must look again: libssh2 may now hold its data")
        // Woken once: the next progress wakes nobody.
        let call = traffic.called(3, wouldBlock: false, events: [], received: true)
        #expect(call.wake.isEmpty)
    }

    @Test func thePollerItselfReceivingDoesNotInterruptItsOwnWait() {
        var traffic = SessionTraffic()
        _ = traffic.called(1, wouldBlock: true, events: .readable, received: false)
        _ = traffic.wait(1, makeToken: Tokens().make)
        let call = traffic.called(1, wouldBlock: false, events: [], received: true)
        #expect(!call.interruptPoller)
    }

    @Test func aCallWithNothingReceivedIsNoProgress() {
        var traffic = SessionTraffic()
        let before = traffic.progress
        let call = traffic.called(1, wouldBlock: true, events: .readable, received: false)
        #expect(call == ([], false))
        #expect(traffic.progress == before)
    }

    @Test func finishingAHalfSentPacketFreesTheOutboundSideAndCountsAsProgress() {
        var traffic = SessionTraffic()
        _ = traffic.called(1, wouldBlock: true, events: .writable, received: false)
        #expect(traffic.mayCall(1))
        #expect(!traffic.mayCall(2))
        let before = traffic.progress
        _ = traffic.called(1, wouldBlock: false, events: [], received: false)
        #expect(traffic.outboundOwner == nil)
        #expect(traffic.mayCall(2))
        #expect(traffic.progress == before + 1)
    }

    @Test func aPollEndingWakesTheParkedAndFreesThePollerSeat() {
        var traffic = SessionTraffic()
        let tokens = Tokens()
        _ = traffic.called(1, wouldBlock: true, events: .readable, received: false)
        _ = traffic.wait(1, makeToken: tokens.make)
        _ = traffic.called(2, wouldBlock: true, events: .readable, received: false)
        let wait = traffic.wait(2, makeToken: tokens.make)
        #expect(wait == .park(token: 101, interruptPoller: false))
        let woken = traffic.pollEnded(1)
        #expect(woken == [101])
        // The seat is free: 2, still blocked after its retry, becomes the poller.
        _ = traffic.called(2, wouldBlock: true, events: .readable, received: false)
        let wait2 = traffic.wait(2, makeToken: tokens.make)
        #expect(wait2 == .poll(.readable))
    }

    @Test func aTimedOutParkIsNotWokenLater() {
        var traffic = SessionTraffic()
        let tokens = Tokens()
        _ = traffic.wait(1, makeToken: tokens.make)
        _ = traffic.called(2, wouldBlock: true, events: .readable, received: false)
        let wait = traffic.wait(2, makeToken: tokens.make)
        #expect(wait == .park(token: 101, interruptPoller: false))
        traffic.parkTimedOut(101)
        let woken = traffic.pollEnded(1)
        #expect(woken.isEmpty)
    }

    @Test func leavingWithAHalfSentPacketIsReportedAndWakesTheOthers() {
        var traffic = SessionTraffic()
        let tokens = Tokens()
        _ = traffic.called(1, wouldBlock: true, events: .writable, received: false)
        _ = traffic.wait(1, makeToken: tokens.make)
        traffic.refused(2)
        _ = traffic.wait(2, makeToken: tokens.make)
        let (abandoned, wake) = traffic.left(1)
        #expect(abandoned)
        #expect(wake == [101])
        #expect(traffic.mayCall(2))
    }

    @Test func leavingCleanlyAbandonsNothing() {
        var traffic = SessionTraffic()
        _ = traffic.called(1, wouldBlock: true, events: .readable, received: false)
        let leaving = traffic.left(1)
        #expect(leaving == (false, []))
        // Its blocked record went with it: a new wait starts fresh.
        let wait = traffic.wait(1, makeToken: Tokens().make)
        #expect(wait == .poll(.readable))
    }
}
