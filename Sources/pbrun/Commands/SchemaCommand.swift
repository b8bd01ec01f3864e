import Playbook
import Runner

/// `pbrun schema`: the playbook format as a JSON Schema, for YAML editors; `--format text` lists
/// every key with one line each instead.
struct SchemaCommand: Command {
    static let name = "schema"
    static let summary = "Print the playbook format as a JSON Schema (for YAML editors)."
    static let usage = """
        Usage: pbrun schema [--format json|text]

        Example:
          pbrun schema > pbrun-playbook.schema.json
        """
    static let options = FormatOptions.options

    let format: OutputFormat

    init(arguments: ParsedArguments) throws(UsageError) {
        if let extra = arguments.positionals.first {
            throw UsageError("schema takes no arguments, got '\(extra)'")
        }
        format = try FormatOptions(arguments).chosen ?? .json
    }

    func run() async throws -> ExitCode {
        switch format {
        case .json:
            print(JSONText.write(PlaybookSchema.jsonSchema, indent: 2))
        case .text:
            var lines = ["pbrun playbook format, version \(PlaybookSchema.supportedVersions.map(String.init).joined())"]
            let objects: [(String, [PlaybookSchema.Field])] = [
                ("file header", PlaybookSchema.headerFields), ("play", PlaybookSchema.playFields),
                ("step", PlaybookSchema.step.fields), ("upload / template", PlaybookSchema.transfer.fields),
                ("download", PlaybookSchema.download.fields), ("script (mapping form)", PlaybookSchema.script.fields),
            ]
            for (title, fields) in objects {
                lines += ["", title + ":"]
                let width = (fields.map(\.name.count).max() ?? 0) + 2
                lines += fields.map { "  " + $0.name + String(repeating: " ", count: width - $0.name.count) + $0.summary }
            }
            print(lines.joined(separator: "\n"))
        }
        return .ok
    }
}
