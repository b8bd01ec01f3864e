internal import CLibSSH2

/// The one owner of what a libssh2 session's abstract pointer points at (`pbrun_session_context`):
/// the byte count the receive callbacks keep for `SessionTraffic`, and the agent transport's state
/// while an ssh-agent connection is in use. libssh2 hands its callbacks that pointer alone, so
/// both live in one struct and nothing ever repoints it: the count stays right during agent
/// authentication, and the agent's timeout is never written by a byte counter.
///
/// Read and written only under the lock that serialises the session's libssh2 calls (the callbacks
/// run inside those calls), or before the session is shared.
final class SessionContext {
    private let pointer: UnsafeMutablePointer<pbrun_session_context>

    /// Allocates the context and makes it `session`'s abstract pointer (a libssh2 session handle,
    /// which must not outlive this object).
    init(installedOn session: OpaquePointer) {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: pbrun_session_context(received: 0, agent_timeout_ms: 0, agent_previous_recv: nil,
                                                     agent_previous_send: nil))
        libssh2_session_abstract(session).pointee = UnsafeMutableRawPointer(pointer)
    }

    deinit {
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }

    /// Bytes received on the SSH socket so far.
    var receivedBytes: UInt64 { UInt64(pointer.pointee.received) }

    /// The agent transport's state: each agent answer's limit (milliseconds, 0 when no agent
    /// transport is installed) and the callbacks it stands in front of.
    var agent: (timeoutMilliseconds: Int32, previousReceive: UnsafeMutableRawPointer?,
                previousSend: UnsafeMutableRawPointer?) {
        get {
            (pointer.pointee.agent_timeout_ms, pointer.pointee.agent_previous_recv, pointer.pointee.agent_previous_send)
        }
        set {
            pointer.pointee.agent_timeout_ms = newValue.timeoutMilliseconds
            pointer.pointee.agent_previous_recv = newValue.previousReceive
            pointer.pointee.agent_previous_send = newValue.previousSend
        }
    }

    /// The context behind an abstract pointer libssh2 handed a callback.
    static func agentState(_ abstract: UnsafeMutablePointer<UnsafeMutableRawPointer?>?)
        -> (timeoutMilliseconds: Int32, previousReceive: UnsafeMutableRawPointer?,
            previousSend: UnsafeMutableRawPointer?)
    {
        guard let raw = abstract?.pointee else { preconditionFailure("libssh2 callback without its session context") }
        let context = raw.assumingMemoryBound(to: pbrun_session_context.self).pointee
        return (context.agent_timeout_ms, context.agent_previous_recv, context.agent_previous_send)
    }
}
