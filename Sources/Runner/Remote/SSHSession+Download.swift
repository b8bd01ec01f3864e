import Glibc
import Playbook
import SSHClient

extension SSHSession {
    /// Copies `remotePath` to the local file `localPath` over SFTP, as the login user: the bytes go
    /// to a temporary name beside `localPath`, renamed over it only once the whole file arrived, so
    /// `localPath` never holds half a file.
    public func download(_ remotePath: String, to localPath: String, timeout: Double = 300) async throws(TransferError) {
        let temporary = localPath + ".pbrun-\(getpid())-\(UInt32.random(in: .min ... .max))"
        let descriptor = Glibc.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw TransferError(message: "\(remotePath): cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        do throws(TransferError) {
            try await read(remotePath, timeout: timeout) { chunk throws(TransferError) in
                do throws(DescriptorWriteError) {
                    try DescriptorWrite.all(chunk, to: descriptor)
                } catch {
                    throw TransferError(message: "cannot write \(temporary): \(error.reason)")
                }
            }
        } catch {
            Glibc.close(descriptor)
            unlink(temporary)
            throw TransferError(message: "\(remotePath): \(error.message)")
        }
        Glibc.close(descriptor)
        guard rename(temporary, localPath) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw TransferError(message: "cannot rename to \(localPath): \(reason)")
        }
    }
}
