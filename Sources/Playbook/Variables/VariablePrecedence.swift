/// Where a variable came from, lowest precedence first: a later source overrides an earlier one
/// for the same top-level name (a map is replaced whole, never merged key by key, as Ansible's
/// default `hash_behaviour: replace`).
public enum VariablePrecedence: Int, Comparable, CaseIterable, Sendable {
    /// The inventory's `all` group (`all: vars:`, `group_vars/all`).
    case inventoryAll
    /// Other inventory groups, parent before child, then by name (`VariableScope.orderGroups`).
    case inventoryGroup
    /// The host's own inventory vars (`host_vars/NAME`, inline host vars).
    case inventoryHost
    /// The playbook header's `vars` and `vars_files`.
    case playbook
    /// The play's `vars`.
    case play
    /// The step's `vars`.
    case step
    /// Results of earlier steps saved with `register: NAME`.
    case registered
    /// `-e`/`--extra-vars`, which win over everything.
    case extra

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The name `pbrun hosts --host` prints for the level.
    public var label: String {
        switch self {
        case .inventoryAll: "inventory all"
        case .inventoryGroup: "inventory group"
        case .inventoryHost: "inventory host"
        case .playbook: "playbook vars"
        case .play: "play vars"
        case .step: "step vars"
        case .registered: "registered"
        case .extra: "extra vars"
        }
    }
}

/// One source of variables at one precedence level: a group's vars, a play's vars, the extra vars.
public struct VariableLayer: Sendable, Hashable {
    /// Its level in the precedence chain.
    public let precedence: VariablePrecedence
    /// What to call it when showing where a variable came from: `group 'web'`, `play 'Deploy'`.
    public let name: String
    /// The variables, by top-level name.
    public let values: Value.OrderedMap
    /// Where each variable was written, so templates in its value are expanded on use and their
    /// errors point at the definition; a key with no location falls back to `defaultLocation`.
    public let locations: [String: SourceLocation]
    /// Where templates in variables without their own location are reported; nil when values of
    /// this layer are data and are never expanded (registered output).
    public let defaultLocation: SourceLocation?
    /// The names whose values hold secrets (from `secret_env`, `secret_file`, `--secrets-file`, or a
    /// step with `secret: true`): a template that reads one is treated as secret.
    public let secretNames: Set<String>
    /// The secret strings themselves, which the `SecretMasker` replaces in every output.
    public let secretValues: Set<String>

    /// A layer; `secretValues` defaults to every string held by the `secretNames` variables (a
    /// secrets file), and is given explicitly where only part of a value is secret (a
    /// `secret_env` inside a map). A password variable (`PasswordVariables`, such as
    /// `ansible_become_password`) is secret in whichever layer defines it; a template in its value
    /// is not itself a secret where templates are expanded (its rendered text is, see
    /// `ExpressionEvaluator`).
    public init(_ precedence: VariablePrecedence, name: String, values: Value.OrderedMap,
                locations: [String: SourceLocation] = [:], defaultLocation: SourceLocation?,
                secretNames: Set<String> = [], secretValues: Set<String>? = nil) {
        self.precedence = precedence
        self.name = name
        self.values = values
        self.locations = locations
        self.defaultLocation = defaultLocation
        let passwords = PasswordVariables.names.filter { values[$0] != nil }
        self.secretNames = secretNames.union(passwords)
        // In a layer whose templates are expanded, a template's text is not the secret.
        let expands = defaultLocation != nil
        var collected = Set<String>()
        for secretName in secretValues == nil ? self.secretNames : passwords {
            values[secretName]?.forEachString { text in
                if !(expands && Template.containsTemplate(text)) { collected.insert(text) }
            }
        }
        self.secretValues = collected.union(secretValues ?? [])
    }

    /// A layer read from a file: templates in it are reported at `file:1:1` unless `locations` says better.
    public init(_ precedence: VariablePrecedence, name: String, values: Value.OrderedMap, file: String,
                locations: [String: SourceLocation] = [:], secretNames: Set<String> = []) {
        self.init(precedence, name: name, values: values, locations: locations,
                  defaultLocation: SourceLocation(file: file, line: 1, column: 1), secretNames: secretNames,
                  secretValues: nil)
    }
}
