import Foundation
import Testing
@testable import Playbook

/// Inventory sources that are not plain files, or not text, fail at once with the file named; a
/// folder that loops back on itself through a link is read once.
struct InventoryInputFileTests {
    private let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "pbrun-inventory-input-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    private func failure(_ sources: [String]) -> String {
        do {
            _ = try Inventory.load(sources: sources, scriptTimeout: 5)
            return "(it loaded)"
        } catch {
            return error.description.replacingOccurrences(of: folder + "/", with: "")
        }
    }

    /// `open()` of a FIFO waits for a writer forever; it must be refused before that.
    @Test(.timeLimit(.minutes(1)))
    func aFIFOIsRefusedWithoutBlocking() throws {
        let fifo = folder + "/inventory.ini"
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect(failure([fifo]) == "error: cannot read inventory file inventory.ini: is a FIFO, not a regular file")
    }

    @Test(.timeLimit(.minutes(1)))
    func aDeviceIsRefused() {
        #expect(failure(["/dev/zero"]) == "error: cannot read inventory file /dev/zero: is a device, not a regular file")
    }

    @Test func bytesThatAreNotUTF8AreNamedByLineAndColumn() throws {
        let path = folder + "/inventory.ini"
        // Line 4 is "w" then a byte that starts no UTF-8 sequence; line 2 has valid accents.
        try Data(Array("[web]\nweb1 x=\u{e9}t\u{e9}\n\n".utf8) + [0x77, 0xff, 0x0a]).write(to: URL(fileURLWithPath: path))
        #expect(failure([path]) == "inventory.ini:4:2: error: file is not valid UTF-8")
    }

    @Test(.timeLimit(.minutes(1)))
    func aGroupVarsFolderThatLinksBackToItselfIsReadOnce() throws {
        try "[web]\nweb1\n".write(toFile: folder + "/inventory.ini", atomically: true, encoding: .utf8)
        let web = folder + "/group_vars/web"
        try FileManager.default.createDirectory(atPath: web, withIntermediateDirectories: true)
        try "port: 8080\n".write(toFile: web + "/main.yml", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: web + "/again", withDestinationPath: "..")
        #expect(failure([folder + "/inventory.ini"]) == "error: variables directory: 'group_vars/web/again/web' "
                + "leads back to a folder already read (a symbolic link loop); it was not read again")
    }

    @Test(.timeLimit(.minutes(1)))
    func anInventoryFolderThatLinksBackToItselfIsReadOnce() throws {
        let inventory = folder + "/inventory"
        try FileManager.default.createDirectory(atPath: inventory, withIntermediateDirectories: true)
        try "[web]\nweb1\n".write(toFile: inventory + "/hosts.ini", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: inventory + "/loop", withDestinationPath: inventory)
        #expect(failure([inventory]) == "error: inventory directory: 'inventory/loop' leads back to a folder "
                + "already read (a symbolic link loop); it was not read again")
    }
}
