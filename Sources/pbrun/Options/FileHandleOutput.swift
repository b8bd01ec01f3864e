import Glibc
import Playbook

/// Unbuffered writes of whole strings to a file descriptor (stdout/stderr), so lines from
/// different writers never interleave inside a line.
struct FileHandleOutput: Sendable {
    let descriptor: Int32

    static let standardOutput = FileHandleOutput(descriptor: STDOUT_FILENO)
    static let standardError = FileHandleOutput(descriptor: STDERR_FILENO)

    /// Writes all of `text`; a closed or failing descriptor is ignored (there is nowhere left to say so).
    func write(_ text: String) {
        try? DescriptorWrite.all(text, to: descriptor)
    }
}
