import Foundation

/// Replaces the secret references in a layer of variables with the secrets themselves:
///
///     vars:
///       db_password: {secret_env: DB_PASSWORD}      # from the environment of pbrun
///       tls_key: {secret_file: keys/tls.pem}         # relative to the file that names it
///
/// A reference may sit anywhere inside a value (`db: {password: {secret_env: X}}`). The layer
/// that comes back marks the names holding secrets and carries the secret strings, so every
/// output can mask them and every template that reads them is delivered as a secret.
public struct SecretResolver: Sendable {
    /// The environment `secret_env` reads.
    public let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The keys that make a one-key mapping a secret reference.
    public static let referenceKeys = ["secret_env", "secret_file"]

    /// `layer` with every secret reference resolved; all problems are reported together.
    public func resolve(_ layer: VariableLayer) throws(DiagnosticList) -> VariableLayer {
        var values = Value.OrderedMap()
        var secretNames = layer.secretNames
        var secretValues = layer.secretValues
        var diagnostics: [Diagnostic] = []
        for (name, value) in layer.values.pairs {
            let location = layer.locations[name] ?? layer.defaultLocation
            var found: [String] = []
            values[name] = resolve(value, at: location, found: &found, diagnostics: &diagnostics)
            if !found.isEmpty {
                secretNames.insert(name)
                secretValues.formUnion(found)
            }
        }
        if !diagnostics.isEmpty { throw DiagnosticList(diagnostics) }
        return VariableLayer(layer.precedence, name: layer.name, values: values, locations: layer.locations,
                             defaultLocation: layer.defaultLocation, secretNames: secretNames,
                             secretValues: secretValues)
    }

    private func resolve(_ value: Value, at location: SourceLocation?, found: inout [String],
                         diagnostics: inout [Diagnostic]) -> Value {
        switch value {
        case .map(let map):
            if let key = map.keys.first(where: Self.referenceKeys.contains) {
                guard map.count == 1 else {
                    diagnostics.append(Diagnostic(.error, at: location, "a '\(key)' mapping must have no other keys "
                        + "(found \(map.keys.filter { $0 != key }.map { "'\($0)'" }.joined(separator: ", ")))"))
                    return .null
                }
                guard case .string(let argument)? = map[key], !argument.isEmpty else {
                    diagnostics.append(Diagnostic(.error, at: location, "'\(key)' needs a non-empty string"))
                    return .null
                }
                let secret: String?
                if key == "secret_env" {
                    secret = environment[argument]
                    if secret == nil {
                        let message = "environment variable '\(argument)' is not set (named by secret_env)"
                        diagnostics.append(Diagnostic(.error, at: location, message))
                    }
                } else {
                    secret = readFile(argument, namedAt: location, diagnostics: &diagnostics)
                }
                guard let secret else { return .null }
                found.append(secret)
                return .string(secret)
            }
            var resolved = Value.OrderedMap()
            for (key, item) in map.pairs {
                resolved[key] = resolve(item, at: location, found: &found, diagnostics: &diagnostics)
            }
            return .map(resolved)
        case .list(let items):
            return .list(items.map { resolve($0, at: location, found: &found, diagnostics: &diagnostics) })
        default:
            return value
        }
    }

    /// The file's text without one trailing newline (editors add one; a password does not end in it).
    private func readFile(_ path: String, namedAt location: SourceLocation?,
                          diagnostics: inout [Diagnostic]) -> String? {
        let base = location.map { ($0.file as NSString).deletingLastPathComponent } ?? ""
        let full = path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: full) else {
            let message = "secret_file '\(path)' cannot be read (looked for \(full))"
            diagnostics.append(Diagnostic(.error, at: location, message))
            return nil
        }
        guard var text = String(data: data, encoding: .utf8) else {
            diagnostics.append(Diagnostic(.error, at: location, "secret_file '\(path)' is not UTF-8 text"))
            return nil
        }
        if text.hasSuffix("\r\n") { text.removeLast(1) } else if text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
