/// Every subcommand pbrun knows, in the order `pbrun --help` lists them.
let commandTable: [any Command.Type] = [
    VersionCommand.self,
    ValidateCommand.self,
    SchemaCommand.self,
]
