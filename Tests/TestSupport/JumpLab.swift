import Foundation
import Glibc

/// A jump host and targets only it can reach, in a network namespace this test process makes: a
/// veth pair joins the namespace to the host's (10.213.N.1 here, 10.213.N.2 there, a /30 and no
/// other route); one sshd, the jump host, listens on the namespace's veth address; a second sshd,
/// the targets, listens only on loopback addresses inside the namespace (127.0.0.1, .2, .3), which
/// from here are this machine's own loopback, where nothing listens on that port.
///
/// Both sshds use the shared test fleet's host key, authorized keys and login user. Needs root and
/// `ip netns`; `stop()` kills exactly the sshds it started and deletes the namespace and the link.
final class JumpLab: Sendable {
    /// The namespace's name and the veth ends' names.
    let namespace: String
    private let hostLink: String
    let directory: URL
    /// The jump host's address (the namespace's veth end) and port.
    let jumpAddress: String
    let jumpPort: Int
    /// The targets' addresses (inside the namespace) and port.
    let targetAddresses = ["127.0.0.1", "127.0.0.2", "127.0.0.3"]
    let targetPort: Int
    /// With `chain`: the second and third hops (`hop2`, `hop3`), inside the namespace, as
    /// `address:port`; each hop's sshd forwards only to the next one (`PermitOpen`), so a target is
    /// reached only through all three.
    let chainHops: [String]
    /// The sshds' PIDs (daemons, not children of this process: Foundation's `Process` reaps its
    /// children one at a time, so a long-lived child would keep later ones from being reaped).
    private let processes: [pid_t]

    var jumpLog: URL { directory.appendingPathComponent("jump.log") }
    var knownHosts: URL { directory.appendingPathComponent("known_hosts") }

    /// Why the lab cannot run here, or nil when it can.
    static let unavailableReason: String? = {
        guard getuid() == 0 else { return "needs root to make a network namespace" }
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") || FileManager.default.isExecutableFile(atPath: "/sbin/ip"),
              let probe = try? ProcessResult.run(ip, ["netns", "list"]), probe.status == 0 else {
            return "needs `ip netns` (iproute2)"
        }
        return nil
    }()

    private static var ip: String {
        FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") ? "/usr/sbin/ip" : "/sbin/ip"
    }

    /// Makes the namespace and starts both sshds for `fleet`'s user and keys; with `chain`, two more
    /// hops behind the jump host (`chainHops`).
    static func start(fleet: TestFleet, chain: Bool = false) throws -> JumpLab {
        let id = "\(getpid() % 10000)\(Int.random(in: 100...999))"
        let subnet = Int.random(in: 0...255)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pbrun-jumplab-\(id)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        chmod(directory.path, 0o755)
        let lab = JumpLabSetup(namespace: "pbrunjump\(id)", hostLink: "pj\(id)h", directory: directory,
                               hostAddress: "10.213.\(subnet).1", jumpAddress: "10.213.\(subnet).2",
                               jumpPort: Int.random(in: 20000...29999), targetPort: try TestFleet.freePort())
        let hops = chain ? ["127.0.0.4:\(lab.targetPort + 1)", "127.0.0.5:\(lab.targetPort + 2)"] : []
        let targets = ["127.0.0.1", "127.0.0.2", "127.0.0.3"].map { "\($0):\(lab.targetPort)" }
        var started: [pid_t] = []
        do {
            try lab.makeNamespace(ip: ip)
            started.append(try lab.startSSHD("jump", listen: ["\(lab.jumpAddress):\(lab.jumpPort)"], fleet: fleet,
                                             permitOpen: chain ? [hops[0]] : nil))
            if chain {
                started.append(try lab.startSSHD("hop2", listen: [hops[0]], fleet: fleet, permitOpen: [hops[1]]))
                started.append(try lab.startSSHD("hop3", listen: [hops[1]], fleet: fleet, permitOpen: targets))
            }
            started.append(try lab.startSSHD("targets", listen: targets, fleet: fleet))
            try lab.waitUntilListening(["jump", "targets"] + (chain ? ["hop2", "hop3"] : []))
            let key = try String(contentsOf: fleet.directory.appendingPathComponent("ssh_host_ed25519_key.pub"),
                                 encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
            let names = ["[\(lab.jumpAddress)]:\(lab.jumpPort)"] + (targets + hops).map { endpoint in
                let parts = endpoint.split(separator: ":")
                return "[\(parts[0])]:\(parts[1])"
            }
            try names.map { "\($0) \(key)\n" }.joined().write(to: directory.appendingPathComponent("known_hosts"),
                                                               atomically: true, encoding: .utf8)
        } catch {
            JumpLab.tearDown(processes: started, namespace: lab.namespace, hostLink: lab.hostLink, directory: directory)
            throw error
        }
        return JumpLab(setup: lab, processes: started, chainHops: hops)
    }

    private init(setup: JumpLabSetup, processes: [pid_t], chainHops: [String]) {
        self.chainHops = chainHops
        namespace = setup.namespace
        hostLink = setup.hostLink
        directory = setup.directory
        jumpAddress = setup.jumpAddress
        jumpPort = setup.jumpPort
        targetPort = setup.targetPort
        self.processes = processes
    }

    /// How many logins the jump host's sshd accepted so far, waiting up to 2 s for `expected` of
    /// them (sshd's monitor writes the line after the login, so it may come after the client is done).
    func jumpLogins(expected: Int = 0) -> Int {
        logins("jump", expected: expected)
    }

    /// How many logins the sshd `name` ("jump", "hop2", "hop3", "targets") accepted so far, waiting
    /// up to 2 s for `expected` of them.
    func logins(_ name: String, expected: Int = 0) -> Int {
        var count = 0
        let log = directory.appendingPathComponent("\(name).log")
        for _ in 0..<100 {
            let bytes = [UInt8]((try? Data(contentsOf: log)) ?? Data())
            let lines = bytes.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
            count = lines.filter { $0.hasPrefix("Accepted publickey for") }.count
            if count >= expected { break }
            usleep(20_000)
        }
        return count
    }

    /// An inventory of the lab's three targets (group `targets`) as Ansible writes it, reached with
    /// `route` (ssh options such as `-J …` or `-o ProxyCommand=…`) and checked against the lab's
    /// known_hosts; written to `name`.ini in the lab's folder.
    func inventory(fleet: TestFleet, route: String, name: String) throws -> URL {
        var text = "[targets]\n"
        for (index, address) in targetAddresses.enumerated() { text += "t\(index + 1) ansible_host=\(address)\n" }
        text += """

            [targets:vars]
            ansible_port=\(targetPort)
            ansible_user=\(fleet.user)
            ansible_ssh_private_key_file=\(fleet.key.path)
            ansible_ssh_common_args='\(route) -o UserKnownHostsFile=\(knownHosts.path) -o StrictHostKeyChecking=yes'

            """
        let url = directory.appendingPathComponent("\(name).ini")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Kills the sshds, deletes the namespace and the link, removes the folder.
    func stop() {
        Self.tearDown(processes: processes, namespace: namespace, hostLink: hostLink, directory: directory)
    }

    private static func tearDown(processes: [pid_t], namespace: String, hostLink: String, directory: URL) {
        for pid in processes { kill(pid, SIGTERM) }
        for _ in 0..<100 where processes.contains(where: { kill($0, 0) == 0 }) { usleep(20_000) }
        for pid in processes where kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        _ = try? ProcessResult.run(ip, ["netns", "delete", namespace])
        // Deleting the namespace destroys its veth end and with it this one; make sure.
        _ = try? ProcessResult.run(ip, ["link", "delete", hostLink])
        try? FileManager.default.removeItem(at: directory)
    }

    /// Whether the namespace still exists (for the test that checks the teardown).
    static func namespaceExists(_ name: String) -> Bool {
        let list = (try? ProcessResult.run(ip, ["netns", "list"]))?.stdout ?? ""
        return list.split(separator: "\n").contains { $0.split(separator: " ").first.map(String.init) == name }
    }
}

/// The names and steps of making a `JumpLab`.
private struct JumpLabSetup {
    let namespace: String
    let hostLink: String
    let directory: URL
    let hostAddress: String
    let jumpAddress: String
    let jumpPort: Int
    let targetPort: Int

    var namespaceLink: String { String(hostLink.dropLast()) + "n" }

    func makeNamespace(ip: String) throws {
        let steps: [[String]] = [
            ["netns", "add", namespace],
            ["link", "add", hostLink, "type", "veth", "peer", "name", namespaceLink],
            ["link", "set", namespaceLink, "netns", namespace],
            ["addr", "add", "\(hostAddress)/30", "dev", hostLink],
            ["link", "set", hostLink, "up"],
            ["-n", namespace, "addr", "add", "\(jumpAddress)/30", "dev", namespaceLink],
            ["-n", namespace, "link", "set", namespaceLink, "up"],
            ["-n", namespace, "link", "set", "lo", "up"],
        ]
        for step in steps {
            let result = try ProcessResult.run(ip, step)
            guard result.status == 0 else {
                throw TestFleetError(message: "ip \(step.joined(separator: " ")): \(result.stderr)")
            }
        }
    }

    /// Starts an sshd daemon inside the namespace and returns its PID (from its PID file).
    /// `permitOpen`, when given, limits where the sshd forwards `direct-tcpip` channels to.
    func startSSHD(_ name: String, listen: [String], fleet: TestFleet, permitOpen: [String]? = nil) throws -> pid_t {
        let config = directory.appendingPathComponent("\(name).sshd_config")
        let text = listen.map { "ListenAddress \($0)\n" }.joined() + """
            HostKey \(fleet.directory.path)/ssh_host_ed25519_key
            PidFile \(directory.path)/\(name).pid
            AuthorizedKeysFile \(fleet.directory.path)/authorized_keys
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            UsePAM no
            StrictModes no
            UseDNS no
            AllowTcpForwarding yes
            MaxSessions 100
            LogLevel VERBOSE

            """ + (permitOpen.map { "PermitOpen \($0.joined(separator: " "))\n" } ?? "")
        try text.write(to: config, atomically: true, encoding: .utf8)
        let ip = FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") ? "/usr/sbin/ip" : "/sbin/ip"
        let result = try ProcessResult.run(ip, ["netns", "exec", namespace, "/usr/sbin/sshd", "-f", config.path,
                                                "-E", directory.appendingPathComponent("\(name).log").path])
        guard result.status == 0 else { throw TestFleetError(message: "sshd \(name): \(result.stderr)") }
        let pidFile = directory.appendingPathComponent("\(name).pid")
        for _ in 0..<100 {
            if let text = try? String(contentsOf: pidFile, encoding: .utf8),
               let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) { return pid }
            usleep(20_000)
        }
        throw TestFleetError(message: "sshd \(name) wrote no PID file")
    }

    /// Waits until each sshd logged that it listens (at most 5 s).
    func waitUntilListening(_ names: [String]) throws {
        for _ in 0..<100 {
            let ready = names.allSatisfy { name in
                let log = (try? String(contentsOf: directory.appendingPathComponent("\(name).log"), encoding: .utf8)) ?? ""
                return log.contains("Server listening on")
            }
            if ready { return }
            usleep(50_000)
        }
        throw TestFleetError(message: "the lab's sshds did not start; see \(directory.path)/*.log")
    }
}
