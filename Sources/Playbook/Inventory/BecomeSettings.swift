/// Privilege escalation a host's inventory asks for, from Ansible's `ansible_become*` variables, so
/// a playbook can run steps as another user where the inventory says so.
///
/// | field | variables (first set wins) |
/// |---|---|
/// | `enabled` | `ansible_become` (YAML booleans; in INI `True`/`yes`/`1`…) |
/// | `method` | `ansible_become_method` (default `sudo`) |
/// | `user` | `ansible_become_user` (default `root`) |
/// | `password` | `ansible_become_password`, `ansible_become_pass` (warned about, like `ansible_password`) |
/// | `flags` | `ansible_become_flags` |
public struct BecomeSettings: Hashable, Sendable {
    /// Whether steps run as `user` (`ansible_become`).
    public var enabled: Bool
    /// How: `sudo`, `su`, `doas`…
    public var method: String
    /// The user to become.
    public var user: String
    /// The escalation password the inventory stores, if any; never printed.
    public var password: String?
    /// Extra flags for the escalation command.
    public var flags: String?

    public init(enabled: Bool = false, method: String = "sudo", user: String = "root", password: String? = nil,
                flags: String? = nil) {
        self.enabled = enabled
        self.method = method
        self.user = user
        self.password = password
        self.flags = flags
    }
}

extension Inventory {
    /// The host's `ansible_become*` settings; nil when the inventory sets none of them.
    public func become(for host: String) -> BecomeSettings? {
        let vars = variables(of: host)
        let names = ["ansible_become", "ansible_become_method", "ansible_become_user", "ansible_become_password",
                     "ansible_become_pass", "ansible_become_flags"]
        guard names.contains(where: { vars[$0] != nil }) else { return nil }
        func text(_ key: String) -> String? {
            switch vars[key] {
            case .string(let value)?: return value
            case .int(let value)?: return String(value)
            default: return nil
            }
        }
        var settings = BecomeSettings()
        switch vars["ansible_become"] {
        case .bool(let flag)?: settings.enabled = flag
        case .int(let number)?: settings.enabled = number != 0
        case .string(let word)?: settings.enabled = ["yes", "true", "on", "1", "y"].contains(word.lowercased())
        default: break
        }
        settings.method = text("ansible_become_method") ?? settings.method
        settings.user = text("ansible_become_user") ?? settings.user
        settings.password = text("ansible_become_password") ?? text("ansible_become_pass")
        settings.flags = text("ansible_become_flags")
        return settings
    }
}
