import Dispatch
import Glibc
import Playbook
import SSHClient

/// Asks the person at the terminal for a secret (a key passphrase, a login password) on `/dev/tty`
/// with echo off, as ssh does, so the answer never lands in output, a log or a pipe. Reading blocks
/// until the person answers, so it runs on a Dispatch thread, never on a cooperative one.
public struct TerminalPrompt: SecretPrompt {
    /// The terminal device to ask on.
    let device: String

    /// A prompt on `device`; `ifInteractive()` is what the command line uses.
    public init(device: String = "/dev/tty") {
        self.device = device
    }

    /// A prompt when a person can answer (stdin or stderr is a terminal and `/dev/tty` opens);
    /// nil in CI, cron, or under a pipe from another program, where pbrun must never wait for input.
    public static func ifInteractive() -> TerminalPrompt? {
        guard isatty(STDIN_FILENO) == 1 || isatty(STDERR_FILENO) == 1 else { return nil }
        let probe = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard probe >= 0 else { return nil }
        Glibc.close(probe)
        return TerminalPrompt()
    }

    /// Writes `prompt` and reads one line with echo off. Nil when the terminal cannot be opened,
    /// input ends (Ctrl-D on an empty line) or the person presses Ctrl-C (which then interrupts
    /// pbrun as usual, after the terminal is restored).
    public func readSecret(_ prompt: String) async -> String? {
        await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
            DispatchQueue.global().async {
                continuation.resume(returning: readSecretNow(prompt))
            }
        }
    }

    /// `readSecret` on the calling thread, which waits for the person: only for a question asked
    /// before any work starts (`--ask-pass`). Raw mode without echo, so Ctrl-C and Ctrl-D reach
    /// pbrun as bytes and the terminal is always restored before anything else happens.
    public func readSecretNow(_ prompt: String) -> String? {
        let fd = open(device, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return nil }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO | ECHONL | ICANON | ISIG)
        quiet.c_cc.6 = 1  // VMIN (index 6 on Linux): return after every byte
        quiet.c_cc.5 = 0  // VTIME (index 5 on Linux): no inter-byte timer
        // Echo off (dropping anything typed ahead) before the prompt shows, so an answer typed
        // as soon as it appears is never flushed.
        guard tcsetattr(fd, TCSAFLUSH, &quiet) == 0 else { return nil }
        // A prompt the terminal would not take is no reason to stop: the answer is still read.
        try? DescriptorWrite.all(prompt, to: fd)
        let (answer, interrupted) = readLine(fd)
        _ = tcsetattr(fd, TCSAFLUSH, &saved)
        try? DescriptorWrite.all("\n", to: fd)
        if interrupted { _ = kill(getpid(), SIGINT) }
        return answer
    }

    /// Reads bytes up to Return, honouring Backspace and Ctrl-U; Ctrl-C interrupts, Ctrl-D on an
    /// empty line ends input.
    private func readLine(_ fd: Int32) -> (String?, interrupted: Bool) {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(fd, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1 else { return (line.isEmpty ? nil : String(decoding: line, as: UTF8.self), false) }
            switch byte {
            case 0x0A, 0x0D: return (String(decoding: line, as: UTF8.self), false)
            case 0x03: return (nil, true)
            case 0x04 where line.isEmpty: return (nil, false)
            case 0x7F, 0x08: if !line.isEmpty { line.removeLast() }
            case 0x15: line.removeAll()
            default: line.append(byte)
            }
        }
    }
}
