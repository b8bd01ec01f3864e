import Playbook

/// What `pbrun hosts` does with an inventory once it is read: list it as JSON, draw its graph,
/// match `all`, and resolve every host's connection (the first 100, so a large range does not
/// turn one input into minutes of string building). Ranges may expand to 20,000 hosts, not a
/// million: a million-host inventory is linear work, but under ASan it takes seconds and over a
/// gigabyte, and a fuzz run must not fail on how fast the machine is.
enum InventoryExercise {
    static func run(text: String, path: String) {
        let inventory: Inventory
        do {
            inventory = try Inventory.parse(text: text, path: path, hostLimit: 20_000)
        } catch {
            for diagnostic in error.diagnostics { _ = diagnostic.rendered }
            return
        }
        _ = JSONText.write(inventory.listing())
        _ = inventory.graphText()
        do {
            for host in try inventory.hosts(matching: "all").prefix(100) {
                _ = inventory.resolvedConnection(for: host, defaults: ConnectionDefaults(), sshConfig: .empty)
            }
        } catch {
            for diagnostic in error.diagnostics { _ = diagnostic.rendered }
        }
    }
}
