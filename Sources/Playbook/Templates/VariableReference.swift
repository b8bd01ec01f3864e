/// A variable path a template or condition reads, found without evaluating anything: the root
/// name and the constant keys after it (`steps.build.stdout` → `["steps", "build", "stdout"]`).
/// Plan time uses these to tell what is known now from what is decided at run time, and to check
/// `steps.ID` references against the step graph.
public struct VariableReference: Sendable, Hashable {
    /// The root name, then each constant `.name` / `['key']` / `[0]` after it.
    public let path: [String]
    /// The character offset in the template of each component of `path`.
    public let offsets: [Int]
    /// Whether the reference sits under `default` or `is defined`/`is undefined`, so being
    /// undefined is handled by the template itself.
    public let isGuarded: Bool

    /// The root variable name.
    public var root: String { path[0] }
}

/// Collects the references of an expression tree.
enum ReferenceCollector {
    static func collect(_ expression: Expression, guarded: Bool = false, into references: inout [VariableReference]) {
        if let (path, offsets, dynamicIndexes) = chain(expression) {
            references.append(VariableReference(path: path, offsets: offsets, isGuarded: guarded))
            for index in dynamicIndexes { collect(index, guarded: false, into: &references) }
            return
        }
        switch expression.kind {
        case .literal, .variable:
            break
        case .list(let items):
            for item in items { collect(item, guarded: guarded, into: &references) }
        case .member(let base, _, _):
            collect(base, guarded: guarded, into: &references)
        case .index(let base, let index):
            collect(base, guarded: guarded, into: &references)
            collect(index, guarded: false, into: &references)
        case .filter(let base, let name, _, let arguments):
            collect(base, guarded: guarded || name == "default" || name == "d", into: &references)
            for argument in arguments { collect(argument, guarded: guarded, into: &references) }
        case .not(let operand), .negate(let operand):
            collect(operand, guarded: guarded, into: &references)
        case .binary(_, let lhs, let rhs, _):
            collect(lhs, guarded: guarded, into: &references)
            collect(rhs, guarded: guarded, into: &references)
        case .test(let operand, _, _, _):
            collect(operand, guarded: true, into: &references)
        case .conditional(let then, let condition, let otherwise):
            collect(then, guarded: guarded, into: &references)
            collect(condition, guarded: guarded, into: &references)
            collect(otherwise, guarded: guarded, into: &references)
        }
    }

    /// The longest constant path of a `name.key[0]['k']` chain, and the non-constant index
    /// expressions cut off from it; nil when the chain does not start at a variable.
    private static func chain(_ expression: Expression) -> (path: [String], offsets: [Int], dynamic: [Expression])? {
        switch expression.kind {
        case .variable(let name):
            return ([name], [expression.start], [])
        case .member(let base, let name, let offset):
            guard var found = chain(base) else { return nil }
            if found.dynamic.isEmpty {
                found.path.append(name)
                found.offsets.append(offset)
            }
            return found
        case .index(let base, let index):
            guard var found = chain(base) else { return nil }
            switch index.kind {
            case .literal(.string(let key)) where found.dynamic.isEmpty:
                found.path.append(key)
                found.offsets.append(index.start)
            case .literal(.int(let number)) where found.dynamic.isEmpty:
                found.path.append(String(number))
                found.offsets.append(index.start)
            case .literal:
                break
            default:
                found.dynamic.append(index)
            }
            return found
        default:
            return nil
        }
    }
}

extension Template {
    /// Every variable path the template reads, in order.
    public var references: [VariableReference] {
        var references: [VariableReference] = []
        for case .expression(let expression) in segments {
            ReferenceCollector.collect(expression, into: &references)
        }
        return references
    }
}

extension Condition {
    /// Every variable path the condition reads, in order.
    public var references: [VariableReference] {
        var references: [VariableReference] = []
        ReferenceCollector.collect(expression, into: &references)
        return references
    }
}
