import Foundation
import Testing

/// A scratch folder for one `pbrun run` test: the playbook, extra files, the output dir and reports.
struct RunScratch {
    let directory: URL

    init(_ name: String = #function) throws {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pbrun-run-\(safe)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func read(_ relative: String) -> String? {
        try? String(contentsOf: directory.appendingPathComponent(relative), encoding: .utf8)
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: path(relative))
    }

    /// The JSON report written with `--report json=report.json`, parsed.
    func report() throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("report.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

extension TestFleet {
    /// Runs `pbrun run PLAYBOOK -i <fleet inventory> ARGS` and waits for it.
    func run(_ playbook: String, _ arguments: [String] = [], environment: [String: String]? = nil) throws
        -> ProcessResult
    {
        try PbrunBinary.run(["run", playbook, "-i", inventory.path, "--color", "never"] + arguments,
                              environment: environment)
    }
}
