/// Every subcommand pbrun knows, in the order `pbrun --help` lists them.
let commandTable: [any Command.Type] = [
    ValidateCommand.self,
    RunCommand.self,
    PlanCommand.self,
    ExecCommand.self,
    HostsCommand.self,
    SchemaCommand.self,
    VersionCommand.self,
]
