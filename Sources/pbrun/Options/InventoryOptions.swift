/// Which inventories, hosts and extra variables a command works with: `-i`, `--limit`, `-e`.
struct InventoryOptions: OptionGroup {
    static let inventory = OptionSpec.value(
        "inventory", short: "i", "PATH", help: "Inventory file, folder, script or 'a,b,' host list; may be repeated.")
    static let limit = OptionSpec.value(
        "limit", short: "l", "PATTERN", help: "Only these hosts (a host pattern, or @FILE: one pattern a line).")
    static let extraVars = OptionSpec.value(
        "extra-vars", short: "e", "VARS", help: "key=value, @file.yml or a JSON/YAML mapping; may be repeated.")

    static let options = [inventory, limit, extraVars]

    let inventories: [String]
    let limit: String?
    let extraVars: [String]

    init(_ arguments: ParsedArguments) throws(UsageError) {
        inventories = arguments.all(Self.inventory)
        limit = arguments.value(Self.limit)
        extraVars = arguments.all(Self.extraVars)
    }

    /// The inventories, or the usage error of a command that cannot do without one.
    func required() throws(UsageError) -> [String] {
        try Self.requiredInventories(arguments: inventories)
    }

    /// `-i` of a command that takes it without `--limit` and `-e` (`exec`), required.
    static func requiredInventories(_ arguments: ParsedArguments) throws(UsageError) -> [String] {
        try requiredInventories(arguments: arguments.all(inventory))
    }

    private static func requiredInventories(arguments inventories: [String]) throws(UsageError) -> [String] {
        guard !inventories.isEmpty else { throw UsageError("missing -i INVENTORY") }
        return inventories
    }
}
