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

    /// Reads `remotePath` over SFTP, handing its bytes to `receive` chunk by chunk, in order, until
    /// the end of the file; an error `receive` throws stops the transfer and comes back as is. Where
    /// the bytes go is the caller's: Runner's `download(_:to:timeout:)` writes them to a local file.
    public func read(_ remotePath: String, timeout: Double = 300,
                     into receive: ([UInt8]) throws(TransferError) -> Void) async throws(TransferError) {
        let deadline = Deadline.after(seconds: timeout)
        let failure: TransferError? = await using {
            do throws(TransferError) {
                try await withSFTP(until: deadline) { sftp throws(TransferError) in
                    try await sftp.withFile(remotePath, write: false, mode: 0, until: deadline) {
                        file throws(TransferError) in
                        while true {
                            let chunk = try await file.read(capacity: 64 * 1024, until: deadline)
                            if chunk.isEmpty { break }
                            try receive(chunk)
                        }
                    }
                }
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }
}
