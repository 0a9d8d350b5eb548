import ArgumentParser
import Foundation
import StarlintCore
import StarlintStore
#if canImport(Glibc)
import Glibc
#endif

// The commands that read and write the progress database: history, progress, show, diff,
// practice and forget, plus what `score` needs to save an attempt.

// MARK: - Shared options and helpers

/// Where the progress database is. `--db` wins over `$STARLINT_DB`, which wins over the XDG
/// default; `$STARLINT_BUSY_TIMEOUT_MS` sets how long to wait for another process's lock.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "Progress database file. Wins over $STARLINT_DB; without either, $XDG_DATA_HOME/starlint/starlint.sqlite (~/.local/share/starlint/starlint.sqlite when XDG_DATA_HOME is unset). $STARLINT_BUSY_TIMEOUT_MS sets how long to wait for another process's lock (default 5000).",
        valueName: "PATH"))
    var database: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    func validate() throws {
        if let d = database, d.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--db needs a file path") }
    }

    /// The database path: flag, then environment, then the XDG default.
    func path() throws -> String {
        if let d = database, !d.isEmpty { return d }
        // Set but empty (a CI secret that is not defined): an error, as `--db ''` is, rather
        // than attempts saved without a word into the home folder's database.
        if let e = environment["STARLINT_DB"], e.trimmingCharacters(in: .whitespaces).isEmpty {
            throw CLIFailure(message: "STARLINT_DB is set but empty; give it a file path, or unset it to use the default database")
        }
        guard let p = AttemptStore.defaultPath(env: environment) else {
            throw CLIFailure(message: "no place for the progress database: set HOME, XDG_DATA_HOME or STARLINT_DB, or pass --db PATH")
        }
        return p
    }

    /// Opens the database for saving, creating it (and its folders) when missing. A database
    /// the user named (`--db`, `$STARLINT_DB`) in a folder that did not exist is said on stderr,
    /// so a mistyped path does not fill a new database nobody reads without a word.
    func openForWriting() throws -> AttemptStore {
        let p = try path()
        var newFolder: String?
        if database != nil || !(environment["STARLINT_DB"] ?? "").isEmpty, !FileManager.default.fileExists(atPath: p) {
            let folder = (p as NSString).deletingLastPathComponent
            if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) { newFolder = folder }
        } else if !FileManager.default.fileExists(atPath: p) {
            // The default place under a home (or XDG_DATA_HOME) folder that is not there: made,
            // and said, as for a folder the user named (a HOME set to a folder that is gone).
            let xdg = environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            if let base = xdg ?? environment["HOME"], !base.isEmpty, !FileManager.default.fileExists(atPath: base) {
                newFolder = (p as NSString).deletingLastPathComponent
            }
        }
        let store = try storeCall { try AttemptStore(path: p, access: .readWrite, busyTimeout: try AttemptStore.busyTimeout(env: environment)) }
        if let newFolder {
            Terminal.writeErr("starlint: note: made the folder \(newFolder) for a new progress database \(p)".escapingControlCharacters)
        }
        return store
    }

    /// The settings a save needs (a place for the database, a valid busy timeout), checked
    /// before any work: a mistake there is the user's to fix, not a state of the database.
    func checkSettings() throws {
        _ = try path()
        _ = try storeCall { try AttemptStore.busyTimeout(env: environment) }
    }

    /// `openForWriting` for `score`: a failure message also says how to score without saving.
    func openForSaving() throws -> AttemptStore {
        do {
            return try openForWriting()
        } catch let e as CLIFailure {
            throw CLIFailure(message: e.message + " (use --no-save to score without saving)", code: e.code)
        }
    }

    /// Opens the database for reading; nil when there is no database file yet (none is created).
    /// A write-protected file is opened read-only.
    func openForReading() throws -> AttemptStore? {
        let p = try path()
        guard try Self.databaseExists(p) else { return nil }
        // Read-only when the file or its folder cannot be written (WAL needs files beside it).
        let access: AttemptStore.Access = FileManager.default.isWritableFile(atPath: p) && Self.hasWriteBits(p)
            && AttemptStore.folderIsWritable(p) ? .readWrite : .readOnly
        return try storeCall { try AttemptStore(path: p, access: access, busyTimeout: try AttemptStore.busyTimeout(env: environment)) }
    }

    /// The database for reading, and attempt `id`, or the newest attempt without one (`show`,
    /// `diff`). No database, or none saved, is an error naming the database (and `named`, the
    /// first id the user gave, if any).
    func openWithAttempt(_ id: Int64?, named: Int64? = nil) throws -> (AttemptStore, Int64) {
        let found = try openForReading()
        guard let db = found, let id = try id ?? storeCall({ try db.latestAttemptID() }) else {
            let path = try path()
            throw CLIFailure(message: (named ?? id).map { "\(path): no attempt with id \($0) (no attempts saved yet)" } ?? noAttemptsYet(noDatabaseAt: found == nil ? path : nil, asError: true))
        }
        return (db, id)
    }

    /// Opens an existing database for changes; nil when there is none.
    func openExistingForWriting() throws -> AttemptStore? {
        guard try Self.databaseExists(try path()) else { return nil }
        return try openForWriting()
    }

    /// Whether there is a database at `path`: false only when nothing is there (or a link
    /// there leads nowhere). A path that cannot be reached (a folder on the way that may not be
    /// searched, a loop of links) is an error, not "no attempts saved yet": the attempts may
    /// well be there.
    static func databaseExists(_ path: String) throws -> Bool {
        var st = stat()
        if stat(path, &st) == 0 { return true }
        let e = errno
        if e == ENOENT { return false }
        throw CLIFailure(message: "cannot reach the progress database \(path.escapingControlCharacters): \(String(cString: strerror(e)))")
    }

    static func hasWriteBits(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && st.st_mode & 0o222 != 0
    }

    /// Checks a `--question` value is not empty, and that one that looks like a bank id
    /// ("q012") names a bank question.
    static func validateQuestionID(_ question: String?) throws {
        if let question, question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--question is empty; give a bank id such as q012 or the question's text")
        }
        if let q = unknownQuestionID(question) {
            // "q5" for "q005": the bank's ids have three digits.
            let padded = Int(q.dropFirst()).map { "q" + String(repeating: "0", count: max(0, 3 - String($0).count)) + String($0) }
            let hint = padded.flatMap { QuestionBank.bundled.question(id: $0) }.map { "; did you mean \($0.id)?" } ?? ""
            throw ValidationError("unknown question id '\(q)'\(hint); see 'starlint questions' for the ids")
        }
    }

    /// `question` trimmed, when it looks like a bank id ("q012") that no bank question has.
    static func unknownQuestionID(_ question: String?) -> String? {
        guard let q = question?.trimmingCharacters(in: .whitespaces), q.count >= 2, q.first == "q" || q.first == "Q",
              q.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return QuestionBank.bundled.question(id: q) == nil ? q : nil
    }

    /// The warning for a front-matter `question:` that looks like a bank id but names no bank
    /// question: the answer is graded and saved under that text as a question of its own,
    /// as `--question` would refuse it.
    static func frontMatterIDWarning(_ analysis: Analysis, flag: String?) -> String? {
        guard flag == nil, let q = unknownQuestionID(analysis.question) else { return nil }
        return "starlint: warning: \(analysis.file): 'question: \(q)' in the front matter is no bank question id, so it is taken as the question's text (see 'starlint questions' for the ids)".escapingControlCharacters
    }

    /// The warning for `--question` naming another question than the answer's front matter
    /// does: the flag wins, and the attempt goes into that question's history, so a slip of
    /// the id is said rather than filed quietly under the wrong question.
    static func overriddenQuestionWarning(file: String, flag: String?, bytes: [UInt8], analyzer: Analyzer) -> String? {
        guard let flag else { return nil }
        guard let written = analyzer.prepare(bytes: bytes).document.frontMatter["question"],
              !written.allSatisfy(\.isWhitespace) else { return nil }
        // One question however written: the same bank id, or texts that save into one history
        // ("a rota?" and "A rota", "client's" and "client’s").
        let named = QuestionIdentity.resolve(explicit: flag, frontMatter: nil, file: file)
        let own = QuestionIdentity.resolve(explicit: nil, frontMatter: written, file: file)
        guard named.key != own.key,
              QuestionIdentity.comparable(named.text ?? named.key) != QuestionIdentity.comparable(own.text ?? own.key) else { return nil }
        return "starlint: warning: \(file): --question \(flag.trimmingCharacters(in: .whitespaces)) is used, not the front matter's 'question: \(written)'".escapingControlCharacters
    }
}

/// Runs `body`, turning a `StoreError` into a one-line `CLIFailure` (exit code 2).
@discardableResult
func storeCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as StoreError {
        throw CLIFailure(message: e.description)
    }
}

extension ParsableCommand {
    /// `guarded` that also turns database errors into one stderr line and exit code 2.
    func guardedStore(_ body: () throws -> Void) throws {
        try guarded { try storeCall(body) }
    }
}

/// Reads an answer file (or standard input for "-") with the same messages as `Analyzer`.
func readAnswer(_ path: String, maxBytes: Int) throws(StarlintError) -> [UInt8] {
    try Analyzer.readInput(path, maxBytes: maxBytes)
}

/// Saves a scored answer and says what happened: on stdout after a text report, on stderr
/// after JSON (so stdout stays one JSON document). `question` is the `--question ID|TEXT` flag;
/// without it the front matter `question`, else the file path, names the question.
///
/// Saves before the report is printed, so the report can give the attempt's id; returns the
/// line to print after the report (`announce`). (`score` prints the report even when the
/// save fails, then the error.)
///
/// `lockedAsIs`: a locked database throws `StoreError.locked` itself, for a caller that tries
/// again later (`score --watch`), instead of the message that ends the command.
func saveAttempt(
    _ analysis: Analysis, bytes: [UInt8], question: String?, to store: AttemptStore,
    source: AttemptSource = .score, durationMs: Int? = nil, lockedAsIs: Bool = false, fromEarlier gradedByEarlier: Bool = false
) throws -> (message: String, id: Int64, isNew: Bool) {
    var identity = QuestionIdentity.resolve(explicit: question, frontMatter: analysis.question, file: analysis.file)
    // `--question chef.md`: another answer file's history, as `history --question chef.md`
    // reads it, not a question whose text is "chef.md".
    if let q = question, let fileQuestion = try answerFileQuestion(q, in: store, lockedAsIs: lockedAsIs) { identity = fileQuestion }
    // A file that names no question, saved before under one (`score draft.md --question q003`,
    // then `score draft.md`), stays with it rather than starting a history of its own path.
    // (`score` has usually found it already, to grade the answer against it: `earlierQuestion`.)
    var fromEarlier = gradedByEarlier
    if identity.text == nil, identity.key != "<stdin>" {
        do {
            if let earlier = try store.latestQuestion(ofFile: identity.key), earlier.key != identity.key {
                identity = earlier
                fromEarlier = true
            }
        } catch StoreError.locked(let path) where lockedAsIs {
            throw StoreError.locked(path: path)
        } catch {
            throw CLIFailure(message: error.description)
        }
    }
    // A question known by its text joins the history of the same text written another way;
    // one only close to a bank or saved question (a typing slip) starts its own, and is told.
    var near: (key: String, text: String)?
    if identity.text == identity.key {
        var keys: SavedQuestionKeys
        do {
            keys = try store.savedQuestionKeys()
        } catch StoreError.locked(let path) where lockedAsIs {
            throw StoreError.locked(path: path)
        } catch {
            throw CLIFailure(message: error.description)
        }
        near = keys.nearby(identity.key)
        let saved = keys.key(for: identity.key)
        identity = QuestionIdentity(key: saved, text: saved)
    }
    let outcome: SaveOutcome
    do {
        outcome = try store.save(analysis, text: String(decoding: bytes, as: UTF8.self), questionKey: identity.key,
                                 questionText: identity.text, source: source, durationMs: durationMs)
    } catch StoreError.locked(let path) where lockedAsIs {
        throw StoreError.locked(path: path)
    } catch {
        let hint = source == .score ? " (use --no-save to score without saving)" : ""
        throw CLIFailure(message: error.description + hint)
    }
    let name = identity.text == identity.key ? quotedQuestion(identity.key) : identity.key
    // Every answer piped in without a question shares one history: say how to keep them apart.
    // An answer file without one starts a history of its own: said at its first attempt, so a
    // rewrite saved as "answer-v2.md" is not a surprise.
    // The attempt before a new one at its question, read once; `first` when there is none
    // (not when the database cannot say).
    var previous: Int64?, first = false
    if case .saved(let id) = outcome {
        do {
            previous = try store.previousAttemptID(before: id)
            first = previous == nil
        } catch {}
    }
    var hint = ""
    if analysis.file == "<stdin>" && identity.key == "<stdin>" {
        hint = " Give --question ID|TEXT to keep answers to different questions apart."
    } else if identity.text == nil, first {
        hint = " A rewrite saved under another file name starts a new history; give it --question \((analysis.file as NSString).lastPathComponent.escapingControlCharacters) (this file), a bank id or the question's text, or a 'question:' line in front matter to keep them together."
    }
    if fromEarlier { hint = " (The question this file was last saved under; give --question ID|TEXT to file it elsewhere.)" }
    // A rewrite's score beside its last attempt at the question, so the loop of rewriting and
    // scoring again shows its progress at once ("score 81, up 12 from 69 at attempt #4").
    var since = ""
    if let p = previous, let before = try? store.attempt(id: p) {
        let change = analysis.score - before.score
        // An attempt of another answer file at the same question (a second story for it) is
        // named, so a lower score is not taken for a rewrite that got worse.
        var other = ""
        if case .saved(let id) = outcome, let mine = (try? store.filePath(ofAttempt: id)) ?? nil,
           let theirs = (try? store.filePath(ofAttempt: p)) ?? nil, mine != theirs {
            other = ", an answer in another file: \(before.file.escapingControlCharacters)"
        }
        since = change == 0 ? " (score \(analysis.score), the same as at attempt #\(p)\(other))"
            : " (score \(analysis.score), \(change > 0 ? "up" : "down") \(abs(change)) from \(before.score) at attempt #\(p)\(other))"
    }
    // A question's first attempt whose text is only close to a bank or saved question.
    if let near, first {
        // The whole text: a typing slip is as likely past the fiftieth character as before it.
        let whole = "\"" + near.text.escapingControlCharacters + "\""
        let named = near.key == near.text ? "the question saved as \(whole)" : "\(near.key) (\(whole))"
        let give = near.key == near.text ? "--question with that text" : "--question \(near.key)"
        hint += " This starts a new history: the text is close to \(named); give \(give) to add to that one instead."
    }
    return switch outcome {
    case .saved(let id): ("Saved as attempt #\(id) for \(name)\(since).\(hint)", id, true)
    case .duplicate(let id): ("Unchanged since attempt #\(id) for \(name); not saved again.", id, false)
    }
}

/// Whether `name` ends as an answer file's name does: .md, .txt or .markdown, in any case.
func hasAnswerFileSuffix(_ name: String) -> Bool {
    let lower = name.lowercased()
    return [".md", ".txt", ".markdown"].contains { lower.hasSuffix($0) }
}

/// Whether `--question VALUE` names an answer file (an existing file ending in .md, .txt or
/// .markdown) rather than a bank id or a question's text.
func namesAnswerFile(_ value: String) -> Bool {
    hasAnswerFileSuffix(value) && FileIO.exists(value) && !FileIO.isDirectory(value)
}

/// The `question:` in the front matter of the answer file at `path` (nil when it has none or
/// cannot be read).
func frontMatterQuestion(ofFile path: String) -> String? {
    guard let bytes = try? readAnswer(path, maxBytes: Analyzer.defaultMaxBytes) else { return nil }
    return Analyzer().prepare(bytes: bytes).document.frontMatter["question"]
}

/// The question an answer file's attempts are saved under, for `score NEW --question OLD.md`:
/// the file's front-matter question, else the question it was last saved under, else its own
/// path (the history `score OLD.md` starts). Nil when `value` names no answer file.
func answerFileQuestion(_ value: String, in store: AttemptStore, lockedAsIs: Bool = false) throws -> QuestionIdentity? {
    guard namesAnswerFile(value) else { return nil }
    if let fm = frontMatterQuestion(ofFile: value) {
        let identity = QuestionIdentity.resolve(explicit: nil, frontMatter: fm, file: value)
        if identity.text != nil { return identity }
    }
    let own = QuestionIdentity.resolve(explicit: nil, frontMatter: nil, file: value)
    do {
        return try store.latestQuestion(ofFile: own.key) ?? own
    } catch StoreError.locked(let path) where lockedAsIs {
        throw StoreError.locked(path: path)
    } catch {
        throw CLIFailure(message: error.description)
    }
}

/// The question to grade an answer by for `--question VALUE`: VALUE itself, or for an answer
/// file the question in its front matter (nil when it has none: graded as a file that names
/// no question is).
func gradingQuestion(_ value: String?) -> String? {
    guard let value, namesAnswerFile(value) else { return value }
    return frontMatterQuestion(ofFile: value)
}

/// The question to grade a file by when it names none (no `--question`, no front-matter
/// `question:`) but was saved before under one (`score draft.md --question q003`, then `score
/// draft.md`): `saveAttempt` files the attempt there, so the answer is graded against that
/// question too (a "what would you do" question changes what `hypothetical` says), and the
/// report names it. The key stands for the question: a bank id or a question's text. nil when
/// the file was never saved under another question, or the database cannot say (the save
/// that follows reports why).
func earlierQuestion(of analysis: Analysis, explicit: String?, in store: AttemptStore?) -> String? {
    guard explicit == nil, analysis.question == nil, analysis.file != QuestionIdentity.stdinKey, let store else { return nil }
    let own = QuestionIdentity.resolve(explicit: nil, frontMatter: nil, file: analysis.file)
    guard let earlier = try? store.latestQuestion(ofFile: own.key), earlier.key != own.key else { return nil }
    return earlier.key
}

/// Prints `saveAttempt`'s line after the report: on standard output under a text report, on
/// standard error under JSON (which must stay one document).
func announce(_ message: String?, format: OutputFormat) {
    guard let message else { return }
    if format == .json { Terminal.writeErr(message) } else { Terminal.writeOut(message) }
}

/// A question known by its text, quoted and cut to 50 characters, as the save lines name it.
func quotedQuestion(_ text: String) -> String {
    "\"\(questionLabel(key: text, text: nil, width: 50, keepEnd: false))\""
}

/// How reports name a question: "q012 Tell me about…", a question text, or a file path.
func questionLabel(key: String, text: String?, width: Int = 60, keepEnd: Bool? = nil) -> String {
    // Keys and texts come from answer files and paths: control characters are shown escaped.
    let full: String
    if let text, text != key { full = "\(key) \(text)".escapingControlCharacters } else { full = (text ?? key).escapingControlCharacters }
    guard full.count > width else { return full }
    // Keep the file name of a bare path; a path with its question (check --save-by file) keeps its start.
    if keepEnd ?? (key.hasPrefix("/") && (text == nil || text == key)) { return "…" + full.suffix(width - 1) }
    return full.prefix(width - 1).trimmingCharacters(in: .whitespaces) + "…"
}

/// A change as every report writes it: "+6", "-3", and "±0" for none (as `score --watch` says it).
func signed(_ n: Int) -> String { n > 0 ? "+\(n)" : n == 0 ? "±0" : "\(n)" }

func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
    let n = s.count
    guard n < width else { return s }
    let fill = String(repeating: " ", count: width - n)
    return right ? fill + s : s + fill
}

/// Options shared by commands that take `--question Q` to narrow to one question.
private func resolveFilter(_ question: String?, in store: AttemptStore) throws -> (key: String?, found: Bool) {
    guard let question else { return (nil, true) }
    // An answer file names the question in its front matter, which `score FILE` files its
    // attempts under: that comes first, before the file's own history from `check --save
    // --save-by file`, which its path names.
    if FileIO.exists(question), let fm = frontMatterQuestion(ofFile: question) {
        let identity = QuestionIdentity.resolve(explicit: nil, frontMatter: fm, file: question)
        // Not another answer file's own history that only shares the question's text (`check
        // --save --save-by file` keys each file by its path): that is someone else's.
        let own = QuestionIdentity.filePath(question, currentDirectory: FileManager.default.currentDirectoryPath)
        if let key = try storeCall({ try store.resolveQuestion(identity.key) }), !key.hasPrefix("/") || key == own { return (key, true) }
    }
    // An answer file: the question it was last saved under, as `score FILE` files it now (its
    // own path, or a question named with --question before: `score draft.md --question q003`).
    // A file since renamed or deleted is looked for by the path it was saved from.
    let looksLikeFile = FileIO.exists(question) || question.contains("/") || hasAnswerFileSuffix(question)
    if looksLikeFile, let key = try storeCall({
        try store.latestQuestion(ofFile: QuestionIdentity.filePath(question, currentDirectory: FileManager.default.currentDirectoryPath))
    })?.key {
        return (key, true)
    }
    if let key = try storeCall({ try store.resolveQuestion(question) }) { return (key, true) }
    return (nil, false)
}

/// What history and progress say when there is no database yet: its path, so that a
/// mistyped --db or STARLINT_DB shows. As an error (`show`, `diff`), one line in lower case
/// after "error:", as every other error is.
private func noAttemptsYet(noDatabaseAt path: String? = nil, asError: Bool = false) -> String {
    let at = path.map { " (no database at \($0.escapingControlCharacters))" } ?? ""
    return asError
        ? "no attempts saved yet\(at); score an answer with 'starlint score FILE' or run 'starlint practice'"
        : "No attempts saved yet\(at). Score an answer with 'starlint score FILE' or run 'starlint practice'."
}

// MARK: - history

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history",
        abstract: "List saved attempts, newest first, with the change since the previous attempt at the same question.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

    @Option(help: "Only attempts at this question: a bank id (q012), a question text or an answer file.")
    var question: String?

    @Option(help: ArgumentHelp("Show at most N attempts.", valueName: "N"))
    var limit: Int?

    @Option(name: .shortAndLong, help: "Output format: text, json or csv.")
    var format: Format = .text

    @OptionGroup var store: StoreOptions

    @OptionGroup var colors: ColorOptions

    func validate() throws {
        if let limit, limit <= 0 { throw ValidationError("--limit must be a positive number") }
        try StoreOptions.validateQuestionID(question)
    }

    func run() throws {
        try guardedStore {
            var rows: [AttemptSummary] = []
            var empty = noAttemptsYet()
            if let db = try store.openForReading() {
                let filter = try resolveFilter(question, in: db)
                if filter.found {
                    rows = try storeCall { try db.history(question: filter.key, limit: limit) }
                } else {
                    empty = "No saved attempts for question '\(question ?? "")'."
                }
            } else {
                empty = noAttemptsYet(noDatabaseAt: try store.path())
            }
            switch format {
            case .json: Terminal.writeOut(JSONOutput.encode(rows))
            case .csv: Terminal.writeOut(Self.csv(rows))
            case .text: Terminal.writeOut(rows.isEmpty ? empty : Self.text(rows, style: colors.style, columns: Terminal.columns()))
            }
        }
    }

    /// `columns`: the terminal's width (0 when not known: 60 characters); the question column
    /// takes what the other columns leave of it, 20 characters at least.
    static func text(_ rows: [AttemptSummary], style: Style, columns: Int = 0) -> String {
        // The id column is as wide as the largest id shown (5 at least), so rows stay aligned.
        let idWidth = max(5, rows.map { String($0.id).count }.max() ?? 0)
        var out = pad("ID", idWidth, right: true) + "  Date              Score  Band        Change  Str  Spe  Own  Cla  Con  Question\n"
        for r in rows {
            let change = r.change.map(signed) ?? "new"
            var changeCell = pad(change, 6, right: true)
            if let c = r.change, c > 0 { changeCell = style.green(changeCell) } else if let c = r.change, c < 0 { changeCell = style.red(changeCell) }
            let s = r.subscores
            // The band as `score` named it ("needs work"), "-" when none was saved.
            out += pad(String(r.id), idWidth, right: true) + "  " + DayText.minute(r.date) + "  " + pad(String(r.score), 5, right: true)
                + "  " + pad(r.band?.name ?? "-", 10) + "  " + changeCell
                + [s.structure, s.specificity, s.ownership, s.clarity, s.concision].map { "  " + pad(String($0), 3, right: true) }.joined()
                + "  " + questionLabel(key: r.questionKey, text: r.questionText, width: columns > 0 ? max(20, columns - idWidth - 73) : 60) + "\n"
        }
        return out
    }

    static func csv(_ rows: [AttemptSummary]) -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        // Text from answers and files: control characters escaped, as in every other report
        // (an escape sequence in a question is not sent to the terminal), and a cell a
        // spreadsheet would run as a formula ("=HYPERLINK(...)", "+", "-", "@") starts with "'".
        func text(_ s: String) -> String {
            let t = s.escapingControlCharacters
            guard let c = t.unicodeScalars.first, "=+-@".unicodeScalars.contains(c) else { return t }
            return "'" + t
        }
        var out = "id,date,question_key,question_text,score,change,structure,specificity,ownership,clarity,concision,words,source,file,band\n"
        for r in rows {
            let s = r.subscores
            let cells: [String] = [
                String(r.id), r.date.formatted(.iso8601), text(r.questionKey), text(r.questionText ?? ""), String(r.score), r.change.map(String.init) ?? "",
                String(s.structure), String(s.specificity), String(s.ownership), String(s.clarity), String(s.concision),
                String(r.words), r.source.rawValue, text(r.file), r.band?.name ?? "",
            ]
            out += cells.map(field).joined(separator: ",") + "\n"
        }
        return out
    }
}

// MARK: - progress

struct Progress: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "progress",
        abstract: "Show progress per question and overall: first, latest and best scores, trend, dimensions and practice streak.",
        discussion: """
            Per question, dimensions compare the first attempt with the latest; overall, that change is \
            averaged over the questions practised more than once (not answers piped in without a \
            question, which share one history). The overall first, latest, best and \
            trend are every attempt in date order, whatever its question. The streak counts consecutive \
            days with at least one attempt, ending today or yesterday.
            """)

    @Option(help: "Only this question: a bank id (q012), a question text or an answer file.")
    var question: String?

    @Option(help: ArgumentHelp("Count frequent findings over the last N attempts.", valueName: "N"))
    var recent: Int = 10

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var store: StoreOptions

    @OptionGroup var colors: ColorOptions

    func validate() throws {
        if recent <= 0 { throw ValidationError("--recent must be a positive number") }
        try StoreOptions.validateQuestionID(question)
    }

    func run() throws {
        try guardedStore {
            var report = ProgressReport.empty(recent: recent)
            var empty = noAttemptsYet()
            if let db = try store.openForReading() {
                let filter = try resolveFilter(question, in: db)
                if filter.found {
                    report = try storeCall { try db.progress(question: filter.key, recent: recent) }
                } else {
                    empty = "No saved attempts for question '\(question ?? "")'."
                }
            } else {
                empty = noAttemptsYet(noDatabaseAt: try store.path())
            }
            switch format {
            case .json: Terminal.writeOut(JSONOutput.encode(report))
            case .text: Terminal.writeOut(report.overall == nil ? empty : Self.text(report, style: colors.style, oneQuestion: question != nil))
            }
        }
    }

    /// `oneQuestion`: the report is about the question `--question` named, and so is its streak.
    static func text(_ r: ProgressReport, style: Style, oneQuestion: Bool = false) -> String {
        var out = ""
        if let o = r.overall, r.questions.count > 1 {
            out += style.bold("Overall") + " · \(o.attempts) attempts at \(r.questions.count) questions\n"
            // Overall changes are each question's latest attempt against its first, averaged:
            // say so, and say when no question has two attempts to compare.
            let n = o.questionsCompared ?? 0
            let note = " (latest against first, mean over \(n == 1 ? "the 1 question" : "\(n) questions") practised more than once)"
            // The first and latest may answer different questions: how each question's own
            // score moved, averaged, is the measure of progress, said under the trend.
            let moved = o.scoreChange.map { c in
                "  score \(c.from) → \(c.to), " + (c.change > 0 ? style.green(signed(c.change)) : c.change < 0 ? style.red(signed(c.change)) : signed(0))
                    + style.dim(note) + "\n"
            }
            // The note is said once, on the first line it explains.
            out += lines(o, recent: r.recent, style: style, changeNote: moved == nil ? note : "", scoreLine: moved,
                         noChange: n == 0 ? "  sub-scores: no question practised twice yet; answer one again to compare\n" : nil)
            out += "\n"
        }
        for q in r.questions {
            out += style.bold(questionLabel(key: q.questionKey ?? "", text: q.questionText, width: 72)) + "\n"
            out += lines(q, recent: r.recent, style: style)
            out += "\n"
        }
        let s = r.streak
        out += (oneQuestion ? "Practice streak at this question: " : "Practice streak: ") + (s.days == 0
            ? "none running (last practised \(s.lastDay ?? "never"))"
            : "\(s.days) day\(s.days == 1 ? "" : "s")" + (s.practisedToday ? ", including today" : "; practise today to keep it going")) + "\n"
        return out
    }

    static func lines(_ l: QuestionProgress, recent: Int, style: Style, changeNote: String = "", scoreLine: String? = nil, noChange: String? = nil) -> String {
        func point(_ p: AttemptPoint) -> String { "\(p.score) (#\(p.id), \(DayText.minute(p.date).prefix(10)))" }
        // One attempt is its own first, latest and best: said once.
        var out = l.attempts == 1 && l.first.id == l.latest.id && l.best.id == l.first.id
            ? "  1 attempt · \(point(l.first))\n"
            : "  \(l.attempts) attempt\(l.attempts == 1 ? "" : "s") · first \(point(l.first)) · latest \(point(l.latest)) · best \(point(l.best))\n"
        // The sparkline holds the last 30 attempts at most: then it says so, as its first point
        // is not the "first" above.
        let window = l.attempts > l.trend.count ? " (last \(l.trend.count) attempts)" : ""
        // Bars from a floor above 0 say where they start, so a short bar is not read as a low score.
        let floor = Sparkline.floor(l.trend)
        let scale = floor > 0 && l.trend.count > 1 ? style.dim("  (bars from \(floor) to 100)") : ""
        out += "  trend \(l.sparkline)  \(l.trend.first ?? 0) → \(l.trend.last ?? 0)\(window)\(scale)\n"
        if let scoreLine { out += scoreLine }
        func changes(_ cs: [DimensionChange]) -> String { cs.map { "\($0.dimension.rawValue) \(signed($0.change))" }.joined(separator: ", ") }
        if !l.improved.isEmpty { out += "  improved: " + style.green(changes(l.improved)) + style.dim(changeNote) + "\n" }
        if !l.slipped.isEmpty { out += "  slipped:  " + style.red(changes(l.slipped)) + style.dim(changeNote) + "\n" }
        if let noChange { out += noChange } else if l.attempts >= 2 && l.improved.isEmpty && l.slipped.isEmpty { out += "  sub-scores unchanged" + style.dim(changeNote) + "\n" }
        if !l.frequentFindings.isEmpty {
            let n = min(recent, l.attempts)
            out += "  frequent findings (last \(n) attempt\(n == 1 ? "" : "s")): "
                + l.frequentFindings.map { "\($0.rule) in \($0.attempts)" + ($0.inLatest || l.attempts < 2 ? "" : " (not in the latest)") }.joined(separator: ", ") + "\n"
        }
        return out
    }
}

// MARK: - show

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one saved attempt in full: text, labels, findings and scores.")

    @Argument(help: "The attempt id (see 'starlint history'; '#12' or 12); without one, the newest attempt.", transform: attemptID)
    var id: Int64?

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var store: StoreOptions

    @OptionGroup var colors: ColorOptions

    func run() throws {
        try guardedStore {
            let (db, id) = try store.openWithAttempt(id)
            let a = try storeCall { try db.attempt(id: id) }
            switch format {
            case .json: Terminal.writeOut(JSONOutput.encode(a))
            case .text: Terminal.writeOut(Self.text(a, style: colors.style))
            }
        }
    }

    static func text(_ a: StoredAttempt, style: Style) -> String {
        let s = a.subscores
        // How it was saved, in words: "saved by score" (a bare "· score" read as a label with
        // its value missing).
        var out = style.bold("Attempt #\(a.id)") + " · \(DayText.minute(a.date)) · saved by \(a.source.rawValue)"
        if let ms = a.durationMs { out += " · written in \(ms / 60_000) min \(ms / 1000 % 60) s" }
        out += "\n"
        out += "Question: \(questionLabel(key: a.questionKey, text: a.questionText, width: 200))\n"
        out += "File: \(a.file.escapingControlCharacters)\n"
        out += "Score: \(style.bold("\(a.score)/100")) (structure \(s.structure), specificity \(s.specificity), ownership \(s.ownership), clarity \(s.clarity), concision \(s.concision))\n"
        if let b = a.band { out += "  " + TextReport.bandLine(b) + "\n" }
        if a.deductionsRecorded {
            out += TextReport.deductionLines(a.deductions, findingRules: a.findings.map(\.rule), score: a.score, style: style)
        } else {
            out += style.dim("  (deductions not recorded: saved before starlint 0.6)") + "\n"
        }
        out += "Words: \(a.words) · rubric \(a.rubricVersion) · \(a.modelVersion) · starlint \(a.toolVersion) · hash \(a.contentHash)\n"
        out += "\nSentences:\n"
        // Positions padded to one width, so the sentences line up as in `score`.
        let width = a.sentences.map { "\($0.line):\($0.column)".count }.max() ?? 0
        for x in a.sentences {
            let at = "\(x.line):\(x.column)"
            // An uncertain label with its confidence, or the part label written over a sentence
            // read as another part, as `score` shows them.
            let conf = x.uncertain ? style.dim(TextReport.uncertainNote(x.label, confidence: x.confidence))
                : x.writtenLabel.map { style.dim(TextReport.writtenLabelNote($0)) } ?? ""
            out += "  \(x.label.letter)\(x.uncertain ? "?" : " ") \(at)\(String(repeating: " ", count: width - at.count))  \(x.text.escapingControlCharacters)\(conf)\n"
        }
        out += "\nFindings (\(a.findings.count)):\n"
        if a.findings.isEmpty { out += "  none\n" }
        for f in a.findings {
            out += "  \(f.line):\(f.column) \(f.severity.rawValue) \(f.rule): \(f.message.escapingControlCharacters)\n"
            if let sug = f.suggestion { out += "      suggestion: \(sug.escapingControlCharacters)\n" }
        }
        // What `score` printed after the findings: starlint comments that did nothing, and how
        // many findings the comments suppressed. Not recorded before starlint 0.8: said so
        // when the answer has such comments.
        if let problems = a.directiveProblems {
            for p in problems { out += "  \(p.place) warning: \(p.message.escapingControlCharacters)\n" }
        } else if a.text.contains("starlint-") {
            out += style.dim("  (starlint-disable comments not recorded: saved before starlint 0.8)") + "\n"
        }
        if let n = a.suppressedFindings, n > 0 { out += style.dim("  (\(TextReport.suppressedCount(n)))") + "\n" }
        out += "\nAnswer:\n"
        // Tabs are shown as spaces, other control characters escaped (an answer may hold any).
        // (The line break ending the text opens no line of its own; blank lines show empty.)
        var lines = a.text.textLines()
        if lines.last?.isEmpty == true { lines.removeLast() }
        for line in lines { out += line.isEmpty ? "\n" : "  \(line.replacingOccurrences(of: "\t", with: "    ").escapingControlCharacters)\n" }
        return out
    }
}

// MARK: - diff

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff",
        abstract: "Compare two saved attempts: score and sub-score changes, findings fixed and new, sentences relabelled.",
        discussion: """
            'starlint diff A B' compares attempt A with attempt B. With one id, 'starlint diff B' \
            compares attempt B with the attempt before it at the same question; with none, the \
            newest attempt is compared with the attempt before it at its question.
            """)

    @Argument(help: "The earlier attempt id (or, given alone, the later one).", transform: attemptID)
    var first: Int64?

    @Argument(help: "The later attempt id.", transform: attemptID)
    var second: Int64?

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var store: StoreOptions

    @OptionGroup var colors: ColorOptions

    func run() throws {
        try guardedStore {
            let (db, later) = try store.openWithAttempt(second ?? first, named: first)
            // One id (or none): that attempt against the one before it at the same question.
            let earlier: Int64
            if let first, second != nil { earlier = first } else {
                guard let p = try storeCall({ try db.previousAttemptID(before: later) }) else {
                    throw CLIFailure(message: "attempt #\(later) is the first at its question: nothing to compare it with (see 'starlint history')")
                }
                earlier = p
            }
            guard earlier != later else {
                throw CLIFailure(message: "attempt #\(later) compared with itself: give two different ids (see 'starlint history')")
            }
            let a = try storeCall { try db.attempt(id: earlier) }
            let b = try storeCall { try db.attempt(id: later) }
            let d = AttemptDiff(from: a, to: b)
            switch format {
            case .json: Terminal.writeOut(JSONOutput.encode(d))
            case .text: Terminal.writeOut(Self.text(d, a: a, b: b, style: colors.style))
            }
        }
    }

    static func text(_ d: AttemptDiff, a: StoredAttempt, b: StoredAttempt, style: Style) -> String {
        var out = style.bold("Attempt #\(d.from) → #\(d.to)")
        out += d.sameQuestion ? " (\(questionLabel(key: a.questionKey, text: a.questionText)))\n"
            : "\n  note: different questions: \(questionLabel(key: a.questionKey, text: a.questionText, width: 50)) and \(questionLabel(key: b.questionKey, text: b.questionText, width: 50))\n"
        // Ids in the other order: compared as given, so "fixed" reads backwards in time.
        if d.reversed {
            out += "  note: #\(d.from) was saved after #\(d.to); compared in the order given\n"
        }
        out += "Score: \(d.fromScore) → \(d.toScore) (\(signed(d.scoreChange)))\n"
        // The bands as saved ("needs work → fair"), when either attempt has one.
        if d.fromBand != nil || d.toBand != nil {
            out += "Band: \(d.fromBand?.name ?? "not recorded") → \(d.toBand?.name ?? "not recorded")\n"
        }
        for c in d.subscores {
            let delta = c.change == 0 ? "" : c.change > 0 ? style.green(" (\(signed(c.change)))") : style.red(" (\(signed(c.change)))")
            out += "  \(pad(c.dimension.rawValue, 12)) \(pad(String(c.from), 3, right: true)) → \(pad(String(c.to), 3, right: true))\(delta)\n"
        }
        // A heading with nothing under it says "none", as `show` does.
        func heading(_ name: String, _ n: Int) -> String { n == 0 ? "\(name): none\n" : "\(name) (\(n)):\n" }
        out += "\n" + heading("Fixed findings", d.fixedFindings.count)
        for f in d.fixedFindings { out += style.green("  - \(f.rule): \(f.message.escapingControlCharacters)") + "\n" }
        // A finding gone because a starlint-disable comment hides it is not fixed: said so.
        if d.fixedMayBeHidden, let hidden = d.toSuppressedFindings {
            out += style.dim("  (#\(d.to) has \(TextReport.suppressedCount(hidden))\(d.fromSuppressedFindings.map { " (#\(d.from): \($0))" } ?? ""); some of these may be hidden, not fixed)") + "\n"
        }
        out += heading("New findings", d.newFindings.count)
        for f in d.newFindings { out += style.red("  + \(f.rule): \(f.message.escapingControlCharacters)") + "\n" }
        if d.newMayBeUnhidden, let hidden = d.fromSuppressedFindings {
            out += style.dim("  (#\(d.from) has \(TextReport.suppressedCount(hidden))\(d.toSuppressedFindings.map { " (#\(d.to): \($0))" } ?? ""); some of these may have been hidden there, not new)") + "\n"
        }
        if !d.changedFindings.isEmpty {
            out += "Changed findings (\(d.changedFindings.count)):\n"
            for c in d.changedFindings { out += "  ~ \(c.rule): \(c.from.escapingControlCharacters) → \(c.to.escapingControlCharacters)\n" }
        }
        // With no sentence in common there is nothing to compare labels on: said so, not "none".
        out += d.labelChanges.isEmpty && d.sentencesInCommon == 0 ? "Sentences relabelled: no sentence is in both attempts word for word, so none to compare\n"
            : heading("Sentences relabelled", d.labelChanges.count)
        for c in d.labelChanges { out += "  \(c.from.letter) → \(c.to.letter)  \(c.text.escapingControlCharacters)\n" }
        return out
    }
}

// MARK: - practice

struct Practice: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "practice",
        abstract: "Pick a question to practise, take your answer, score it and save it.",
        discussion: """
            Favours questions not practised lately and those with low latest scores; the pick depends only \
            on the database and --seed. The answer comes from $EDITOR, or from standard input when it is \
            not a terminal.
            """)

    @OptionGroup var filter: QuestionFilterOptions

    @Option(help: ArgumentHelp("Practise this bank question (an id such as q012, or its text) instead of having one picked.", valueName: "Q"))
    var question: String?

    @Option(help: ArgumentHelp("Seed for the pick (default: derived from the saved attempts).", valueName: "N"))
    var seed: UInt64?

    @Flag(help: "Open $EDITOR even when standard input is not a terminal.")
    var edit = false

    @Option(help: ArgumentHelp("Also write the answer to FILE (which must not exist yet), with the question in its front matter, so that 'starlint score FILE' after a rewrite adds to the same question's history.", valueName: "FILE"))
    var keep: String?

    @Option(help: ArgumentHelp("Refuse answers larger than this many bytes (default: the settings file's max-bytes, else \(Analyzer.defaultMaxBytes)).", valueName: "N"))
    var maxBytes: Int?

    @OptionGroup var settingsFile: ConfigOptions

    @OptionGroup var store: StoreOptions

    @OptionGroup var colors: ColorOptions

    @OptionGroup var lexicons: LexiconOptions

    func validate() throws {
        try filter.validate()
        try StoreOptions.validateQuestionID(question)
        if question != nil, filter.type != nil || filter.competency != nil || seed != nil {
            throw ValidationError("--question names the question; --type, --competency and --seed choose one, so give one or the other")
        }
        if let question, chosen == nil {
            let hint = Self.closestBankQuestion(question).map { "; the closest is \($0.id), \"\($0.text)\"" } ?? " (see 'starlint questions')"
            throw ValidationError("--question: '\(question)' is not a bank question\(hint); practice saves under bank questions, so score an answer to it with 'starlint score FILE --question ...' instead")
        }
        if let maxBytes, maxBytes <= 0 { throw ValidationError("--max-bytes must be a positive number of bytes") }
        if let keep {
            if keep.isEmpty || keep == "-" { throw ValidationError("--keep needs a file name") }
            if FileManager.default.fileExists(atPath: keep) { throw ValidationError("--keep: '\(keep)' already exists; choose a new file, or score that file with 'starlint score'") }
            // A link to nothing: the file is created new (O_EXCL), which a link in its place refuses.
            var st = stat()
            if lstat(keep, &st) == 0 { throw ValidationError("--keep: '\(keep)' is a link to a file that is not there; choose a new file name") }
            // Checked before the answer is written, not after: a folder that is not there
            // would otherwise cost the answer just typed in the editor.
            let folder = keep.contains("/") ? String(keep[..<keep.lastIndex(of: "/")!]) : "."
            var isFolder: ObjCBool = false
            if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue {
                throw ValidationError("--keep: no folder '\(folder)' to write '\(keep)' in")
            }
        }
    }

    func run() throws {
        try guardedStore {
            let (analyzer, settings) = try settingsFile.analyzerAndSettings(lexicons: lexicons)
            // The size limit as score has it: --max-bytes, else the settings file's.
            let limit = settings.byteLimit(flag: maxBytes)
            let db = try store.openForWriting()
            let started = Date()
            let useEditor = edit || Terminal.isTTY(0)
            // An answer piped in that names its bank question in front matter is practice at
            // that question; otherwise one is picked.
            let piped = useEditor ? nil : try answerFromStdin(limit: limit)
            // Its front matter, read once for the question it names and for --keep.
            let pipedFront = piped.map { analyzer.prepare(bytes: $0).document.frontMatter }
            let q: Question
            // With --question, a heading or "question:" naming a question outside the bank (the
            // question written out in the answer's own words) gives way to the one named.
            let named = chosen == nil ? try pipedFront.flatMap(Self.namedQuestion) : (try? pipedFront.flatMap(Self.namedQuestion)) ?? nil
            if let chosen {
                if let named, named.id != chosen.id {
                    throw CLIFailure(message: "--question \(chosen.id) and the answer's front matter (\(named.id)) name different questions; nothing was scored or saved")
                }
                q = chosen
            } else if let named {
                q = named
            } else {
                let candidates = QuestionBank.bundled.filter(type: filter.resolvedType, competency: filter.resolvedCompetency)
                let stats = try storeCall { try db.questionStats() }
                guard let picked = PracticePicker.pick(from: candidates, stats: stats, seed: seed) else {
                    throw CLIFailure(message: filter.noMatch)
                }
                q = picked
            }
            // An answer piped in was written before the pick: once it is graded, say that it is
            // filed under a question picked for it, and how to name one.
            let pickedForPiped = piped != nil && chosen == nil && named == nil
            let header = "Question \(q.id) (\(q.type); \(q.competencies.joined(separator: ", "))):\n  \(q.text)"
            // With an editor the question shows on stderr first; from standard input it is
            // printed with the report, so a failure leaves standard output empty.
            if useEditor { Terminal.writeErr(header) }
            // From the editor, the file it wrote stays until the answer is saved.
            var bytes: [UInt8], file: String, written: String?
            if let piped {
                (bytes, file, written) = (piped, "<stdin>", nil)
            } else {
                let (b, path) = try answerFromEditor(q, limit: limit)
                (bytes, file, written) = (b, "<editor>", path)
            }
            do {
                // With --keep, the kept file is what is graded and saved, so its lines are the
                // report's and scoring it again unchanged adds nothing.
                if let keep {
                    bytes = Self.withFrontMatter(bytes, front: pipedFront ?? analyzer.prepare(bytes: bytes).document.frontMatter, question: q)
                    file = keep
                }
                let analysis: Analysis
                do {
                    analysis = try analyzer.analyze(bytes: bytes, path: file, question: q.text)
                } catch let e as StarlintError {
                    switch e {
                    case .noAnswerText, .emptyTemplate, .whitespaceOnly, .empty:
                        if let w = written { unlink(w); written = nil }
                        throw CLIFailure(message: "no answer written; nothing was scored or saved")
                    default: throw e
                    }
                }
                if pickedForPiped {
                    // The example names another question than the one picked.
                    let example = q.id == "q012" ? "q013" : "q012"
                    Terminal.writeErr("note: the answer names no question, so it is filed under \(q.id), picked for you; to file it under another, name that one with --question or in front matter ('question: \(example)')")
                }
                // Writing time is known only when the answer was written in the editor: an answer
                // piped in was written before the command ran.
                let ms = useEditor ? Int(Date().timeIntervalSince(started) * 1000) : nil
                // Kept before it is saved: a file that cannot be written stops the run with nothing
                // saved, and a save that fails leaves the answer in the kept file.
                let kept = try keep.map { try keepAnswer(bytes, at: $0) }
                if kept != nil, let w = written { unlink(w); written = nil }
                func printReport() {
                    // On a terminal the question is already on screen above the editor's output.
                    if !(useEditor && Terminal.isTTY(1) && Terminal.isTTY(2)) { Terminal.writeOut(header + (useEditor ? "\n" : "")) }
                    // The question heads the output already: the report's first line names the file only.
                    var shown = analysis
                    shown.question = nil
                    Terminal.writeOut(TextReport.render(shown, style: colors.style, sentenceWidth: Terminal.sentenceWidth()))
                }
                let saved: (message: String, id: Int64, isNew: Bool)
                do {
                    saved = try saveAttempt(analysis, bytes: bytes, question: q.id, to: db, source: .practice, durationMs: ms)
                } catch {
                    // As score does: the answer was graded, so its report is shown, then the error.
                    printReport()
                    if let place = kept ?? written { throw AnswerKept(failure: Self.keepingAnswer(error, in: place)) }
                    throw error
                }
                if let w = written { unlink(w); written = nil }
                printReport()
                announce(saved.message, format: .text)
                if let kept { Terminal.writeErr("Answer kept in \(kept.escapingControlCharacters); rewrite it and run 'starlint score \(Self.shellQuoted(kept))' to add to this question's history.") }
            } catch let named as AnswerKept {
                throw named.failure
            } catch where written != nil {
                // Any other failure after the editor closed leaves what was typed where it is.
                throw Self.keepingAnswer(error, in: written!)
            }
        }
    }

    /// The bank question sharing the most words of four letters or more with `text` ("where
    /// do you see yourself in five years" -> q041), the words every question has left out
    /// ("what", "your", "time"), when it shares at least two; the first in the bank on a tie.
    static func closestBankQuestion(_ text: String) -> Question? {
        let common: Set<String> = ["what", "your", "with", "have", "that", "this", "when", "where", "were", "would", "about", "from",
                                   "they", "them", "their", "tell", "time", "give", "describe", "example", "which", "there", "been",
                                   "will", "into", "some", "more", "than", "then", "does", "like", "could", "should", "did"]
        func words(_ t: String) -> Set<String> {
            Set(t.lowercased().split { !$0.isLetter }.map(String.init).filter { $0.count >= 4 && !common.contains($0) })
        }
        let mine = words(text)
        var best: (q: Question, shared: Int)?
        for q in QuestionBank.bundled.questions {
            let shared = words(q.text).intersection(mine).count
            if shared >= 2, shared > (best?.shared ?? 0) { best = (q, shared) }
        }
        return best?.q
    }

    /// The bank question --question names, by id or text.
    var chosen: Question? {
        question.flatMap { QuestionBank.bundled.question(id: QuestionIdentity.resolve(explicit: $0, frontMatter: nil, file: "-").key) }
    }

    /// The answer with the question's bank id as front matter when it has none (one piped in),
    /// so `score` files it under the same question. An answer from the editor already has the
    /// template's front matter.
    static func withFrontMatter(_ bytes: [UInt8], front: FrontMatter, question q: Question) -> [UInt8] {
        if front["question"] != nil { return bytes }
        // Front matter of the answer's own ("title: draft 2"): the question goes in it.
        if !front.entries.isEmpty, let nl = bytes.firstIndex(of: 0x0A) {
            return Array(bytes[...nl]) + Array("question: \(q.id)\n".utf8) + Array(bytes[(nl + 1)...])
        }
        return Array("---\nquestion: \(q.id)\n---\n".utf8) + bytes
    }

    /// Writes the answer to `path`, created new and never overwritten.
    func keepAnswer(_ out: [UInt8], at path: String) throws -> String {
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CLIFailure(message: "\(path): cannot create the file for --keep (\(String(cString: strerror(errno)))); nothing was saved") }
        defer { close(fd) }
        let err = out.withUnsafeBytes { Terminal.writeAll(fd, bytes: $0) }
        guard err == 0 else {
            unlink(path)
            throw CLIFailure(message: "\(path): cannot write the file for --keep (\(String(cString: strerror(err)))); nothing was saved")
        }
        return path
    }

    /// `path` as a shell word: bare when it is plain, else in single quotes.
    static func shellQuoted(_ path: String) -> String {
        let plain = path.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+,:@%".contains($0)) }
        return plain ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The front matter every practice answer starts with, so hypothetical questions are known.
    func frontMatter(_ q: Question) -> String {
        "---\nquestion: \(q.text)\nid: \(q.id)\n---\n"
    }

    /// The answer as piped in: the question goes to the analysis separately, so reported lines
    /// are the answer's own.
    func answerFromStdin(limit: Int) throws -> [UInt8] {
        try readAnswer("-", maxBytes: limit)
    }

    /// The bank question a piped answer's front matter names ("question: q006", or a bank
    /// question's text); nil when it names none. One that names a question outside the bank is
    /// an error: practice saves under bank questions, and `score` takes any question.
    static func namedQuestion(_ front: FrontMatter) throws -> Question? {
        // Front matter, or a question heading or "Question:" line above the answer.
        guard let named = front["question"],
              !QuestionIdentity.normalize(named).isEmpty else { return nil }
        let identity = QuestionIdentity.resolve(explicit: nil, frontMatter: named, file: "<stdin>")
        guard let q = QuestionBank.bundled.question(id: identity.key) else {
            throw CLIFailure(message: "the answer names its own question ('\(named.escapingControlCharacters)'), which is not in the bank; practice saves under bank questions, so score it with 'starlint score -' instead")
        }
        return q
    }

    /// Runs the editor as `git commit` does: in starlint's own process group, so that it is in
    /// the terminal's foreground and can read the keyboard (Foundation's `Process` starts a
    /// child in a group of its own, where a terminal editor is stopped as soon as it reads),
    /// with SIGINT and SIGQUIT ignored by starlint meanwhile and at their defaults in the
    /// editor, so Ctrl-C is the editor's to handle. Returns the exit status (128 + signal when
    /// killed by one).
    static func runEditor(_ argv: [String], editor: String) throws -> Int32 {
        // Ignore SIGINT and SIGQUIT while the editor runs; put back exactly what was there
        // (handler, flags and mask: the runtime's crash handlers use SA_SIGINFO).
        var ignore = sigaction()
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        sigemptyset(&ignore.sa_mask)
        var oldInt = sigaction(), oldQuit = sigaction()
        sigaction(SIGINT, &ignore, &oldInt)
        sigaction(SIGQUIT, &ignore, &oldQuit)
        defer { sigaction(SIGINT, &oldInt, nil); sigaction(SIGQUIT, &oldQuit, nil) }
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        // The editor gets the default action for a signal starlint did not ignore already
        // (started under nohup, both stay ignored).
        var defaults = sigset_t()
        sigemptyset(&defaults)
        func ignored(_ a: sigaction) -> Bool {
            unsafeBitCast(a.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
        }
        for (sig, old) in [(SIGINT, oldInt), (SIGQUIT, oldQuit)] where !ignored(old) { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGDEF))
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let err = posix_spawn(&pid, argv[0], nil, &attr, cArgs, environ)
        guard err == 0 else { throw CLIFailure(message: "cannot run /bin/sh for the editor '\(editor)': \(String(cString: strerror(err)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw CLIFailure(message: "lost the editor '\(editor)': \(String(cString: strerror(errno)))") }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as functions.
        let signalled = status & 0x7F
        return signalled == 0 ? (status >> 8) & 0xFF : 128 + signalled
    }

    /// Writes a template with the question, runs `$EDITOR` on it through /bin/sh, reads it back.
    func answerFromEditor(_ q: Question, limit: Int) throws -> ([UInt8], String) {
        let env = store.environment
        let editor = [env["EDITOR"], env["VISUAL"]].compactMap { $0 }.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? "vi"
        // A "what would you do" question asks for a plan, not a story.
        let guide = Analyzer.isHypothetical(question: q.text)
            ? "Write your plan below: what you would do first and why, the steps after, and what you expect to happen; a time you handled something like it makes it stronger."
            : "Write your answer below: the situation, your task, the actions you took and the result."
        let comment = """
            <!--
              \(q.id) · \(q.type) · \(q.competencies.joined(separator: ", "))
              \(q.text)

              \(guide)
              Save and close the editor to score it; leave it empty to cancel.
            -->

            """
        let template = frontMatter(q) + comment + "\n"
        let dir = FileManager.default.temporaryDirectory.path
        let path = "\(dir)/starlint-practice-\(q.id)-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).md"
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CLIFailure(message: "\(path): cannot create the answer file (\(String(cString: strerror(errno))))") }
        close(fd)
        guard FileManager.default.createFile(atPath: path, contents: Data(template.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CLIFailure(message: "\(path): cannot write the answer file")
        }
        // The shell hands over to the editor (`exec`), so that it is not left waiting as the
        // editor's parent in the terminal's foreground, where Ctrl-C (Emacs's C-g) would end it
        // with status 130 after the editor saved; an EDITOR with shell syntax in it (";", "|")
        // runs as written.
        let plain = !editor.contains { ";&|<>()`$\n".contains($0) }
        let status = try Self.runEditor(["/bin/sh", "-c", (plain ? "exec " : "") + editor + " \"$1\"", "sh", path], editor: editor)
        guard status == 0 else {
            // An editor that never started (127: not found) or quit before a save leaves the
            // template as it was: nothing of the user's to keep, so no file is left behind.
            // (A file the editor removed holds nothing either.)
            if !FileIO.exists(path) || (try? FileIO.read(path)) == Array(template.utf8) {
                unlink(path)
                throw CLIFailure(message: "editor '\(editor)' exited with status \(status)\(status == 127 ? " (not found?)" : ""); nothing was written, scored or saved")
            }
            throw CLIFailure(message: "editor '\(editor)' exited with status \(status); nothing was saved (your answer is in \(path))")
        }
        let bytes: [UInt8]
        do {
            bytes = try readAnswer(path, maxBytes: limit)
        } catch {
            // Too large, not UTF-8 ...: what was typed stays where it is.
            throw CLIFailure(message: "\(error.description); nothing was saved (your answer is in \(path))")
        }
        if bytes == Array(template.utf8) {
            unlink(path)
            throw CLIFailure(message: "no answer written; nothing was scored or saved")
        }
        // The file stays until the answer is saved (the caller removes it): a save that fails
        // must not cost the answer just typed.
        return (Self.withoutGuide(bytes, front: frontMatter(q), comment: comment), path)
    }

    /// The answer without the editor's guide comment, when it is still there as written: what
    /// is graded, saved and shown is the front matter and what the user wrote, so reported
    /// lines count from the answer rather than from twelve lines of instructions. A guide the
    /// user edited is left in place (a Markdown comment is not read as answer text anyway).
    static func withoutGuide(_ bytes: [UInt8], front: String, comment: String) -> [UInt8] {
        // As written, or saved with CRLF line ends by the editor.
        let crlf = bytes.contains(0x0D)
        let head = Array((crlf ? front.replacingOccurrences(of: "\n", with: "\r\n") : front).utf8)
        let guide = Array((crlf ? comment.replacingOccurrences(of: "\n", with: "\r\n") : comment).utf8)
        guard bytes.starts(with: head), bytes[head.count...].starts(with: guide) else { return bytes }
        var rest = bytes[(head.count + guide.count)...]
        // The blank lines after it go too; the first line of the answer keeps its indent.
        while let nl = rest.firstIndex(of: 0x0A), rest[..<nl].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            rest = rest[(nl + 1)...]
        }
        return head + rest
    }

    /// A failure whose message already says where the answer is.
    struct AnswerKept: Error { var failure: CLIFailure }

    /// `error` as its one line, with where the answer the user wrote is now.
    static func keepingAnswer(_ error: any Error, in path: String) -> CLIFailure {
        // CLIFailure, StoreError and StarlintError each describe themselves as their one line.
        let code = (error as? CLIFailure)?.code ?? 2
        return CLIFailure(message: "\(error); your answer is in \(path) (score it there with 'starlint score \(shellQuoted(path))')", code: code)
    }
}

// MARK: - forget

struct Forget: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "forget",
        abstract: "Delete one saved attempt, or every attempt at a question.",
        discussion: "Asks for confirmation when standard input is a terminal; otherwise (a script, a pipe) it needs --yes.")

    @Argument(help: "The attempt id to delete.", transform: attemptID)
    var id: Int64?

    @Option(help: "Delete every attempt at this question: a bank id (q012), a question text or an answer file.")
    var question: String?

    @Flag(name: .shortAndLong, help: "Do not ask for confirmation.")
    var yes = false

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if id == nil, question == nil { throw ValidationError("Please give either an attempt ID or --question Q") }
        if id != nil, question != nil { throw ValidationError("Please give an attempt ID or --question Q, not both") }
        try StoreOptions.validateQuestionID(question)
    }

    func run() throws {
        try guardedStore {
            guard let db = try store.openExistingForWriting() else {
                throw CLIFailure(message: "\(try store.path()): nothing to forget (no attempts saved yet)")
            }
            if let id {
                // Named as the prompt names it, so a --yes in a script says what went. A damaged
                // attempt (a value starlint never writes) can be deleted all the same.
                let what: String
                do {
                    let a = try db.attempt(id: id)
                    what = "attempt #\(a.id) (\(questionLabel(key: a.questionKey, text: a.questionText)), \(DayText.minute(a.date)), score \(a.score))"
                } catch {
                    guard case .damagedAttempt(_, _, let problem)? = error as? StoreError else {
                        throw CLIFailure(message: "\(error)")
                    }
                    what = "attempt #\(id) (damaged: \(problem))"
                }
                guard try confirm("Delete \(what)?") else {
                    Terminal.writeOut("Nothing deleted.")
                    return
                }
                try storeCall { try db.forget(id: id) }
                Terminal.writeOut("Deleted \(what).")
            } else if let question {
                guard let key = try resolveFilter(question, in: db).key else {
                    throw CLIFailure(message: "no saved attempts for question '\(question)'")
                }
                let n = try storeCall { try db.history(question: key).count }
                guard try confirm("Delete all \(n) attempt\(n == 1 ? "" : "s") at \(questionLabel(key: key, text: nil))?") else {
                    Terminal.writeOut("Nothing deleted.")
                    return
                }
                let deleted = try storeCall { try db.forget(question: key) }
                // A question's own stop ends the line ("... a difficult customer.", not "customer..").
                let shown = key.escapingControlCharacters
                Terminal.writeOut("Deleted \(deleted) attempt\(deleted == 1 ? "" : "s") at \(shown)\(shown.last.map { ".?!".contains($0) } == true ? "" : ".")")
            }
        }
    }

    /// Asks "… [y/N]" on stderr and reads the answer from stdin; refuses when stdin is not a terminal.
    func confirm(_ prompt: String) throws -> Bool {
        if yes { return true }
        guard Terminal.isTTY(0) else {
            throw CLIFailure(message: "refusing to delete without confirmation: standard input is not a terminal; pass --yes")
        }
        Terminal.writeAll(2, prompt + " [y/N] ")
        guard let line = readLine() else { return false }
        return ["y", "yes"].contains(line.trimmingCharacters(in: .whitespaces).lowercased())
    }
}

// MARK: - test helper

/// Testing aid, hidden from help: analyses FILE once, then saves COUNT variants of it (0: until
/// killed), each with a marker line added to the text and its own content hash, so nearly all
/// of its time is spent inside save transactions. Used by the concurrency and crash tests.
struct SaveLoop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_save-loop", abstract: "Testing aid: save many variants of one answer.", shouldDisplay: false)

    @Argument var file: String
    @Option var count: Int = 1
    @Option var tag: String = "w"
    @OptionGroup var store: StoreOptions

    func run() throws {
        try guardedStore {
            let db = try store.openForWriting()
            let analyzer = Analyzer()
            let base = try readAnswer(file, maxBytes: Analyzer.defaultMaxBytes)
            let analysis = try analyzer.analyze(bytes: base, path: file)
            let text = String(decoding: base, as: UTF8.self)
            var saved = 0
            var i = 0
            while count == 0 || i < count {
                var variant = analysis
                variant.contentHash = "\(analysis.contentHash)-\(tag)-\(i)"
                let outcome = try storeCall {
                    try db.save(variant, text: text + "\n<!-- variant \(tag)-\(i) -->\n", questionKey: "loop-\(tag)", questionText: nil)
                }
                if case .saved = outcome { saved += 1 }
                i += 1
            }
            Terminal.writeOut("saved \(saved)")
        }
    }
}

/// An attempt id as typed: "12", or "#12" as the save line and `history` print it.
func attemptID(_ s: String) throws -> Int64 {
    let digits = s.hasPrefix("#") ? String(s.dropFirst()) : s
    guard let id = Int64(digits), id > 0 else {
        throw ValidationError("'\(s)' is not an attempt id; give the number 'starlint history' shows, such as 12 or #12")
    }
    return id
}
