/// What a session's socket is the end of when it is not a TCP connection of its own: a channel of a
/// jump host's session (`JumpTunnel`) or a local proxy command (`ProxyCommandTunnel`).
protocol SessionTunnel: AnyObject, Sendable {
    /// The end of the socket pair the session uses as its socket; the session closes it.
    var descriptor: Int32 { get }
    /// The first failure on the far side, as a person reads it, if any.
    var failure: String? { get }
    /// Ends the tunnel once the session has closed its end; returns when everything it started is gone.
    func finish() async
}
