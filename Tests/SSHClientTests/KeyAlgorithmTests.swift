import Foundation
@testable import SSHClient
import Testing
@testable import TestSupport

/// Key files by algorithm against the real fleet: RSA logs in (rsa-sha2-512/256, as the server's
/// server-sig-algs allows), encrypted in either format with its passphrase; DSA and RSA under 2048
/// bits are refused before anything is offered, with the reason.
@Suite struct KeyAlgorithmTests {
    private func connectError(_ target: SSHTarget, passphrase: String? = nil) async -> ConnectionError? {
        do {
            let options = ConnectOptions(connectRetries: 0, keyPassphrase: passphrase)
            let session = try await SSHSession.connect(target, options: options)
            await session.close()
            return nil
        } catch {
            return error
        }
    }

    @Test func anRSAKeyFileLogsIn() async throws {
        let fleet = try TestFleet.shared()
        #expect(await connectError(fleet.connection(2, key: fleet.rsaKey))?.description == nil)
    }

    @Test(arguments: [TestKeys.Format.openSSH, .pem])
    func anEncryptedRSAKeyLogsInWithItsPassphrase(format: TestKeys.Format) async throws {
        let fleet = try TestFleet.shared()
        let key = try TestKeys.encryptedCopy(of: fleet.rsaKey, passphrase: "correct horse", format: format)
        defer { try? FileManager.default.removeItem(at: key.deletingLastPathComponent()) }
        #expect(await connectError(fleet.connection(3, key: key), passphrase: "correct horse")?.description == nil)
        let wrong = try #require(await connectError(fleet.connection(3, key: key), passphrase: "wrong"))
        #expect(wrong.cause == .authenticationFailed || wrong.cause == .keyFile, "\(wrong.description)")
    }

    @Test func aDSAKeyIsRefusedWithTheReason() async throws {
        let fleet = try TestFleet.shared()
        let key = try TestKeys.make("dsa")
        defer { try? FileManager.default.removeItem(at: key.deletingLastPathComponent()) }
        let error = try #require(await connectError(fleet.connection(4, key: key)))
        #expect(error.cause == .keyFile)
        #expect(error.summary == "h0004 (127.0.0.6:\(fleet.port)): unreachable: DSA key \(key.path) not offered")
        #expect(error.description.contains("OpenSSH 7.0 and later refuse DSA keys"))
    }

    @Test func anRSAKeyUnder2048BitsIsRefusedWithItsSize() async throws {
        let fleet = try TestFleet.shared()
        let key = try TestKeys.make("rsa", bits: 1024)
        defer { try? FileManager.default.removeItem(at: key.deletingLastPathComponent()) }
        let error = try #require(await connectError(fleet.connection(5, key: key)))
        #expect(error.cause == .keyFile)
        #expect(error.summary
            == "h0005 (127.0.0.7:\(fleet.port)): unreachable: RSA key \(key.path) not offered: 1024 bits, under 2048")
    }

    /// The modulus size is read from wherever the key holds it in the clear, encrypted or not.
    @Test(arguments: [(1024, TestKeys.Format.openSSH, "", true), (2048, .openSSH, "secret-pw", false),
                      (3072, .pem, "", false), (1024, .pem, "secret-pw", true)])
    func theRSAModulusSizeIsReadWithoutThePassphrase(bits: Int, format: TestKeys.Format, passphrase: String,
                                                     keepPublic: Bool) throws {
        let key = try TestKeys.make("rsa", bits: bits, passphrase: passphrase, format: format, keepPublic: keepPublic)
        defer { try? FileManager.default.removeItem(at: key.deletingLastPathComponent()) }
        let privateKey = try LocalFiles.readBytes(key.path).get()
        let publicKey = try? LocalFiles.readBytes(key.path + ".pub").get()
        #expect(KeyFile.rsaModulusBits(privateKey: privateKey, publicKey: publicKey) == bits)
    }

    @Test func anEncryptedPEMKeyWithoutItsPublicHalfHasNoKnownSize() throws {
        let key = try TestKeys.make("rsa", bits: 2048, passphrase: "secret-pw", format: .pem, keepPublic: false)
        defer { try? FileManager.default.removeItem(at: key.deletingLastPathComponent()) }
        #expect(KeyFile.rsaModulusBits(privateKey: try LocalFiles.readBytes(key.path).get(), publicKey: nil) == nil)
    }

    @Test func malformedKeyBytesHaveNoSize() {
        let cases = ["-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n",
                     "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA\n-----END OPENSSH PRIVATE KEY-----\n",
                     "", "garbage"]
        for text in cases {
            #expect(KeyFile.rsaModulusBits(privateKey: Array(text.utf8), publicKey: Array("ssh-rsa AAAA".utf8)) == nil)
        }
    }
}
