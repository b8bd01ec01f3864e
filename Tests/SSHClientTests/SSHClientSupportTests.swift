import Foundation
@testable import SSHClient
import Testing

/// The POSIX helpers that stand in for Foundation inside SSHClient, checked against Foundation.
@Suite struct SSHClientSupportTests {
    @Test func base64MatchesFoundationBothWays() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let encoded = Data(bytes).base64EncodedString()
            #expect(Base64.encode(bytes) == encoded)
            #expect(Base64.decode(encoded) == bytes)
        }
        #expect(Base64.decode("abc") == nil)
        #expect(Base64.decode("a=bc") == nil)
        #expect(Base64.decode("ab!c") == nil)
    }

    @Test func trimmingRemovesWhitespaceAndNewlinesAtBothEnds() {
        #expect(Text.trimmed("  \t key value \r\n") == "key value")
        #expect(Text.trimmed(" \n\t ") == "")
        #expect(Text.trimmed("x") == "x")
    }

    /// Away from exact ties (where printf rounds the binary value), it prints what `%.1f` prints.
    @Test func oneDecimalMatchesPrintf() {
        for value in [0.1, 1.5, 2.3, 9.94, 12.04, 0.07, 100.0, 3600.5, 0.0] {
            #expect(Text.oneDecimal(value) == String(format: "%.1f", value), "\(value)")
        }
        #expect(formatSeconds(10) == "10 s")
        #expect(formatSeconds(1.5) == "1.5 s")
    }

    @Test func tildeExpandsLikeFoundation() {
        for path in ["~", "~/", "~/.ssh/id_ed25519", "/etc/ssh", "relative/~", "~root/x", "~no-such-user-pbrun/x"] {
            #expect(HomeDirectory.expandingTilde(in: path) == (path as NSString).expandingTildeInPath, "\(path)")
        }
    }

    @Test func readsFilesAndExplainsWhyNot() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pbrun-files-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("big").path
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0) }
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        #expect(try LocalFiles.readBytes(file).get() == bytes)
        #expect(LocalFiles.readBytes(directory.appendingPathComponent("missing").path)
            == .failure(LocalFiles.ReadError(reason: "No such file or directory")))
        #expect(LocalFiles.kind(of: directory.path) == (true, true) ? true : false)
        let nested = directory.appendingPathComponent("a/b/c").path
        LocalFiles.createDirectories(nested)
        #expect(LocalFiles.kind(of: nested).isDirectory)
        #expect(LocalFiles.parentDirectory(of: "/x/y/known_hosts") == "/x/y")
        #expect(LocalFiles.parentDirectory(of: "known_hosts") == "")
    }

    @Test func blockingCallsRunOffTheCallingThread() async {
        let name = await BlockingThread.run { () -> String in
            let comm = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
            return comm.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(name == "pbrun-blocking")
    }
}
