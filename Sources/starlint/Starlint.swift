import ArgumentParser
import StarlintCore

@main
struct Starlint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "starlint",
        abstract: "Grade written answers to behavioural interview questions in the STAR format.",
        discussion: """
            Exit codes: 0 analysed (and, for check, every file passed); 1 a threshold failed;
            2 usage, configuration or input error.
            """,
        version: StarlintVersion.current,
        subcommands: [Score.self, Rules.self, Questions.self, Eval.self, Train.self, Check.self],
        defaultSubcommand: nil
    )
}
