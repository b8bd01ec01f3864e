import Foundation

/// `group_vars/` and `host_vars/` beside the playbook, as ansible-playbook (and
/// `ansible-inventory --playbook-dir`) reads them: the same files as beside an inventory, each kind
/// just above the inventory's of the same kind (Ansible's default `VARIABLE_PRECEDENCE`:
/// inventory `group_vars/all`, playbook `group_vars/all`, inventory `group_vars/GROUP`, playbook
/// `group_vars/GROUP`, …, inventory `host_vars/HOST`, playbook `host_vars/HOST`).
extension Inventory {
    /// This inventory with the `group_vars/` and `host_vars/` of `folder` (the playbook's folder)
    /// read for its groups and hosts. A folder that is already an inventory's adds nothing (the
    /// same files, read again, would change no value). Bad files are `path:line:column` errors.
    public func addingPlaybookFolder(_ folder: String) throws(DiagnosticList) -> Inventory {
        let key = Self.folderKey(folder)
        guard !variableFolders.contains(where: { Self.folderKey($0) == key }) else { return self }
        var loader = InventoryLoader(graph: graph)
        var groups: [String: LocatedVariables] = [:], hosts: [String: LocatedVariables] = [:]
        loader.loadVariableFolder(folder, groups: &groups, hosts: &hosts)
        guard loader.diagnostics.isEmpty else { throw DiagnosticList(loader.diagnostics) }
        var inventory = self
        inventory.playbookGroupVarsFiles = groups
        inventory.playbookHostVarsFiles = hosts
        inventory.warnings += loader.warnings
        return inventory
    }

    /// The folder of the playbook file at `path` (`.` for a bare file name).
    public static func folder(ofPlaybook path: String) -> String {
        let folder = ((path as NSString).expandingTildeInPath as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// One spelling per folder: absolute, `.`/`..` and symbolic links resolved.
    private static func folderKey(_ folder: String) -> String {
        let path = folder.isEmpty ? "." : (folder as NSString).expandingTildeInPath
        return URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
