extension PlaybookSchema {
    /// The format as a JSON Schema (draft-07) that YAML editors can validate playbooks with
    /// (`JSONText.write` prints it).
    /// Scalars a playbook may write unquoted (`1.10` for a name, `yes` for a boolean) are allowed
    /// in the forms an editor's YAML 1.2 reading gives them.
    public static var jsonSchema: Value {
        var definitions: [(String, Value)] = []
        for object in [play, step, transfer, download, script] {
            definitions.append((object.name, objectSchema(object)))
        }
        var root = objectSchema(SchemaObject(name: "playbook", summary: "A pbrun playbook, format version 1.",
                                             fields: topLevelFields, required: ["pbrun"]))
        if case .map(var map) = root {
            map["$schema"] = .string("http://json-schema.org/draft-07/schema#")
            map["title"] = .string("pbrun playbook (format version 1)")
            map["definitions"] = .map(Value.OrderedMap(definitions))
            root = .map(map)
        }
        return root
    }

    /// The header's fields, then the inline play's (without repeating `name` and `vars`).
    private static var topLevelFields: [Field] {
        headerFields + playFields.filter { field in !headerFields.contains { $0.name == field.name } }
    }

    private static func objectSchema(_ object: SchemaObject) -> Value {
        var properties = Value.OrderedMap()
        for field in object.fields {
            var schema = fieldSchema(field.type)
            if case .map(var map) = schema {
                map["description"] = .string(field.summary)
                schema = .map(map)
            }
            properties[field.name] = schema
        }
        var map = Value.OrderedMap([
            ("description", .string(object.summary)),
            ("type", .string("object")),
            ("properties", .map(properties)),
            ("additionalProperties", .bool(false)),
        ])
        if !object.required.isEmpty { map["required"] = .list(object.required.map(Value.string)) }
        if object.name == "step" {
            map["oneOf"] = .list(actionKeys.map { .map(Value.OrderedMap([("required", .list([.string($0)]))])) })
        }
        return .map(map)
    }

    private static let scalar: Value = .map(Value.OrderedMap([
        ("type", .list([.string("string"), .string("number"), .string("boolean")])),
    ]))

    private static func oneOf(_ choices: [Value]) -> Value {
        .map(Value.OrderedMap([("oneOf", .list(choices))]))
    }

    private static func array(_ items: Value, minItems: Int? = nil) -> Value {
        var map = Value.OrderedMap([("type", .string("array")), ("items", items)])
        if let minItems { map["minItems"] = .int(minItems) }
        return .map(map)
    }

    private static func typed(_ type: String, _ extra: [(String, Value)] = []) -> Value {
        .map(Value.OrderedMap([("type", .string(type))] + extra))
    }

    private static func reference(_ object: SchemaObject) -> Value {
        .map(Value.OrderedMap([("$ref", .string("#/definitions/\(object.name)"))]))
    }

    private static func fieldSchema(_ type: FieldType) -> Value {
        switch type {
        case .version:
            return .map(Value.OrderedMap([("enum", .list(supportedVersions.map(Value.int)))]))
        case .string, .expression:
            return scalar
        case .expressions, .strings:
            return oneOf([scalar, array(scalar)])
        case .stringList:
            return array(scalar)
        case .bool:
            return oneOf([typed("boolean"), typed("string", [("pattern", .string(
                "^([yY][eE][sS]|[nN][oO]|[oO][nN]|[oO][fF][fF]|[tT][rR][uU][eE]|[fF][aA][lL][sS][eE])$"))])])
        case .int(let min, let max):
            var extra: [(String, Value)] = [("minimum", .int(min))]
            if let max { extra.append(("maximum", .int(max))) }
            return typed("integer", extra)
        case .percentage:
            return typed("number", [("minimum", .int(0)), ("maximum", .int(100))])
        case .duration:
            return oneOf([typed("integer", [("minimum", .int(0))]),
                          typed("string", [("pattern", .string("^([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?$"))])])
        case .environment:
            return typed("object", [("propertyNames", .map(Value.OrderedMap([
                ("pattern", .string("^[A-Za-z_][A-Za-z0-9_]*$"))]))), ("additionalProperties", scalar)])
        case .variables:
            return typed("object", [("propertyNames", .map(Value.OrderedMap([
                ("pattern", .string("^[A-Za-z_][A-Za-z0-9_]*$"))])))])
        case .serial:
            let batch = oneOf([typed("integer", [("minimum", .int(1))]),
                               typed("string", [("pattern", .string("^[0-9]+(\\.[0-9]+)?%$"))])])
            return oneOf([batch, array(batch, minItems: 1)])
        case .exitCodes:
            let code = typed("integer", [("minimum", .int(0)), ("maximum", .int(255))])
            return oneOf([code, array(code, minItems: 1)])
        case .choice(let names):
            return .map(Value.OrderedMap([("enum", .list(names.map(Value.string)))]))
        case .object(let object):
            return reference(object)
        case .stringOrObject(let object):
            return oneOf([scalar, reference(object)])
        case .list(let object):
            return array(reference(object))
        }
    }
}
