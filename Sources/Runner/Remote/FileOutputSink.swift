import Glibc
import Playbook
import SSHClient
import Synchronization

/// Writes a command's output byte for byte to two files, `HOST.stdout` and `HOST.stderr` (for
/// `--output-dir`). Files are created on the first chunk; `finish()` makes sure both exist (empty
/// when the stream was) and closes them.
public final class FileOutputSink: OutputSink {
    private let stdoutPath: String
    private let stderrPath: String
    private let descriptors = Mutex<[OutputChunk.Stream: Int32]>([:])

    /// A sink writing to `directory/name.stdout` and `directory/name.stderr`.
    public init(directory: String, name: String) {
        stdoutPath = directory + "/" + name + ".stdout"
        stderrPath = directory + "/" + name + ".stderr"
    }

    deinit {
        descriptors.withLock { open in for descriptor in open.values { Glibc.close(descriptor) } }
    }

    public func receive(_ chunk: OutputChunk) async throws {
        let descriptor = try self.descriptor(chunk.stream)
        do throws(DescriptorWriteError) {
            try DescriptorWrite.all(chunk.bytes, to: descriptor)
        } catch {
            let path = chunk.stream == .stdout ? stdoutPath : stderrPath
            throw SinkError(message: "\(path): " + error.reason)
        }
    }

    /// Creates any file not yet written (an empty stream still gets its file) and closes both.
    public func finish() throws {
        _ = try descriptor(.stdout)
        _ = try descriptor(.stderr)
        descriptors.withLock { open in
            for descriptor in open.values { Glibc.close(descriptor) }
            open.removeAll()
        }
    }

    private func descriptor(_ stream: OutputChunk.Stream) throws(SinkError) -> Int32 {
        let path = stream == .stdout ? stdoutPath : stderrPath
        let result: Int32 = descriptors.withLock { open in
            if let descriptor = open[stream] { return descriptor }
            let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if descriptor >= 0 { open[stream] = descriptor }
            return descriptor
        }
        guard result >= 0 else { throw SinkError(message: "\(path): " + String(cString: strerror(errno))) }
        return result
    }
}

/// A sink could not take its output.
public struct SinkError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
