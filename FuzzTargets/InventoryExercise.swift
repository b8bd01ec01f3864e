import Playbook

/// What `pbrun hosts` does with an inventory once it is read: list it as JSON, draw its graph,
/// match `all`, and resolve every host's connection (the first 100, so a large range does not
/// turn one input into minutes of string building).
enum InventoryExercise {
    static func run(text: String, path: String) {
        let inventory: Inventory
        do {
            inventory = try Inventory.parse(text: text, path: path)
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
