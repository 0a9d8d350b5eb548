import ArgumentParser
import Foundation
import StarlintCore
import StarlintStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "score",
        abstract: "Analyse one answer: STAR labels, findings and a score out of 100.",
        discussion: """
            Reads a text or Markdown file, or standard input with '-'.

            Reading the report: each sentence is listed with its part (S Situation, T Task, \
            A Action, R Result, O other: an aside, a lesson, a closing remark) and where it \
            starts (line:column). A '?' after the letter marks a part starlint is unsure of, \
            with its confidence; writing the part's label ('Task:') before the sentence \
            weighs for that part (a sentence that plainly is another part is still read as it, \
            marked '(under your Task label)'). The findings follow, each with its rule id and a suggestion; then the \
            score, its five sub-scores and every deduction (points off a sub-score, and what \
            that takes off the total); last, the length and the share of the words in each of S, T, A and R (the rest is Other). \
            'starlint rules' explains every rule.
            """)

    @Argument(help: "The answer file (.md, .txt or any text), or '-' for standard input.")
    var file: String

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "Do not save this attempt to the progress database.")
    var noSave = false

    @Option(help: "The question this answers: a bank id such as q012, its text, or an earlier answer file whose attempts this one joins (default: the front matter 'question', else the question the file was last saved under, else the file path).")
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
        if file.isEmpty { throw ValidationError("the file name is empty; give the answer's file, or '-' for standard input") }
        try StoreOptions.validateQuestionID(question)
        if watch && file == "-" { throw ValidationError("--watch needs a file to watch, not standard input") }
        if watch && format == .json { throw ValidationError("--watch prints text reports; leave out --format json") }
        if !(1...60_000).contains(watchIntervalMs) { throw ValidationError("--watch-interval-ms must be 1-60000") }
        if let n = watchReports, n < 1 { throw ValidationError("--watch-reports must be at least 1") }
    }

    func run() throws {
        if watch { return try runWatching() }
        try guardedStore {
            if !noSave { try store.checkSettings() }
            let (analyzer, settings) = try settingsFile.analyzerAndSettings(lexicons: lexicons)
            let bytes = try readAnswer(file, maxBytes: settings.byteLimit(flag: maxBytes))
            let path = file == "-" ? QuestionIdentity.stdinKey : file
            var analysis = try analyzer.analyze(bytes: bytes, path: path, questionOverride: gradingQuestion(question))
            if let w = StoreOptions.frontMatterIDWarning(analysis, flag: question)
                ?? StoreOptions.overriddenQuestionWarning(file: path, flag: question, bytes: bytes, analyzer: analyzer) { Terminal.writeErr(w) }
            // Saved before the report is printed, so the report can give the attempt's id. A
            // bad, locked or read-only database does not cost the analysis: the report is
            // printed without an id, then the error (exit 2), as `check --save` does. (A bad
            // setting, such as STARLINT_BUSY_TIMEOUT_MS, failed above with nothing printed.)
            var saved: (message: String, id: Int64, isNew: Bool)?
            var saveError: (any Error)?
            var savedTo: AttemptStore?
            if !noSave {
                do {
                    let db = try store.openForSaving()
                    savedTo = db
                    // A file that names no question is graded by the one it was last saved under.
                    let earlier = earlierQuestion(of: analysis, explicit: question, in: db)
                    if let earlier { analysis = try analyzer.analyze(bytes: bytes, path: path, question: earlier) }
                    saved = try saveAttempt(analysis, bytes: bytes, question: question, to: db, fromEarlier: earlier != nil)
                } catch {
                    saveError = error
                }
            }
            analysis.savedAttempt = saved?.id
            analysis.savedAsNew = saved?.isNew
            let report = format == .json ? JSONOutput.encode(analysis) : TextReport.render(analysis, style: colors.style, sentenceWidth: Terminal.sentenceWidth())
            Terminal.writeOut(report) {
                // A run that fails changes nothing stored: the attempt it has just saved goes
                // again (as `check --save` saves nothing when its report cannot be written).
                if let saved, saved.isNew, let savedTo { _ = try? savedTo.forget(id: saved.id) }
            }
            if let saveError { throw saveError }
            announce(saved?.message, format: format)
        }
    }

    /// `--watch`: a report for the file as it is, then one for each saved version whose bytes
    /// differ from the last reported, each after a line saying what changed. The first look
    /// fails as `score` does (a missing file is a typo); later, a version that cannot be scored
    /// (empty while the editor writes it, gone during a rename) is said on stderr and the watch
    /// goes on. A version is read once its file has stood still for a moment, so a save in
    /// progress is not scored half-written. A locked database holds the save back, not the
    /// report: it is retried at each look. Any other database error ends the watch, as in `score`.
    func runWatching() throws {
        try guardedStore {
            let (analyzer, settings) = try settingsFile.analyzerAndSettings(lexicons: lexicons)
            // The lock of another process holds a save back, not the report: each save waits
            // only briefly for it, and a held-back one is tried again at every look.
            let saveWait = 0.05
            var db = noSave ? nil : try store.openForSaving()
            try db?.setBusyTimeout(seconds: saveWait)
            // The database file as opened: each save first checks that it is still the file at
            // its path, since one removed or replaced meanwhile would take the attempts into a
            // file nobody reads.
            let dbPath = noSave ? nil : try store.path()
            var dbFile = dbPath.flatMap(FileIdentity.init)
            let style = colors.style
            let settle = useconds_t(min(250, 5 * watchIntervalMs) * 1000)
            var last: Analysis?
            var seen: FileStamp?
            var first = true
            var reports = 0
            var problem: String?
            var lastWarning: String?
            // Versions not saved yet because another process holds the database's lock, oldest
            // first: each is saved, in order, once the lock is gone.
            var unsaved: [(analysis: Analysis, bytes: [UInt8], fromEarlier: Bool)] = []
            WatchSignal.install()
            func database() throws -> AttemptStore? {
                guard let open = db, let path = dbPath else { return nil }
                let now = FileIdentity(path)
                if let now, now == dbFile { return open }
                let reopened = try store.openForSaving()
                try reopened.setBusyTimeout(seconds: saveWait)
                Terminal.writeErr("starlint: \(path.escapingControlCharacters) was \(now == nil ? "removed" : "replaced") while watching; saving to the database now at that path")
                db = reopened
                dbFile = FileIdentity(path)
                return reopened
            }
            // Saves the waiting versions in order; false when the lock still holds one back.
            func savePending() throws -> Bool {
                while let pending = unsaved.first {
                    guard let target = try database() else { return true }
                    do {
                        let saved = try saveAttempt(pending.analysis, bytes: pending.bytes, question: question, to: target, lockedAsIs: true,
                                                    fromEarlier: pending.fromEarlier)
                        unsaved.removeFirst()
                        announce(saved.message, format: .text)
                    } catch StoreError.locked {
                        return false
                    }
                }
                return true
            }
            while true {
                if let caught = WatchSignal.received {
                    // Ctrl-C or a TERM: one last try for versions the lock held back, and a
                    // word on stderr for any still not saved; then the signal's usual end.
                    // That last try waits the whole busy timeout, as `score` does.
                    if !unsaved.isEmpty { try? db?.setBusyTimeout(seconds: try AttemptStore.busyTimeout(env: store.environment)) }
                    if !unsaved.isEmpty, (try? savePending()) != true {
                        let n = unsaved.count
                        Terminal.writeErr("starlint: \(n) version\(n == 1 ? "" : "s") of \(file.escapingControlCharacters) not saved: \((dbPath ?? "").escapingControlCharacters) is still locked by another process; score the file again to save its latest version")
                    }
                    WatchSignal.end(caught)
                }
                if !unsaved.isEmpty { _ = try savePending() }
                let stamp = FileStamp(file)
                if first || stamp != seen {
                    // Let a write in progress finish: the same stamp a moment apart.
                    if !first { usleep(settle) }
                    if first || FileStamp(file) == stamp {
                        seen = stamp
                        do {
                            let bytes = try readAnswer(file, maxBytes: settings.byteLimit(flag: maxBytes))
                            var analysis = try analyzer.analyze(bytes: bytes, path: file, questionOverride: gradingQuestion(question))
                            // Said once, not at every save while the typing slip stays.
                            let warning = StoreOptions.frontMatterIDWarning(analysis, flag: question)
                                ?? StoreOptions.overriddenQuestionWarning(file: file, flag: question, bytes: bytes, analyzer: analyzer)
                            if let warning, warning != lastWarning { Terminal.writeErr(warning) }
                            lastWarning = warning
                            let earlier = earlierQuestion(of: analysis, explicit: question, in: db)
                            if let earlier { analysis = try analyzer.analyze(bytes: bytes, path: file, question: earlier) }
                            if problem != nil, analysis.contentHash == last?.contentHash {
                                Terminal.writeErr("\(file.escapingControlCharacters): readable again, unchanged since the last report")
                            }
                            problem = nil
                            if first { Terminal.writeErr("watching \(file.escapingControlCharacters): scored each time it is saved; Ctrl-C stops") }
                            if analysis.contentHash != last?.contentHash {
                                // The report first: a save the lock holds back must not hold it back.
                                if let last { Terminal.writeOut("\n" + style.bold(TextReport.changeLine(from: last, to: analysis)) + "\n\n") }
                                Terminal.writeOut(TextReport.render(analysis, style: style, sentenceWidth: Terminal.sentenceWidth()))
                                var message: String?
                                if db != nil {
                                    let lockedPath = (dbPath ?? "").escapingControlCharacters
                                    if !unsaved.isEmpty {
                                        // An earlier version still waits: this one goes after it.
                                        unsaved.append((analysis, bytes, earlier != nil))
                                        message = "Not saved yet: \(lockedPath) is still locked by another process; saving this version and the \(unsaved.count - 1) before it as soon as the lock is gone."
                                    } else if let target = try database() {
                                        do {
                                            let saved = try saveAttempt(analysis, bytes: bytes, question: question, to: target, lockedAsIs: true,
                                                                        fromEarlier: earlier != nil)
                                            analysis.savedAttempt = saved.id
                                            analysis.savedAsNew = saved.isNew
                                            message = saved.message
                                        } catch StoreError.locked(let path) {
                                            message = "Not saved yet: \(path) is locked by another process; saving it as soon as the lock is gone."
                                            unsaved.append((analysis, bytes, earlier != nil))
                                        }
                                    }
                                }
                                announce(message, format: .text)
                                last = analysis
                                reports += 1
                            }
                        } catch let e as StarlintError {
                            // A file there but empty at the start is an answer not written yet
                            // (`touch answer.md`, then the editor): watched, as an emptied one is.
                            // Anything else wrong at the first look fails as `score` does.
                            if first {
                                switch e {
                                case .empty, .whitespaceOnly, .emptyTemplate: Terminal.writeErr("watching \(file.escapingControlCharacters): scored each time it is saved; Ctrl-C stops")
                                default: throw e
                                }
                            }
                            // Said once per kind of problem (its figures aside), not at every look.
                            let kind = e.description.filter { !$0.isNumber }
                            if kind != problem { Terminal.writeErr("starlint: \(e.description); still watching") }
                            problem = kind
                        }
                        first = false
                    }
                }
                if let n = watchReports, reports >= n, unsaved.isEmpty { return }
                usleep(useconds_t(watchIntervalMs * 1000))
            }
        }
    }
}

/// Ctrl-C (INT) and TERM during `--watch`: noted by the handler, acted on by the watch loop
/// at its next look (a sleep is cut short by the signal), which then ends the process the way
/// the signal would have.
enum WatchSignal {
    nonisolated(unsafe) static var number: sig_atomic_t = 0

    static func install() {
        signal(SIGINT) { WatchSignal.number = $0 }
        signal(SIGTERM) { WatchSignal.number = $0 }
        // A parent may have started this process with them blocked (a test harness's thread):
        // the watch is stopped by them, so they are let through.
        var both = sigset_t()
        sigemptyset(&both)
        sigaddset(&both, SIGINT)
        sigaddset(&both, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &both, nil)
    }

    /// The signal received, if any.
    static var received: Int32? { number == 0 ? nil : Int32(number) }

    /// Ends the process as `signal` does by default.
    static func end(_ number: Int32) -> Never {
        signal(number, SIG_DFL)
        raise(number)
        exit(128 + number)
    }
}

/// A file's device and inode: which file a path names.
struct FileIdentity: Equatable {
    var device: UInt64, inode: UInt64

    /// nil when nothing is at `path`.
    init?(_ path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
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
