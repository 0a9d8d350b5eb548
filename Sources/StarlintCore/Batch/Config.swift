#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The candidate's seniority: sets the target answer length unless min-words / max-words
/// say otherwise (senior and lead answers cover more scope, so they may run longer).
public enum CandidateLevel: String, Sendable, Codable, CaseIterable {
    case entry, junior, mid, senior, lead

    /// Target length in words. `mid` equals the rubric's defaults (length.min / length.max).
    public var wordRange: (min: Int, max: Int) {
        switch self {
        case .entry: (80, 350)
        case .junior: (100, 400)
        case .mid: (100, 450)
        case .senior: (120, 550)
        case .lead: (120, 600)
        }
    }
}

/// When findings fail a file: `error` (default) fails on error findings, `warning` on
/// warnings and errors, `never` leaves pass/fail to the thresholds alone.
public enum FailOn: String, Sendable, Codable, CaseIterable {
    case error, warning, info, never

    public func fails(_ s: Severity) -> Bool {
        switch self {
        case .error: s >= .error
        case .warning: s >= .warning
        case .info: true
        case .never: false
        }
    }
}

/// A rule switched on or off, or given another severity, by the config file.
public enum RuleSetting: Sendable, Equatable {
    case on
    case off
    case severity(Severity)
}

/// Everything `.starlint.yml` / `.starlint.json` (or `check`'s flags) can set. `nil` and
/// empty mean "not set": the default applies, or the other source wins when merging.
public struct StarlintConfig: Sendable, Equatable {
    public var minScore: Int?
    public var dimensionMinimums: [Dimension: Int] = [:]
    public var failOn: FailOn?
    /// Canonical rule ids that must not fire.
    public var required: [String]?
    public var rules: [String: RuleSetting] = [:]
    public var fillerWords: [String]?
    public var hedgeWords: [String]?
    public var allowedWords: [String]?
    public var minWords: Int?
    public var maxWords: Int?
    public var level: CandidateLevel?
    public var include: [String]?
    public var exclude: [String]?
    public var maxBytes: Int?
    /// The most bytes an answer may have: `flag` (`--max-bytes`) when given, else `max-bytes`,
    /// else `Analyzer.defaultMaxBytes`; the same for `score`, `practice` and `check`.
    public func byteLimit(flag: Int? = nil) -> Int { flag ?? maxBytes ?? Analyzer.defaultMaxBytes }
    /// Whether `<!-- starlint-disable ... -->` comments in answers are honoured (default
    /// true). A coach grading students' work sets `inline-config: false` (or
    /// `--no-inline-config`) so an answer cannot switch its own checks off.
    public var inlineConfig: Bool?

    public init() {}

    /// Every key the file may contain, for "did you mean" suggestions and docs.
    public static let keys = [
        "min-score", "min", "fail-on", "require", "rules", "filler-words", "hedge-words", "allowed-words",
        "min-words", "max-words", "level", "include", "exclude", "max-bytes", "inline-config",
    ]

    /// Values from `overrides` (the command-line flags) win key by key; `min` merges per
    /// dimension, so `--min clarity=50` keeps the file's other dimension minimums.
    public func merging(_ overrides: StarlintConfig) -> StarlintConfig {
        var c = self
        if let v = overrides.minScore { c.minScore = v }
        for (d, v) in overrides.dimensionMinimums { c.dimensionMinimums[d] = v }
        if let v = overrides.failOn { c.failOn = v }
        if let v = overrides.required { c.required = v }
        for (r, v) in overrides.rules { c.rules[r] = v }
        if let v = overrides.fillerWords { c.fillerWords = v }
        if let v = overrides.hedgeWords { c.hedgeWords = v }
        if let v = overrides.allowedWords { c.allowedWords = v }
        if let v = overrides.minWords { c.minWords = v }
        if let v = overrides.maxWords { c.maxWords = v }
        if let v = overrides.level { c.level = v }
        if let v = overrides.include { c.include = v }
        if let v = overrides.exclude { c.exclude = v }
        if let v = overrides.maxBytes { c.maxBytes = v }
        if let v = overrides.inlineConfig { c.inlineConfig = v }
        return c
    }

    /// The entries of this (a settings file's) config's lists that `overrides` (the flags)
    /// replace and do not repeat: (key, flag, the entries dropped), for the note that says
    /// so. Globs from a settings file in another folder than the working one are read from
    /// that folder and a flag's from the working one, so there every glob is dropped, even
    /// one written the same (`globsFromHere` false); rule ids mean the same anywhere.
    public func listsReplaced(by overrides: StarlintConfig, globsFromHere: Bool = true) -> [(key: String, flag: String, entries: [String])] {
        var out: [(key: String, flag: String, entries: [String])] = []
        func add(_ key: String, _ flag: String, _ file: [String]?, _ flags: [String]?, sameMeaning: Bool) {
            guard let file, let flags else { return }
            let dropped = sameMeaning ? file.filter { !flags.contains($0) } : file
            if !dropped.isEmpty { out.append((key, flag, dropped)) }
        }
        add("include", "--include", include, overrides.include, sameMeaning: globsFromHere)
        add("exclude", "--exclude", exclude, overrides.exclude, sameMeaning: globsFromHere)
        add("require", "--require", required, overrides.required, sameMeaning: true)
        return out
    }

    /// The pass/fail thresholds.
    public var policy: BatchPolicy {
        BatchPolicy(minScore: minScore, minimums: dimensionMinimums, failOn: failOn ?? .error, required: required ?? [])
    }

    /// Analysis settings: target length (level, then explicit min/max words), rules off,
    /// severities. Required rules always run, even when switched off, and no comment in the
    /// answer suppresses their findings.
    public var settings: AnalysisSettings {
        var s = AnalysisSettings()
        if let l = level {
            s.minWords = l.wordRange.min
            s.maxWords = l.wordRange.max
        }
        if let v = minWords { s.minWords = v }
        if let v = maxWords { s.maxWords = v }
        if let v = inlineConfig { s.inlineSuppressions = v }
        for (id, setting) in rules {
            switch setting {
            case .off: s.disabledRules.insert(id)
            case .on: break
            case .severity(let sev): s.severities[id] = sev
            }
        }
        for id in required ?? [] { s.disabledRules.remove(id) }
        s.unsuppressible = Set(required ?? [])
        return s
    }

    /// Required rules that `rules` switches off: requiring one turns it back on (and its
    /// findings count in the score again), which a user should be told.
    public var requiredButSwitchedOff: [String] {
        (required ?? []).filter { if case .off = rules[$0] { return true } else { return false } }
    }

    /// What switching `length` off costs, for a warning: the rule also holds the cut for an
    /// answer too short to judge (`length.min-credit`), so without it a seven-word answer
    /// keeps all its points, and the length target (`min-words`, `max-words`, `level`) goes
    /// unused. Nil unless the settings switch it off (a required rule runs anyway).
    public var lengthSwitchedOffWarning: String? {
        guard case .off = rules[LengthRule.id], !(required ?? []).contains(LengthRule.id) else { return nil }
        var set: [String] = []
        if minWords != nil { set.append("min-words") }
        if maxWords != nil { set.append("max-words") }
        if level != nil { set.append("level") }
        let unused = set.isEmpty ? "" : " and \(set.listed()) \(set.count == 1 ? "has" : "have") no effect"
        return "rule 'length' is switched off, so an answer too short to judge keeps all its points\(unused); "
            + "'length: info' keeps its deductions without the warning"
    }

    /// `base` with the configured filler, hedge and allowed words added.
    public func lexicon(base: Lexicon) -> Lexicon {
        var lex = base
        if let w = fillerWords { lex.addPhrases(w, category: .filler, suggestion: "cut it") }
        if let w = hedgeWords { lex.addPhrases(w, category: .hedge, suggestion: "state it plainly") }
        if let w = allowedWords { lex.allow(w) }
        return lex
    }

    /// The include/exclude globs for folder walks.
    public func fileFilter() throws(StarlintError) -> FileFilter {
        try FileFilter(include: include, exclude: exclude)
    }

    /// Rule ids, severities and on/off state as configured (for SARIF's rule metadata).
    public var ruleInfos: [RuleInfo] {
        let s = settings
        return RuleRegistry.all.map { r in
            let d = r.description
            return RuleInfo(description: d, severity: s.severities[d.id] ?? d.severity, enabled: !s.disabledRules.contains(d.id))
        }
    }

    /// Checks values that depend on each other (after merging flags into the file).
    public func validate() throws(StarlintError) {
        if let lo = minWords, let hi = maxWords, lo > hi {
            throw .usage("min-words (\(lo)) is larger than max-words (\(hi))")
        }
    }

    /// Checks that the length target is a range once a bound not set here comes from the
    /// level or from `rubric` (`--max-words 50` against the rubric's minimum of 100).
    public func validateLength(rubric: Rubric) throws(StarlintError) {
        let s = settings
        let lo = s.minWords ?? Int(rubric.value("length.min", default: 100))
        let hi = s.maxWords ?? Int(rubric.value("length.max", default: 450))
        if lo > hi { throw .usage("min-words (\(lo)) is larger than max-words (\(hi)); set both, or one that fits the other") }
    }
}

/// A rule as configured for this run.
public struct RuleInfo: Sendable, Equatable {
    public var description: RuleDescription
    public var severity: Severity
    public var enabled: Bool
}

/// Rule names accepted by `require` and `rules`: every rule id plus a few readable aliases.
public enum RuleNames {
    /// `--require quantified-result` reads as "require a quantified result".
    public static let aliases: [String: String] = [
        "quantified-result": ResultNotQuantifiedRule.id,
        "situation": "missing-situation",
        "task": "missing-task",
        "action": "missing-action",
        "result": "missing-result",
    ]

    /// Canonical rule id for an id or alias, nil when unknown.
    public static func resolve(_ name: String) -> String? {
        if RuleRegistry.ids.contains(name) { return name }
        if let alias = aliases[name] { return alias }
        // In any case ("FILLER", "Missing-Result").
        let lower = name.lowercased()
        guard lower != name else { return nil }
        return RuleRegistry.ids.contains(lower) ? lower : aliases[lower]
    }

    public static var all: [String] { RuleRegistry.ids + aliases.keys.sorted() }

    /// `unknown rule 'x' (did you mean 'y'?)` or a list of the rules.
    public static func unknown(_ name: String) -> String {
        if let s = Suggest.closest(to: name, in: all) { return "unknown rule '\(name)' (did you mean '\(s)'?)" }
        return "unknown rule '\(name)'; 'starlint rules' lists them"
    }
}

/// "Did you mean" by edit distance.
public enum Suggest {
    /// " (did you mean 'x'?)" after a message naming `word`, or "" when nothing is close.
    public static func hint(_ word: String, in candidates: [String]) -> String {
        closest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    public static func closest(to word: String, in candidates: [String]) -> String? {
        let w = Array(word.lowercased().unicodeScalars)
        var best: (String, Int)?
        for c in candidates {
            let d = distance(w, Array(c.unicodeScalars))
            if best == nil || d < best!.1 { best = (c, d) }
        }
        guard let (c, d) = best else { return nil }
        let limit = max(2, w.count / 3)
        if d <= limit { return c }
        // Underscores and missing dashes: min_score, minscore.
        let squash = { (s: String) in String(s.lowercased().filter { $0 != "-" && $0 != "_" }) }
        return candidates.first { squash($0) == squash(word) }
    }

    /// The edit distance of `a` and `b`; past `limit`, some number over it (the rows stop
    /// once every entry of one is over it).
    public static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int = .max) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            var rowMin = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowMin = min(rowMin, cur[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}

/// Finding, reading and validating `.starlint.yml` / `.starlint.json`.
public enum ConfigFile {
    public static let names = [".starlint.yml", ".starlint.yaml", ".starlint.json"]

    /// The settings files in `dir`, in `names` order: anything of one of those names, so that
    /// a dangling link, a link loop or a folder so named is an error when it is read (a shared
    /// settings file linked from a drive that is not mounted), not settings silently dropped.
    public static func present(in dir: String) -> [String] {
        names.filter { name in
            let path = dir == "/" ? "/" + name : dir + "/" + name
            var st = stat()
            return lstat(path, &st) == 0
        }
    }

    /// The config file in `directory` (default: the working folder) or the nearest folder
    /// above it, or nil. Searching from the working folder gives a relative path
    /// (`.starlint.yml`, `../.starlint.yml`), so error messages stay short; searching from
    /// `directory` gives a path under it. Two config files in one folder are an error.
    public static func find(from directory: String? = nil) throws(StarlintError) -> String? {
        var dir = directory ?? currentDirectory()
        var up = ""
        while true {
            let present = present(in: dir)
            if present.count > 1 {
                throw .config(path: up + present[0], line: 0, problem: "more than one config file here (\(present.joined(separator: ", "))); keep one")
            }
            if let name = present.first {
                return directory == nil ? up + name : (dir == "/" ? "/" + name : dir + "/" + name)
            }
            guard dir != "/", !dir.isEmpty, let slash = dir.lastIndex(of: "/") else { return nil }
            dir = slash == dir.startIndex ? "/" : String(dir[..<slash])
            up += "../"
        }
    }

    static func currentDirectory() -> String {
        var buf = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buf, buf.count) != nil else { return "." }
        let bytes = buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads and validates a config file. `displayPath` is used in error messages.
    public static func load(_ path: String, displayPath: String? = nil) throws(StarlintError) -> StarlintConfig {
        let shown = displayPath ?? path
        let bytes: [UInt8]
        var st = stat()
        // One look at where the name leads: a link loop, or a link to nothing, is said as such.
        if stat(path, &st) != 0 {
            if errno == ELOOP { throw .config(path: shown, line: 0, problem: "is a link loop, not a config file") }
            if lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK {
                var buf = [CChar](repeating: 0, count: 4096)
                let n = readlink(path, &buf, buf.count - 1)
                let target = n > 0 ? String(decoding: buf[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self).escapingControlCharacters : "?"
                throw .config(path: shown, line: 0, problem: "is a link to '\(target)', which is not there")
            }
        }
        do {
            bytes = try FileIO.read(path, limit: 1 << 20)
        } catch {
            switch error {
            case .notFound: throw .config(path: shown, line: 0, problem: "no such config file")
            case .isDirectory: throw .config(path: shown, line: 0, problem: "is a directory, not a config file")
            case .permissionDenied: throw .config(path: shown, line: 0, problem: "permission denied")
            case .tooLarge: throw .config(path: shown, line: 0, problem: "config file is over 1 MB")
            case .noWriter(let seconds): throw .config(path: shown, line: 0, problem: "is a named pipe that nothing wrote to within \(seconds) s")
            case .other(let code): throw .config(path: shown, line: 0, problem: "cannot be read (error \(code))")
            }
        }
        if let bad = UTF8Check.firstInvalid(bytes, from: 0) {
            throw .config(path: shown, line: 0, problem: "not valid UTF-8 (bad byte at offset \(bad))")
        }
        return try parse(bytes, path: shown, json: path.hasSuffix(".json"))
    }

    /// Parses config text (YAML subset, or JSON when `json`).
    public static func parse(_ bytes: [UInt8], path: String, json: Bool = false) throws(StarlintError) -> StarlintConfig {
        let root = json ? try JSONConfigParser.parse(bytes, path: path) : try YAMLSubset.parse(String(decoding: bytes, as: UTF8.self), path: path)
        var reader = ConfigReader(path: path)
        return try reader.read(root)
    }
}

/// Turns the parsed tree into a `StarlintConfig`, naming file, line and key on any error.
struct ConfigReader {
    /// A boolean as YAML 1.1 writes one, given in lower case ("true", "on", "yes"; "false",
    /// "off", "no"); nil for anything else. The caller lower-cases, so "True" and "OFF" count.
    static func boolean(_ v: String) -> Bool? {
        switch v {
        case "true", "on", "yes": true
        case "false", "off", "no": false
        default: nil
        }
    }

    let path: String

    func fail(_ line: Int, _ problem: String) -> StarlintError { .config(path: path, line: line, problem: problem) }

    mutating func read(_ root: ConfigValue) throws(StarlintError) -> StarlintConfig {
        guard case .map(let entries) = root.node else {
            throw fail(root.line, "expected 'key: value' lines at the top level")
        }
        var c = StarlintConfig()
        for e in entries {
            switch e.key {
            case "min-score": c.minScore = try int(e, 0...100)
            case "min":
                guard case .map(let dims) = e.value.node else { throw fail(e.line, "'min' takes one 'dimension: N' line per dimension") }
                for d in dims {
                    guard let dim = Dimension(rawValue: d.key) else {
                        throw fail(d.line, unknownDimension(d.key))
                    }
                    c.dimensionMinimums[dim] = try int(d, 0...100)
                }
            case "fail-on":
                let s = try scalar(e)
                guard let v = FailOn(rawValue: s) else { throw fail(e.value.line, "'fail-on' must be error, warning, info or never, not '\(s)'") }
                c.failOn = v
            case "require":
                var ids: [String] = []
                for (name, line) in try strings(e) {
                    guard let id = RuleNames.resolve(name) else { throw fail(line, RuleNames.unknown(name)) }
                    if !ids.contains(id) { ids.append(id) }
                }
                c.required = ids
            case "rules":
                guard case .map(let rules) = e.value.node else { throw fail(e.line, "'rules' takes one 'rule: on|off|error|warning|info' line per rule") }
                for r in rules {
                    guard let id = RuleNames.resolve(r.key) else { throw fail(r.line, RuleNames.unknown(r.key)) }
                    let v = try scalar(r).lowercased()
                    switch Self.boolean(v) {
                    case true?: c.rules[id] = .on
                    case false?: c.rules[id] = .off
                    case nil:
                        guard let sev = Severity(rawValue: v) else {
                            throw fail(r.value.line, "rule '\(r.key)' must be on, off, error, warning or info, not '\(v)'")
                        }
                        c.rules[id] = .severity(sev)
                    }
                }
            case "filler-words": c.fillerWords = try words(e)
            case "hedge-words": c.hedgeWords = try words(e)
            case "allowed-words": c.allowedWords = try words(e)
            case "min-words": c.minWords = try int(e, 1...100_000)
            case "max-words": c.maxWords = try int(e, 1...100_000)
            case "level":
                let s = try scalar(e)
                guard let v = CandidateLevel(rawValue: s) else {
                    throw fail(e.value.line, "'level' must be one of \(CandidateLevel.allCases.map(\.rawValue).joined(separator: ", ")), not '\(s)'")
                }
                c.level = v
            case "include", "exclude":
                var globs: [String] = []
                for (g, line) in try strings(e) {
                    guard Glob(g) != nil else { throw fail(line, "empty glob pattern in '\(e.key)'") }
                    globs.append(g)
                }
                // An empty include list would match no file at all.
                if e.key == "include", globs.isEmpty { throw fail(e.line, "'include' is empty, so no file would be graded; leave it out for the default (*.md, *.txt)") }
                if e.key == "include" { c.include = globs } else { c.exclude = globs }
            case "max-bytes": c.maxBytes = try int(e, 1...Int(Int32.max))
            case "inline-config":
                let v = try scalar(e).lowercased()
                guard let on = Self.boolean(v) else { throw fail(e.value.line, "'inline-config' must be true or false, not '\(v)'") }
                c.inlineConfig = on
            default:
                var msg = "unknown key '\(e.key)'"
                if let s = Suggest.closest(to: e.key, in: StarlintConfig.keys) { msg += " (did you mean '\(s)'?)" }
                else { msg += "; known keys: \(StarlintConfig.keys.joined(separator: ", "))" }
                throw fail(e.line, msg)
            }
        }
        if let lo = c.minWords, let hi = c.maxWords, lo > hi {
            let line = entries.first { $0.key == "max-words" }?.line ?? 0
            throw fail(line, "'max-words' (\(hi)) is smaller than 'min-words' (\(lo))")
        }
        return c
    }

    func unknownDimension(_ name: String) -> String {
        let dims = Dimension.allCases.map(\.rawValue)
        if let s = Suggest.closest(to: name, in: dims) { return "unknown dimension '\(name)' (did you mean '\(s)'?)" }
        return "unknown dimension '\(name)'; use one of \(dims.joined(separator: ", "))"
    }

    func scalar(_ e: ConfigEntry) throws(StarlintError) -> String {
        switch e.value.node {
        case .scalar(let s, _): return s
        case .null: throw fail(e.line, "'\(e.key)' needs a value")
        case .list: throw fail(e.value.line, "'\(e.key)' takes a single value, not a list")
        case .map: throw fail(e.value.line, "'\(e.key)' takes a single value, not a mapping")
        }
    }

    func int(_ e: ConfigEntry, _ range: ClosedRange<Int>) throws(StarlintError) -> Int {
        let s = try scalar(e)
        guard let v = Int(s.trimmingSpaces()) else {
            throw fail(e.value.line, "'\(e.key)' must be a whole number, not '\(s)'")
        }
        guard range.contains(v) else {
            throw fail(e.value.line, "'\(e.key)' must be between \(range.lowerBound) and \(range.upperBound), not \(v)")
        }
        return v
    }

    /// A list of scalars, or one scalar as a one-item list.
    func strings(_ e: ConfigEntry) throws(StarlintError) -> [(String, Int)] {
        switch e.value.node {
        case .scalar(let s, _): return [(s, e.value.line)]
        case .null: return []
        case .map: throw fail(e.value.line, "'\(e.key)' takes a list, not a mapping")
        case .list(let items):
            var out: [(String, Int)] = []
            for it in items {
                guard case .scalar(let s, _) = it.node else { throw fail(it.line, "'\(e.key)' items must be plain values") }
                out.append((s, it.line))
            }
            return out
        }
    }

    func words(_ e: ConfigEntry) throws(StarlintError) -> [String] {
        var out: [String] = []
        for (w, line) in try strings(e) {
            let t = w.trimmingSpaces()
            if t.isEmpty { throw fail(line, "empty word in '\(e.key)'") }
            out.append(t)
        }
        return out
    }
}
