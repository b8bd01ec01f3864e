internal import CLibSSH2
import Glibc

/// Reads and writes on pbrun's own non-blocking sockets (the socket pairs of tunnels), each call
/// retried on EINTR and "would block" returned as a value; the async forms wait on the reactor.
/// Writes use `MSG_NOSIGNAL`, so a peer that is gone is an error (EPIPE), never a SIGPIPE.
enum DescriptorIO {
    /// What one read or write did.
    enum Outcome: Equatable {
        /// This many bytes moved (more than 0).
        case moved(Int)
        /// A read found the end of the stream.
        case end
        /// Nothing can move now; wait for readiness.
        case wouldBlock
        /// It failed with this errno (EPIPE, ECONNRESET…): the other side is gone.
        case failed(Int32)
    }

    static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Outcome {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count > 0 { return .moved(count) }
            if count == 0 { return .end }
            if errno == EINTR { continue }
            return errno == EAGAIN || errno == EWOULDBLOCK ? .wouldBlock : .failed(errno)
        }
    }

    static func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Outcome {
        while true {
            let count = Glibc.send(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if count >= 0 { return .moved(count) }
            if errno == EINTR { continue }
            return errno == EAGAIN || errno == EWOULDBLOCK ? .wouldBlock : .failed(errno)
        }
    }

    /// Writes all of `bytes`, waiting on the reactor while the descriptor is full; false when the
    /// other side is gone.
    static func writeAll(_ descriptor: Int32, _ bytes: ArraySlice<UInt8>, reactor: Reactor) async -> Bool {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let outcome = bytes[offset...].withUnsafeBytes { write(descriptor, $0) }
            switch outcome {
            case .moved(let count): offset += count
            case .wouldBlock: _ = await reactor.wait(for: descriptor, .writable, until: .distantFuture)
            case .end, .failed: return false
            }
        }
        return true
    }

    /// How a `copy` ended.
    enum CopyEnd: Equatable {
        /// The source reached its end; everything read was written.
        case sourceEnded
        /// Reading the source failed (its errno).
        case sourceFailed(Int32)
        /// The destination would take no more.
        case destinationGone
    }

    /// Copies from `source` to `destination` until the source ends or either side fails, reading
    /// only when the destination took everything read before (so a slow side slows the other).
    /// `stopped` is asked after every wait on the source; `Reactor.interrupt(source)` ends such a
    /// wait early, so whoever sets what `stopped` reads can end the copy.
    static func copy(from source: Int32, to destination: Int32, reactor: Reactor,
                     stopped: () -> Bool = { false }) async -> CopyEnd {
        var buffer = [UInt8](repeating: 0, count: 32 * 1024)
        while true {
            switch buffer.withUnsafeMutableBytes({ read(source, into: $0) }) {
            case .moved(let count):
                guard await writeAll(destination, buffer[..<count], reactor: reactor) else { return .destinationGone }
            case .end:
                return .sourceEnded
            case .wouldBlock:
                _ = await reactor.wait(for: source, .readable, until: .distantFuture)
                if stopped() { return .sourceEnded }
            case .failed(let code):
                return .sourceFailed(code)
            }
        }
    }
}
