/// `--secrets-file PATH`: a YAML or JSON mapping whose every value is a secret. Its variables sit at
/// the extra-vars level, below the `-e` arguments (add this layer first), so a playbook can name
/// them and an `-e` can still override them.
public enum SecretsFile {
    /// The layer of the file at `path` (relative to the working directory, like every command-line path).
    public static func layer(contentsOf path: String) throws(DiagnosticList) -> VariableLayer {
        let text = try YAMLLoader.readText(contentsOf: path)
        let parsed = try ExtraVars.mapping(text, file: path, what: "secrets file '\(path)'")
        return VariableLayer(.extra, name: "secrets file '\(path)'", values: parsed.values, locations: parsed.locations,
                             defaultLocation: nil, secretNames: Set(parsed.values.keys))
    }
}
