/// `ansible_connection`, as Ansible reads it: `ssh` (and Ansible's `smart`, which picks ssh) connect
/// over SSH; `local` runs the host's commands on the controller, with no SSH at all.
extension Inventory {
    /// The connection plugins pbrun has; any other name is an error rather than a silent ssh.
    static let connectionKinds: Set<String> = ["ssh", "smart", "local"]

    /// Whether `variables` (one host's merged ones) set `ansible_connection: local`. An error naming
    /// the host, at the line that sets it, for a value pbrun cannot connect with.
    static func isLocalConnection(_ variables: LocatedVariables, of host: String) throws(Diagnostic) -> Bool {
        guard let value = variables.values["ansible_connection"] else { return false }
        let origin = variables.origins["ansible_connection"]
        guard case .string(let kind) = value else {
            throw Diagnostic(at: origin, "host '\(host)': ansible_connection is \(value.describedForError), "
                             + "not one of local, ssh, smart")
        }
        guard connectionKinds.contains(kind) else {
            throw Diagnostic(at: origin, "host '\(host)': ansible_connection '\(kind)' is not supported "
                             + "(pbrun connects with local, ssh or smart)")
        }
        return kind == "local"
    }
}
