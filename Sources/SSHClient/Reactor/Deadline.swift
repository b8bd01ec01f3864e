import Glibc

/// A point on the monotonic clock, in nanoseconds. Deadlines are how every wait in pbrun ends:
/// libssh2 ignores its own timeout in non-blocking mode, so the reactor enforces them.
public struct Deadline: Comparable, Hashable, Sendable {
    /// Nanoseconds since an arbitrary start (`CLOCK_MONOTONIC`).
    public let nanoseconds: UInt64

    public init(nanoseconds: UInt64) {
        self.nanoseconds = nanoseconds
    }

    /// The current instant.
    public static var now: Deadline {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Deadline(nanoseconds: UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec))
    }

    /// The instant `seconds` from now (negative or NaN counts as now).
    public static func after(seconds: Double) -> Deadline {
        let clamped = seconds.isFinite ? max(0, min(seconds, 1e9)) : (seconds.isNaN ? 0 : 1e9)
        return Deadline(nanoseconds: now.nanoseconds &+ UInt64(clamped * 1e9))
    }

    /// A deadline that never comes (about 500 years away), for waits that have none.
    public static let distantFuture = Deadline(nanoseconds: UInt64.max / 2)

    /// Seconds from `start` to this instant (negative when it lies before).
    public func seconds(since start: Deadline) -> Double {
        Double(Int64(bitPattern: nanoseconds &- start.nanoseconds)) / 1e9
    }

    /// Whether this instant has passed.
    public var hasPassed: Bool { Deadline.now >= self }

    public static func < (lhs: Deadline, rhs: Deadline) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
}
