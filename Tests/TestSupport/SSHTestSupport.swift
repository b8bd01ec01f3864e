import Foundation
import Glibc
import Playbook
import SSHClient
import Synchronization

extension TestFleet {
    /// How to reach fleet host `index` with the fleet's key and known_hosts.
    func connection(_ index: Int, key: URL? = nil, knownHosts: URL? = nil, checking: HostKeyPolicy = .strict,
                    connectTimeout: Double = 10) -> SSHTarget {
        SSHTarget(name: String(format: "h%04d", index), address: address(index), port: port, user: user,
                       keyFiles: [(key ?? self.key).path], knownHostsFile: (knownHosts ?? self.knownHosts).path,
                       hostKeyPolicy: checking, connectTimeout: connectTimeout)
    }

    /// An Ansible INI inventory of this fleet's hosts (the bench's shape), written next to it.
    func iniInventory(hosts: Int = TestFleet.hostCount, name: String = "inventory.ini") throws -> URL {
        var text = "[fleet]\n"
        for index in 0..<hosts { text += String(format: "h%04d", index) + " ansible_host=\(address(index))\n" }
        text += "\n[fleet:vars]\nansible_port=\(port)\nansible_user=\(user)\nansible_ssh_private_key_file=\(key.path)\n"
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}

/// Collects a command's output in memory, per stream, for tests that compare bytes.
final class CollectingSink: OutputSink {
    private let collected = Mutex<[OutputChunk.Stream: [UInt8]]>([:])

    func receive(_ chunk: OutputChunk) async throws {
        collected.withLock { $0[chunk.stream, default: []] += chunk.bytes }
    }

    var stdout: [UInt8] { collected.withLock { $0[.stdout] ?? [] } }
    var stderr: [UInt8] { collected.withLock { $0[.stderr] ?? [] } }
    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Counts output bytes without keeping them (for commands that print a lot).
final class CountingSink: OutputSink {
    private let counts = Mutex<[OutputChunk.Stream: Int]>([:])

    func receive(_ chunk: OutputChunk) async throws {
        counts.withLock { $0[chunk.stream, default: 0] += chunk.bytes.count }
    }

    func count(_ stream: OutputChunk.Stream) -> Int { counts.withLock { $0[stream] ?? 0 } }
}

/// A TCP listener on loopback that accepts connections and never says anything: an SSH server that
/// sends no banner. Closed by `stop()`.
final class SilentListener: Sendable {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFleetError(message: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, sa, &length) == 0
            }
        }
        guard ok else { throw TestFleetError(message: "bind/listen: errno \(errno)") }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Stops listening (connections the kernel accepted on its behalf are reset).
    func stop() { close(descriptor) }
}

/// PIDs of processes whose command line contains `marker`, except this test process.
func processes(matching marker: String) -> [Int32] {
    runningCommandLines().filter { $0.pid != getpid() && $0.text.contains(marker) && !$0.text.contains("pgrep") }
        .map(\.pid)
}

/// Every process's argument list on this machine (the fleet's hosts run here too), as `ps`
/// shows them to any user.
func allCommandLines() -> [String] {
    runningCommandLines().map(\.text)
}

/// Each running process and its argument list, the arguments joined by spaces.
private func runningCommandLines() -> [(pid: Int32, text: String)] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap(Int32.init).compactMap { pid in
        FileManager.default.contents(atPath: "/proc/\(pid)/cmdline").map {
            (pid, String(decoding: $0.map { $0 == 0 ? 32 : $0 }, as: UTF8.self))
        }
    }
}
