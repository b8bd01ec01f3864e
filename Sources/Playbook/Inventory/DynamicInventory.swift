import Foundation

/// A dynamic inventory: an executable (or a file starting with `#!`) that prints the inventory as
/// JSON when run with `--list`, as Ansible's `script` inventory plugin runs it.
///
/// The JSON maps group names to a list of hosts or to `{hosts, vars, children}` (a mapping with
/// none of those keys is a host of the same name with those variables). `_meta.hostvars` holds
/// every host's variables; when it is absent the script is run again with `--host NAME` per host.
/// A non-zero exit, JSON that does not parse, and a load past `timeout` seconds (every run of the
/// script together) are errors that name the script and show what it wrote to standard error.
struct DynamicInventory {
    /// The executable.
    let path: String
    /// Seconds one run may take.
    let timeout: Double

    /// `PBRUN_INVENTORY_TIMEOUT` seconds, else 30.
    static var defaultTimeout: Double {
        Double(ProcessInfo.processInfo.environment["PBRUN_INVENTORY_TIMEOUT"] ?? "") ?? 30
    }

    /// True for a regular file with an execute bit, or one that starts with `#!`.
    static func isExecutable(_ path: String) -> Bool {
        if FileManager.default.isExecutableFile(atPath: path) { return true }
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: 2)) ?? Data()
        return start == Data("#!".utf8)
    }

    /// Runs the script and adds its groups, hosts and variables to the loader's graph.
    func load(into loader: inout InventoryLoader) {
        let deadline = ContinuousClock.now + .milliseconds(Int64(min(max(timeout, 0), 86_400) * 1000))
        let listing: Value
        switch run(["--list"], until: deadline) {
        case .failure(let message):
            loader.diagnostics.append(Diagnostic(at: nil, message))
            return
        case .success(let value):
            listing = value
        }
        guard case .map(let groups) = listing else {
            loader.diagnostics.append(Diagnostic(at: nil, "dynamic inventory '\(path)' printed JSON that is not an "
                                                 + "object of groups"))
            return
        }
        var hostVars: Value.OrderedMap?
        var seenHosts: [String] = []
        var seenSet: Set<String> = []
        for (name, data) in groups.pairs {
            if name == "_meta" {
                if case .map(let meta) = data, case .map(let vars)? = meta["hostvars"] { hostVars = vars }
                continue
            }
            guard let hosts = addGroup(name, data, loader: &loader) else { return }
            for host in hosts where seenSet.insert(host).inserted { seenHosts.append(host) }
        }
        let origin = SourceLocation(file: path, line: 1, column: 1)
        for host in seenHosts {
            let vars: Value
            if let hostVars {
                vars = hostVars[host] ?? .map(Value.OrderedMap())
            } else {
                switch run(["--host", host], until: deadline) {
                case .failure(let message):
                    loader.diagnostics.append(Diagnostic(at: nil, message))
                    return
                case .success(let value):
                    vars = value
                }
            }
            guard case .map(let map) = vars else {
                loader.diagnostics.append(Diagnostic(at: nil, "dynamic inventory '\(path)' gave variables for host "
                                                     + "'\(host)' that are not a JSON object"))
                return
            }
            let index = loader.graph.addHost(host, to: nil, at: origin)
            for (key, value) in map.pairs { loader.graph.setVariable(key, to: value, onHost: index, at: origin) }
        }
    }

    /// Adds one group of the `--list` JSON; returns its hosts, or nil after reporting bad data.
    private func addGroup(_ name: String, _ data: Value, loader: inout InventoryLoader) -> [String]? {
        let origin = SourceLocation(file: path, line: 1, column: 1)
        let group = loader.graph.addGroup(name, at: origin)
        var body = Value.OrderedMap()
        switch data {
        case .map(let map) where ["hosts", "vars", "children"].contains(where: { map[$0] != nil }):
            body = map
        case .map(let map):
            body["hosts"] = .list([.string(name)])
            body["vars"] = .map(map)
        default:
            body["hosts"] = data
        }
        var hosts: [String] = []
        if let list = body["hosts"] {
            guard case .list(let items) = list else {
                loader.diagnostics.append(Diagnostic(at: nil, "dynamic inventory '\(path)': group '\(name)' has "
                                                     + "'hosts' that is not a list"))
                return nil
            }
            for item in items {
                guard case .string(let host) = item else {
                    loader.diagnostics.append(Diagnostic(at: nil, "dynamic inventory '\(path)': group '\(name)' "
                                                         + "lists a host that is not a string"))
                    return nil
                }
                loader.graph.addHost(host, to: group, at: origin)
                hosts.append(host)
            }
        }
        if let vars = body["vars"] {
            guard case .map(let map) = vars else {
                loader.diagnostics.append(Diagnostic(at: nil, "dynamic inventory '\(path)': group '\(name)' has "
                                                     + "'vars' that is not an object"))
                return nil
            }
            for (key, value) in map.pairs { loader.graph.setVariable(key, to: value, onGroup: group, at: origin) }
        }
        if case .list(let children)? = body["children"] {
            for case .string(let childName) in children {
                let child = loader.graph.addGroup(childName, at: origin)
                do {
                    try loader.graph.addChild(child, to: group)
                } catch {
                    loader.diagnostics.append(Diagnostic(at: nil, "dynamic inventory '\(path)': "
                        + InventoryGraph.message(for: error, child: child, parent: group, in: loader.graph)))
                    return nil
                }
            }
        }
        return hosts
    }

    /// A run's parsed JSON, or the message saying why there is none.
    enum Outcome {
        case success(Value)
        case failure(String)
    }

    /// Runs the script with `arguments` and reads its standard output as JSON; the run ends at
    /// `deadline` (one budget for every run of one load), and then the script's whole process group
    /// is killed.
    func run(_ arguments: [String], until deadline: ContinuousClock.Instant) -> Outcome {
        let command = ([path] + arguments).joined(separator: " ")
        let folder = (path as NSString).deletingLastPathComponent
        let result: ScriptRun.Result
        switch ScriptRun.run(path, arguments, in: folder.isEmpty ? "." : folder, until: deadline) {
        case .failure(let error):
            return .failure("dynamic inventory '\(command)' could not be started: \(error.message)")
        case .success(let finished):
            result = finished
        }
        let errorText = String(decoding: result.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let said = errorText.isEmpty ? "" : ": \(errorText)"
        switch result.ending {
        case .timedOut:
            return .failure("dynamic inventory '\(command)' did not finish within \(Self.seconds(timeout)) "
                            + (timeout == 1 ? "second " : "seconds ")
                            + "(set PBRUN_INVENTORY_TIMEOUT to allow longer); its process group was killed")
        case .tooMuchOutput:
            return .failure("dynamic inventory '\(command)' printed more than \(ScriptRun.outputLimit >> 20) MiB; "
                            + "its process group was killed")
        case .signalled(let signal):
            return .failure("dynamic inventory '\(command)' was killed by signal \(signal)\(said)")
        case .exited(let status) where status != 0:
            return .failure("dynamic inventory '\(command)' failed with exit code \(status)\(said)")
        case .exited:
            break
        }
        guard let text = String(validating: result.stdout, as: UTF8.self) else {
            return .failure("dynamic inventory '\(command)' printed output that is not UTF-8")
        }
        do {
            return .success(try JSONText.parse(text))
        } catch {
            return .failure("dynamic inventory '\(command)' printed invalid JSON at line \(error.line), column "
                            + "\(error.column): \(error.message)")
        }
    }

    /// A number of seconds without a needless ".0".
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
