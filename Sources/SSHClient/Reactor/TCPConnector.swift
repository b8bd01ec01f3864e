import Glibc
import Synchronization

/// Why a TCP connection could not be made.
public enum TCPConnectError: Error, Sendable, Equatable {
    /// The name has no address (`getaddrinfo` said so); the text is its message.
    case unresolvable(String)
    /// Name resolution did not finish before the deadline.
    case resolveTimedOut
    /// Every address refused (`ECONNREFUSED`).
    case refused
    /// The deadline passed while connecting.
    case timedOut
    /// Another socket error, by its `strerror` text.
    case failed(String)
}

/// Opens non-blocking TCP connections: resolves the name off the cooperative pool (bounded by the
/// deadline), tries every address in order (IPv4 and IPv6), and waits for `connect` on the reactor.
/// The socket it returns has `TCP_NODELAY` set and is owned by the caller.
public struct TCPConnector: Sendable {
    let reactor: Reactor

    public init(reactor: Reactor) {
        self.reactor = reactor
    }

    /// A connected, non-blocking socket to `host`:`port`.
    public func connect(host: String, port: Int, deadline: Deadline) async throws(TCPConnectError) -> Int32 {
        let addresses = try await resolve(host: host, port: port, deadline: deadline)
        var lastError = TCPConnectError.failed("no address")
        for address in addresses {
            do {
                return try await connect(to: address, deadline: deadline)
            } catch {
                lastError = error
                if error == .timedOut { break }
            }
        }
        throw lastError
    }

    // MARK: - Resolution

    /// One resolved address, as bytes of a `sockaddr`.
    struct Address: Sendable {
        var family: Int32
        var bytes: [UInt8]
    }

    private func resolve(host: String, port: Int, deadline: Deadline) async throws(TCPConnectError) -> [Address] {
        if let numeric = Self.lookup(host: host, port: port, numericOnly: true), case .success(let list) = numeric {
            return list
        }
        // getaddrinfo blocks: run it on a thread of its own and race it against the deadline.
        let outcome = OneShot<Result<[Address], TCPConnectError>>()
        BlockingThread.start(name: "pbrun-resolve") {
            let result = Self.lookup(host: host, port: port, numericOnly: false) ?? .failure(.unresolvable("no address"))
            outcome.complete(result)
        }
        let reactor = self.reactor
        Task { await reactor.sleep(until: deadline); outcome.complete(.failure(.resolveTimedOut)) }
        return try await outcome.value.get()
    }

    /// `getaddrinfo` for a stream socket; nil when `numericOnly` and the host is not an address.
    private static func lookup(host: String, port: Int, numericOnly: Bool) -> Result<[Address], TCPConnectError>? {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = numericOnly ? AI_NUMERICHOST | AI_NUMERICSERV : AI_NUMERICSERV | AI_ADDRCONFIG
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        defer { if let list { freeaddrinfo(list) } }
        guard status == 0 else {
            if numericOnly { return nil }
            return .failure(.unresolvable(String(cString: gai_strerror(status))))
        }
        var addresses: [Address] = []
        var cursor = list
        while let info = cursor {
            if let sockaddr = info.pointee.ai_addr {
                let bytes = UnsafeRawBufferPointer(start: sockaddr, count: Int(info.pointee.ai_addrlen))
                addresses.append(Address(family: info.pointee.ai_family, bytes: Array(bytes)))
            }
            cursor = info.pointee.ai_next
        }
        return addresses.isEmpty ? .failure(.unresolvable("no address")) : .success(addresses)
    }

    // MARK: - Connecting

    private func connect(to address: Address, deadline: Deadline) async throws(TCPConnectError) -> Int32 {
        let descriptor = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
            | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .failed(String(cString: strerror(errno))) }
        var one: Int32 = 1
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let started = address.bytes.withUnsafeBytes { raw in
            Glibc.connect(descriptor, raw.baseAddress?.assumingMemoryBound(to: sockaddr.self),
                          socklen_t(raw.count))
        }
        if started == 0 { return descriptor }
        guard errno == EINPROGRESS else {
            let error = errno
            Glibc.close(descriptor)
            throw error == ECONNREFUSED ? .refused : .failed(String(cString: strerror(error)))
        }
        let readiness = await reactor.wait(for: descriptor, .writable, until: deadline)
        reactor.forget(descriptor)
        guard readiness == .ready else {
            Glibc.close(descriptor)
            throw .timedOut
        }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
        guard error == 0 else {
            Glibc.close(descriptor)
            throw error == ECONNREFUSED ? .refused : .failed(String(cString: strerror(error)))
        }
        return descriptor
    }
}

/// A value that is set once, by whichever of several racers comes first, and awaited by one task.
final class OneShot<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var waiter: CheckedContinuation<Value, Never>?
    }

    private let state = Mutex(State())

    /// Sets the value unless one was set already; wakes the waiter.
    func complete(_ value: Value) {
        let waiter: CheckedContinuation<Value, Never>? = state.withLock { state in
            guard state.value == nil else { return nil }
            state.value = value
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: value)
    }

    /// The first value set.
    var value: Value {
        get async {
            await withCheckedContinuation { continuation in
                let ready: Value? = state.withLock { state in
                    if let value = state.value { return value }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }
}
