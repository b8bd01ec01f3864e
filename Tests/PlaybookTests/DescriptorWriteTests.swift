import Foundation
import Glibc
import Playbook
import Synchronization
import Testing

/// The one loop that writes whole buffers to a blocking descriptor: short writes are continued,
/// EINTR retried, and a failure comes back as its errno.
@Suite(.serialized) struct DescriptorWriteTests {
    /// A reader taking small bites slowly and a writer interrupted by signals over and over: each
    /// interrupted `write` returns short (or EINTR when nothing moved yet), and every byte must still
    /// arrive once, in order.
    @Test func interruptedWritesToASlowReaderDeliverEveryByteInOrder() throws {
        let (readEnd, writeEnd) = try makePipe()
        let bytes = (0..<(2 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) }

        // A handler without SA_RESTART, so a signal ends a blocked write early instead of resuming it.
        var interrupting = sigaction()
        interrupting.__sigaction_handler.sa_handler = { _ in }
        sigemptyset(&interrupting.sa_mask)
        interrupting.sa_flags = 0
        var previous = sigaction()
        sigaction(SIGUSR1, &interrupting, &previous)
        defer { sigaction(SIGUSR1, &previous, nil) }

        let received = Mutex<[UInt8]>([])
        let readerDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = Glibc.read(readEnd, &buffer, buffer.count)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                received.withLock { $0 += buffer[..<count] }
                usleep(50)
            }
            close(readEnd)
            readerDone.signal()
        }

        let writer = Mutex<pthread_t?>(nil)
        let writing = Atomic<Bool>(true)
        let signals = Atomic<Int>(0)
        let writerDone = DispatchSemaphore(value: 0)
        let outcome = Mutex<DescriptorWriteError?>(nil)
        Thread.detachNewThread {
            // A new thread may start with signals blocked; this one must take SIGUSR1.
            var usr1 = sigset_t()
            sigemptyset(&usr1)
            sigaddset(&usr1, SIGUSR1)
            pthread_sigmask(SIG_UNBLOCK, &usr1, nil)
            writer.withLock { $0 = pthread_self() }
            do throws(DescriptorWriteError) {
                try DescriptorWrite.all(bytes, to: writeEnd)
            } catch {
                outcome.withLock { $0 = error }
            }
            writing.store(false, ordering: .sequentiallyConsistent)
            writerDone.signal()
        }
        while writing.load(ordering: .sequentiallyConsistent) {
            // The writer thread lives until `writerDone`, so its id stays valid while `writing` holds.
            if let thread = writer.withLock({ $0 }), writing.load(ordering: .sequentiallyConsistent) {
                pthread_kill(thread, SIGUSR1)
                signals.add(1, ordering: .relaxed)
            }
            usleep(200)
        }
        writerDone.wait()
        close(writeEnd)
        readerDone.wait()

        #expect(outcome.withLock { $0 } == nil)
        #expect(signals.load(ordering: .relaxed) > 10, "the writer was interrupted while the pipe was full")
        let got = received.withLock { $0 }
        #expect(got.count == bytes.count)
        // Where the bytes first differ, not `got == bytes`: a diff of two 2 MiB arrays takes minutes.
        #expect(got.indices.first { got[$0] != bytes[$0] } == nil)
    }

    /// A pipe nobody reads any more is EPIPE, not a crash (with SIGPIPE ignored, as the test process
    /// does here; pbrun itself leaves SIGPIPE at its default).
    @Test func aPipeWithoutAReaderIsABrokenPipeError() throws {
        let (readEnd, writeEnd) = try makePipe()
        close(readEnd)
        defer { close(writeEnd) }
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        #expect(throws: DescriptorWriteError(code: EPIPE)) {
            try DescriptorWrite.all("lost\n", to: writeEnd)
        }
        #expect(DescriptorWriteError(code: EPIPE).reason == "Broken pipe")
    }

    @Test func aClosedDescriptorIsABadFileDescriptorError() throws {
        let (readEnd, writeEnd) = try makePipe()
        close(readEnd)
        close(writeEnd)
        #expect(throws: DescriptorWriteError(code: EBADF)) {
            try DescriptorWrite.all([1, 2, 3], to: writeEnd)
        }
    }

    @Test func nothingToWriteSucceedsWithoutTouchingTheDescriptor() throws {
        try DescriptorWrite.all([], to: -1)
        try DescriptorWrite.all("", to: -1)
    }

    private func makePipe() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw DescriptorWriteError(code: errno) }
        return (ends[0], ends[1])
    }
}
