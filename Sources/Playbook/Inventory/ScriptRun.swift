import Foundation
import Glibc

/// One run of an inventory script in a process group of its own, read and bounded in time and size.
///
/// Foundation's `Process` could neither put the script in its own group (so a child it leaves
/// behind, such as a daemon holding standard output, outlived the time limit) nor stop reading at a
/// deadline. Here the script's output is read with `poll` against one deadline, and at the deadline
/// or past the size limit the whole group is killed and reading stops, whatever the script forked.
struct ScriptRun {
    /// How the run ended.
    enum Ending: Equatable {
        /// The script exited with this status and closed its output.
        case exited(Int32)
        /// The script was killed by this signal.
        case signalled(Int32)
        /// The deadline passed first; the group was killed.
        case timedOut
        /// Standard output passed `outputLimit` bytes; the group was killed.
        case tooMuchOutput
    }

    /// What the script printed and how it ended.
    struct Result {
        let ending: Ending
        let stdout: [UInt8]
        let stderr: [UInt8]
    }

    /// The most bytes of standard output kept: a listing of 100,000 hosts with variables is a few
    /// tens of MiB.
    static let outputLimit = 256 << 20
    /// The most bytes of standard error kept; the rest is read and dropped.
    static let errorLimit = 64 << 10

    /// Starts `path` with `arguments` in `directory`, with standard input from /dev/null.
    static func run(_ path: String, _ arguments: [String], in directory: String,
                    until deadline: ContinuousClock.Instant) -> Swift.Result<Result, ScriptRunError> {
        var outputPipe: [Int32] = [-1, -1], errorPipe: [Int32] = [-1, -1]
        guard pipe(&outputPipe) == 0 else { return .failure(ScriptRunError(errno: errno)) }
        guard pipe(&errorPipe) == 0 else {
            let failure = errno
            close(outputPipe[0]); close(outputPipe[1])
            return .failure(ScriptRunError(errno: failure))
        }
        // Only the duplicates on 1 and 2 reach the script; pbrun's own ends close at exec.
        for fd in outputPipe + errorPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A group of its own (pgid = its pid), so one kill reaches everything it starts.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        // The script runs in its own folder. Glibc's posix_spawn_file_actions_addchdir_np is not
        // visible to Swift, so a shell changes folder and then becomes the script (same pid).
        let script = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let words = ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", directory, script] + arguments
        let argv = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, environ)
        close(outputPipe[1])
        close(errorPipe[1])
        guard status == 0 else {
            close(outputPipe[0]); close(errorPipe[0])
            return .failure(ScriptRunError(errno: status))
        }
        var reader = GroupReader(output: outputPipe[0], errors: errorPipe[0])
        let ending = reader.read(until: deadline)
        close(outputPipe[0])
        close(errorPipe[0])
        if ending != nil { kill(-pid, SIGKILL) }
        let exit = reap(pid)
        // Whatever the script left running in its group goes too: nothing outlives its inventory run.
        kill(-pid, SIGKILL)
        return .success(Result(ending: ending ?? exit, stdout: reader.stdout, stderr: reader.stderr))
    }

    /// Waits for `pid` and turns its status into an ending.
    private static func reap(_ pid: pid_t) -> Ending {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }
}

/// Why an inventory script could not be started.
struct ScriptRunError: Error {
    let errno: Int32
    var message: String { String(cString: strerror(errno)) }
}

/// Reads a script's standard output and error to their ends, or until the deadline or size limit.
private struct GroupReader {
    let output: Int32
    let errors: Int32
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []

    init(output: Int32, errors: Int32) {
        self.output = output
        self.errors = errors
    }

    /// Nil when both streams reached their end; otherwise why reading stopped early.
    mutating func read(until deadline: ContinuousClock.Instant) -> ScriptRun.Ending? {
        var open: [Int32] = [output, errors]
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while !open.isEmpty {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return .timedOut }
            let (seconds, attoseconds) = left.components
            let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), milliseconds)
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { continue }
            for entry in fds where entry.revents != 0 {
                let count = Glibc.read(entry.fd, &buffer, buffer.count)
                if count < 0, errno == EINTR || errno == EAGAIN { continue }
                guard count > 0 else {
                    open.removeAll { $0 == entry.fd }
                    continue
                }
                if entry.fd == output {
                    stdout += buffer[..<count]
                    if stdout.count > ScriptRun.outputLimit { return .tooMuchOutput }
                } else if stderr.count < ScriptRun.errorLimit {
                    stderr += buffer[..<min(count, ScriptRun.errorLimit - stderr.count)]
                }
            }
        }
        return nil
    }
}
