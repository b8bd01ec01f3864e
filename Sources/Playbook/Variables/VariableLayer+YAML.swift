/// Variable layers read from YAML mappings (`vars:` blocks, `vars_files`, `group_vars/` files).
extension VariableLayer {
    /// A layer from a YAML mapping node: values typed as Ansible types untyped YAML, and each
    /// top-level name's location kept so templates in its value report errors where they are
    /// written. Nil when the node is not a mapping (the caller reports that with its own words).
    public init?(_ precedence: VariablePrecedence, name: String, mapping node: YAMLNode, sourceText: SourceText? = nil,
                 secretNames: Set<String> = []) {
        guard let pairs = node.pairs, case .map(let values) = node.inferredValue() else { return nil }
        var locations: [String: SourceLocation] = [:]
        for pair in pairs {
            guard let key = pair.key.scalar?.text else { continue }
            locations[key] = TemplateSource.contentStart(of: pair.value, sourceText: sourceText).location
        }
        self.init(precedence, name: name, values: values, locations: locations, defaultLocation: node.location,
                  secretNames: secretNames)
    }
}
