/// Reading the files a playbook names by path: at load time for `vars_files:` entries and
/// includes, and at plan time for a `vars_files:` entry whose path is a template.
extension FieldDecoder {
    /// The text of the file at `path`, which `reference` (the entry that names it) points at; a file
    /// that cannot be read is an error at the entry. Without a reference, at the file itself.
    func readText(_ path: String, what: String, reference: Located<String>?) -> String? {
        do {
            return try YAMLLoader.readText(contentsOf: path)
        } catch {
            guard let reference else {
                append(error.diagnostics)
                return nil
            }
            let reason = error.diagnostics.first?.message.replacingOccurrences(of: "\(path): ", with: "") ?? "unreadable"
            self.error(reference.location, "cannot read \(what) '\(reference.value)': \(reason) (looked for \(path))")
            return nil
        }
    }

    /// The variables of the vars file at `path`, which `entry` names; nil after reporting why not.
    /// An empty file holds no variables.
    func varsFile(at path: String, namedBy entry: Located<String>) -> Variables? {
        guard let text = readText(path, what: "vars file", reference: entry) else { return nil }
        sources[path] = SourceText(text: text, file: path)
        let parsed = YAMLLoader.parse(text: text, file: path)
        append(parsed.diagnostics)
        guard let root = parsed.documents.first, root.scalar?.isNull != true else { return Variables() }
        guard root.pairs != nil else {
            error(root.location, "a vars file holds a mapping of variable names to values, found " + Self.found(root))
            return nil
        }
        return variables("vars_files", root)
    }
}
