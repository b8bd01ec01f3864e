import Foundation
import Glibc

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
        let rename = RemoteCommand("mv -f -- \(RemoteCommand.quote(temporary)) \(RemoteCommand.quote(remotePath))")
        try await run(rename, for: remotePath, what: "rename")
    }

    /// Writes `bytes` over SFTP to a new file at `path` with permission bits `mode`, as the login
    /// user; the file is removed again when writing fails. Returns why it failed, if it did.
    func write(_ bytes: [UInt8], to path: String, mode: Int32, until deadline: Deadline) async -> TransferError? {
        let temporary = path
        return await using {
            do {
                let sftp = try await SFTPClient.start(on: self, until: deadline)
                do {
                    let file = try await sftp.open(temporary, write: true, mode: mode, until: deadline)
                    do {
                        try await sftp.write(file, bytes, until: deadline)
                        try await sftp.setMode(file, mode, until: deadline)
                    } catch {
                        await sftp.close(file, until: deadline)
                        await sftp.unlink(temporary, until: deadline)
                        await sftp.shutdown(until: deadline)
                        return error as? TransferError ?? TransferError(message: "\(error)")
                    }
                    await sftp.close(file, until: deadline)
                } catch {
                    await sftp.shutdown(until: deadline)
                    return error as? TransferError ?? TransferError(message: "\(error)")
                }
                await sftp.shutdown(until: deadline)
                return nil
            } catch {
                return error as? TransferError ?? TransferError(message: "\(error)")
            }
        }
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

    /// Copies `remotePath` to the local file `localPath` (written to a temporary name, then renamed).
    public func download(_ remotePath: String, to localPath: String, timeout: Double = 300) async throws(TransferError) {
        let deadline = Deadline.after(seconds: timeout)
        let temporary = localPath + ".pbrun-\(getpid())-\(UInt32.random(in: .min ... .max))"
        let failure: TransferError? = await using {
            let descriptor = Glibc.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                return TransferError(message: "cannot create \(temporary): \(String(cString: strerror(errno)))")
            }
            defer { Glibc.close(descriptor) }
            do {
                let sftp = try await SFTPClient.start(on: self, until: deadline)
                var failure: TransferError?
                do {
                    let file = try await sftp.open(remotePath, write: false, mode: 0, until: deadline)
                    do {
                        while true {
                            let chunk = try await sftp.read(file, capacity: 64 * 1024, until: deadline)
                            if chunk.isEmpty { break }
                            let written = chunk.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
                            if written != chunk.count { throw TransferError(message: "cannot write \(temporary)") }
                        }
                    } catch {
                        failure = error as? TransferError ?? TransferError(message: "\(error)")
                    }
                    await sftp.close(file, until: deadline)
                } catch {
                    failure = error as? TransferError ?? TransferError(message: "\(error)")
                }
                await sftp.shutdown(until: deadline)
                return failure
            } catch {
                return error as? TransferError ?? TransferError(message: "\(error)")
            }
        }
        if let failure {
            unlink(temporary)
            throw TransferError(message: "\(remotePath): \(failure.message)")
        }
        guard rename(temporary, localPath) == 0 else {
            unlink(temporary)
            throw TransferError(message: "cannot rename to \(localPath): \(String(cString: strerror(errno)))")
        }
    }

    /// The SHA-256 of the file at `path` on the host as lowercase hex, or nil when there is no such
    /// file; for dry runs that compare an upload with what is there.
    /// `become`: read it as that user (a file only it may read).
    public func remoteSHA256(_ path: String, as become: RemoteCommand.Become? = nil) async throws(CommandError)
        -> String?
    {
        let sink = TailSink()
        let quoted = RemoteCommand.quote(path)
        let result = try await execute(
            RemoteCommand("if [ -f \(quoted) ]; then sha256sum -- \(quoted) || shasum -a 256 -- \(quoted); fi",
                          become: become),
            output: sink)
        let digest = sink.text.prefix { !$0.isWhitespace }
        guard result.succeeded, digest.count == 64 else { return nil }
        return String(digest)
    }
}
