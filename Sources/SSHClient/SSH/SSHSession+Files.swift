import Glibc

extension SSHSession {
    /// Writes `bytes` over SFTP to a new file at `path` with permission bits `mode`, as the login
    /// user; the file is removed again when writing fails. Returns why it failed, if it did.
    public func write(_ bytes: [UInt8], to path: String, mode: Int32, until deadline: Deadline) async -> TransferError? {
        await using {
            do throws(TransferError) {
                try await withSFTP(until: deadline) { sftp throws(TransferError) in
                    try await sftp.withFile(path, write: true, mode: mode, until: deadline) {
                        file throws(TransferError) in
                        do throws(TransferError) {
                            try await file.write(bytes, until: deadline)
                            try await file.setMode(mode, until: deadline)
                        } catch {
                            // A partly written file must not stay behind.
                            await file.close(until: deadline)
                            await sftp.unlink(path, until: deadline)
                            throw error
                        }
                    }
                }
                return nil
            } catch {
                return error
            }
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
            do throws(TransferError) {
                try await withSFTP(until: deadline) { sftp throws(TransferError) in
                    try await sftp.withFile(remotePath, write: false, mode: 0, until: deadline) {
                        file throws(TransferError) in
                        while true {
                            let chunk = try await file.read(capacity: 64 * 1024, until: deadline)
                            if chunk.isEmpty { break }
                            let written = chunk.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
                            if written != chunk.count { throw TransferError(message: "cannot write \(temporary)") }
                        }
                    }
                }
                return nil
            } catch {
                return error
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
}
