import ArgumentParser
import Foundation
import StarlintCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "score",
        abstract: "Analyse one answer: STAR labels, findings and a score out of 100.",
        discussion: "Reads a text or Markdown file, or standard input with '-'.")

    @Argument(help: "The answer file (.md, .txt or any text), or '-' for standard input.")
    var file: String

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "Do not save this attempt to the progress database.")
    var noSave = false

    @Option(help: "The question this answers: a bank id such as q012, or its text (default: the front matter 'question', else the file path).")
    var question: String?

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Refuse files larger than this many bytes (default: the settings file's max-bytes, else \(Analyzer.defaultMaxBytes)).", valueName: "N"))
    var maxBytes: Int?

    @OptionGroup var colors: ColorOptions

    @OptionGroup var settingsFile: ConfigOptions

    @OptionGroup var lexicons: LexiconOptions

    @Flag(help: "Keep watching the file: score it again each time it is saved, say what changed since the version before, and save each changed version (Ctrl-C stops).")
    var watch = false

    /// Tests: stop after this many reports.
    @Option(help: .hidden)
    var watchReports: Int?

    /// How often the file is looked at, in milliseconds.
    @Option(help: .hidden)
    var watchIntervalMs = 200

    func validate() throws {
        if let maxBytes, maxBytes <= 0 { throw ValidationError("--max-bytes must be a positive number of bytes") }
        try StoreOptions.validateQuestionID(question)
        if watch && file == "-" { throw ValidationError("--watch needs a file to watch, not standard input") }
        if watch && format == .json { throw ValidationError("--watch prints text reports; leave out --format json") }
        if watchIntervalMs < 1 { throw ValidationError("--watch-interval-ms must be positive") }
    }

    func run() throws {
        if watch { return try runWatching() }
        try guardedStore {
            let (analyzer, settings) = try settingsFile.analyzerAndSettings(lexicons: lexicons)
            let bytes = try readAnswer(file, maxBytes: settings.byteLimit(flag: maxBytes))
            var analysis = try analyzer.analyze(bytes: bytes, path: file == "-" ? "<stdin>" : file, questionOverride: question)
            // Saved before the report is printed: a bad, locked or read-only database fails
            // with nothing on standard output.
            let db = noSave ? nil : try store.openForSaving()
            let saved = try db.map { try saveAttempt(analysis, bytes: bytes, question: question, to: $0) }
            analysis.savedAttempt = saved?.id
            switch format {
            case .json: Terminal.writeOut(JSONOutput.encode(analysis))
            case .text: Terminal.writeOut(TextReport.render(analysis, style: colors.style, sentenceWidth: Terminal.sentenceWidth()))
            }
            announce(saved?.message, format: format)
        }
    }

    /// `--watch`: a report for the file as it is, then one for each saved version whose bytes
    /// differ from the last reported, each after a line saying what changed. A version that
    /// cannot be scored (empty while the editor writes it, gone during a rename) is said on
    /// stderr, and the watch goes on; a database error ends it, as in `score`.
    func runWatching() throws {
        try guardedStore {
            let (analyzer, settings) = try settingsFile.analyzerAndSettings(lexicons: lexicons)
            let db = noSave ? nil : try store.openForSaving()
            let style = colors.style
            var last: Analysis?
            var seen: FileStamp?
            var reports = 0
            var problem: String?
            Terminal.writeErr("watching \(file.escapingControlCharacters): scored each time it is saved; Ctrl-C stops")
            while true {
                let stamp = FileStamp(file)
                if stamp != seen {
                    // Let a write in progress finish: the same stamp twice, a moment apart.
                    usleep(useconds_t(min(watchIntervalMs, 100) * 1000))
                    if FileStamp(file) == stamp {
                        seen = stamp
                        do {
                            let bytes = try readAnswer(file, maxBytes: settings.byteLimit(flag: maxBytes))
                            var analysis = try analyzer.analyze(bytes: bytes, path: file, questionOverride: question)
                            problem = nil
                            if analysis.contentHash != last?.contentHash {
                                let saved = try db.map { try saveAttempt(analysis, bytes: bytes, question: question, to: $0) }
                                analysis.savedAttempt = saved?.id
                                if let last { Terminal.writeOut("\n" + style.bold(Self.changeLine(from: last, to: analysis)) + "\n\n") }
                                Terminal.writeOut(TextReport.render(analysis, style: style, sentenceWidth: Terminal.sentenceWidth()))
                                announce(saved?.message, format: .text)
                                last = analysis
                                reports += 1
                                if let n = watchReports, reports >= n { return }
                            }
                        } catch let e as StarlintError {
                            // Said once per kind of problem, not at every look.
                            if e.description != problem { Terminal.writeError(e.description + "; still watching") }
                            problem = e.description
                        }
                    }
                }
                usleep(useconds_t(watchIntervalMs * 1000))
            }
        }
    }

    /// "score 68 → 74 (+6) · specificity 57 → 67 · fixed: vague-result · new: hedge"
    static func changeLine(from a: Analysis, to b: Analysis) -> String {
        var parts = ["score \(a.score) → \(b.score) (\(b.score == a.score ? "±0" : signed(b.score - a.score)))"]
        for d in Dimension.allCases where a.subscores[d] != b.subscores[d] {
            parts.append("\(d.rawValue) \(a.subscores[d]) → \(b.subscores[d])")
        }
        var before: [String: Int] = [:], after: [String: Int] = [:]
        for f in a.findings { before[f.rule, default: 0] += 1 }
        for f in b.findings { after[f.rule, default: 0] += 1 }
        func list(_ x: [String: Int], minus y: [String: Int]) -> String {
            x.keys.sorted().compactMap { r in
                let n = x[r, default: 0] - y[r, default: 0]
                return n <= 0 ? nil : n == 1 ? r : "\(r) ×\(n)"
            }.joined(separator: ", ")
        }
        let fixed = list(before, minus: after), new = list(after, minus: before)
        if !fixed.isEmpty { parts.append("fixed: " + fixed) }
        if !new.isEmpty { parts.append("new: " + new) }
        return "since the last version: " + parts.joined(separator: " · ")
    }
}

/// What `--watch` compares between looks: a change of any of these is a save.
struct FileStamp: Equatable {
    var device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int

    /// nil when the file cannot be looked at (missing, for now).
    init?(_ path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        size = Int64(st.st_size)
        #if canImport(Darwin)
        seconds = Int(st.st_mtimespec.tv_sec)
        nanoseconds = Int(st.st_mtimespec.tv_nsec)
        #else
        seconds = Int(st.st_mtim.tv_sec)
        nanoseconds = Int(st.st_mtim.tv_nsec)
        #endif
    }
}
