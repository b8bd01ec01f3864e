import Foundation
import Glibc
import Synchronization

/// A real OpenSSH `ssh-agent` in debug mode (`-d`, in the foreground, logging each request to
/// stderr) on a socket in a fresh temporary folder, for one test. `stop()` ends exactly this process.
final class TestAgent: Sendable {
    let directory: URL
    let socket: String
    private let process: Process
    private let log = LogBuffer()
    private let logDone: DispatchSemaphore

    /// Starts the agent and waits until its socket exists.
    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pbrun-agent-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        socket = directory.appendingPathComponent("agent.sock").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-agent")
        process.arguments = ["-d", "-a", socket]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let log = self.log
        let logDone = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            while case let data = errors.fileHandleForReading.availableData, !data.isEmpty {
                log.data.withLock { $0.append(data) }
            }
            logDone.signal()
        }
        self.logDone = logDone
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: socket) { usleep(10_000) }
        guard FileManager.default.fileExists(atPath: socket) else {
            stop()
            throw TestFleetError(message: "ssh-agent did not create \(socket)")
        }
    }

    /// Adds the private key at `key` (`ssh-add`); with `confirm`, each use needs a confirmation
    /// (`ssh-add -c`), which an agent with no ssh-askpass to ask with refuses.
    func add(_ key: URL, confirm: Bool = false) throws {
        let result = try ProcessResult.run("/usr/bin/ssh-add", (confirm ? ["-c"] : []) + [key.path],
                                           environment: ["SSH_AUTH_SOCK": socket])
        guard result.status == 0 else { throw TestFleetError(message: "ssh-add \(key.path): \(result.stderr)") }
    }

    /// How many times the agent was asked to list its keys.
    var listings: Int { count("process_request_identities: entering") }
    /// How many times the agent was asked to sign.
    var signatures: Int { count("process_sign_request2: entering") }

    private func count(_ marker: String) -> Int {
        let text = log.data.withLock { String(decoding: $0, as: UTF8.self) }
        return text.components(separatedBy: marker).count - 1
    }

    /// Ends the agent and removes its folder. SIGKILL: a child of the test process inherits a
    /// signal mask with SIGTERM blocked, and ssh-agent keeps that mask while it waits.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        _ = logDone.wait(timeout: .now() + 5)
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Bytes a reader thread appends to while a test reads them.
final class LogBuffer: Sendable {
    let data = Mutex(Data())
}

/// A unix socket that listens and never accepts: an ssh-agent that hangs. Connecting succeeds (the
/// kernel queues the connection); no answer ever comes.
final class SilentUnixListener: Sendable {
    let path: String
    private let descriptor: Int32

    init(listening: Bool) throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("pbrun-sock-\(UUID().uuidString.prefix(8))").path
        self.path = path
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFleetError(message: "socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
        guard bound, !listening || listen(fd, 16) == 0 else {
            throw TestFleetError(message: "bind/listen: errno \(errno)")
        }
        if !listening { close(fd) }
        descriptor = listening ? fd : -1
    }

    /// Accepts (and closes) every connection the kernel queued so far; returns how many there were.
    func drainConnections() -> Int {
        guard descriptor >= 0 else { return 0 }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        var count = 0
        while true {
            let connection = accept(descriptor, nil, nil)
            guard connection >= 0 else { return count }
            close(connection)
            count += 1
        }
    }

    /// Closes the socket and removes its file.
    func stop() {
        if descriptor >= 0 { close(descriptor) }
        unlink(path)
    }
}
