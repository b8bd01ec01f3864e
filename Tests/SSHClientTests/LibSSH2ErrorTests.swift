@testable import SSHClient
import Testing

/// libssh2's error codes by Swift name: each named case maps to libssh2's number and back, a
/// result that is no error has none, and unknown codes keep their number.
@Suite struct LibSSH2ErrorTests {
    /// Every named case with the number libssh2 1.10/1.11 gives it (libssh2.h).
    static let named: [(LibSSH2Error, Int32, String)] = [
        (.wouldBlock, -37, "LIBSSH2_ERROR_EAGAIN"),
        (.socketDisconnected, -13, "LIBSSH2_ERROR_SOCKET_DISCONNECT"),
        (.socketReceiveFailed, -43, "LIBSSH2_ERROR_SOCKET_RECV"),
        (.socketSendFailed, -7, "LIBSSH2_ERROR_SOCKET_SEND"),
        (.socketTimedOut, -30, "LIBSSH2_ERROR_SOCKET_TIMEOUT"),
        (.bannerNotReceived, -2, "LIBSSH2_ERROR_BANNER_RECV"),
        (.keyExchangeFailed, -5, "LIBSSH2_ERROR_KEX_FAILURE"),
        (.methodNotSupported, -33, "LIBSSH2_ERROR_METHOD_NOT_SUPPORTED"),
        (.keyRefused, -19, "LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED"),
        (.keyFileUnreadable, -16, "LIBSSH2_ERROR_FILE"),
        (.passwordExpired, -15, "LIBSSH2_ERROR_PASSWORD_EXPIRED"),
    ]

    @Test func eachNamedCodeMapsBothWaysAndPrintsItsCName() {
        for (error, code, name) in Self.named {
            #expect(LibSSH2Error(code: code) == error, "\(name)")
            #expect(LibSSH2Error(code: Int(code)) == error, "\(name) as a byte-count result")
            #expect(error.code == code, "\(name)")
            #expect(error.description == name)
        }
    }

    @Test func successAndByteCountsAreNoError() {
        #expect(LibSSH2Error(code: Int32(0)) == nil)
        #expect(LibSSH2Error(code: 32 * 1024) == nil)
        #expect(!LibSSH2Error.isWouldBlock(Int32(0)))
        #expect(LibSSH2Error.isWouldBlock(Int32(-37)))
        #expect(LibSSH2Error.isWouldBlock(LibSSH2Error.wouldBlockSize))
    }

    @Test func anUnnamedCodeKeepsItsNumber() {
        let error = LibSSH2Error(code: Int32(-21))  // LIBSSH2_ERROR_CHANNEL_FAILURE
        #expect(error == .unknown(-21))
        #expect(error?.code == -21)
        #expect(error?.description == "libssh2 error -21")
        #expect(LibSSH2Error(code: Int.min) == .unknown(Int32.min))
    }

    @Test func onlyASocketFailureMeansTheConnectionIsLost() {
        let lost: [LibSSH2Error] = [.socketDisconnected, .socketReceiveFailed, .socketSendFailed]
        for (error, _, name) in Self.named {
            #expect(error.isConnectionLost == lost.contains(error), "\(name)")
        }
    }

    @Test func sftpStatusesReadAsBefore() {
        #expect(SFTPStatus(code: 0) == .ok)
        #expect(SFTPStatus(code: 2).description == "no such file")
        #expect(SFTPStatus(code: 3).description == "permission denied")
        #expect(SFTPStatus(code: 4).description == "SFTP status 4")
    }
}

/// The libssh2 pbrun runs with is the one it was built against: a test bundle or binary that
/// compiled against 1.11's headers but loads the system's older shared library fails here.
@Suite struct LibSSH2LinkTests {
    @Test func theLoadedLibraryIsTheOneOfTheHeaders() {
        #expect(libssh2Version == libssh2HeaderVersion)
        #expect(libssh2MatchesHeaders)
    }
}
