import Foundation
import Testing

/// The one way tests run the real `pbrun` that `swift build`/`swift test` put beside the test bundle.
enum PbrunBinary {
    /// The path of the built `pbrun`: the first folder above this test process that holds one; nil
    /// when there is none (`run` then records an issue at the caller instead of running something else).
    static let located: String? = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("pbrun").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }()

    /// The path of the built `pbrun`, for a test that must name it (in a shell command line); a
    /// missing binary is recorded as an issue at the caller.
    static func path(sourceLocation: SourceLocation = #_sourceLocation) -> String {
        (try? require(sourceLocation)) ?? "/nonexistent/pbrun"
    }

    /// The repository's root folder (for playbooks/, scripts/ and the fixtures read from the source tree).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// Runs `pbrun arguments…` in `directory` (default: the repository's root) and waits for it.
    /// `environment` replaces this process's environment when given; `adding` is put over it.
    static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String]? = nil,
                    adding: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws
        -> ProcessResult
    {
        let located = try require(sourceLocation)
        var merged = environment ?? ProcessInfo.processInfo.environment
        merged.merge(adding) { $1 }
        return try ProcessResult.run(located, arguments, environment: merged, in: directory ?? repositoryRoot)
    }

    private static func require(_ sourceLocation: SourceLocation) throws -> String {
        guard let located else {
            Issue.record("no built pbrun beside the test bundle: run `swift build` first", sourceLocation: sourceLocation)
            throw MissingBinary()
        }
        return located
    }

    struct MissingBinary: Error {}
}
