import ArgumentParser

/// Every subcommand, in `--help` order. Each lives in its own file.
let allSubcommands: [any ParsableCommand.Type] = [
    TDACommand.self,
]
