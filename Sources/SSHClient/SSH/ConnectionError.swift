
/// Why a host could not be reached: the session never got as far as an authenticated state, or it
/// broke. Prints as `web03 (10.0.0.3:22): unreachable: host key changed`, then any explanation.
public struct ConnectionError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, one case per cause a person acts on differently.
    public enum Cause: Sendable, Equatable {
        /// The name does not resolve.
        case unresolvable
        /// Nothing listens on the port.
        case refused
        /// The connect, banner, handshake or authentication did not finish within `connect_timeout`.
        case timedOut
        /// The server's host key is not in known_hosts (strict checking).
        case hostKeyUnknown
        /// The server's host key differs from the one recorded in known_hosts.
        case hostKeyChanged
        /// Key exchange or host-key negotiation failed (for example an RSA-only server).
        case handshakeFailed
        /// No offered credential was accepted.
        case authenticationFailed
        /// A key file is missing, unreadable, readable by others, or of a type pbrun cannot use.
        case keyFile
        /// The connection broke (reset, closed, protocol error).
        case connectionLost
    }

    /// The host's inventory name.
    public var host: String
    /// The address and port connected to, as `10.0.0.3:22`.
    public var endpoint: String
    public var cause: Cause
    /// The short reason after `unreachable:`, e.g. "host key changed".
    public var reason: String
    /// Further lines: what was tried, what the server accepts, what to do.
    public var explanation: String?

    public init(host: String, endpoint: String, cause: Cause, reason: String, explanation: String? = nil) {
        self.host = host
        self.endpoint = endpoint
        self.cause = cause
        self.reason = reason
        self.explanation = explanation
    }

    /// Whether another attempt may succeed (refused, reset or timed out before authentication).
    var isTransient: Bool {
        switch cause {
        case .refused, .timedOut, .connectionLost: return true
        default: return false
        }
    }

    /// `web03 (10.0.0.3:22): unreachable: host key changed`, plus the explanation on later lines.
    public var description: String {
        var text = "\(host) (\(endpoint)): unreachable: \(reason)"
        if let explanation { text += "\n  " + explanation.split(separator: "\n").joined(separator: "\n  ") }
        return text
    }

    /// The one-line form without the explanation.
    public var summary: String { "\(host) (\(endpoint)): unreachable: \(reason)" }
}
