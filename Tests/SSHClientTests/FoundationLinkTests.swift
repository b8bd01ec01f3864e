@testable import SSHClient
import Testing

@Suite struct FoundationLinkTests {
    @Test func libssh2LinksAndIsAtLeast110() throws {
        let parts = libssh2Version.split(separator: ".").compactMap { Int($0) }
        #expect(parts.count >= 2, "libssh2 version was \(libssh2Version)")
        #expect(parts[0] > 1 || (parts[0] == 1 && parts[1] >= 10), "libssh2 version was \(libssh2Version)")
    }

    @Test func epollLinks() {
        #expect(epollIsAvailable())
    }
}
