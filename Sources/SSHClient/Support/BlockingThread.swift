internal import CEpoll
import Glibc

/// Runs calls that block (agent I/O, name resolution) on a thread of their own, so they never hold
/// a thread of the cooperative pool.
enum BlockingThread {
    /// Runs `body` on a new detached thread and returns its result to the awaiting task.
    static func run<R: Sendable>(_ body: @escaping @Sendable () -> R) async -> R {
        await withCheckedContinuation { continuation in
            start(name: "pbrun-blocking") { continuation.resume(returning: body()) }
        }
    }

    /// Starts a detached thread named `name` (at most 15 bytes show) that runs `body`.
    static func start(name: String, stackSize: Int = 1 << 20, _ body: @escaping @Sendable () -> Void) {
        final class Work: @unchecked Sendable {
            let name: String
            let body: @Sendable () -> Void
            init(name: String, body: @escaping @Sendable () -> Void) { self.name = name; self.body = body }
        }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        pthread_attr_setstacksize(&attributes, stackSize)
        let work = Unmanaged.passRetained(Work(name: name, body: body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { argument in
            let work = Unmanaged<Work>.fromOpaque(argument!).takeRetainedValue()
            _ = pbrun_set_thread_name(work.name)
            work.body()
            return nil
        }, work)
        precondition(status == 0, "pthread_create: \(String(cString: strerror(status)))")
    }
}
