/// Evaluates an `Expression` tree against variables. An undefined value is carried as a value of
/// its own (`Outcome.undefined`, holding the error it would raise) so that `default` and
/// `is defined` can look at it; anything else that touches it raises that error, at the position of
/// the name that was undefined. No undefined value ever turns into an empty string.
struct ExpressionEvaluator {
    /// The result of evaluating a node: a value, or the error reading it would raise.
    enum Outcome {
        case value(Value)
        case undefined(Diagnostic)
    }

    let lookup: any VariableLookup
    let source: TemplateSource
    private let characters: [Character]
    /// Variables whose templates are being expanded, outermost first, to catch `a: "{{ b }}"`,
    /// `b: "{{ a }}"`.
    private let expanding: [String]
    /// How many variables deep templates inside variables may refer to each other.
    static let maximumExpansionDepth = 64

    /// Set when the evaluation read a variable that holds a secret.
    private(set) var usedSecret = false
    /// Strings computed from secrets by filters and operators (`pw | b64encode`), which the masker
    /// must hide as well as the secrets themselves.
    private(set) var derivedSecrets: Set<String> = []
    /// The lookup's secret strings, read once and only after a secret variable was used.
    private var knownSecrets: Set<String>?

    /// Variables already expanded in this evaluation, shared with the nested evaluators.
    private let memo: ExpansionMemo

    /// The steps left to this evaluation's regular expressions, shared with the nested evaluators.
    var regexBudget: RegexBudget {
        get { memo.regexBudget }
        nonmutating set { memo.regexBudget = newValue }
    }

    init(lookup: any VariableLookup, source: TemplateSource, expanding: [String] = []) {
        self.init(lookup: lookup, source: source, expanding: expanding, memo: ExpansionMemo())
    }

    private init(lookup: any VariableLookup, source: TemplateSource, expanding: [String], memo: ExpansionMemo) {
        self.lookup = lookup
        self.source = source
        self.characters = Array(source.text)
        self.expanding = expanding
        self.memo = memo
    }

    func error(_ message: String, at offset: Int) -> Diagnostic {
        source.diagnostic(message, at: offset)
    }

    /// The source text of a node, as written, for messages (`'db' has no key 'prot'`).
    func text(of expression: Expression) -> String {
        let start = max(0, min(expression.start, characters.count))
        let end = max(start, min(expression.end, characters.count))
        return String(characters[start..<end])
    }

    /// Evaluates a node and insists on a defined value.
    mutating func value(_ expression: Expression) throws(Diagnostic) -> Value {
        switch try evaluate(expression) {
        case .value(let value): return value
        case .undefined(let diagnostic): throw diagnostic
        }
    }

    /// Evaluates a node; undefined results are returned, not thrown. The nodes that can build a
    /// value larger than their parts, or bring one in, are held to `InputLimits.maximumValueSize`.
    mutating func evaluate(_ expression: Expression) throws(Diagnostic) -> Outcome {
        let outcome = try evaluateUnbounded(expression)
        let offset: Int
        switch expression.kind {
        case .variable, .list: offset = expression.start
        case .binary(_, _, _, let operatorOffset): offset = operatorOffset
        case .filter(_, _, let nameOffset, _): offset = nameOffset
        case .member(let base, _, let nameOffset) where base.kind == .variable("hostvars"): offset = nameOffset
        case .index(let base, let index) where base.kind == .variable("hostvars"): offset = index.start
        default: return outcome
        }
        if case .value(let value) = outcome, value.isLarger(than: InputLimits.maximumValueSize) {
            let written = text(of: expression)
            let shown = written.count > 40 ? String(written.prefix(40)) + "…" : written
            throw error(InputLimits.tooLarge("'\(shown)'"), at: offset)
        }
        return outcome
    }

    private mutating func evaluateUnbounded(_ expression: Expression) throws(Diagnostic) -> Outcome {
        switch expression.kind {
        case .literal(let value):
            return .value(value)
        case .list(let items):
            var values: [Value] = []
            for item in items { values.append(try value(item)) }
            return .value(.list(values))
        case .variable(let name):
            return try variable(name, at: expression.start)
        case .member(let base, let name, let nameOffset):
            if case .variable("hostvars") = base.kind, lookup.binding(of: "hostvars") == nil {
                return hostVariables(name, at: nameOffset)
            }
            return try member(of: base, name: name, at: nameOffset)
        case .index(let base, let indexExpression):
            let index = try value(indexExpression)
            if case .variable("hostvars") = base.kind, lookup.binding(of: "hostvars") == nil,
               case .string(let host) = index {
                return hostVariables(host, at: indexExpression.start)
            }
            return try subscripted(base, by: index, indexExpression: indexExpression)
        case .filter(let base, let name, let nameOffset, let arguments):
            return try applyFilter(name, to: base, arguments: arguments, at: nameOffset)
        case .not(let operand):
            return .value(.bool(!(try value(operand).isTruthy)))
        case .negate(let operand):
            switch try value(operand) {
            case .int(let number) where number != Int.min: return .value(.int(-number))
            case .double(let number): return .value(.double(-number))
            case let other: throw error("cannot negate \(other.describedForError)", at: expression.start)
            }
        case .binary(let op, let lhs, let rhs, let offset):
            return .value(try binary(op, lhs, rhs, at: offset))
        case .test(let operand, let test, let negated, _):
            let defined: Bool
            if case .undefined = try evaluate(operand) { defined = false } else { defined = true }
            let holds = (test == .defined) == defined
            return .value(.bool(holds != negated))
        case .conditional(let then, let condition, let otherwise):
            return try value(condition).isTruthy ? try evaluate(then) : try evaluate(otherwise)
        }
    }

    // MARK: - Names and access

    /// A name read inside the template of a variable of the same name (directly or through others)
    /// reads the definition below the one being expanded, as a step var `path: "{{ path }}/sub"`
    /// extends the play's `path`; when there is none below, the variable refers to itself.
    private mutating func variable(_ name: String, at offset: Int) throws(Diagnostic) -> Outcome {
        let depth = expanding.count { $0 == name }
        let definitions = depth == 0 ? lookup.binding(of: name).map { [$0] } ?? [] : lookup.bindings(of: name)
        guard definitions.count > depth else {
            if let cycleStart = expanding.firstIndex(of: name) {
                let chain = (expanding[cycleStart...] + [name]).joined(separator: " -> ")
                throw error("variable '\(name)' refers to itself (\(chain))", at: offset)
            }
            if name == "hostvars", depth == 0, !lookup.hostNames.isEmpty {
                // `hostvars` read whole (`hostvars | length`, `hostvars.keys()`): every host's variables.
                let every = lookup.hostNames.map { host in
                    (host, lookup.hostVariables(of: host) ?? .map(Value.OrderedMap()))
                }
                for (_, variables) in every { notePasswords(in: variables) }
                return .value(.map(Value.OrderedMap(every)))
            }
            let others = lookup.definedNames.filter { $0 != name }
            let hint = Suggestion.closest(to: name, among: others).map { " (did you mean '\($0)'?)" } ?? ""
            return .undefined(error("undefined variable '\(name)'\(hint)", at: offset))
        }
        let binding = definitions[depth]
        if binding.isSecret { usedSecret = true }
        guard let location = binding.templateSource, binding.value.containsTemplate else {
            return .value(binding.value)
        }
        if expanding.count >= Self.maximumExpansionDepth {
            throw error("variable '\(name)' is expanded through more than \(Self.maximumExpansionDepth) other variables",
                        at: offset)
        }
        let path = expanding + [name]
        if let known = memo.expansions[path] {
            if known.usedSecret { usedSecret = true }
            derivedSecrets.formUnion(known.derivedSecrets)
            return .value(known.value)
        }
        var nested = ExpressionEvaluator(lookup: lookup, source: TemplateSource("", at: location),
                                         expanding: path, memo: memo)
        let expanded: Value
        do throws(Diagnostic) {
            expanded = try nested.expand(binding.value, at: location)
        } catch {
            throw nested.masking(error)
        }
        if binding.isSecret {
            // A secret variable's value is secret as rendered too (`ansible_become_password: "{{ x }}"`).
            nested.noteDerived(expanded)
        }
        if nested.usedSecret { usedSecret = true }
        derivedSecrets.formUnion(nested.derivedSecrets)
        memo.expansions[path] = (expanded, nested.usedSecret, nested.derivedSecrets)
        return .value(expanded)
    }

    /// Renders the templates inside a variable's value, keeping its structure and types.
    private mutating func expand(_ value: Value, at location: SourceLocation) throws(Diagnostic) -> Value {
        switch value {
        case .string(let text) where Template.containsTemplate(text):
            let template = try Template(TemplateSource(text, at: location))
            var nested = ExpressionEvaluator(lookup: lookup, source: template.source, expanding: expanding, memo: memo)
            let result: Value
            do throws(Diagnostic) {
                result = try template.evaluate(with: &nested)
            } catch {
                throw nested.masking(error)
            }
            if nested.usedSecret { usedSecret = true }
            derivedSecrets.formUnion(nested.derivedSecrets)
            return result
        case .list(let items):
            var expanded: [Value] = []
            for item in items { expanded.append(try expand(item, at: location)) }
            return try bounded(.list(expanded), at: location)
        case .map(let map):
            var expanded = Value.OrderedMap()
            for (key, item) in map.pairs { expanded[key] = try expand(item, at: location) }
            return try bounded(.map(expanded), at: location)
        default:
            return value
        }
    }

    /// A variable's expanded list or map, each of whose templates was bounded, may still hold many
    /// values each near the bound.
    private func bounded(_ value: Value, at location: SourceLocation) throws(Diagnostic) -> Value {
        guard !value.isLarger(than: InputLimits.maximumValueSize) else {
            throw Diagnostic(at: location, InputLimits.tooLarge("the value"))
        }
        return value
    }

    private mutating func hostVariables(_ host: String, at offset: Int) -> Outcome {
        if let variables = lookup.hostVariables(of: host) {
            notePasswords(in: variables)
            return .value(variables)
        }
        let hint = Suggestion.closest(to: host, among: lookup.hostNames).map { " (did you mean '\($0)'?)" } ?? ""
        return .undefined(error("no host '\(host)' in hostvars\(hint)", at: offset))
    }

    private mutating func member(of base: Expression, name: String, at offset: Int) throws(Diagnostic) -> Outcome {
        let container: Value
        switch try evaluate(base) {
        case .value(let value): container = value
        case .undefined(let diagnostic): return .undefined(diagnostic)
        }
        switch container {
        case .map(let map):
            if let found = map[name] { return .value(found) }
            let hint = Suggestion.closest(to: name, among: map.keys).map { " (did you mean '\($0)'?)" } ?? ""
            return .undefined(error("'\(text(of: base))' has no key '\(name)'\(hint)", at: offset))
        case .list(let items):
            if let index = Int(name) { return element(of: items, at: index, base: base, offset: offset) }
        default:
            break
        }
        throw error("cannot read '.\(name)' of \(container.describedForError) ('\(text(of: base))')", at: offset)
    }

    private mutating func subscripted(_ base: Expression, by index: Value,
                                      indexExpression: Expression) throws(Diagnostic) -> Outcome {
        let container: Value
        switch try evaluate(base) {
        case .value(let value): container = value
        case .undefined(let diagnostic): return .undefined(diagnostic)
        }
        switch (container, index) {
        case (.list(let items), .int(let position)):
            return element(of: items, at: position, base: base, offset: indexExpression.start)
        case (.string(let string), .int(let position)):
            let characters = Array(string)
            let resolved = position < 0 ? characters.count + position : position
            guard characters.indices.contains(resolved) else {
                return .undefined(error("index \(position) is out of range for '\(text(of: base))' "
                    + "(\(characters.count) characters)", at: indexExpression.start))
            }
            return .value(.string(String(characters[resolved])))
        case (.map(let map), .string(let key)):
            if let found = map[key] { return .value(found) }
            let hint = Suggestion.closest(to: key, among: map.keys).map { " (did you mean '\($0)'?)" } ?? ""
            return .undefined(error("'\(text(of: base))' has no key '\(key)'\(hint)", at: indexExpression.start))
        default:
            throw error("cannot index \(container.describedForError) ('\(text(of: base))') with "
                + index.describedForError, at: indexExpression.start)
        }
    }

    private func element(of items: [Value], at position: Int, base: Expression, offset: Int) -> Outcome {
        let resolved = position < 0 ? items.count + position : position
        guard items.indices.contains(resolved) else {
            return .undefined(error("index \(position) is out of range for '\(text(of: base))' "
                + "(\(items.count) item\(items.count == 1 ? "" : "s"))", at: offset))
        }
        return .value(items[resolved])
    }

    // MARK: - Filters

    private mutating func applyFilter(_ name: String, to base: Expression, arguments: [Expression],
                                      at offset: Int) throws(Diagnostic) -> Outcome {
        if let problem = TemplateFilters.problem(name, argumentCount: arguments.count) {
            throw error(problem, at: offset)
        }
        if TemplateFilters.isDefault(name) {
            let fallback = arguments.isEmpty ? Value.string("") : try value(arguments[0])
            let whenFalsy = arguments.count == 2 ? try value(arguments[1]).isTruthy : false
            switch try evaluate(base) {
            case .undefined: return .value(fallback)
            case .value(let found): return .value(whenFalsy && !found.isTruthy ? fallback : found)
            }
        }
        guard let filter = TemplateFilters.named[name] else {
            preconditionFailure("TemplateFilters.problem lets through only known filters")
        }
        let input = try value(base)
        var values: [Value] = []
        for argument in arguments { values.append(try value(argument)) }
        do {
            let result = try filter.apply(input, values, &memo.regexBudget)
            noteDerivation(of: result, from: [input] + values)
            return .value(result)
        } catch let failure {
            if failure.isUndefined { return .undefined(error("filter '\(name)': \(failure.message)", at: offset)) }
            throw error("filter '\(name)': \(failure.message)", at: offset)
        }
    }
}

extension ExpressionEvaluator {
    /// The taint rule: a value computed (by a filter or an operator) from an input that holds a
    /// secret, or holds a string earlier computed from one, is itself computed from the secret.
    mutating func noteDerivation(of result: Value, from inputs: [Value]) {
        guard usedSecret else { return }
        let tainted = inputs.contains { input in
            var found = false
            input.forEachString { string in if !found { found = showsSecret(string) } }
            return found
        }
        if tainted { noteDerived(result) }
    }

    /// Makes every string inside `value` (a list from `split`, a map from `from_json`) a derived
    /// secret, so the masker hides it wherever it appears, unless it already shows a secret or a
    /// derived secret (which the masker finds anyway). Shorter strings are not masked: they would
    /// hide every such word in the output. Numbers and booleans are not text and are not masked.
    mutating func noteDerived(_ value: Value) {
        var found: [String] = []
        value.forEachString { string in
            if string.count >= Self.shortestDerivedSecret, !showsSecret(string) { found.append(string) }
        }
        derivedSecrets.formUnion(found)
    }

    /// Whether `string` holds a secret of the lookup or a string derived from one.
    private mutating func showsSecret(_ string: String) -> Bool {
        if knownSecrets == nil { knownSecrets = lookup.secretStrings.filter { !$0.isEmpty } }
        let secrets = knownSecrets ?? []
        return secrets.contains { string.contains($0) } || derivedSecrets.contains { string.contains($0) }
    }

    /// Another host's password variables are secrets here as they are on that host, so
    /// `hostvars['db1'].ansible_become_password | upper` is masked like the host's own password.
    private mutating func notePasswords(in variables: Value) {
        guard case .map(let map) = variables else { return }
        let passwords = PasswordVariables.names.compactMap { name -> String? in
            guard case .string(let text)? = map[name], !text.isEmpty else { return nil }
            return text
        }
        guard !passwords.isEmpty else { return }
        if knownSecrets == nil { knownSecrets = lookup.secretStrings.filter { !$0.isEmpty } }
        knownSecrets?.formUnion(passwords)
        usedSecret = true
    }

    /// Derived strings shorter than this (in characters) are not masked.
    static let shortestDerivedSecret = 4

    /// `diagnostic` with every secret the lookup holds and every string this evaluation derived
    /// from one masked, so no error a template raises (`cannot convert string "…" to int`, `has no
    /// key '…'`) quotes a secret. Applied where an evaluation's error leaves it, since the derived
    /// strings are known only there.
    func masking(_ diagnostic: Diagnostic) -> Diagnostic {
        let secrets = (knownSecrets ?? lookup.secretStrings).union(derivedSecrets)
        guard !secrets.isEmpty else { return diagnostic }
        return SecretMasker(secrets: secrets).mask(diagnostic)
    }
}

extension Value {
    /// Whether any string inside the value holds `{{` or `{%` and so needs expanding.
    public var containsTemplate: Bool {
        var found = false
        forEachString { if !found, Template.containsTemplate($0) { found = true } }
        return found
    }
}

/// The variables one evaluation expanded, by the chain of variables that led to each (outermost
/// first, the variable last): what a variable expands to depends only on that chain, so a variable
/// named many times, as in `a: "{{ b }}{{ b }}"`, `b: "{{ c }}{{ c }}"`, is expanded once per chain
/// instead of doubling the work at every level. A class so nested evaluators share it, and with it
/// the steps left to the evaluation's regular expressions: one budget for a whole template or
/// condition, so a template of many `regex_replace` calls cannot multiply it.
final class ExpansionMemo {
    var regexBudget = RegexBudget()
    /// The expanded value, and whether it read a secret and what it computed from one.
    var expansions: [[String]: (value: Value, usedSecret: Bool, derivedSecrets: Set<String>)] = [:]
}
