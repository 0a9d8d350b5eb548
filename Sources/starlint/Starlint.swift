import ArgumentParser
import StarlintCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct Starlint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "starlint",
        abstract: "Grade written answers to behavioural interview questions in the STAR format.",
        discussion: """
            Exit codes: 0 analysed (for check: every file passed); 1 check: a file failed \
            (train --check: the model is not what training produces); 2 usage, configuration \
            or input error.
            """,
        version: StarlintVersion.current,
        subcommands: [Score.self, Rules.self, Questions.self, Eval.self, Train.self, Calibrate.self, Check.self,
                      History.self, Progress.self, Show.self, Diff.self, Practice.self, Forget.self, Init.self, SaveLoop.self],
        defaultSubcommand: nil
    )
}

/// Runs the command tree, mapping argument-parser usage errors (its exit code 64) to
/// starlint's documented exit code 2, as one line like every other error. Help and version
/// still exit 0.
@main
enum StarlintMain {
    static func main() {
        // An unknown command (or `help` of one) is a usage error with a suggestion, not
        // argument-parser's "unexpected arguments" or the main help with exit code 0.
        let names = Starlint.configuration.subcommands.map { $0._commandName }
        let args = Array(CommandLine.arguments.dropFirst())
        if let first = args.first, !first.hasPrefix("-") {
            let asked = first == "help" && args.count > 1 ? args[1] : first
            if asked != "help", !names.contains(asked) {
                let hint = Suggest.hint(asked, in: names)
                Terminal.writeError("unknown command '\(asked)'\(hint); see 'starlint --help'")
                Starlint.exit(withError: ExitCode(2))
            }
        }
        if let name = dashedFileName(args) {
            Terminal.writeError("'\(name)' is a path whose name starts with '-', which reads as options; name it as ./\(name), or put it after '--'")
            Starlint.exit(withError: ExitCode(2))
        }
        do {
            var command = try Starlint.parseAsRoot()
            try command.run()
        } catch {
            let code = Starlint.exitCode(for: error)
            if code == .validationFailure {
                Terminal.writeErr(oneLine(message: Starlint.message(for: error), full: Starlint.fullMessage(for: error), arguments: args).escapingControlCharacters)
                Starlint.exit(withError: ExitCode(2))
            }
            Starlint.exit(withError: error)
        }
    }
}

/// The first argument (before any `--`) that starts with one `-`, is longer than a short
/// option, and names something on disk: a shell glob hands `-hiring-story.md` over as it is,
/// and argument-parser would read it as options (`-h` among them: the help, exit 0, with
/// nothing graded). Nil when there is none.
func dashedFileName(_ args: [String]) -> String? {
    for a in args {
        if a == "--" { return nil }
        guard a.count > 2, a.hasPrefix("-"), !a.hasPrefix("--") else { continue }
        var st = stat()
        if lstat(a, &st) == 0 { return a }
    }
    return nil
}

/// An argument-parser error as starlint's one line: "starlint: error: missing value for
/// '--min-score <N>' (see 'starlint check --help')"; the usage block it prints is left out.
///
/// A negative number after an option ("--max-bytes -5") reads as an option of its own, so
/// argument-parser calls the value missing; that case says what was wrong with the value.
func oneLine(message: String, full: String, arguments: [String] = []) -> String {
    var first = message.textLines(omittingEmpty: true).first.map(String.init) ?? message
    if first.hasPrefix("Error: ") { first.removeFirst(7) }
    if first.hasPrefix("Missing value for '--") {
        let option = String(first.dropFirst("Missing value for '".count).prefix { $0 != " " && $0 != "'" })
        if let i = arguments.firstIndex(of: option), i + 1 < arguments.count, arguments[i + 1].hasPrefix("-"), Double(arguments[i + 1]) != nil {
            first = "'\(arguments[i + 1])' is not a valid value for \(option): negative numbers are not accepted"
        }
    }
    // argument-parser's "Please provide one of 'text' and 'json'." reads as asking for both.
    if let r = first.range(of: "Please provide one of ") {
        var choices = String(first[r.upperBound...])
        if choices.hasSuffix(".") { choices.removeLast() }
        if let last = choices.range(of: " and ", options: .backwards) { choices.replaceSubrange(last, with: " or ") }
        first = String(first[..<r.lowerBound].drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) + " Use " + choices + "."
    }
    if let c = first.first, c.isUppercase, !first.dropFirst().prefix(1).allSatisfy(\.isUppercase) {
        first = c.lowercased() + first.dropFirst()
    }
    // `score a.md b.md`: the way to grade several is `check`.
    if arguments.first == "score", first.hasPrefix("unexpected argument") {
        first += "; score takes one answer at a time ('starlint check' grades several)"
    }
    var hint = ""
    if let r = full.range(of: "See '"), let end = full[r.upperBound...].firstIndex(of: "'") {
        hint = " (see '" + full[r.upperBound..<end] + "')"
    }
    return "starlint: error: " + first + hint
}
