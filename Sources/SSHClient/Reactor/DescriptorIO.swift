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

    /// Where a write goes: a socket takes `send` with `MSG_NOSIGNAL`; a file (known_hosts) `write`.
    enum Destination {
        case socket
        case file
    }

    static func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, to destination: Destination = .socket)
        -> Outcome
    {
        while true {
            let count = switch destination {
            case .socket: Glibc.send(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            case .file: Glibc.write(descriptor, bytes.baseAddress, bytes.count)
            }
            if count > 0 { return .moved(count) }
            if count == 0 { return .wouldBlock }
            if errno == EINTR { continue }
            return errno == EAGAIN || errno == EWOULDBLOCK ? .wouldBlock : .failed(errno)
        }
    }

    /// Writes `bytes` from the front for as long as the descriptor takes them, continuing after
    /// short writes: SSHClient's one loop over them. Returns how many went out and, when not all
    /// did, why it stopped (`.wouldBlock` or `.failed`).
    static func writeAvailable(_ descriptor: Int32, _ bytes: ArraySlice<UInt8>, to destination: Destination = .socket)
        -> (written: Int, stopped: Outcome?)
    {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let outcome = bytes[offset...].withUnsafeBytes { write(descriptor, $0, to: destination) }
            guard case .moved(let count) = outcome else { return (offset - bytes.startIndex, outcome) }
            offset += count
        }
        return (bytes.count, nil)
    }

    /// Writes all of `bytes`, waiting on the reactor while the descriptor is full; false when the
    /// other side is gone.
    static func writeAll(_ descriptor: Int32, _ bytes: ArraySlice<UInt8>, reactor: Reactor) async -> Bool {
        var rest = bytes
        while true {
            let (written, stopped) = writeAvailable(descriptor, rest)
            rest = rest.dropFirst(written)
            switch stopped {
            case nil: return true
            case .wouldBlock: _ = await reactor.wait(for: descriptor, .writable, until: .distantFuture)
            case .moved, .end, .failed: return false
            }
        }
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
