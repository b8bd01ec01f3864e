import Foundation
import Glibc
import Playbook
import SSHClient

/// File installation on top of the SSH layer's SFTP primitives: an upload is written to a temporary
/// name and renamed over the destination by a shell command, and a dry run compares checksums.
extension SSHSession {
    /// Copies the local file at `localPath` to `remotePath` with permission bits `mode`: written to
    /// a temporary name beside it, then renamed over it (`mv -f`, an atomic rename on the host), so
    /// the target is never seen half-written.
    public func upload(contentsOf localPath: String, to remotePath: String, mode: Int32 = 0o644,
                       timeout: Double = 300) async throws(TransferError) {
        guard let data = FileManager.default.contents(atPath: localPath) else {
            throw TransferError(message: "cannot read \(localPath)")
        }
        try await upload([UInt8](data), to: remotePath, mode: mode, timeout: timeout)
    }

    /// Writes `bytes` to `remotePath` with permission bits `mode` (temporary name, then rename).
    public func upload(_ bytes: [UInt8], to remotePath: String, mode: Int32 = 0o644, timeout: Double = 300)
        async throws(TransferError)
    {
        let directory = (remotePath as NSString).deletingLastPathComponent
        let base = (remotePath as NSString).lastPathComponent
        let temporary = (directory.isEmpty ? "" : directory + "/") + ".\(base).pbrun-\(UInt32.random(in: .min ... .max))"
        if let written = await write(bytes, to: temporary, mode: mode, until: .after(seconds: timeout)) {
            throw TransferError(message: "\(remotePath): \(written.message)")
        }
        let rename = RemoteCommand("mv -f -- \(ShellQuoting.quote(temporary)) \(ShellQuoting.quote(remotePath))")
        try await run(rename, for: remotePath, what: "rename")
    }

    /// Runs `command`, a step of transferring `path`; a failure is a `TransferError` naming `what`
    /// failed, with the command's stderr.
    func run(_ command: RemoteCommand, for path: String, what: String) async throws(TransferError) {
        let sink = TailSink()
        let result: CommandResult
        do {
            result = try await execute(command, output: sink)
        } catch {
            throw TransferError(message: "\(path): \(error)")
        }
        guard result.succeeded else {
            throw TransferError(message: "\(path): \(what) failed: \(sink.text)")
        }
    }

    /// The SHA-256 of the file at `path` on the host as lowercase hex, or nil when there is no such
    /// file; for dry runs that compare an upload with what is there.
    /// `become`: read it as that user (a file only it may read).
    public func remoteSHA256(_ path: String, as become: RemoteCommand.Become? = nil) async throws(CommandError)
        -> String?
    {
        let sink = TailSink()
        let quoted = ShellQuoting.quote(path)
        let result = try await execute(
            RemoteCommand("if [ -f \(quoted) ]; then sha256sum -- \(quoted) || shasum -a 256 -- \(quoted); fi",
                          become: become),
            output: sink)
        let digest = sink.text.prefix { !$0.isWhitespace }
        guard result.succeeded, digest.count == 64 else { return nil }
        return String(digest)
    }
}
