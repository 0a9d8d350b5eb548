import ArgumentParser
import StarlintCore
#if canImport(Glibc)
import Glibc
#endif

/// Output helpers shared by all commands.
enum Terminal {
    static func isTTY(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// How many characters of a sentence `score` shows on its line: 90, more when `COLUMNS`
    /// says the screen is wider (as `ls` reads it, piped too) or, without it, when standard
    /// output is a wider terminal; less the room the line's label, place and confidence take.
    /// Characters, not display columns: a wide character counts as one.
    static func sentenceWidth(columnsVariable: String? = getenv("COLUMNS").map { String(cString: $0) }) -> Int {
        // A row is its label, place and sentence: about 15 columns before the sentence and its
        // "…". On a terminal of known width the row fits it (30 characters of sentence at
        // least); piped, 90.
        let columns = columns(columnsVariable: columnsVariable)
        return columns > 0 ? max(30, columns - 16) : TextReport.defaultSentenceWidth
    }

    /// The terminal's width: `COLUMNS` when set, else the width of a terminal on standard
    /// output, else 0 (a pipe or a file).
    static func columns(columnsVariable: String? = getenv("COLUMNS").map { String(cString: $0) }) -> Int {
        var columns = columnsVariable.flatMap { Int($0) } ?? 0
        if columns <= 0, isTTY(1) {
            var size = winsize()
            if ioctl(1, UInt(TIOCGWINSZ), &size) == 0 { columns = Int(size.ws_col) }
        }
        return max(0, columns)
    }

    /// Colour only on a terminal, never with NO_COLOR set (https://no-color.org).
    static func style(forceColor: Bool = false, noColor: Bool = false) -> Style {
        if noColor { return Style(enabled: false) }
        if forceColor { return Style(enabled: true) }
        if let v = getenv("NO_COLOR"), v.pointee != 0 { return Style(enabled: false) }
        if let t = getenv("TERM"), String(cString: t) == "dumb" { return Style(enabled: false) }
        return Style(enabled: isTTY(1))
    }

    static func env(_ name: String) -> String? {
        guard let v = getenv(name) else { return nil }
        let s = String(cString: v)
        return s.isEmpty ? nil : s
    }

    /// Writes to standard output. A write that fails (a full disk, `> /dev/full`) is an error:
    /// one line on standard error and exit code 2, not a report silently lost. A closed pipe
    /// (`| head`) is not: the reader has what it wanted.
    /// `beforeExit` runs first when the write fails (`score` takes back the attempt it saved).
    static func writeOut(_ s: String, beforeExit: () -> Void = {}) {
        var s = s
        if !s.hasSuffix("\n") { s += "\n" }
        let err = writeAll(1, s)
        if err != 0, err != EPIPE {
            beforeExit()
            writeError("cannot write to standard output: \(String(cString: strerror(err)))")
            exit(2)
        }
    }

    /// Writes all of `s` to `fd`; returns 0, or the `errno` of the write that failed.
    @discardableResult
    static func writeAll(_ fd: Int32, _ s: String) -> Int32 {
        var s = s
        return s.withUTF8 { writeAll(fd, bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Writes all of `bytes` to `fd`, retrying after interrupts; returns 0, or the `errno`.
    static func writeAll(_ fd: Int32, bytes p: UnsafeRawBufferPointer) -> Int32 {
        var off = 0
        while off < p.count {
            let r = write(fd, p.baseAddress! + off, p.count - off)
            if r < 0 { if errno == EINTR { continue }; return errno }
            off += r
        }
        return 0
    }

    /// One error line on standard error: "starlint: error: MESSAGE".
    static func writeError(_ message: String) { writeErr("starlint: error: " + message.escapingControlCharacters) }

    static func writeErr(_ s: String) {
        var s = s
        if !s.hasSuffix("\n") { s += "\n" }
        writeAll(2, s)
    }
}

/// A user-facing failure: one line on stderr, exit code 2 (or 1).
struct CLIFailure: Error, CustomStringConvertible {
    var message: String
    var code: Int32 = 2
    var description: String { message }
}

extension ParsableCommand {
    /// Runs `body`, turning starlint errors into one stderr line and exit code 2.
    func guarded(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let e as StarlintError {
            Terminal.writeError(e.description)
            throw ExitCode(2)
        } catch let e as CLIFailure {
            Terminal.writeError(e.message)
            throw ExitCode(e.code)
        }
    }
}

/// Flags for choosing lexicons, shared by commands that analyse text.
struct LexiconOptions: ParsableArguments {
    @Option(name: .customLong("lexicons"), help: ArgumentHelp("Read lexicon files from DIR instead of the built-in ones (default: $STARLINT_LEXICONS); files missing there come from the built-in set.", valueName: "DIR"))
    var lexiconDirectory: String?

    /// The lexicon folder in use: --lexicons, else $STARLINT_LEXICONS, else nil (built in).
    var directory: String? { lexiconDirectory ?? Terminal.env("STARLINT_LEXICONS") }

    func load() throws -> Lexicon {
        guard let dir = directory else { return .bundled }
        return try Lexicon.load(directory: dir)
    }
}

/// `--color` / `--no-color`, shared by every command that prints a text report; the last one
/// given wins, so an alias can be overridden on the command line.
struct ColorOptions: ParsableArguments {
    enum Choice: String, EnumerableFlag {
        case color, noColor

        static func help(for value: Choice) -> ArgumentHelp? {
            switch value {
            case .color: "Colour the text output even when not on a terminal."
            case .noColor: "Never colour the output (same as NO_COLOR=1)."
            }
        }
    }

    @Flag(exclusivity: .chooseLast)
    var choice: Choice?

    /// The style for standard output: the flag, else NO_COLOR, TERM=dumb and whether it is a terminal.
    var style: Style { Terminal.style(forceColor: choice == .color, noColor: choice == .noColor) }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `--config FILE` / `--no-config`, shared by `score`, `practice` and `check`.
struct ConfigOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Read settings from FILE instead of looking for .starlint.yml.", valueName: "FILE"))
    var config: String?

    @Flag(help: "Ignore .starlint.yml / .starlint.json.")
    var noConfig = false

    /// `.starlint.yml` (or `.json`) from `--config PATH`, else found from the current folder
    /// upwards, unless `--no-config`.
    func load() throws -> StarlintConfig {
        try loadWithPath().config
    }

    /// `load`, with the path of the file read (nil: none).
    func loadWithPath() throws -> (config: StarlintConfig, path: String?) {
        if config != nil && noConfig { throw CLIFailure(message: "--config and --no-config contradict each other; give one of them") }
        if let path = config {
            // A name that is there only as a link (to nothing, or in a loop) is said as such by
            // the loader, as for a settings file found by looking.
            var st = stat()
            guard lstat(path, &st) == 0 else { throw CLIFailure(message: "config file '\(path)' does not exist") }
            return (try ConfigFile.load(path), path)
        }
        if noConfig { return (StarlintConfig(), nil) }
        guard let found = try ConfigFile.find() else { return (StarlintConfig(), nil) }
        return (try ConfigFile.load(found), found)
    }

    /// The analyzer one answer is graded with: the settings file's rules, words, length and
    /// level over the lexicons, so an answer scores the same in `score`, `practice` and CI
    /// (the pass/fail thresholds are `check`'s).
    func analyzer(lexicons: LexiconOptions) throws -> Analyzer {
        try analyzerAndSettings(lexicons: lexicons).analyzer
    }

    /// `analyzer`, with the settings it was built from (for `max-bytes`).
    func analyzerAndSettings(lexicons: LexiconOptions) throws -> (analyzer: Analyzer, settings: StarlintConfig) {
        let settings = try load()
        try settings.validate()
        let lexicon = settings.lexicon(base: try lexicons.load())
        try settings.validateLength(rubric: lexicon.rubric)
        if let w = settings.lengthSwitchedOffWarning { Terminal.writeErr("starlint: warning: " + w) }
        return (Analyzer(lexicon: lexicon, settings: settings.settings), settings)
    }
}
