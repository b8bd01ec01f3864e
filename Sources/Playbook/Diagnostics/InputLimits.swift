/// The bounds every reader and evaluator of input keeps, so that no file, template or variable,
/// however small or odd, can crash pbrun, hang it or make it work more than linearly in the input.
/// Each is far beyond what a real playbook or inventory needs; going past one is an error at the
/// place in the input that did it. docs/playbook-format.md and docs/templates.md list them.
public enum InputLimits {
    /// The deepest nesting any recursive reader accepts: YAML collections, JSON values, INI Python
    /// literals and template expressions. Everything built from input is at most this deep, so the
    /// code that walks it (value conversions, rendering, JSON writing) never exhausts the stack.
    public static let maximumDepth = 200

    /// The most nodes a YAML document may gain by expanding its aliases (each `*name` copies the
    /// whole anchored node). A "billion laughs" file of a few hundred bytes would otherwise expand
    /// into 10^9 nodes; a real file's aliases copy a few thousand.
    public static let maximumAliasedNodes = 1_000_000
}
