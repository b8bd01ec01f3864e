import Foundation
import Glibc
import Playbook
import SSHClient

/// File transfers as another user (`become`): SFTP runs as the login user, so a destination only
/// the become user may write, or a source only it may read, goes through that user's shell.
extension SSHSession {
    /// Writes `bytes` to `remotePath` as `become`'s user, with permission bits `mode` and, when
    /// given, `owner` and `group`. The bytes go over SFTP to a private temporary file (mode 0600, in a
    /// directory of the login user's with mode 0700), which the become user then installs under a
    /// temporary name in the destination's directory, with mode and owner applied, and renames over
    /// the destination (`mv -f`, atomic): the target is never seen half-written or with the wrong
    /// owner. The temporary directory is removed on every path. The become user must be able to
    /// read the login user's private file (root can).
    public func upload(_ bytes: [UInt8], to remotePath: String, mode: Int32, owner: String?, group: String?,
                       as become: RemoteCommand.Become, timeout: Double = 300) async throws(TransferError) {
        let directory = try await privateDirectory(for: remotePath)
        let staged = directory + "/content"
        do throws(TransferError) {
            if let written = await write(bytes, to: staged, mode: 0o600, until: .after(seconds: timeout)) {
                throw TransferError(message: "\(remotePath): \(written.message)")
            }
            try await run(RemoteCommand(Self.installing(staged, at: remotePath, mode: mode, owner: owner, group: group),
                                        become: become),
                          for: remotePath, what: "install as \(become.user)")
        } catch {
            await removePrivateDirectory(directory)
            throw error
        }
        await removePrivateDirectory(directory)
    }

    /// Copies `remotePath` to the local file `localPath`, read as `become`'s user: its bytes stream
    /// through `cat` under sudo, into a temporary name beside `localPath` that is then renamed.
    public func download(_ remotePath: String, to localPath: String, as become: RemoteCommand.Become)
        async throws(TransferError)
    {
        let folder = (localPath as NSString).deletingLastPathComponent
        let name = ".\((localPath as NSString).lastPathComponent).pbrun-\(getpid())-\(UInt32.random(in: .min ... .max))"
        let files = FileOutputSink(directory: folder.isEmpty ? "." : folder, name: name)
        let temporary = (folder.isEmpty ? "." : folder) + "/" + name
        defer {
            unlink(temporary + ".stdout")
            unlink(temporary + ".stderr")
        }
        let result: CommandResult
        do {
            result = try await execute(RemoteCommand("cat -- \(ShellQuoting.quote(remotePath))", become: become),
                                       output: files)
            try files.finish()
        } catch {
            throw TransferError(message: "\(remotePath): \(error)")
        }
        guard result.succeeded else {
            let stderr = (try? String(contentsOfFile: temporary + ".stderr", encoding: .utf8)) ?? ""
            throw TransferError(message: "\(remotePath): reading as \(become.user) failed: \(stderr)")
        }
        guard rename(temporary + ".stdout", localPath) == 0 else {
            throw TransferError(message: "cannot rename to \(localPath): \(String(cString: strerror(errno)))")
        }
    }

    /// The become user's script for `upload(_:to:mode:owner:group:as:)`: install `staged` under a
    /// temporary name beside `destination`, then rename it over `destination`.
    private static func installing(_ staged: String, at destination: String, mode: Int32, owner: String?,
                                   group: String?) -> String {
        let parent = (destination as NSString).deletingLastPathComponent
        let base = (destination as NSString).lastPathComponent
        let template = ShellQuoting.quote((parent.isEmpty ? "." : parent) + "/.\(base).pbrun-XXXXXXXX")
        var install = "install -m \(String(mode, radix: 8))"
        if let owner { install += " -o \(ShellQuoting.quote(owner))" }
        if let group { install += " -g \(ShellQuoting.quote(group))" }
        return "pbrun_tmp=$(mktemp \(template)) || exit 1; "
            + "\(install) -- \(ShellQuoting.quote(staged)) \"$pbrun_tmp\" "
            + "&& mv -f -- \"$pbrun_tmp\" \(ShellQuoting.quote(destination)) "
            + "|| { pbrun_status=$?; rm -f -- \"$pbrun_tmp\"; exit $pbrun_status; }"
    }

    /// Makes a directory only the login user may enter (`mktemp -d`, mode 0700) for staging an
    /// upload to `remotePath`.
    private func privateDirectory(for remotePath: String) async throws(TransferError) -> String {
        let sink = TailSink()
        let made: CommandResult
        do {
            made = try await execute(RemoteCommand(#"umask 077 && mktemp -d "${TMPDIR:-/tmp}/.pbrun-upload-XXXXXXXX""#),
                                     output: sink)
        } catch {
            throw TransferError(message: "\(remotePath): \(error)")
        }
        let directory = sink.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard made.succeeded, directory.hasPrefix("/") else {
            throw TransferError(message: "\(remotePath): cannot make a private temporary directory: \(sink.text)")
        }
        return directory
    }

    /// Removes a directory made by `privateDirectory(for:)`; a failure leaves only a 0700 directory
    /// of the login user's behind, so it is not reported.
    private func removePrivateDirectory(_ directory: String) async {
        _ = try? await execute(RemoteCommand("rm -rf -- \(ShellQuoting.quote(directory))"), output: DiscardingSink())
    }
}
