import Foundation
import Playbook
import Runner
import SSHClient
import Testing
@testable import TestSupport

/// SFTP uploads and downloads, and remote checksums, against a real sshd.
@Suite struct FileTransferTests {
    @Test func uploadsWithModeThenDownloadsAndChecksumsTheSameBytes() async throws {
        let fleet = try TestFleet.shared()
        let session = try await SSHSession.connect(fleet.connection(0), options: ConnectOptions())
        let unique = "pbrun-upload-\(UUID().uuidString.prefix(8))"
        let remote = "/tmp/\(unique)"
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try await session.upload(bytes, to: remote, mode: 0o640)
        // Uploading again replaces the file in one rename.
        try await session.upload(bytes, to: remote, mode: 0o640)

        let mode = CollectingSink()
        _ = try await session.execute(RemoteCommand("stat -c %a \(remote); ls -a /tmp | grep -c \(unique)"), output: mode)
        #expect(mode.stdoutText == "640\n1\n", "mode, and no temporary file left behind")

        let local = FileManager.default.temporaryDirectory.appendingPathComponent("pbrun-download-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: local) }
        try await session.download(remote, to: local.path)
        #expect([UInt8](try Data(contentsOf: local)) == bytes)

        let digest = try await session.remoteSHA256(remote)
        let expected = try ProcessResult.run("/usr/bin/sha256sum", [local.path]).stdout.prefix(64)
        #expect(digest == String(expected))
        #expect(try await session.remoteSHA256(remote + ".missing") == nil)
        _ = try await session.execute(RemoteCommand("rm -f \(remote)"), output: DiscardingSink())
        await session.close()
    }

    @Test func aDownloadOfAMissingFileSaysSoAndLeavesNothing() async throws {
        let fleet = try TestFleet.shared()
        let session = try await SSHSession.connect(fleet.connection(1), options: ConnectOptions())
        let local = FileManager.default.temporaryDirectory.appendingPathComponent("pbrun-missing-\(UUID().uuidString.prefix(8))")
        await #expect(throws: TransferError(message: "/nonexistent/file: /nonexistent/file: no such file")) {
            try await session.download("/nonexistent/file", to: local.path)
        }
        #expect(!FileManager.default.fileExists(atPath: local.path))
        await session.close()
    }
}
