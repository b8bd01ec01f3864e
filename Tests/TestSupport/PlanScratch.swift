import Foundation
import Playbook

/// A throwaway folder holding a playbook and an inventory written by a test, planned as `pbrun plan`
/// would plan them (fixed run id and start time), so tests can assert what each host would run.
struct PlanScratch {
    /// The folder; removed by `remove()`.
    let folder: String

    /// A new empty folder under the temporary directory.
    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pbrun-plan-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` inside the folder and returns the file's path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = (folder as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Deletes the folder.
    func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The plan of `playbook.yml` against `inventory.ini` (or `inventory` when given) with `-e` `extra`.
    func plan(inventory: String = "inventory.ini", extra: [String] = []) throws -> ExecutionPlan {
        let playbook = try PlaybookLoader.load(contentsOf: (folder as NSString).appendingPathComponent("playbook.yml"))
        let loaded = try Inventory.load(sources: [(folder as NSString).appendingPathComponent(inventory)])
        let extraLayer = extra.isEmpty ? nil : try ExtraVars.layer(from: extra, workingDirectory: folder)
        return try Planner.plan(PlanRequest(
            playbook: playbook, inventory: loaded, extraVars: extraLayer,
            connectionDefaults: ConnectionDefaults(sshConfigPath: "none"),
            runID: "run-1", started: Date(timeIntervalSince1970: 1_800_000_000)))
    }

    /// The one-line diagnostics planning fails with, or "no error".
    func planErrors(inventory: String = "inventory.ini", extra: [String] = []) -> [String] {
        do {
            _ = try plan(inventory: inventory, extra: extra)
            return ["no error"]
        } catch let list as DiagnosticList {
            return list.diagnostics.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }
}

extension ExecutionPlan {
    /// The shell command step `id` of play 1 runs on `host` given the results registered so far, or
    /// why it does not run ("skip: …", "invalid: …", or the action when it is not a shell command).
    func command(_ id: String, on host: String, registered: RegisteredResults = RegisteredResults()) -> String {
        guard let step = plays.first?.steps.first(where: { $0.id == id }) else { return "no step '\(id)'" }
        switch preparer.prepare(play: 1, step: step, host: host, registered: registered) {
        case .work(let work):
            if case .shell(let command) = work.action { return command }
            return "\(work.action)"
        case .skip(let reason): return "skip: \(reason)"
        case .invalid(let diagnostic): return "invalid: \(diagnostic)"
        }
    }

    /// The planned step `id` of play 1.
    func step(_ id: String) -> PlannedStep? {
        plays.first?.steps.first { $0.id == id }
    }
}
