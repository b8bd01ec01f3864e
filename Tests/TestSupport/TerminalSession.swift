import Foundation
import Glibc

/// Runs a command under a real pseudo-terminal (util-linux `script`, which every Debian has), so a
/// test can see what pbrun prints on its terminal and type answers to its prompts.
final class TerminalSession: Sendable {
    private let process: Process
    private let input: Pipe
    private let output = LogBuffer()
    private let done = DispatchSemaphore(value: 0)

    /// Starts `arguments` (the first is the executable) under a terminal with `environment`.
    init(_ arguments: [String], environment: [String: String]) throws {
        let commandLine = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            .joined(separator: " ")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", commandLine, "/dev/null"]
        process.environment = environment.merging(["SHELL": "/bin/sh", "TERM": "dumb"]) { mine, _ in mine }
        input = Pipe()
        let out = Pipe()
        process.standardInput = input
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let output = self.output
        let done = self.done
        DispatchQueue.global().async {
            while case let data = out.fileHandleForReading.availableData, !data.isEmpty {
                output.data.withLock { $0.append(data) }
            }
            done.signal()
        }
    }

    /// Everything the terminal showed so far.
    var text: String { output.data.withLock { String(decoding: $0, as: UTF8.self) } }

    /// Waits until the terminal has shown `expected` `count` times; false after `seconds`.
    func waitFor(_ expected: String, count: Int = 1, seconds: Double = 30) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if text.components(separatedBy: expected).count - 1 >= count { return true }
            usleep(20_000)
        }
        return false
    }

    /// Types `text` at the terminal.
    func type(_ text: String) {
        input.fileHandleForWriting.write(Data(text.utf8))
    }

    /// Waits for the command to end (killing it after `seconds`); returns its exit status.
    func finish(seconds: Double = 60) -> Int32 {
        if done.wait(timeout: .now() + seconds) == .timedOut { kill(process.processIdentifier, SIGKILL) }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
