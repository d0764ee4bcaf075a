// The command line only parses options and calls the pipeline; every subcommand lives in its
// own file of this module.
import ArgumentParser
import Foundation

/// `chaosrun`: the root command.
public struct ChaosCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "chaosrun",
        abstract: "Declarative chaos scenarios for a streaming TDA pipeline on Kafka.",
        discussion: """
        Write a scenario (.chaos or YAML), lint it, look at its plan, then run it:

          chaosrun lint scenarios/                 check every scenario, compiler-style
          chaosrun plan scenarios/cascade.chaos    what a run would do, in order
          chaosrun scenarios/cascade.chaos         run it and get a verdict (exit 0/1)
        """,
        version: "0.1.0",
        subcommands: allSubcommands
    )
    public init() {}
}

/// Runs the command line. `chaosrun FILE` is shorthand for `chaosrun run FILE`.
public func run() async {
    var args = Array(CommandLine.arguments.dropFirst())
    if let first = args.first, !first.hasPrefix("-"),
       !allSubcommands.contains(where: { $0._commandName == first }),
       first.hasSuffix(".chaos") || first.hasSuffix(".yaml") || first.hasSuffix(".yml") {
        args.insert("run", at: 0)
    }
    do {
        var command = try ChaosCommand.parseAsRoot(args)
        if var asyncCommand = command as? AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
    } catch {
        // Usage errors exit with 2 (the documented code), not ArgumentParser's 64.
        if ChaosCommand.exitCode(for: error) == .validationFailure {
            let message = ChaosCommand.fullMessage(for: error)
            FileHandle.standardError.write(Data((message + "\n").utf8))
            exit(2)
        }
        ChaosCommand.exit(withError: error)
    }
}
