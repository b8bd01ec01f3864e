import Foundation
import Synchronization

/// The local fleet of real sshd hosts that integration tests run against. One fleet per test
/// process, started on first use in a private folder and on a port of its own (so it never touches a
/// fleet a person started for the demo), and stopped when the process exits.
struct TestFleet: Sendable {
    /// The project's root folder (where `scripts/fleet` lives).
    static let projectRoot = URL(fileURLWithPath: PbrunBinary.repositoryRoot)

    /// How many hosts the shared fleet has.
    static let hostCount = 8

    let directory: URL
    let port: Int
    let user: String

    var inventory: URL { directory.appendingPathComponent("inventory.yml") }
    var knownHosts: URL { directory.appendingPathComponent("known_hosts") }
    var key: URL { directory.appendingPathComponent("id_ed25519") }
    var rsaKey: URL { directory.appendingPathComponent("id_rsa") }
    var wrongKey: URL { directory.appendingPathComponent("id_wrong") }

    /// The login user's password, set by the fleet when it runs as root (nil otherwise: then the
    /// hosts accept keys only).
    var password: String? {
        (try? String(contentsOf: directory.appendingPathComponent("password"), encoding: .utf8))
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// The authentication methods the fleet's sshd offers, as libssh2 lists them.
    var offeredMethods: String { password == nil ? "publickey" : "publickey,password" }

    /// A user the login user may become only with its password (`sudo -S`), set up as root.
    static let sudoPasswordUser = "pbrunsudo"

    /// The loopback address of host `index` (0-based), as `scripts/fleet` assigns them.
    func address(_ index: Int) -> String { "127.0.0.\(index + 2)" }

    /// The shared fleet, started on first use.
    static func shared() throws -> TestFleet {
        try sharedState.withLock { state in
            if let fleet = state { return fleet }
            let fleet = try start(hosts: hostCount)
            state = fleet
            atexit {
                TestFleet.sharedState.withLock { state in
                    if let fleet = state { try? fleet.stop() }
                }
            }
            return fleet
        }
    }

    private static let sharedState = Mutex<TestFleet?>(nil)

    /// Starts a fleet of `hosts` hosts in a fresh temporary folder on a free port.
    static func start(hosts: Int) throws -> TestFleet {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pbrun-test-fleet-\(getpid())-\(UUID().uuidString.prefix(8))")
        let port = try freePort()
        try runScript(["--dir", directory.path, "--port", String(port), "start", String(hosts)])
        let info = try String(contentsOf: directory.appendingPathComponent("fleet.info"), encoding: .utf8)
        let user = info.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        return TestFleet(directory: directory, port: port, user: user)
    }

    /// Stops exactly the sshd processes this fleet started.
    func stop() throws {
        try Self.runScript(["--dir", directory.path, "--port", String(port), "stop"])
    }

    /// The PIDs of this fleet's running sshd listeners.
    func listenerPIDs() throws -> [Int32] {
        let run = directory.appendingPathComponent("run")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: run.path)) ?? []
        return files.filter { $0.hasSuffix(".pid") }.compactMap { name in
            let text = try? String(contentsOf: run.appendingPathComponent(name), encoding: .utf8)
            return text.flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }.filter { kill($0, 0) == 0 }
    }

    /// A TCP port no one listens on now, as the kernel hands out ephemeral ports.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFleetError(message: "socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, length) == 0 && getsockname(fd, sa, &length) == 0
            }
        }
        guard bound else { throw TestFleetError(message: "bind: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @discardableResult
    static func runScript(_ arguments: [String]) throws -> String {
        let result = try ProcessResult.run(projectRoot.appendingPathComponent("scripts/fleet").path, arguments)
        guard result.status == 0 else {
            throw TestFleetError(message: "scripts/fleet \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        }
        return result.stdout
    }
}

struct TestFleetError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A finished child process: its exit status and everything it printed.
struct ProcessResult: Sendable {
    let status: Int32
    let stdout: String
    let stderr: String

    /// Runs `executable` with `arguments` and waits for it, collecting both output streams.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    in directory: String? = nil) throws -> ProcessResult
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes before waiting so a chatty child never blocks on a full pipe.
        let errData = Mutex(Data())
        let errDone = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            errData.withLock { $0 = data }
            errDone.signal()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        errDone.wait()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: errData.withLock { String(decoding: $0, as: UTF8.self) })
    }
}
