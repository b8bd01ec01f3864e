import Foundation
import Playbook

/// What every fuzz target shares: the input as text, a private scratch folder, and the small
/// fixed inventory that playbooks and host patterns are checked against.
enum FuzzSupport {
    /// The input as UTF-8 text; invalid bytes become U+FFFD, as `String(decoding:)` reads a file.
    static func text(_ data: UnsafePointer<UInt8>, _ size: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    }

    /// A folder of this process's own, empty but for what a target writes into it, so paths an input
    /// names relative to its file (`include:`, `vars_files:`) resolve to nothing real.
    static let scratch: String = {
        let path = NSTemporaryDirectory() + "pbrun-fuzz-\(getpid())"
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            preconditionFailure("cannot create the fuzz scratch folder \(path): \(error)")
        }
        return path
    }()

    /// The inventory patterns are matched against: groups with children, a range, a host in two
    /// groups, ports and variables, read by the real INI parser.
    static let inventory: Inventory = {
        let text = """
            [web]
            web[01:12].example.com
            [db]
            db-a ansible_host=10.0.0.5 ansible_port=2222
            db-b
            [lb]
            lb1 http_port=8080
            [canary]
            web01.example.com
            [prod:children]
            web
            db
            lb
            [prod:vars]
            env=prod
            """
        do {
            return try Inventory.parse(text: text, path: "fuzz-inventory.ini")
        } catch {
            preconditionFailure("the fixed fuzz inventory does not parse: \(error)")
        }
    }()
}
