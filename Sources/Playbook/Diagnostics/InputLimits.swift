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

    /// The most instructions a regular expression compiles to, its counted repetitions expanded
    /// (`a{3}` is three copies). Matching costs at most this many steps per character of text.
    public static let maximumRegexInstructions = 10_000

    /// The most steps the regular expressions of one template or condition may take together (every
    /// `matches`, `regex_search` and `regex_replace` in it, each search of each): linear matching
    /// keeps a real pattern on a 64 KiB output a few hundred thousand steps.
    public static let maximumRegexSteps = 10_000_000

    /// The most a template or condition may build: its strings' UTF-8 bytes plus one per item
    /// (`Value.isLarger(than:)`). Sixteen times a 1 MiB registered output; going past it is an error
    /// at the operator, filter or variable that did it.
    public static let maximumValueSize = 16 * 1024 * 1024
}
