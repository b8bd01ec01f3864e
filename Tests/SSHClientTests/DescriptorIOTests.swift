import Glibc
@testable import SSHClient
import Testing

/// SSHClient's one loop over short writes: it continues until the descriptor stops taking bytes,
/// and says how far it got and why it stopped.
@Suite struct DescriptorIOTests {
    @Test func aFullSocketStopsTheWriteWithWhatWentOutAndWouldBlock() throws {
        var ends: [Int32] = [0, 0]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        var size: Int32 = 4096
        _ = setsockopt(ends[0], SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
        let bytes = [UInt8](repeating: 0x61, count: 1 << 20)
        let (written, stopped) = DescriptorIO.writeAvailable(ends[0], bytes[...])
        #expect(stopped == .wouldBlock)
        #expect(written > 0 && written < bytes.count)
        // Drain what went out; the rest then goes on from where it stopped.
        var drained = 0
        var buffer = [UInt8](repeating: 0, count: 65_536)
        _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
        while drained < written {
            let count = buffer.withUnsafeMutableBytes { read(ends[1], $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            drained += count
        }
        #expect(drained == written, "every byte reported written arrived")
        let (more, _) = DescriptorIO.writeAvailable(ends[0], bytes[written...])
        #expect(more > 0)
    }

    @Test func aFileTakesEverything() throws {
        var template = Array("/tmp/pbrun-descriptorio-XXXXXX".utf8CString)
        let descriptor = mkstemp(&template)
        try #require(descriptor >= 0)
        let path = String(cString: template)
        defer { close(descriptor); unlink(path) }
        let bytes = [UInt8]((0..<200_000).map { UInt8(truncatingIfNeeded: $0) })
        let (written, stopped) = DescriptorIO.writeAvailable(descriptor, bytes[...], to: .file)
        #expect(stopped == nil)
        #expect(written == bytes.count)
        #expect(try LocalFiles.readBytes(path).get() == bytes)
    }

    @Test func aClosedPeerIsAFailureNotASignal() throws {
        var ends: [Int32] = [0, 0]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        close(ends[1])
        defer { close(ends[0]) }
        let (written, stopped) = DescriptorIO.writeAvailable(ends[0], [1, 2, 3][...])
        #expect(written == 0)
        #expect(stopped == .failed(EPIPE))
    }
}
