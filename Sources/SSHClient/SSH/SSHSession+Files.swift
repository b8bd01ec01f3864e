import Foundation
import Glibc

extension SSHSession {
    /// Writes `bytes` over SFTP to a new file at `path` with permission bits `mode`, as the login
    /// user; the file is removed again when writing fails. Returns why it failed, if it did.
    public func write(_ bytes: [UInt8], to path: String, mode: Int32, until deadline: Deadline) async -> TransferError? {
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
}
