import ArgumentParser
import Dispatch
import Foundation
import StarlintCore
import StarlintStore
#if canImport(Glibc)
import Glibc
#endif

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check",
        abstract: "Grade many answers for CI: pass or fail per file, reports for people and tools.",
        discussion: """
            PATH is a file, a folder (searched recursively for *.md and *.txt, skipping hidden \
            entries; a hidden answer file is named as not graded), or '-' to read a list of paths from standard input, one per line or NUL-separated (find -print0).

            Settings come from .starlint.yml (or .starlint.yaml, .starlint.json) in the current folder or the \
            nearest one above it, or from --config; flags override the file (--include, --exclude \
            and --require replace its list, with a note; --min sets one dimension). Keys: \(StarlintConfig.keys.joined(separator: ", ")).

            Exit codes: 0 every file passed; 1 at least one file failed (a threshold, a finding \
            at the --fail-on severity, a required rule, or a file that cannot be read); 2 usage, \
            configuration or input error (for example a PATH argument that does not exist; \
            in a list read from standard input, a missing path fails on its own, exit 1). \
            With --exit-zero, failed files are reported but the exit code is 0 (2 still means \
            the run itself could not go ahead), for a step that only writes a report.
            """)

    @Argument(help: ArgumentHelp("Answer files or folders, or '-' to read paths from standard input.", valueName: "PATH"))
    var paths: [String] = []

    @Option(name: .customLong("include"), help: ArgumentHelp("Grade files in folders that match GLOB (repeatable; default *.md and *.txt). Globs: * ? ** [a-z] [!x].", valueName: "GLOB"))
    var include: [String] = []

    @Option(name: .customLong("exclude"), help: ArgumentHelp("Skip files and folders that match GLOB (repeatable).", valueName: "GLOB"))
    var exclude: [String] = []

    @Option(name: .customLong("min-score"), help: ArgumentHelp("Fail files scoring below N (0-100).", valueName: "N"))
    var minScore: Int?

    @Option(name: .customLong("min"), help: ArgumentHelp("Fail files whose DIMENSION sub-score is below N (repeatable; \(Dimension.allCases.map(\.rawValue).joined(separator: ", "))).", valueName: "DIMENSION=N"))
    var minimums: [String] = []

    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Fail files with a finding of this severity or worse: error (default), warning, info or never.", valueName: "SEVERITY"))
    var failOn: String?

    @Flag(help: "Exit 0 even when files fail (thresholds, required rules, unreadable files): the report still says which failed. For a CI step that only writes a report; usage and configuration errors still exit 2.")
    var exitZero = false

    @Option(name: .customLong("require"), help: ArgumentHelp("Fail files on which RULE fires (repeatable; aliases: \(RuleNames.aliases.keys.sorted().joined(separator: ", "))); 'none' requires none, whatever the settings file requires.", valueName: "RULE"))
    var require: [String] = []

    @Option(name: .customLong("min-words"), help: ArgumentHelp("Answers shorter than N words get a length finding.", valueName: "N"))
    var minWords: Int?

    @Option(name: .customLong("max-words"), help: ArgumentHelp("Answers longer than N words get a length finding.", valueName: "N"))
    var maxWords: Int?

    @Option(help: ArgumentHelp("Candidate level, which sets the target length: \(CandidateLevel.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "LEVEL"))
    var level: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Report format: \(BatchFormat.allCases.map(\.rawValue).joined(separator: ", ")) (default: from --output's extension, .json, .sarif, .xml or .junit for junit, .md for markdown; else text).", valueName: "FORMAT"))
    var format: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to FILE instead of standard output.", valueName: "FILE"))
    var output: String?

    @OptionGroup var settingsFile: ConfigOptions

    @Option(help: ArgumentHelp("Refuse files larger than this many bytes (default: the settings file's max-bytes, else \(Analyzer.defaultMaxBytes)).", valueName: "N"))
    var maxBytes: Int?

    @Flag(help: "Ignore starlint-disable comments in the answers (config: inline-config: false), so an answer cannot switch its own checks off.")
    var noInlineConfig = false

    @Option(help: ArgumentHelp("Grade N files at a time (default: one per core).", valueName: "N"))
    var jobs: Int?

    @Flag(help: "Save each graded attempt to the progress database (check never saves otherwise).")
    var save = false

    enum SaveKey: String, ExpressibleByArgument, CaseIterable { case question, file }

    @Option(help: ArgumentHelp("With --save, keep one history per question (front matter, else the path) or per answer file, so students' answers to the same question stay apart.", valueName: "question|file"))
    var saveBy: SaveKey = .question

    @OptionGroup var store: StoreOptions

    @OptionGroup var colors: ColorOptions

    @OptionGroup var lexicons: LexiconOptions

    /// Usage problems exit with 2 (through `guarded`), like configuration and input errors.
    static func usage(_ message: String) -> CLIFailure { CLIFailure(message: message, code: 2) }

    func run() throws {
        try guarded { try execute() }
    }

    /// The whole command; errors are turned into exit codes by `guarded`.
    func execute() throws {
        let format = try parseFormat()
        let (fileSettings, settingsPath) = try settingsFile.loadWithPath()
        let flags = try flagConfig()
        let settings = fileSettings.merging(flags)
        try settings.validate()
        // A list flag replaces the file's list (as every flag overrides the file): said, so a
        // CI job that adds "--exclude drafts" does not silently grade what the file excluded.
        // The settings file's folder, as given and resolved: its globs are read from there.
        let settingsFolder = settingsPath.map { ($0 as NSString).deletingLastPathComponent }.map { $0.isEmpty ? "." : $0 }
        let settingsFolderPath = settingsFolder.flatMap { FileDiscovery.realPath($0) }
        let here = settingsFolder == nil || settingsFolderPath == FileDiscovery.realPath(".")
        for r in fileSettings.listsReplaced(by: flags, globsFromHere: here) {
            let file = settingsPath ?? "the settings file"
            let entries = r.entries.joined(separator: ", ")
            // A glob the file reads from its own folder is kept by a flag written from here.
            let keep = r.key == "require" || here ? "repeat \(r.entries.count == 1 ? "it" : "them") in the flags to keep \(r.entries.count == 1 ? "it" : "them")"
                : "a glob there is read from \(settingsFolder!), a flag's from here"
            Terminal.writeErr("starlint: note: \(r.flag) replaces \(r.key) in \(file), dropping \(entries); \(keep)".escapingControlCharacters)
        }
        for id in settings.requiredButSwitchedOff {
            Terminal.writeErr("starlint: warning: rule '\(id)' is required and also switched off; required wins: it is checked and its findings count")
        }
        if let w = settings.lengthSwitchedOffWarning { Terminal.writeErr("starlint: warning: " + w) }
        var policy = settings.policy
        policy.settingsFile = settingsPath
        var filter = try settings.fileFilter()
        // Globs from the settings file (not replaced by flags) are also read from its folder.
        if let folder = settingsFolderPath {
            if include.isEmpty { filter.includeBase = folder }
            if exclude.isEmpty { filter.excludeBase = folder }
        }
        var notGraded: [NotGraded] = []
        // What was found and left out is said once the run can go ahead (the report can be
        // written), so a usage error stays one line.
        var discoveryNotes: [String] = []
        let inputs = try collectInputs(filter: filter, notGraded: &notGraded, notes: &discoveryNotes)
        if settingsFile.config == nil, !settingsFile.noConfig {
            let unread = Self.unreadSettingsFiles(folders: inputs.map { ($0.path as NSString).deletingLastPathComponent }, inUse: settingsPath)
            for path in unread.prefix(5) {
                let inUse = settingsPath.map { "the settings in use are \($0), found from the folder starlint runs in" }
                    ?? "settings are looked for only in the folder starlint runs in and the folders above it, and none is there"
                if path.hasSuffix("/") {
                    Terminal.writeErr("starlint: warning: \(path) holds more than one settings file, and none of them is read: \(inUse)")
                } else {
                    Terminal.writeErr("starlint: warning: \(path) is not read: \(inUse); pass --config \(path), or run starlint from its folder")
                }
            }
            if unread.count > 5 { Terminal.writeErr("starlint: warning: and \(unread.count - 5) more settings files in graded folders are not read") }
        }
        let lexicon = settings.lexicon(base: try lexicons.load())
        try settings.validateLength(rubric: lexicon.rubric)
        var runner = BatchRunner(analyzer: Analyzer(lexicon: lexicon, settings: settings.settings), policy: policy,
                                 maxBytes: settings.byteLimit(), jobs: jobs)
        runner.keepText = save
        // A report written to a file (-o) is coloured only when --color asks for it.
        let style = format != .text ? Style(enabled: false) : output == nil ? colors.style : Style(enabled: colors.choice == .color)
        // The database (--save) and the destination are opened before any grading, so a
        // database that cannot be opened, or a report that cannot be written, fails at once;
        // the report is then written as the files are graded, in path order.
        let db = save ? try store.openForWriting() : nil
        // (Opening an existing database only reads it: its write lock is taken once here too.)
        if let db { try storeCall { try db.checkWritable() } }
        let file = try openOutput()
        for line in discoveryNotes { Terminal.writeErr(line) }
        let toTerminal = file == nil && Terminal.isTTY(1)
        let out = BatchOutput(fd: file?.fd ?? 1, bufferSize: toTerminal ? 1 << 12 : 1 << 16)
        let progress = ProgressLine(total: inputs.count)
        var callback: (@Sendable (Int, String) -> Void)?
        if progress.enabled {
            callback = { done, path in progress.update(done, path) }
            // Report lines on the same terminal as the progress line: clear it before each write.
            if toTerminal { out.beforeWrite = { progress.clear() } }
        }
        // One entry per file left out (a path named twice, or named and listed, once).
        var seenNotGraded = Set<String>()
        notGraded = notGraded.filter { seenNotGraded.insert($0.path).inserted }
        let reporter = format.streamingReporter(BatchContext(policy: policy, rules: settings.ruleInfos, style: style, notGraded: notGraded))
        var totals = BatchSummary.Accumulator()
        // --save: the graded files, handed over in path order in chunks (see SaveFeed).
        var toSave: [FileReport] = []
        let feed = save ? SaveFeed(chunk: SaveFeed.defaultChunk) { toSave += $0 } : nil
        reporter.begin(into: out)
        runner.stream(inputs, progress: callback) { _, report in
            totals.add(report)
            reporter.file(report, into: out)
            feed?.add(report)
        }
        progress.finish()
        let summary = totals.summary
        reporter.end(summary, into: out)
        out.flush()
        if let file {
            do {
                try file.finish(writeError: out.writeError)
            } catch {
                throw Check.cannotWrite(file.path, error)
            }
        } else if let e = out.writeError, e != EPIPE {
            // Standard output that cannot take the report (`> /dev/full`) is an error, as for -o.
            throw Check.usage("cannot write the report to standard output: \(String(cString: strerror(e)))")
        }
        if let db {
            feed?.finish()
            try saveAttempts(BatchReport(files: toSave, policy: policy, rules: settings.ruleInfos), to: db)
        }
        if summary.failed > 0, !exitZero { throw ExitCode(1) }
    }

    /// Settings files nearer to some graded answer than the one in use (`inUse`, found from
    /// the working folder; nil: none), which `check` does not read: a coach's
    /// `answers/cohort-b/.starlint.yml` is easy to lose when CI runs from the repository's top.
    /// In the order first met, each once; a folder that holds two (which `check` run there
    /// refuses) as its path with a "/" after it.
    static func unreadSettingsFiles(folders: [String], inUse: String?) -> [String] {
        let used = inUse.flatMap { FileDiscovery.realPath($0) }
        var seenFolders = Set<String>(), seen = Set<String>(), out: [String] = []
        for folder in folders {
            let dir = folder.isEmpty ? "." : folder
            guard seenFolders.insert(dir).inserted else { continue }
            let found: String?
            do {
                found = try ConfigFile.find(from: dir)
            } catch {
                // Two in one folder: find the folder, from here up.
                var d = dir
                while ConfigFile.present(in: d).count < 2, d != "/", d != "." { d = (d as NSString).deletingLastPathComponent; if d.isEmpty { d = "." } }
                let real = FileDiscovery.realPath(d) ?? d
                if seen.insert(real).inserted { out.append((d == "." ? "." : d) + "/") }
                continue
            }
            guard let found else { continue }
            let real = FileDiscovery.realPath(found) ?? found
            guard real != used, seen.insert(real).inserted else { continue }
            out.append(found.hasPrefix("./") ? String(found.dropFirst(2)) : found)
        }
        return out
    }

    /// `path` as a path from the working folder, when it leads there another way ("./a/../a/x.md",
    /// an absolute path): include globs with a "/" are written from there.
    static func relativeToWorkingFolder(_ path: String) -> [String] {
        guard let resolved = realpath(path, nil) else { return [] }
        defer { free(resolved) }
        guard let cwd = realpath(".", nil) else { return [] }
        defer { free(cwd) }
        let full = String(cString: resolved), base = String(cString: cwd)
        guard full.hasPrefix(base + "/") else { return [full] }
        return [String(full.dropFirst(base.count + 1)), full]
    }

    /// Whether `path` is a file that starts as every SQLite database does.
    static func isSQLiteFile(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return false }
        var head = [UInt8](repeating: 0, count: 16)
        let n = head.withUnsafeMutableBytes { read(fd, $0.baseAddress!, 16) }
        return n == 16 && head == Array("SQLite format 3\u{0}".utf8)
    }

    /// Whether two paths name one file: the same file where both exist, else the same
    /// place (the folder's real path and the name), so a database not made yet counts too.
    static func samePlace(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        if stat(a, &sa) == 0, stat(b, &sb) == 0 { return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino }
        func place(_ p: String) -> String? {
            let folder = (p as NSString).deletingLastPathComponent
            return FileDiscovery.realPath(folder.isEmpty ? "." : folder).map { $0 + "/" + (p as NSString).lastPathComponent }
        }
        guard let pa = place(a), let pb = place(b) else { return false }
        return pa == pb
    }

    /// Whether the file at `path` starts as one of `check`'s reports does (or is empty), so a
    /// report left in a graded folder by an earlier run may be replaced.
    /// With `emptyIsReport` false, an empty file is not one (an empty answer found in a folder
    /// fails as empty), and every line of the file must be one such a report writes
    /// (`isWholeReport`): an answer found in a graded folder is left out only when it is a
    /// whole report, so a student's answer cannot leave grading by opening with "PASS 100  "
    /// and closing with a totals line.
    static func looksLikeReport(_ path: String, emptyIsReport: Bool = true) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 512)
        let n = head.withUnsafeMutableBytes { read(fd, $0.baseAddress!, 512) }
        guard n >= 0 else { return false }
        guard let kind = reportKind(head, count: n, emptyIsReport: emptyIsReport) else { return false }
        if emptyIsReport { return true }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return false }
        let size = Int(st.st_size)
        // A report of 16 MB or more (JSON of a class's every finding can run to hundreds) is
        // told by its first and last lines: an answer that size fails as too large anyway.
        if size >= 16 << 20 {
            let tailSize = 4096
            var tail = [UInt8](repeating: 0, count: tailSize)
            let m = tail.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, tailSize, off_t(size - tailSize)) }
            return m == tailSize && endsLikeReport(kind, String(decoding: tail, as: UTF8.self), whole: false)
        }
        var bytes = [UInt8](repeating: 0, count: size)
        let m = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, size, 0) }
        guard m == size else { return false }
        return isWholeReport(kind, bytes)
    }

    enum ReportKind { case text, github, markdown, totals, junit, json }

    /// Whether `tail` (a report's last bytes) closes a report of `kind`: the text and GitHub
    /// reports with their totals line, JUnit with its closing tag, JSON with its brace.
    /// A report that is only its totals (`whole`: `tail` is the whole file) has nothing else
    /// but the "worst" and "most frequent" lines.
    static func endsLikeReport(_ kind: ReportKind, _ tail: String, whole: Bool) -> Bool {
        let lines = Self.withoutColour(tail).split(separator: "\n", omittingEmptySubsequences: true)
        switch kind {
        case .totals:
            return whole && lines.dropFirst().allSatisfy { $0.hasPrefix("worst: ") || $0.hasPrefix("most frequent: ") }
        case .text: return lines.contains { Self.isTotalsLine($0) }
        case .github: return lines.last.map { Self.isTotalsLine($0) } ?? false
        case .markdown: return lines.contains { $0.hasPrefix("| `") || $0.hasPrefix("- `") }
        case .junit: return lines.last?.trimmingCharacters(in: .whitespaces) == "</testsuites>"
        case .json: return lines.last?.trimmingCharacters(in: .whitespaces) == "}"
        }
    }

    /// Whether `bytes`, a whole file that opens like a report of `kind`, is one throughout:
    /// every line is one that report writes. The text report: each file's "PASS"/"FAIL" line
    /// and its finding and count lines (`isFileLine`), then the totals and the "worst", "most
    /// frequent", "graded under" and "settings" lines, with what the run says on stderr only
    /// before the first file or after the totals. GitHub: annotations naming a file or titled
    /// "starlint", "starlint: not annotated" lines and the totals. Markdown: its heading, table
    /// rows naming a file, its bold lines, notes and most-frequent list. JUnit: tags, and
    /// inside a test case's text, lines of its file's findings, suggestions and failure
    /// reasons. JSON and SARIF: an object with exactly the report's keys and value types. A line
    /// of prose anywhere makes the file an answer.
    static func isWholeReport(_ kind: ReportKind, _ bytes: [UInt8]) -> Bool {
        if kind == .json {
            guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return false }
            // Exactly the keys of the JSON report or of SARIF, each holding what the report
            // writes there, so an answer wrapped in such an object is graded.
            func objects(_ v: Any?) -> Bool { (v as? [Any])?.allSatisfy { $0 is [String: Any] } == true }
            switch Set(object.keys) {
            case ["errors", "files", "summary"], ["errors", "files", "notGraded", "summary"]:
                return object["summary"] is [String: Any] && objects(object["files"]) && objects(object["errors"]) && (object["notGraded"] == nil || objects(object["notGraded"]))
            case ["$schema", "runs", "version"]: return objects(object["runs"])
            default: return false
            }
        }
        let text = Self.withoutColour(String(decoding: bytes, as: UTF8.self))
        // Lines at "\n" (with a "\r" before it dropped), split and compared scalar by scalar:
        // "\r\n" is one Character, a file name that opens with a combining mark joins it to the
        // quote or space before it, and U+2028 in an answer or a name ends no line of a report.
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.last == "\r" ? Substring($0.dropLast()) : Substring($0) }.filter { !$0.isEmpty }
        func starts(_ l: Substring, _ p: String) -> Bool { l.unicodeScalars.starts(with: p.unicodeScalars) }
        func after(_ l: Substring, _ p: Substring) -> Substring? {
            l.unicodeScalars.starts(with: p.unicodeScalars) ? Substring(l.unicodeScalars.dropFirst(p.unicodeScalars.count)) : nil
        }
        // What a run writes on standard error, in a report captured with `2>&1`; the lines
        // after the totals.
        let stderrLines = ["starlint: note: ", "starlint: warning: "]
        let summaryLines = ["worst: ", "most frequent: ", "graded under: ", "settings: "]
        switch kind {
        case .json: return false
        case .totals:
            return lines.dropFirst().allSatisfy { l in summaryLines.contains { starts(l, $0) } }
        case .github:
            // An annotation names its file, or is starlint's own notice of annotations not shown.
            return lines.allSatisfy { l in
                for kind in ["::error ", "::warning ", "::notice "] {
                    if let rest = after(l, Substring(kind)) { return starts(rest, "file=") || starts(rest, "title=starlint::") }
                }
                return starts(l, "starlint: not annotated: ") || Self.isTotalsLine(l) || Self.isSavedLine(l)
            }
        case .markdown:
            let starts0 = ["## starlint: ", "| `", "| file | score | result | top findings |", "|---|---:|---|---|", "**Totals:** ",
                           "**Graded under:** ", "**Not graded:** ", "**Lowest scores:** ", "**Most frequent findings:**", "Only failing files are listed ("]
            return lines.allSatisfy { l in
                if starts0.contains(where: { starts(l, $0) }) || Self.isSavedLine(l) { return true }
                // "Every one of the 600 files passed; over 500 files only failing ones are listed."
                if let rest = after(l, "Every one of the ") { return rest.hasSuffix(" files only failing ones are listed.") && rest.first?.isNumber == true }
                // "- `filler`: 9 in 1 file"
                if let rest = after(l, "- `"), let tick = rest.firstIndex(of: "`") {
                    let rule = rest[..<tick], tail = rest[rest.index(after: tick)...]
                    return !rule.isEmpty && rule.allSatisfy { $0.isLetter || $0 == "-" } && tail.hasPrefix(": ") && tail.dropFirst(2).first?.isNumber == true
                }
                return false
            }
        case .text:
            // File lines, then the totals, then its summary lines; what the run says on stderr
            // only before the first file or after the totals.
            var current: Substring?, totals = false
            for line in lines {
                if !totals {
                    if let path = textHeaderPath(line) { current = path; continue }
                    if let c = current, let rest = after(line, c), Self.isFileLine(rest) { continue }
                    if Self.isTotalsLine(line) { totals = true; continue }
                    if current == nil, stderrLines.contains(where: { starts(line, $0) }) { continue }
                    return false
                }
                if summaryLines.contains(where: { starts(line, $0) }) { continue }
                if stderrLines.contains(where: { starts(line, $0) }) || Self.isSavedLine(line) { continue }
                return false
            }
            return current != nil && totals
        case .junit:
            var current = ""
            func unescaped(_ s: Substring) -> String {
                var out = String.UnicodeScalarView()
                var u = s.unicodeScalars[...]
                while let c = u.first {
                    // (A reference is short: looked for in the next dozen scalars only, so a
                    // run of "&" stays linear.)
                    if c == "&", let semi = u.prefix(12).firstIndex(of: ";") {
                        let name = String(String.UnicodeScalarView(u[u.index(after: u.startIndex)..<semi]))
                        if let v = Self.xmlEntities[name] ?? (name.hasPrefix("#") ? UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init) : nil) {
                            out.append(v)
                            u = u[u.index(after: semi)...]
                            continue
                        }
                    }
                    out.append(c)
                    u = u.dropFirst()
                }
                return String(out)
            }
            var inError = false
            // The text after `current` at the start of `u`. XML cannot hold a control character
            // other than tab and line breaks, so the name attribute has U+FFFD where the text
            // shows one escaped ("\\u{1b}"): there any escape matches.
            func afterCurrent(_ u: Substring) -> Substring? {
                guard current.unicodeScalars.contains("\u{FFFD}") else { return after(u, Substring(current)) }
                var rest = u
                for (k, piece) in current.split(separator: "\u{FFFD}", omittingEmptySubsequences: false).enumerated() {
                    if k > 0 {
                        if let first = rest.unicodeScalars.first, ["\u{FFFD}", "\u{FFFE}", "\u{FFFF}"].contains(first) {
                            rest = Substring(rest.unicodeScalars.dropFirst())
                        } else {
                            guard let open = after(rest, "\\u{"), let close = open.firstIndex(of: "}") else { return nil }
                            rest = open[open.index(after: close)...]
                        }
                    }
                    guard let next = after(rest, piece) else { return nil }
                    rest = next
                }
                return rest
            }
            // A line of a test case's text: a finding or note of its file, a suggestion, or a
            // failure reason ("score 44/100", "score 44 < 70", "structure 30 < 50", "required rule ...").
            func isBodyText(_ l: Substring) -> Bool {
                let u = Substring(unescaped(l))
                if !current.isEmpty, let rest = afterCurrent(u) {
                    if Self.isFileLine(rest) { return true }
                    // A file that could not be read: "<error ...>path: not valid UTF-8 text ...</error>".
                    if inError, rest.hasPrefix(": ") { return true }
                }
                if starts(u, "    suggestion: ") || starts(u, "score ") || starts(u, "required rule '") { return true }
                return Dimension.allCases.contains { starts(u, $0.rawValue + " ") && u.contains(" < ") }
            }
            // Each line's text outside its tags must be such a line (attribute values hold no
            // "<" or ">": they are escaped).
            for line in lines {
                let u = line.unicodeScalars
                var inTag = false
                var runStart = u.startIndex, tagStart = u.startIndex
                // Checked as each run ends, under the tag before it.
                func fits(_ run: Substring) -> Bool { run.unicodeScalars.allSatisfy { $0 == " " } || isBodyText(run) }
                for i in u.indices {
                    if !inTag, u[i] == "<" {
                        if !fits(Substring(u[runStart..<i])) { return false }
                        inTag = true
                        tagStart = i
                    } else if inTag, u[i] == ">" {
                        inTag = false
                        let tag = Substring(u[tagStart...i])
                        // The name attribute writes a line break or tab as a reference and keeps
                        // other characters; the text shows the path as `escapingControlCharacters` does.
                        if let name = after(tag, "<testcase name=\"") {
                            current = unescaped(Substring(name.unicodeScalars.prefix { $0 != "\"" })).escapingControlCharacters
                        }
                        inError = starts(tag, "<error ")
                        runStart = u.index(after: i)
                    }
                }
                if inTag || !fits(Substring(u[runStart...])) { return false }
            }
            return lines.first.map { starts($0, "<?xml") } == true && lines.last?.trimmingCharacters(in: .whitespaces) == "</testsuites>"
        }
    }

    /// The five named references XML has.
    static let xmlEntities: [String: Unicode.Scalar] = ["quot": "\"", "apos": "'", "lt": "<", "gt": ">", "amp": "&"]

    /// Whether `rest`, a text report's line after its file's path, is one of that file's lines:
    /// a finding or comment (":12:3: warning: ...", ":4: warning: ...") or a count (": 2 findings
    /// suppressed by starlint-disable comments ...", ": 14 more filler findings not listed (...").
    static func isFileLine(_ rest: Substring) -> Bool {
        var u = rest.unicodeScalars[...]
        func digits() -> Bool {
            let n = u.prefix { ("0"..."9").contains($0) }.count
            u = u.dropFirst(n)
            return n > 0
        }
        func word(_ w: String) -> Bool {
            guard u.starts(with: w.unicodeScalars) else { return false }
            u = u.dropFirst(w.unicodeScalars.count)
            return true
        }
        if word(": ") {
            guard digits() else { return false }
            let tail = String(String.UnicodeScalarView(u))
            return (tail.hasPrefix(" finding") && tail.contains(" suppressed by starlint-disable comments"))
                || (tail.hasPrefix(" more ") && tail.contains(" not listed ("))
        }
        guard word(":"), digits() else { return false }
        if word(":") { guard digits() else { return false } }
        return word(": error: ") || word(": warning: ") || word(": info: ")
    }

    /// `check --save`'s line on stderr: "saved 3 attempts to ...".
    static func isSavedLine(_ line: Substring) -> Bool {
        guard line.hasPrefix("saved "), let n = line.dropFirst(6).split(separator: " ", maxSplits: 1).first, n.allSatisfy(\.isNumber) else { return false }
        return line.contains(" attempt")
    }

    /// The path of a text report's "PASS 100  path" or "FAIL  44  path  (reasons)" line, read
    /// scalar by scalar (a path may open with a combining mark).
    static func textHeaderPath(_ line: Substring) -> Substring? {
        let u = line.unicodeScalars
        guard u.starts(with: "PASS ".unicodeScalars) || u.starts(with: "FAIL ".unicodeScalars) else { return nil }
        let rest = u.dropFirst(5).drop { $0 == " " }
        let score = rest.prefix { ("0"..."9").contains($0) || $0 == "-" }
        guard (1...3).contains(score.count), rest.dropFirst(score.count).starts(with: "  ".unicodeScalars) else { return nil }
        let path = Substring(rest.dropFirst(score.count + 2))
        if u.starts(with: "FAIL ".unicodeScalars), path.unicodeScalars.last == ")", let r = path.range(of: "  (", options: .backwards) { return path[..<r.lowerBound] }
        return path
    }

    /// Which of `check`'s reports the first `n` bytes of a file open like, if any.
    static func reportKind(_ head: [UInt8], count n: Int, emptyIsReport: Bool) -> ReportKind? {
        // Most answers are told from their first byte: a report starts with one of P F : # s
        // <, {, a digit, or ESC (a text report written with --color).
        if n > 0, !(head[0] == 0x50 || head[0] == 0x46 || head[0] == 0x3A || head[0] == 0x23 || head[0] == 0x73 || head[0] == 0x3C
                    || head[0] == 0x7B || (head[0] >= 0x30 && head[0] <= 0x39) || head[0] == 0x1B) { return nil }
        var text = Substring(String(decoding: head[..<n], as: UTF8.self))
        if text.isEmpty { return emptyIsReport ? .totals : nil }
        // Colour codes ("\u{1B}[32mPASS\u{1B}[0m  ...") are left out before the shapes are read.
        if text.hasPrefix("\u{1B}[") { text = Substring(Self.withoutColour(String(text))) }
        // The text report's first line: "PASS 100  path", "FAIL   -  path" (an answer may
        // well start "PASS rates rose ...").
        if text.hasPrefix("PASS ") || text.hasPrefix("FAIL ") { return textHeaderPath(text) != nil ? .text : nil }
        // GitHub annotations ("::error file=...", "::notice title=..."); the Markdown heading.
        for kind in ["::error ", "::warning ", "::notice "] where text.hasPrefix(kind) {
            return text.dropFirst(kind.count).prefix { $0 != "=" && $0 != " " && $0 != "\n" }.allSatisfy { $0.isLetter }
                && text.dropFirst(kind.count).contains("=") ? .github : nil
        }
        if text.hasPrefix("## starlint: "), text.dropFirst(13).first?.isNumber == true { return .markdown }
        // A report of no files, or a GitHub report with no annotations, is only its totals,
        // exactly so: "0 files: 0 passed, 0 failed", "starlint: 1 file, 1 passed, 0 failed"
        // ("12 files passed, 3 failed the audit when I joined" is an answer).
        if Self.isTotalsLine(text.prefix { $0 != "\n" }) { return .totals }
        if text.hasPrefix("<?xml"), text.contains("<testsuites name=\"starlint\"") { return .junit }
        if text.hasPrefix("{"), text.contains("sarif-schema") || text.contains("\"files\" :") || text.contains("\"errors\" :") { return .json }
        return nil
    }

    /// `N file(s): N passed, N failed` (the text report's totals) or `starlint: N file(s), N
    /// passed, N failed` (the GitHub report's), with whatever follows.
    static func isTotalsLine(_ line: Substring) -> Bool {
        func count(_ s: inout Substring) -> Bool {
            let digits = s.prefix { $0.isASCII && $0.isNumber }
            s = s.dropFirst(digits.count)
            return !digits.isEmpty
        }
        func word(_ s: inout Substring, _ w: String) -> Bool {
            guard s.hasPrefix(w) else { return false }
            s = s.dropFirst(w.count)
            return true
        }
        var s = line
        let github = word(&s, "starlint: ")
        guard count(&s), word(&s, " file") else { return false }
        _ = word(&s, "s")
        guard word(&s, github ? ", " : ": "), count(&s), word(&s, " passed, "), count(&s), word(&s, " failed") else { return false }
        return true
    }

    /// `s` without ANSI colour codes (ESC [ ... m).
    static func withoutColour(_ s: String) -> String {
        var out = "", inCode = false
        for u in s.unicodeScalars {
            if inCode { if u == "m" { inCode = false }; continue }
            if u == "\u{1B}" { inCode = true; continue }
            out.unicodeScalars.append(u)
        }
        return out
    }

    /// `--output FILE` opened for the streamed report (nil: standard output).
    func openOutput() throws -> OutputFile? {
        guard let path = output, path != "-" else { return nil }
        if path.isEmpty { throw Check.usage("--output needs a file name ('-' for standard output)") }
        do {
            return try OutputFile(path: path)
        } catch {
            throw Check.cannotWrite(path, error)
        }
    }

    static func cannotWrite(_ path: String, _ error: OutputFile.Failure) -> CLIFailure {
        let why: String
        switch error {
        case .notFound: why = "no such folder"
        case .isDirectory: why = "it is a folder"
        case .permissionDenied: why = "permission denied"
        case .other(let code): why = code > 0 ? String(cString: strerror(code)) : "write failed"
        }
        return Check.usage("cannot write the report to '\(path)': \(why)")
    }

    /// `check --save`: stores every graded file as an attempt (keyed by its front-matter
    /// question, else its path; or by its path with `--save-by file`), in path order, and
    /// says how many were new on stderr. One run's attempts share one time (stamped as they
    /// are saved), so `history` and `diff` order them by id, which follows the path order.
    func saveAttempts(_ report: BatchReport, to db: AttemptStore) throws {
        var items: [AttemptInput] = []
        // A question known by its text joins the history of the same text written another way,
        // in the database or earlier in this batch (the keys are read once).
        var keys: SavedQuestionKeys?
        var unknownIDs: [String] = []
        for file in report.files {
            guard let a = file.analysis, let text = file.text else { continue }
            if StoreOptions.unknownQuestionID(a.question) != nil { unknownIDs.append(a.file) }
            var identity = QuestionIdentity.resolve(explicit: nil, frontMatter: a.question, file: a.file)
            if saveBy == .question, identity.text == identity.key {
                if keys == nil { keys = try storeCall { try db.savedQuestionKeys() } }
                let key = keys!.key(for: identity.key)
                identity = QuestionIdentity(key: key, text: key)
            }
            if saveBy == .file {
                // The file's own history, shown with its question.
                identity = QuestionIdentity(key: QuestionIdentity.resolve(explicit: nil, frontMatter: nil, file: a.file).key,
                                            text: identity.text ?? identity.key)
            }
            items.append(AttemptInput(a, text: text, questionKey: identity.key, questionText: identity.text, source: .check))
        }
        // A front-matter question that looks like a bank id but is none (a typing slip):
        // saved under that text as a question of its own, and said once.
        if !unknownIDs.isEmpty {
            let shown = unknownIDs.prefix(3).joined(separator: ", ") + (unknownIDs.count > 3 ? " and \(unknownIDs.count - 3) more" : "")
            Terminal.writeErr("starlint: warning: no bank question has the id in the front matter of \(shown); saved under it as a question's text (see 'starlint questions' for the ids)".escapingControlCharacters)
        }
        // Files answering one question share its history (`history` and `progress` show them as
        // one candidate's attempts): said once, with the way to keep them apart.
        if saveBy == .question {
            var files: [String: [String]] = [:]
            for item in items { files[item.questionKey, default: []].append(item.analysis.file) }
            let shared = files.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }
            if let (key, names) = shared.first {
                let text = items.first { $0.questionKey == key }?.questionText
                // A question known by its text is quoted, as the save line of `score` quotes it.
                let label = text == key ? quotedQuestion(key) : questionLabel(key: key, text: text, width: 50)
                let example = names.prefix(2).joined(separator: ", ") + (names.count > 2 ? " ..." : "")
                let more = shared.count > 1 ? " (and \(shared.count - 1) more question\(shared.count == 2 ? "" : "s"))" : ""
                Terminal.writeErr("starlint: note: \(names.count) files answer \(label)\(more) and share its history (\(example)); --save-by file keeps each file's own".escapingControlCharacters)
            }
        }
        // One transaction for the whole batch: all saved or, on an error, none.
        let outcomes = try storeCall { try db.save(items) }
        var saved = 0, unchanged = 0
        for outcome in outcomes {
            switch outcome {
            case .saved: saved += 1
            case .duplicate: unchanged += 1
            }
        }
        Terminal.writeErr("saved \(saved) attempt\(saved == 1 ? "" : "s") to \(try store.path())" + (unchanged > 0 ? "; \(unchanged) unchanged since their last attempt" : ""))
    }

    func parseFormat() throws -> BatchFormat {
        guard let format else { return BatchFormat.implied(byOutput: output) }
        guard let f = BatchFormat(rawValue: format) else {
            let all = BatchFormat.allCases.map(\.rawValue)
            let hint = Suggest.hint(format, in: all)
            throw Check.usage("unknown format '\(format)'\(hint); use one of \(all.joined(separator: ", "))")
        }
        return f
    }


    /// The flags as a config, to merge over the file's.
    func flagConfig() throws -> StarlintConfig {
        var c = StarlintConfig()
        if let v = minScore {
            guard (0...100).contains(v) else { throw Check.usage("--min-score must be between 0 and 100, not \(v)") }
            c.minScore = v
        }
        for spec in minimums {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let n = Int(parts[1].trimmingSpacesCLI()) else {
                throw Check.usage("--min takes DIMENSION=N (for example --min structure=60), not '\(spec)'")
            }
            let name = parts[0].trimmingSpacesCLI()
            guard let d = Dimension(rawValue: name) else {
                let all = Dimension.allCases.map(\.rawValue)
                let hint = Suggest.hint(name, in: all)
                throw Check.usage("unknown dimension '\(name)' in --min\(hint); use one of \(all.joined(separator: ", "))")
            }
            guard (0...100).contains(n) else { throw Check.usage("--min \(name) must be between 0 and 100, not \(n)") }
            // Given twice with two values, one of them would be dropped without a word.
            if let before = c.dimensionMinimums[d], before != n {
                throw Check.usage("--min \(name) is given twice, as \(before) and \(n); give it once")
            }
            c.dimensionMinimums[d] = n
        }
        if let f = failOn {
            guard let v = FailOn(rawValue: f) else { throw Check.usage("--fail-on must be error, warning, info or never, not '\(f)'") }
            c.failOn = v
        }
        if !require.isEmpty, require.allSatisfy({ $0 == "none" }) {
            // No required rules, whatever the settings file requires.
            c.required = []
        } else if !require.isEmpty {
            var ids: [String] = []
            for name in require {
                if name == "none" { throw Check.usage("--require none drops every required rule; give it alone, not with '\(require.first { $0 != "none" }!)'") }
                guard let id = RuleNames.resolve(name) else { throw Check.usage("--require: " + RuleNames.unknown(name)) }
                if !ids.contains(id) { ids.append(id) }
            }
            c.required = ids
        }
        if let v = minWords {
            guard v > 0 else { throw Check.usage("--min-words must be a positive number") }
            c.minWords = v
        }
        if let v = maxWords {
            guard v > 0 else { throw Check.usage("--max-words must be a positive number") }
            c.maxWords = v
        }
        if let l = level {
            guard let v = CandidateLevel(rawValue: l) else {
                throw Check.usage("--level must be one of \(CandidateLevel.allCases.map(\.rawValue).joined(separator: ", ")), not '\(l)'")
            }
            c.level = v
        }
        if !include.isEmpty { c.include = include }
        if !exclude.isEmpty { c.exclude = exclude }
        if let v = maxBytes {
            guard v > 0 else { throw Check.usage("--max-bytes must be a positive number of bytes") }
            c.maxBytes = v
        }
        if let j = jobs, j <= 0 { throw Check.usage("--jobs must be a positive number") }
        if noInlineConfig { c.inlineConfig = false }
        if saveBy != .question && !save { throw Check.usage("--save-by applies only with --save") }
        if store.database != nil && !save { throw Check.usage("--db applies only with --save; check saves nothing without it") }
        return c
    }

    /// PATH arguments (and the stdin list for '-') to sorted inputs.
    /// The files to grade; `notGraded` gets those found or named and left out (also said on stderr).
    func collectInputs(filter: FileFilter, notGraded: inout [NotGraded], notes: inout [String]) throws -> [BatchInput] {
        guard !paths.isEmpty else {
            throw Check.usage("give at least one PATH (a file, a folder, or '-' to read paths from standard input)")
        }
        var list: [String] = [], listed: [String] = []
        var usedStdin = false
        for p in paths {
            if p == "-" {
                guard !usedStdin else { throw Check.usage("'-' (read paths from standard input) may be given only once") }
                usedStdin = true
                let bytes: [UInt8]
                do {
                    bytes = try FileIO.readStream(0, limit: 64 << 20)
                } catch {
                    throw Check.usage("cannot read the list of paths from standard input")
                }
                listed = FileDiscovery.parsePathList(bytes)
            } else {
                list.append(p)
            }
        }
        var found = FileDiscovery.DiscoveryNotes()
        var inputs = try FileDiscovery.discover(list, listed: listed, filter: filter, notes: &found)
        // Up to three paths, quoted, and how many more.
        func named(_ paths: [String]) -> String {
            paths.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (paths.count > 3 ? " and \(paths.count - 3) more" : "")
        }
        // Links to folders are not followed (no cycles, nothing outside the class graded
        // twice), and a folder's README is not an answer: said, so that nothing found goes
        // missing from the run unnoticed.
        notGraded += found.folderLinks.map { NotGraded(path: $0, reason: .folderLink) }
        notGraded += found.notAnswers.map { NotGraded(path: $0, reason: .projectFile) }
        if !found.folderLinks.isEmpty {
            let n = found.folderLinks.count
            notes.append("starlint: note: not followed, \(n == 1 ? "a link" : "\(n) links") to a folder: \(named(found.folderLinks)); name the folder itself to grade it".escapingControlCharacters)
        }
        if !found.notAnswers.isEmpty {
            notes.append("starlint: note: not graded, project files rather than answers: \(named(found.notAnswers)); name one to grade it".escapingControlCharacters)
        }
        notGraded += found.hiddenFiles.map { NotGraded(path: $0, reason: .hidden) }
        if !found.hiddenFiles.isEmpty {
            let n = found.hiddenFiles.count
            notes.append("starlint: note: not graded, \(n == 1 ? "a hidden file" : "\(n) hidden files") (name starting with '.'): \(named(found.hiddenFiles)); name \(n == 1 ? "it" : "one") to grade it, or rename \(n == 1 ? "it" : "them")".escapingControlCharacters)
        }
        // Inputs that are the file `target` (a link to it from outside the folder included).
        func removeInputs(sameFileAs target: stat) {
            inputs.removeAll { input in
                var st = stat()
                return (input.problem == nil || input.problem == .linkOutsideFolder(path: input.path))
                    && stat(input.path, &st) == 0 && st.st_dev == target.st_dev && st.st_ino == target.st_ino
            }
        }
        // Standard output redirected into a graded folder (`check answers >
        // answers/report.txt`): the shell has made that file, empty, before starlint started.
        // It is this run's report, not an answer.
        var standardOutput = stat()
        if fstat(STDOUT_FILENO, &standardOutput) == 0, (standardOutput.st_mode & S_IFMT) == S_IFREG {
            removeInputs(sameFileAs: standardOutput)
        }
        // The report itself, written into a graded folder by an earlier run (or reached there
        // through a link), is not an answer: inputs that are the same file are left out. But an
        // answer is never overwritten by the report: when that file does not look like one of
        // check's reports, the run stops before anything is written.
        if let output, output != "-" {
            // Nor is a database: `-o` over the progress database (or any SQLite file) would
            // replace every stored attempt with this report.
            if save, let db = try? store.path(), Self.samePlace(db, output) {
                throw Check.usage("--output '\(output)' is the progress database --save writes to; write the report somewhere else")
            }
            if Self.isSQLiteFile(output) {
                throw Check.usage("--output '\(output)' is a SQLite database, not an earlier report; write the report somewhere else")
            }
            var target = stat()
            if stat(output, &target) == 0, (target.st_mode & S_IFMT) == S_IFREG {
                let before = inputs.count
                // (A link to the report from outside the folder is the report too, not a link
                // to refuse.)
                removeInputs(sameFileAs: target)
                if inputs.count < before, !Self.looksLikeReport(output) {
                    throw Check.usage("--output '\(output)' is one of the answers to grade, not an earlier report; write the report somewhere else")
                }
                // An answer left out of grading (excluded, or not named) is no report either.
                if inputs.count == before, target.st_size > 0, filter.isIncluded(FileDiscovery.normalize(output), alternatives: Self.relativeToWorkingFolder(output)),
                   !Self.looksLikeReport(output) {
                    throw Check.usage("--output '\(output)' is an answer file, not an earlier report; write the report somewhere else")
                }
            }
        }
        // Earlier reports of check's own found in a graded folder (`check answers >
        // answers/report.txt`, another run's -o file) are no answers either: left out, and
        // named on stderr. A file named on the command line is graded whatever it holds.
        // (Read on all cores: a file's first bytes each.)
        let candidates = inputs.indices.filter { inputs[$0].foundInFolder && inputs[$0].problem == nil }
        let flags = UnsafeMutableBufferPointer<Bool>.allocate(capacity: candidates.count)
        flags.initialize(repeating: false)
        defer { flags.deallocate() }
        let candidatePaths = candidates.map { inputs[$0].path }
        let cells = UncheckedBox(flags)
        let workers = min(8, max(1, candidatePaths.count / 256))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var k = w
            while k < candidatePaths.count {
                cells.value[k] = Self.looksLikeReport(candidatePaths[k], emptyIsReport: false)
                k += workers
            }
        }
        let earlier = candidates.indices.filter { flags[$0] }.map { inputs[candidates[$0]] }
        var leftOut = ""
        if !earlier.isEmpty {
            let names = Set(earlier.map(\.path))
            inputs.removeAll { names.contains($0.path) }
            notGraded += earlier.map { NotGraded(path: $0.path, reason: .earlierReport) }
            let shown = named(earlier.map(\.path))
            leftOut = "left out \(earlier.count == 1 ? "an earlier starlint report" : "\(earlier.count) earlier starlint reports") found among the answers: \(shown)"
            // (With nothing left, the error below says it instead: one line.)
            if !inputs.isEmpty || usedStdin { notes.append("starlint: note: \(leftOut)".escapingControlCharacters) }
        }
        let excluded = paths.filter { filter.isExcluded(FileDiscovery.normalize($0)) }
        // A path named on the command line that the exclude globs leave out: said, so that
        // naming a file and seeing it silently dropped does not look like a pass.
        if !inputs.isEmpty, !excluded.isEmpty {
            notGraded += excluded.map { NotGraded(path: $0, reason: .excluded) }
            let shown = named(excluded)
            notes.append("starlint: note: not graded, excluded (exclude: \(filter.exclude.map(\.pattern).joined(separator: ", "))): \(shown)".escapingControlCharacters)
        }
        if usedStdin {
            // The standard-input list is filtered as a folder is: what the globs leave out is
            // said, and so is an empty list, so that a broken pipe upstream does not pass as
            // "0 files" unnoticed.
            // (A folder on the list is walked, its files filtered: not itself left out.)
            let skipped = listed.map(FileDiscovery.normalize).filter { (!filter.isIncluded($0) || filter.isExcluded($0)) && !FileIO.isDirectory($0) }
            if listed.isEmpty {
                notes.append("starlint: note: the list of paths on standard input is empty; nothing graded")
            } else if !skipped.isEmpty {
                notGraded += skipped.map { NotGraded(path: $0, reason: .leftOutByGlobs) }
                let shown = named(skipped)
                let globs = "include: " + filter.include.map(\.pattern).joined(separator: ", ") + (filter.exclude.isEmpty ? "" : "; exclude: " + filter.exclude.map(\.pattern).joined(separator: ", "))
                notes.append("starlint: note: \(skipped.count == 1 ? "a path" : "\(skipped.count) paths") on standard input not graded, left out by the globs (\(globs)): \(shown)".escapingControlCharacters)
            } else if inputs.isEmpty {
                // Folders on the list with no answer file in them.
                let globs = filter.include.map(\.pattern).joined(separator: ", ")
                notes.append("starlint: note: no answer files in the \(listed.count == 1 ? "path" : "\(listed.count) paths") on standard input (looking for \(globs)); nothing graded".escapingControlCharacters)
            }
        }
        if inputs.isEmpty && !usedStdin {
            if excluded.count == paths.count {
                let globs = filter.exclude.map(\.pattern).joined(separator: ", ")
                throw Check.usage("nothing to grade: \(excluded.joined(separator: ", ")) \(excluded.count == 1 ? "is" : "are") excluded (exclude: \(globs))")
            }
            let globs = filter.include.map(\.pattern).joined(separator: ", ")
            // Answer files that are there but every one excluded: said so, not "none found".
            let excludes = filter.exclude.map(\.pattern).joined(separator: ", ")
            var unexcluded = filter
            unexcluded.exclude = []
            if !filter.exclude.isEmpty, let all = try? FileDiscovery.discover(paths, filter: unexcluded), !all.isEmpty {
                throw Check.usage("nothing to grade: every answer file in \(paths.joined(separator: ", ")) is excluded (exclude: \(excludes))")
            }
            let hidden = found.hiddenFiles.isEmpty ? "" : "; not graded, hidden (name starting with '.'): " + named(found.hiddenFiles)
            throw Check.usage("no answer files found in \(paths.joined(separator: ", ")) (looking for \(globs)\(leftOut.isEmpty ? "" : "; " + leftOut)\(hidden))")
        }
        return inputs
    }
}

/// `\r[123/10000] path` on stderr while a large batch runs, only when stderr is a terminal.
final class ProgressLine: @unchecked Sendable {
    static let minimumFiles = 50
    let total: Int
    let enabled: Bool
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var lastWidth = 0

    init(total: Int) {
        self.total = total
        self.enabled = total > ProgressLine.minimumFiles && Terminal.isTTY(2)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func update(_ done: Int, _ path: String) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        var line = "[\(done)/\(total)] \(path)"
        if line.count > 100 { line = String(line.prefix(99)) + "…" }
        let pad = max(0, lastWidth - line.count)
        lastWidth = line.count
        Terminal.writeAll(2, "\r" + line + String(repeating: " ", count: pad))
    }

    /// Blanks the line (before report text is written to the same terminal); the next
    /// `update` draws it again.
    func clear() {
        guard enabled else { return }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard lastWidth > 0 else { return }
        Terminal.writeAll(2, "\r" + String(repeating: " ", count: lastWidth) + "\r")
        lastWidth = 0
    }

    func finish() {
        guard enabled else { return }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        Terminal.writeAll(2, "\r" + String(repeating: " ", count: lastWidth) + "\r")
    }
}

/// The hook between the streamed batch and `--save`: collects graded files in path order
/// and hands them to `sink` in chunks of `chunk` (the last one possibly shorter), so a save
/// that writes one transaction per chunk can keep memory flat. Today the sink keeps them
/// all for `saveAttempts`, which takes the whole batch.
final class SaveFeed {
    static let defaultChunk = 256
    let chunk: Int
    let sink: ([FileReport]) -> Void
    private var pending: [FileReport] = []

    init(chunk: Int, sink: @escaping ([FileReport]) -> Void) {
        self.chunk = max(1, chunk)
        self.sink = sink
    }

    func add(_ report: FileReport) {
        pending.append(report)
        if pending.count >= chunk {
            sink(pending)
            pending.removeAll(keepingCapacity: true)
        }
    }

    func finish() {
        if !pending.isEmpty { sink(pending) }
        pending = []
    }
}

extension String {
    func trimmingSpacesCLI() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
