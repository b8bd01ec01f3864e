import Foundation

/// The PIDs of processes whose command line holds `marker` after waiting up to `seconds` for them
/// to go: what is left on the host of a command that was stopped.
func survivingProcesses(matching marker: String, seconds: Double = 4) async throws -> [Int32] {
    var survivors = processes(matching: marker)
    let deadline = Date().addingTimeInterval(seconds)
    while !survivors.isEmpty, Date() < deadline {
        try await Task.sleep(for: .milliseconds(100))
        survivors = processes(matching: marker)
    }
    return survivors
}
