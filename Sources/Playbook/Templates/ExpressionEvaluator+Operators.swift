import Foundation

/// Binary operators: arithmetic, comparison, `and`/`or`, and the word operators of conditions.
extension ExpressionEvaluator {
    mutating func binary(_ op: Expression.BinaryOperator, _ lhsExpression: Expression, _ rhsExpression: Expression,
                         at offset: Int) throws(Diagnostic) -> Value {
        switch op {
        case .and:
            guard try value(lhsExpression).isTruthy else { return .bool(false) }
            return .bool(try value(rhsExpression).isTruthy)
        case .or:
            if try value(lhsExpression).isTruthy { return .bool(true) }
            return .bool(try value(rhsExpression).isTruthy)
        default:
            break
        }
        let lhs = try value(lhsExpression)
        let rhs = try value(rhsExpression)
        switch op {
        case .add, .subtract, .multiply, .divide, .floorDivide, .modulo:
            let result = try arithmetic(op, lhs, rhs, at: offset)
            noteDerivation(of: result, from: [lhs, rhs])
            return result
        case .concatenate:
            let result = Value.string(lhs.renderedText + rhs.renderedText)
            noteDerivation(of: result, from: [lhs, rhs])
            return result
        case .equal: return .bool(Self.looselyEqual(lhs, rhs))
        case .notEqual: return .bool(!Self.looselyEqual(lhs, rhs))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            return .bool(try compare(op, lhs, rhs, at: offset))
        case .in: return .bool(try contains(rhs, lhs, op: op, at: offset))
        case .notIn: return .bool(!(try contains(rhs, lhs, op: op, at: offset)))
        case .contains: return .bool(try contains(lhs, rhs, op: op, at: offset))
        case .startswith, .endswith:
            guard case .string(let text) = lhs, case .string(let affix) = rhs else {
                throw error("'\(op.rawValue)' needs two strings, got \(lhs.describedForError) and "
                    + rhs.describedForError, at: offset)
            }
            return .bool(op == .startswith ? text.hasPrefix(affix) : text.hasSuffix(affix))
        case .matches:
            guard case .string(let text) = lhs, case .string(let pattern) = rhs else {
                throw error("'matches' needs a string and a regular expression, got \(lhs.describedForError) and "
                    + rhs.describedForError, at: offset)
            }
            let regex: RegularExpression
            do {
                regex = try RegularExpression(pattern)
            } catch {
                throw self.error(RegularExpression.describe(error, in: pattern), at: rhsExpression.start)
            }
            do {
                return .bool(try regex.firstMatch(in: text, budget: &regexBudget) != nil)
            } catch {
                throw self.error(RegularExpression.describe(error, of: pattern, on: text), at: offset)
            }
        case .and, .or:
            preconditionFailure("and/or are short-circuited above")
        }
    }

    /// Equality as users mean it: `1 == 1.0`, and lists and maps compared item by item.
    static func looselyEqual(_ lhs: Value, _ rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.int(let a), .double(let b)): return Double(a) == b
        case (.double(let a), .int(let b)): return a == Double(b)
        case (.list(let a), .list(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { looselyEqual($0, $1) }
        case (.map(let a), .map(let b)):
            return a.count == b.count
                && a.pairs.allSatisfy { pair in b[pair.key].map { looselyEqual(pair.value, $0) } ?? false }
        default: return lhs == rhs
        }
    }

    private func arithmetic(_ op: Expression.BinaryOperator, _ lhs: Value, _ rhs: Value,
                            at offset: Int) throws(Diagnostic) -> Value {
        switch (op, lhs, rhs) {
        case (.add, .string(let a), .string(let b)): return .string(a + b)
        case (.add, .list(let a), .list(let b)): return .list(a + b)
        case (_, .int(let a), .int(let b)):
            return try integerArithmetic(op, a, b, at: offset)
        case (_, .int, .double), (_, .double, .int), (_, .double, .double):
            let a = Self.number(lhs), b = Self.number(rhs)
            switch op {
            case .add: return .double(a + b)
            case .subtract: return .double(a - b)
            case .multiply: return .double(a * b)
            case .divide, .floorDivide, .modulo:
                if b == 0 { throw error("division by zero", at: offset) }
                if op == .divide { return .double(a / b) }
                if op == .floorDivide { return .double((a / b).rounded(.down)) }
                return .double(a - b * (a / b).rounded(.down))
            default: break
            }
        default: break
        }
        throw error("cannot apply '\(op.rawValue)' to \(lhs.describedForError) and \(rhs.describedForError)",
                    at: offset)
    }

    private func integerArithmetic(_ op: Expression.BinaryOperator, _ a: Int, _ b: Int,
                                   at offset: Int) throws(Diagnostic) -> Value {
        let result: (partialValue: Int, overflow: Bool)
        switch op {
        case .add: result = a.addingReportingOverflow(b)
        case .subtract: result = a.subtractingReportingOverflow(b)
        case .multiply: result = a.multipliedReportingOverflow(by: b)
        case .divide:
            if b == 0 { throw error("division by zero", at: offset) }
            return .double(Double(a) / Double(b))
        case .floorDivide, .modulo:
            if b == 0 { throw error("division by zero", at: offset) }
            if a == Int.min, b == -1 { throw error("integer overflow in '\(op.rawValue)'", at: offset) }
            // Python's floor division and modulo: the remainder takes the divisor's sign.
            var quotient = a / b, remainder = a % b
            if remainder != 0, (remainder < 0) != (b < 0) {
                quotient -= 1
                remainder += b
            }
            return .int(op == .floorDivide ? quotient : remainder)
        default:
            preconditionFailure("integerArithmetic is called for arithmetic operators only")
        }
        if result.overflow { throw error("integer overflow in '\(op.rawValue)'", at: offset) }
        return .int(result.partialValue)
    }

    private static func number(_ value: Value) -> Double {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        default: .nan
        }
    }

    private func compare(_ op: Expression.BinaryOperator, _ lhs: Value, _ rhs: Value,
                         at offset: Int) throws(Diagnostic) -> Bool {
        let ordering: Bool?
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)):
            switch op {
            case .less: ordering = a < b
            case .lessOrEqual: ordering = a <= b
            case .greater: ordering = a > b
            default: ordering = a >= b
            }
        case (.int, .double), (.double, .int), (.double, .double):
            let a = Self.number(lhs), b = Self.number(rhs)
            switch op {
            case .less: ordering = a < b
            case .lessOrEqual: ordering = a <= b
            case .greater: ordering = a > b
            default: ordering = a >= b
            }
        case (.string(let a), .string(let b)):
            switch op {
            case .less: ordering = a < b
            case .lessOrEqual: ordering = a <= b
            case .greater: ordering = a > b
            default: ordering = a >= b
            }
        default: ordering = nil
        }
        guard let ordering else {
            throw error("cannot compare \(lhs.describedForError) and \(rhs.describedForError) with '\(op.rawValue)'",
                        at: offset)
        }
        return ordering
    }

    /// Whether `container` holds `item`: an element of a list, a key of a map, a substring of a string.
    private func contains(_ container: Value, _ item: Value, op: Expression.BinaryOperator,
                          at offset: Int) throws(Diagnostic) -> Bool {
        switch (container, item) {
        case (.list(let items), _): return items.contains { Self.looselyEqual($0, item) }
        case (.map(let map), .string(let key)): return map[key] != nil
        case (.string(let text), .string(let part)): return part.isEmpty || text.contains(part)
        default:
            throw error("'\(op.rawValue)' cannot look for \(item.describedForError) in \(container.describedForError)",
                        at: offset)
        }
    }
}
