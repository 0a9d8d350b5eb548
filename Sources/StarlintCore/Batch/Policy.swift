/// Why a file failed.
public struct FailureReason: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// Total score below `min-score`.
        case score
        /// A sub-score below its `min` entry.
        case dimension
        /// A rule listed in `require` fired.
        case requiredRule = "required-rule"
        /// A finding at or above the `fail-on` severity.
        case finding
        /// The file could not be read or is not an answer (empty, binary, not UTF-8, too large).
        case inputError = "input-error"
    }

    public var kind: Kind
    public var message: String
    public var rule: String?
    public var line: Int?
    public var column: Int?
    /// For a `score` or `dimension` failure: the dimension (nil for the total score), the
    /// value the answer got and the minimum it missed, so a CI script need not parse the message.
    public var dimension: String?
    public var actual: Int?
    public var threshold: Int?

    public init(kind: Kind, message: String, rule: String? = nil, line: Int? = nil, column: Int? = nil,
                dimension: String? = nil, actual: Int? = nil, threshold: Int? = nil) {
        self.kind = kind
        self.message = message
        self.rule = rule
        self.line = line
        self.column = column
        self.dimension = dimension
        self.actual = actual
        self.threshold = threshold
    }
}

/// Pass or fail for one file, with every reason it failed.
public struct Verdict: Sendable, Codable, Equatable {
    public var passed: Bool { failures.isEmpty }
    public var failures: [FailureReason]

    public init(failures: [FailureReason]) {
        self.failures = failures
    }

    /// The reasons in a few words:
    /// `score 54 < 70; structure 40 < 60; required rule missing-result fired; 2 errors: missing-action, missing-result`.
    public var shortReasons: String {
        var parts: [String] = []
        var counts = [0, 0, 0]
        var rules: [[String]] = [[], [], []]
        for f in failures {
            switch f.kind {
            case .finding:
                let rule = f.rule ?? "?"
                let k = f.message.hasPrefix("error") ? 0 : f.message.hasPrefix("warning") ? 1 : 2
                counts[k] += 1
                if !rules[k].contains(rule) { rules[k].append(rule) }
            case .score, .dimension:
                parts.append(f.message)
            case .requiredRule:
                parts.append(f.line == nil && f.rule == ResultNotQuantifiedRule.id ? "required quantified result missing" : "required rule \(f.rule ?? "?") fired")
            case .inputError:
                parts.append(f.message)
            }
        }
        for (k, noun) in ["error", "warning", "info finding"].enumerated() where counts[k] > 0 {
            parts.append("\(counts[k]) \(noun)\(counts[k] == 1 ? "" : "s"): \(rules[k].joined(separator: ", "))")
        }
        return parts.joined(separator: "; ")
    }
}

/// The pass/fail thresholds of `starlint check`.
public struct BatchPolicy: Sendable, Equatable {
    public var minScore: Int?
    public var minimums: [Dimension: Int]
    public var failOn: FailOn
    /// Canonical rule ids that must not fire.
    public var required: [String]
    /// The settings file these came from (with the flags over it); nil when none was read.
    public var settingsFile: String?

    public init(minScore: Int? = nil, minimums: [Dimension: Int] = [:], failOn: FailOn = .error, required: [String] = [], settingsFile: String? = nil) {
        self.minScore = minScore
        self.minimums = minimums
        self.failOn = failOn
        self.required = required
        self.settingsFile = settingsFile
    }

    /// The thresholds in words, for the reports' "graded under" lines: "min score 70", the
    /// dimension minimums, "fail on error" and the required rules (`code` formats a rule id).
    /// Without a minimum score it says so, since a coach may expect one.
    public func thresholdsInWords(code: (String) -> String = { $0 }) -> [String] {
        var parts = [minScore.map { "min score \($0)" } ?? "no minimum score"]
        for d in Dimension.allCases { if let m = minimums[d] { parts.append("min \(d.rawValue) \(m)") } }
        parts.append("fail on \(failOn.rawValue)")
        // Said as what fails a file ("required: result-not-quantified" read as the opposite).
        if !required.isEmpty { parts.append("fail if found: " + required.map(code).joined(separator: ", ")) }
        return parts
    }

    public func verdict(for a: Analysis) -> Verdict {
        var out: [FailureReason] = []
        if let m = minScore, a.score < m {
            out.append(FailureReason(kind: .score, message: "score \(a.score) < \(m)", actual: a.score, threshold: m))
        }
        for d in Dimension.allCases {
            if let m = minimums[d], a.subscores[d] < m {
                out.append(FailureReason(kind: .dimension, message: "\(d.rawValue) \(a.subscores[d]) < \(m)",
                                         dimension: d.rawValue, actual: a.subscores[d], threshold: m))
            }
        }
        var reportedRequired: Set<String> = []
        for f in a.findings where required.contains(f.rule) && !reportedRequired.contains(f.rule) {
            reportedRequired.insert(f.rule)
            out.append(FailureReason(kind: .requiredRule, message: "required rule '\(f.rule)' fired: \(f.message)",
                                     rule: f.rule, line: f.line, column: f.column))
        }
        // Requiring a quantified result also fails an answer with no Result at all, which the
        // rule itself has nothing to check in (`missing-result` says so, perhaps switched off).
        let quantifiedRule = ResultNotQuantifiedRule.id
        if required.contains(quantifiedRule), !reportedRequired.contains(quantifiedRule), !a.quantifiedResult,
           !a.sentences.contains(where: { $0.label == .result }) {
            out.append(FailureReason(kind: .requiredRule, message: "required rule '\(quantifiedRule)': the answer has no Result, so no measured change",
                                     rule: quantifiedRule))
        }
        for f in a.findings where failOn.fails(f.severity) && !required.contains(f.rule) {
            out.append(FailureReason(kind: .finding, message: "\(f.severity.rawValue): \(f.message)", rule: f.rule, line: f.line, column: f.column))
        }
        return Verdict(failures: out)
    }

    public func verdict(for error: StarlintError) -> Verdict {
        Verdict(failures: [FailureReason(kind: .inputError, message: BatchPolicy.inputMessage(error))])
    }

    /// The error's message without the leading `path: ` (reports show the path already).
    public static func inputMessage(_ error: StarlintError) -> String {
        let d = error.description
        let path: String?
        switch error {
        case .fileNotFound(let p), .isDirectory(let p), .unreadable(let p), .empty(let p), .noAnswerText(let p), .emptyTemplate(let p), .unclosedFrontMatter(let p),
             .whitespaceOnly(let p), .binary(let p), .controlCharacters(let p), .document(let p, _), .utf16(let p), .invalidUTF8(let p, _, _, _), .tooLarge(let p, _, _), .readFailed(let p, _),
             .invalidFileName(let p), .brokenLink(let p), .linkOutsideFolder(let p), .notRegularFile(let p, _), .noWriter(let p, _):
            path = p
        default:
            path = nil
        }
        if let p = path, d.hasPrefix(p + ": ") { return String(d.dropFirst(p.count + 2)) }
        return d
    }
}
