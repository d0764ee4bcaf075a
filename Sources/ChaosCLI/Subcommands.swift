import ArgumentParser

/// Every subcommand, in `--help` order. Each lives in its own file.
let allSubcommands: [any ParsableCommand.Type] = [
    RunCommand.self,
    LintCommand.self,
    PlanCommand.self,
    FmtCommand.self,
    ConvertCommand.self,
    ExplainCommand.self,
    GenerateCommand.self,
    ClusterCommand.self,
    EngineCommand.self,
    TDACommand.self,
    DocsCommand.self,
    StressCommand.self,
    ReportSampleCommand.self,
    BenchCommand.self,
]
