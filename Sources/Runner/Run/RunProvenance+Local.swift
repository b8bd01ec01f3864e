import Foundation
import Playbook
import Report

extension RunProvenance {
    /// Who ran what, from where: the playbook's and inventories' sha256, the git commit of the
    /// playbook's work tree (and whether it had uncommitted changes), the extra vars with secrets masked.
    static func collect(runID: String, playbookPath: String, inventories: [String], extraVars: VariableLayer?,
                        commandLine: [String], started: Date, checkMode: Bool, mask: (String) -> String)
        -> RunProvenance
    {
        let git = GitState.of(file: playbookPath)
        // The values keep their types; the reports write them as JSON of that type, masked.
        let extras = extraVars?.values.pairs.map { pair in
            (key: pair.key, value: extraVars?.secretNames.contains(pair.key) == true ? .string("********") : pair.value)
        } ?? []
        return RunProvenance(
            runID: runID, pbrunVersion: Playbook.pbrunVersion, playbookPath: playbookPath,
            playbookSHA256: sha256(ofFile: playbookPath), gitCommit: git?.commit, gitDirty: git?.dirty,
            inventories: inventories.map { InventorySource(path: $0, sha256: sha256(ofFile: $0)) },
            extraVars: extras, commandLine: commandLine.map(mask), startedAt: started, checkMode: checkMode)
    }

    /// The provenance of an ad-hoc command (`pbrun exec`): no playbook file, so the "playbook" is
    /// the command's name in diagnostics and its sha256 is that of the command text, which tells two
    /// runs of different commands apart.
    static func collect(runID: String, command: AdHocCommand, inventories: [String], commandLine: [String],
                        started: Date, mask: (String) -> String) -> RunProvenance {
        RunProvenance(
            runID: runID, pbrunVersion: Playbook.pbrunVersion, playbookPath: AdHocCommand.sourceName,
            playbookSHA256: SHA256.hexDigest(of: Array(command.text.utf8)),
            inventories: inventories.map { InventorySource(path: $0, sha256: sha256(ofFile: $0)) },
            commandLine: commandLine.map(mask), startedAt: started)
    }

    /// The hex sha256 of a file's bytes; a directory (an inventory folder) hashes to "".
    private static func sha256(ofFile path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "" }
        return SHA256.hexDigest(of: Array(data))
    }
}

/// The git commit a file's work tree is at, and whether the tree has uncommitted changes.
struct GitState {
    let commit: String
    let dirty: Bool

    /// Asks git about the folder holding `file`; nil outside a work tree or without git.
    static func of(file: String) -> GitState? {
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
        guard let commit = git(["-C", directory, "rev-parse", "HEAD"]), !commit.isEmpty else { return nil }
        let status = git(["-C", directory, "status", "--porcelain", "--untracked-files=no"]) ?? ""
        return GitState(commit: commit, dirty: !status.isEmpty)
    }

    private static func git(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
