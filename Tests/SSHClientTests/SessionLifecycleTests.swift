@testable import SSHClient
import Testing

/// Each transition of a session's lifecycle (`SessionLifecycle`) and of its channel-opening turn
/// (`OpeningTurn`), as `SSHSession` drives them.
@Suite struct SessionLifecycleTests {
    @Test func anOpenSessionTakesCommandsAndKeepalivesWhenIdle() {
        var life = SessionLifecycle()
        #expect(life.broken == nil)
        #expect(life.isIdleAndOpen)
        life.entered()
        #expect(!life.isIdleAndOpen, "a busy session sends its own keepalives")
        let leaving = life.left(abandonedPacket: false)
        #expect(leaving.isEmpty)
        #expect(life.isIdleAndOpen)
    }

    @Test func aBrokenTransportFailsLaterCommandsWithTheLatestCause() {
        var life = SessionLifecycle()
        life.breaks("Unable to send FXP_OPEN")
        life.breaks("Connection reset by peer")
        #expect(life.broken == "Connection reset by peer")
        #expect(!life.isIdleAndOpen)
    }

    @Test func leavingAHalfSentPacketBreaksTheSessionUnlessItAlreadyBroke() {
        var life = SessionLifecycle()
        life.entered()
        _ = life.left(abandonedPacket: true)
        #expect(life.broken == "a packet could not be sent before its deadline")
        var earlier = SessionLifecycle()
        earlier.breaks("socket closed")
        earlier.entered()
        _ = earlier.left(abandonedPacket: true)
        #expect(earlier.broken == "socket closed")
    }

    @Test func closingAnOpenSessionIsPoliteAndHappensOnce() {
        var life = SessionLifecycle()
        let closes = life.beginClose()
        #expect(closes == (true, true))
        #expect(life.broken == "the session was closed")
        let closes2 = life.beginClose()
        #expect(closes2 == (false, false))
        life.finishClose()
        #expect(life.isClosed)
        #expect(life.broken == "the session was closed")
    }

    @Test func closingABrokenSessionSaysNoGoodbyeAndKeepsTheCause() {
        var life = SessionLifecycle()
        life.breaks("Connection reset by peer")
        let closes = life.beginClose()
        #expect(closes == (true, false))
        #expect(life.broken == "Connection reset by peer")
    }

    @Test func closeWaitsForEveryUserAndTheLastToLeaveWakesIt() {
        var life = SessionLifecycle()
        life.entered()
        life.entered()
        _ = life.beginClose()
        var next: UInt64 = 7
        let token = life.awaitIdle { next += 1; return next }
        #expect(token == 8)
        let leaving = life.left(abandonedPacket: false)
        #expect(leaving.isEmpty)
        let leaving2 = life.left(abandonedPacket: false)
        #expect(leaving2 == [8])
        let token2 = life.awaitIdle { next += 1; return next }
        #expect(token2 == nil)
        #expect(next == 8, "no token is made once idle")
    }

    @Test func theOpeningTurnGoesFirstComeFirstServed() {
        var turn = OpeningTurn()
        var made: UInt64 = 0
        let make = { () -> UInt64 in made += 1; return made }
        let request = turn.request(1, makeToken: make)
        #expect(request == .taken)
        let request2 = turn.request(1, makeToken: make)
        #expect(request2 == .alreadyHeld)
        let request3 = turn.request(2, makeToken: make)
        #expect(request3 == .wait(token: 1))
        let request4 = turn.request(3, makeToken: make)
        #expect(request4 == .wait(token: 2))
        let next = turn.pass()
        #expect(next == 1)
        #expect(turn.holder == 2)
        let next2 = turn.pass()
        #expect(next2 == 2)
        #expect(turn.holder == 3)
        let next3 = turn.pass()
        #expect(next3 == nil)
        #expect(turn.holder == nil)
    }

    @Test func aWaiterThatGivesUpLeavesTheQueueUnlessTheTurnReachedIt() {
        var turn = OpeningTurn()
        var made: UInt64 = 0
        let make = { () -> UInt64 in made += 1; return made }
        _ = turn.request(1, makeToken: make)
        _ = turn.request(2, makeToken: make)
        _ = turn.request(3, makeToken: make)
        let handedOver = turn.gaveUp(token: 1)
        #expect(!handedOver, "still queued: it just leaves")
        let next = turn.pass()
        #expect(next == 2, "3 is next, not the one that gave up")
        // The turn reached 3 as its deadline passed: it must pass it on.
        let handedOver2 = turn.gaveUp(token: 2)
        #expect(handedOver2)
        let next2 = turn.pass()
        #expect(next2 == nil)
    }
}
