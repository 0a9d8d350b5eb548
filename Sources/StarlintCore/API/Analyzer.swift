/// The whole pipeline: validate bytes, tokenize, label, check, score.
///
/// An `Analyzer` is immutable and `Sendable`: build one, share it across threads.
public struct Analyzer: Sendable {
    public let lexicon: Lexicon
    public let labeler: any SentenceLabeler
    public let rules: [any Rule]
    public let settings: AnalysisSettings
    let scorer: Scorer
    /// Each rule's id and default severity, read once (a rule's description is a constant;
    /// copying it for every answer cost more than some rules' checks).
    let ruleDefaults: [(id: String, severity: Severity)]
    /// Each question's kind once worked out: a batch grades many answers to one question, and
    /// the bank scan and the classifier's word splitting cost more than labelling a sentence.
    let kindCache = QuestionKindCache()

    public init(lexicon: Lexicon = .bundled, labeler: (any SentenceLabeler)? = nil, settings: AnalysisSettings = AnalysisSettings()) {
        self.lexicon = lexicon
        self.labeler = labeler ?? (lexicon.model.isTrained ? ModelLabeler(model: lexicon.model) : CueLabeler(lexicon: lexicon))
        self.rules = RuleRegistry.all.filter { !settings.disabledRules.contains($0.description.id) }
        self.settings = settings
        self.scorer = Scorer(rubric: lexicon.rubric)
        self.ruleDefaults = rules.map { ($0.description.id, $0.description.severity) }
    }

    /// Default limit on input size (1 MB).
    public static let defaultMaxBytes = 1_000_000

    /// Reads and analyses a file. `path` "-" reads standard input.
    public func analyze(file path: String, displayName: String? = nil, maxBytes: Int = Analyzer.defaultMaxBytes) throws(StarlintError) -> Analysis {
        let bytes = try Self.readInput(path, maxBytes: maxBytes)
        return try analyze(bytes: bytes, path: displayName ?? (path == "-" ? "<stdin>" : path))
    }

    /// Reads an answer file, or standard input for "-", turning file errors into
    /// one-line `StarlintError`s that name the file.
    public static func readInput(_ path: String, maxBytes: Int = Analyzer.defaultMaxBytes) throws(StarlintError) -> [UInt8] {
        do {
            return path == "-" ? try FileIO.readStream(0, limit: maxBytes) : try FileIO.read(path, limit: maxBytes)
        } catch {
            let name = path == "-" ? "<stdin>" : path
            switch error {
            case .notFound: throw .fileNotFound(path: name)
            case .isDirectory: throw .isDirectory(path: name)
            case .permissionDenied: throw .unreadable(path: name)
            case .tooLarge(let size, let limit): throw .tooLarge(path: name, size: size, limit: limit)
            case .noWriter(let seconds): throw .noWriter(path: name, seconds: seconds)
            case .other(let code): throw .readFailed(path: name, code: code)
            }
        }
    }

    /// Checks that bytes are a non-empty UTF-8 text file.
    public static func validate(_ bytes: [UInt8], path: String) throws(StarlintError) {
        if bytes.isEmpty { throw .empty(path: path) }
        if let kind = documentKind(bytes) { throw .document(path: path, kind: kind) }
        let start = UTF8Check.byteOrderMarkLength(bytes)
        // NUL bytes mark binary files (images, archives) before any UTF-8 complaint.
        if UTF8Check.containsZero(bytes) {
            // A UTF-16 text (Windows Notepad's "Unicode") has a NUL in every other byte.
            if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) { throw .utf16(path: path) }
            if Self.looksLikeUTF16(bytes) { throw .utf16(path: path) }
            throw .binary(path: path)
        }
        if let bad = UTF8Check.firstInvalid(bytes, from: start) {
            // Where an editor shows it: the line (split as every reader splits lines), and the
            // column in code points (the bytes before it on its line are valid UTF-8, so each
            // lead byte starts one).
            let lines = bytes[start..<bad].withUnsafeBufferPointer { $0.lineRanges() }
            let line = lines.count, lineStart = start + lines[lines.count - 1].lowerBound
            let column = 1 + bytes[lineStart..<bad].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            throw .invalidUTF8(path: path, offset: bad, line: line, column: column)
        }
        var sawText = false
        for b in bytes[start...] where !(b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C) {
            sawText = true
            break
        }
        if !sawText { throw .whitespaceOnly(path: path) }
    }

    /// What kind of document a file is, by its first bytes, when it is one a candidate might
    /// save an answer in instead of text: a Word, OpenDocument or other Office file, a zip
    /// archive, a PDF or RTF (which is text, but markup: graded, its control words would be
    /// read as the answer). Nil for anything else.
    static func documentKind(_ bytes: [UInt8]) -> String? {
        func starts(_ s: [UInt8]) -> Bool { bytes.count >= s.count && bytes[0..<s.count].elementsEqual(s) }
        if starts([0x50, 0x4B, 0x03, 0x04]) {
            // A zip: the names of its first entries say which Office format it is. A name starts
            // 30 bytes after its local header's "PK\3\4" ("static/xl/a.txt" is no Excel file);
            // OpenDocument's first entry, "mimetype", is stored with its type as its contents.
            let head = bytes.prefix(64 << 10)
            func has(_ s: String, asEntryName: Bool = true) -> Bool {
                let n = Array(s.utf8)
                guard head.count >= n.count else { return false }
                for k in head.startIndex...(head.endIndex - n.count) where head[k] == n[0] && head[k..<(k + n.count)].elementsEqual(n) {
                    if !asEntryName { return true }
                    if k >= 30, head[(k - 30)..<(k - 26)].elementsEqual([0x50, 0x4B, 0x03, 0x04]) { return true }
                }
                return false
            }
            if has("word/") { return "a Word document (.docx)" }
            if has("application/vnd.oasis.opendocument.text", asEntryName: false) { return "an OpenDocument text (.odt)" }
            if has("ppt/") { return "a PowerPoint file (.pptx)" }
            if has("xl/") { return "an Excel file (.xlsx)" }
            if has("application/vnd.oasis.opendocument", asEntryName: false) { return "an OpenDocument file" }
            return "a zip archive"
        }
        if starts(Array("%PDF-".utf8)) { return "a PDF" }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return "an older Word or Office file (.doc)" }
        if starts(Array("{\\rtf".utf8)) || starts([0xEF, 0xBB, 0xBF] + Array("{\\rtf".utf8)) { return "an RTF document" }
        return nil
    }

    /// UTF-16 without a byte-order mark: of the first 512 bytes (at least 8), one position of
    /// each pair (odd for little-endian, even for big-endian) is nearly always NUL (all but a
    /// twentieth: an em dash or a curly quote has a high byte), and the other nearly never
    /// (English text is mostly ASCII in the low byte; binary files have NULs in both).
    static func looksLikeUTF16(_ bytes: [UInt8]) -> Bool {
        let n = min(bytes.count, 512) & ~1
        guard n >= 8 else { return false }
        var evenZero = 0, oddZero = 0
        for k in stride(from: 0, to: n, by: 2) {
            if bytes[k] == 0 { evenZero += 1 }
            if bytes[k + 1] == 0 { oddZero += 1 }
        }
        let pairs = n / 2, few = pairs / 20
        return (oddZero >= pairs - few && evenZero <= few) || (evenZero >= pairs - few && oddZero <= few)
    }

    /// Parses bytes into a document and its per-sentence facts (no labelling).
    public func prepare(bytes: [UInt8]) -> AnalysisInput {
        AnalysisInput(document: DocumentParser.parse(bytes, lexicon: lexicon.text), lexicon: lexicon)
    }

    /// Analyses in-memory bytes; `path` is only used in messages and the report.
    /// `question` is the question answered when the text has no front matter naming one
    /// (`practice` reading an answer from standard input), so line numbers stay the text's.
    /// `questionOverride` is the question named on the command line (`score --question`): it
    /// wins over the front matter, as it does for the history the attempt is saved under.
    public func analyze(bytes: [UInt8], path: String, question: String? = nil, questionOverride: String? = nil) throws(StarlintError) -> Analysis {
        try Self.validate(bytes, path: path)
        let input = prepare(bytes: bytes)
        if input.document.sentences.isEmpty {
            if input.document.unclosedFrontMatter { throw .unclosedFrontMatter(path: path) }
            // No text, and control characters: not an answer with only markup in it.
            if bytes.contains(where: { ($0 < 0x20 && !(0x09...0x0D).contains($0)) || $0 == 0x7F }) { throw .controlCharacters(path: path) }
            if !input.document.partLabelsWritten.isEmpty { throw .emptyTemplate(path: path) }
            throw .noAnswerText(path: path)
        }
        return analyze(input: input, path: path, contentHash: Self.contentHash(bytes), question: question, questionOverride: questionOverride)
    }

    /// Labels below this confidence are marked uncertain: the settings' threshold, else the
    /// rubric's `confidence.uncertain`.
    public var uncertainBelow: Double {
        settings.uncertainBelow ?? lexicon.rubric.value("confidence.uncertain", default: 0.75)
    }

    /// Whether a question asks for a hypothetical ("What would you do if ...").
    public static func isHypothetical(question: String?) -> Bool {
        guard let question else { return false }
        return hypotheticalPhrases.matches(bankText(question))
    }

    /// Whether the question asks for a past example ("Tell me about a time ...", "Give an
    /// example of ...", "Describe a situation where ..."), and is not a "what would you do"
    /// one (`hypothetical`, as `isHypothetical` found): then an answer told as a plan shows no
    /// Action taken.
    static func asksForPastExample(question: String?, hypothetical: Bool) -> Bool {
        guard let question, !hypothetical else { return false }
        return pastExamplePhrases.matches(bankText(question))
    }

    /// A bank id in any case or with spaces around ("Q014 ") as the bank writes it; any other
    /// question as given.
    static func bankID(_ question: String) -> String {
        if question.utf8.count <= 10, let q = QuestionBank.bundled.question(id: question) { return q.id }
        return question
    }

    /// A bank id ("q014") stands for its question's text (only a short word can be one).
    static func bankText(_ question: String) -> String {
        if question.utf8.count <= 8, let q = QuestionBank.bundled.question(id: question) { return q.text }
        return question
    }

    /// The kind of `question` (a bank id or the question's text): the bank's kind for a bank
    /// question, else the labeller's classifier's when it gives it at least the rubric's
    /// `question.kind-confidence`; nil when there is no question or the kind is unsure.
    public func questionKind(_ question: String?) -> QuestionKind? {
        guard let question, !question.allSatisfy(\.isWhitespace) else { return nil }
        if let known = kindCache.kind(of: question) { return known }
        let kind: QuestionKind?
        if let q = QuestionBank.bundled.question(idOrText: question) {
            kind = QuestionKind(name: q.type)
        } else if let (k, p) = labeler.questionKind(question), p >= lexicon.rubric.value("question.kind-confidence", default: 0.5) {
            kind = k
        } else {
            kind = nil
        }
        kindCache.store(kind, for: question)
        return kind
    }

    /// Whether the question asks where the candidate wants their career to go ("Where do you
    /// want your career to be in three to five years?", "Where do you see yourself in 5
    /// years?", "What are your long-term career goals?"), why they want to move there ("Why
    /// are you leaving your current job?", "Why do you want to move into planning?") or what
    /// they mean to learn or take on next: questions a plan answers, not a finished story.
    public static func isAimsQuestion(_ question: String?) -> Bool {
        guard let question else { return false }
        return aimsPhrases.matches(bankText(question))
    }

    static let aimsPhrases = QuestionPhrases(["where do you see yourself", "where do you want your career", "where do you want to be",
                                              "in five years", "in 5 years", "in three years", "in 3 years", "to five years", "to 5 years",
                                              "career goals", "long-term goals", "long term goals", "career aims", "career plans",
                                              "where do you see your career", "next step in your career", "next career step", "next career move",
                                              "why are you leaving", "why do you want to leave", "why are you looking to leave",
                                              "why do you want to move", "why are you looking to move", "why are you moving",
                                              "why do you want this role", "why do you want this job", "why this role", "why this job",
                                              "what do you want to learn", "what do you hope to learn", "what would you like to learn"])
    static let pastTimePhrases = QuestionPhrases(["a time ", "the time ", "first time", "last time", "an occasion",
                                                  "a moment when", "a setback", "a situation where", "an instance"])
    static let hypotheticalPhrases = QuestionPhrases(["would you", "would your", "imagine", "suppose ", "supposing", "if you were", "what will you", "how will you"])
    static let pastExamplePhrases = QuestionPhrases(["a time ", "the time ", "first time", "last time", "an example", "a situation where",
                                                     "a situation in which", "an occasion", "a moment when", "a moment you", "an instance",
                                                     "a case where", "a project", "a decision"])

    func analyze(input: AnalysisInput, path: String, contentHash: String, question fallback: String? = nil, questionOverride: String? = nil) -> Analysis {
        let doc = input.document
        // An empty `question:` names none (the attempt is saved under the file, as without it).
        let written = doc.frontMatter["question"].flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        // A bank id in another case ("Q004") is named as the bank writes it.
        let question = (questionOverride ?? written ?? fallback).map(Self.bankID)
        let hyp = Self.isHypothetical(question: question)
        var input = input
        input.questionKind = questionKind(question)
        var labels = labeler.label(input, hypotheticalQuestion: hyp)
        // A sentence that repeats an earlier one word for word, as `repeated-sentence` finds
        // and reports it, takes that one's label: a copy adds no part the answer did not have
        // (an answer pasted a fourth time gains no Result), under a part label of its own too
        // (an Action pasted again under "Result:" is no Result).
        let repeats = RuleContext.repeatedSentences(input, minWords: Int(lexicon.rubric.value("repeat.min-words", default: 5)))
        for (k, first) in repeats { labels[k] = labels[first] }
        var findings: [Finding] = []
        var context = RuleContext(input: input, labels: labels, lexicon: lexicon, settings: settings, hypotheticalQuestion: hyp,
                                  pastExampleQuestion: Self.asksForPastExample(question: question, hypothetical: hyp),
                                  quantifiedModel: labeler.quantifiedModel, repeats: repeats)
        context.aimsQuestion = Self.isAimsQuestion(question)
        context.questionKnown = question != nil
        context.asksForPastTime = question.map { Self.pastTimePhrases.matches(Self.bankText($0)) } ?? false
        let overrides = !settings.severities.isEmpty
        for (rule, d) in zip(rules, ruleDefaults) {
            let override = overrides ? settings.severities[d.id] : nil
            context.severity = override ?? d.severity
            for var f in rule.check(context) {
                if let s = override { f.severity = s }
                findings.append(f)
            }
        }
        var used: Set<Int>?
        var hid: [Int: Set<String>] = [:]
        var suppressed: [SuppressedFinding] = []
        if settings.inlineSuppressions {
            var suppressions = Suppressions(directives: doc.directives, unsuppressible: settings.unsuppressible, wholeAnswer: RuleRegistry.wholeAnswer)
            if let first = doc.sentences.first?.span, let last = doc.sentences.last?.span {
                suppressions.answerStart = (first.line, first.column)
                suppressions.answerEnd = (last.endLine, last.endColumn)
            }
            let applied = suppressions.apply(findings)
            findings = applied.kept
            used = applied.used
            for (f, k) in applied.suppressed { hid[k, default: []].insert(f.rule) }
            suppressed = applied.suppressed.map { f, k in
                let d = doc.directives[k]
                return SuppressedFinding(finding: f, commentLine: d.commentLine, commentColumn: d.column, reason: d.reason)
            }
            suppressed.sort { Finding.reportOrder($0.finding, $1.finding) }
        }
        findings.sort(by: Finding.reportOrder)
        // A comment hides a finding from the report; it does not buy its points back: the
        // score is the answer's, whatever the answer says about its checks.
        let (score, subs, deductions) = suppressed.isEmpty ? scorer.score(findings)
            : scorer.score(findings + suppressed.map(\.finding), suppressedFrom: findings.count)
        let threshold = uncertainBelow
        var byPart = LabelCounts()
        var sentences: [SentenceReport] = []
        sentences.reserveCapacity(labels.count)
        for (k, s) in doc.sentences.enumerated() {
            let p = labels[k]
            let w = input.facts[k].words
            byPart[p.label] += w
            // Uncertain by the confidence as shown (two decimals): "0.75" is never marked as
            // below 0.75.
            let confidence = (p.confidence * 100).rounded() / 100
            // The sentence as the writer sees it: a soft hyphen or zero-width space pasted from
            // a word processor is not shown (a terminal may print it as a hyphen).
            sentences.append(SentenceReport(
                text: doc.displayText(of: s), label: p.label, confidence: confidence,
                uncertain: s.explicitLabel == nil && confidence < threshold, explicitLabel: s.explicitLabel != nil,
                line: s.span.line, column: s.span.column, endLine: s.span.endLine, endColumn: s.span.endColumn, words: w,
                // Named only for a label of one part: "Lessons learned:" (Other) or "Challenge:"
                // (Situation or Task) has no one part's name the writer would know it by.
                writtenLabel: s.explicitLabel.flatMap { $0 == p.label || $0 == .other || s.secondLabel != nil ? nil : $0 }))
        }
        let words = input.facts.reduce(0) { $0 + $1.words }
        let wpm = lexicon.rubric.value("speaking.words-per-minute", default: 150)
        let quantified = context.quantifiedResultSentence
        return Analysis(
            file: path, score: score, band: lexicon.rubric.band(of: score), rubricVersion: lexicon.rubric.version, modelVersion: labeler.name,
            toolVersion: StarlintVersion.current, question: question, role: doc.frontMatter["role"], level: doc.frontMatter["level"],
            subscores: subs, sentences: sentences, quantifiedResult: quantified != nil,
            quantifiedResultSentence: quantified, findings: findings, deductions: deductions,
            suppressedFindings: suppressed.count, suppressed: suppressed.isEmpty ? nil : suppressed,
            directiveProblems: Self.frontMatterProblem(doc, then: Self.directiveProblems(doc.directives, used: used, hid: hid, disabledRules: settings.disabledRules,
                                                                                         suppressionsOn: settings.inlineSuppressions, required: settings.unsuppressible,
                                                                                         keptRules: Set(findings.map(\.rule)))),
            stats: AnswerStats(words: words, sentences: sentences.count, paragraphs: (doc.sentences.last?.paragraph ?? -1) + 1,
                               speakingSeconds: Int((Double(words) / wpm * 60).rounded()), wordsByPart: byPart),
            contentHash: contentHash)
    }

    /// Front matter whose fence is closed only after the answer has started (or never), read
    /// as ending where the answer starts (`Document.frontMatterCutAt`), is reported with the
    /// comments that do nothing: like them it is about the file, not the answer.
    static func frontMatterProblem(_ doc: Document, then problems: [DirectiveProblem]?) -> [DirectiveProblem]? {
        guard let line = doc.frontMatterCutAt else { return problems }
        return [DirectiveProblem.frontMatter(cutAt: line)] + (problems ?? [])
    }

    /// Directives that do nothing, each reported so it is not mistaken for one that works: a
    /// misspelled directive, a rule id starlint does not have (with the nearest one), and,
    /// when suppressions were applied (`used` holds the indices of the directives that hid a
    /// finding), a disable that hid no finding. With inline suppressions off (`suppressionsOn`
    /// false: `--no-inline-config`) every such comment is ignored and none is reported, but for
    /// one that runs on to a later comment's "-->", which hides the answer's text between.
    static func directiveProblems(_ directives: [SuppressionDirective], used: Set<Int>? = nil, hid: [Int: Set<String>] = [:], disabledRules: Set<String> = [],
                                  suppressionsOn: Bool = true, required: Set<String> = [],
                                  keptRules: Set<String> = []) -> [DirectiveProblem]? {
        var out: [DirectiveProblem] = []
        // What the disables before each comment named (nil inside: a bare disable), so that an
        // enable with no disable before it is reported.
        var disabledBefore: Set<String?> = []
        for (k, d) in directives.enumerated() {
            if d.kind == .unclosed {
                let written = (d.rules.first ?? "").escapingControlCharacters
                if d.rules.count > 1 {
                    // It ran on to a later comment's "-->": the text between is hidden with it.
                    out.append(DirectiveProblem(line: d.commentLine, column: d.column, message: "'<!-- \(written)' is not closed before the next '<!--', so everything up to that comment's '-->' (line \(d.rules[1])) is hidden as a comment and nothing is suppressed; close it with '-->'"))
                } else if suppressionsOn {
                    out.append(DirectiveProblem(line: d.commentLine, column: d.column, message: "'<!-- \(written)' is never closed with '-->'; it suppresses nothing"))
                }
                continue
            }
            guard suppressionsOn else { continue }
            if d.kind == .unknown {
                // Words from the answer are quoted with their control characters escaped.
                let word = (d.rules.first ?? "").escapingControlCharacters
                var hint = Suggest.hint(word, in: SuppressionDirective.names)
                // A colon for the space before the rules ("starlint-disable:filler").
                if let colon = word.firstIndex(of: ":"), SuppressionDirective.names.contains(String(word[..<colon])) {
                    hint = " (did you mean '\(word[..<colon]) \(word[word.index(after: colon)...])'?)"
                }
                out.append(DirectiveProblem(line: d.commentLine, column: d.column, message: "unknown directive '\(word)'\(hint); it suppresses nothing"))
                continue
            }
            // Each rule named, by its canonical id (nil: a rule starlint does not have).
            let ids = d.rules.map { RuleNames.resolve($0) }
            if d.kind == .disable {
                if ids.isEmpty { disabledBefore.insert(nil) } else { for case let id? in ids { disabledBefore.insert(id) } }
            }
            var unknownRule = false
            for (r, id) in zip(d.rules, ids) where id == nil {
                unknownRule = true
                let hint = Suggest.hint(r, in: RuleNames.all)
                out.append(DirectiveProblem(line: d.commentLine, column: d.column, message: "unknown rule '\(r.escapingControlCharacters)' in a \(d.kind.rawValue) comment\(hint); it \(d.kind == .enable ? "enables" : "suppresses") nothing"))
            }
            // Rules the settings require, which no comment can hide.
            let requiredNamed = d.kind == .enable ? [] : zip(d.rules, ids).filter { $0.1.map(required.contains) ?? false }.map(\.0)
            if !unknownRule, !requiredNamed.isEmpty {
                let names = requiredNamed.map { $0.escapingControlCharacters }.joined(separator: ", ")
                out.append(DirectiveProblem(line: d.commentLine, column: d.column, message: "the settings require \(names), so this comment cannot suppress \(requiredNamed.count == 1 ? "it" : "them")"))
                if requiredNamed.count == d.rules.count { continue }
            }
            if d.kind == .enable, !unknownRule, !disabledBefore.contains(nil),
               ids.isEmpty ? disabledBefore.isEmpty : !ids.contains(where: { disabledBefore.contains($0) }) {
                let what = d.rules.isEmpty ? "" : " " + d.rules.joined(separator: ", ")
                out.append(DirectiveProblem(line: d.commentLine, column: d.column, message: "'starlint-enable\(what)' has no starlint-disable before it; it does nothing"))
                continue
            }
            // The rules it names that are about the whole answer, and those of them whose
            // finding is still there.
            let whole = ids.compactMap { $0 }.filter { RuleRegistry.wholeAnswer.contains($0) }
            let left = whole.filter { keptRules.contains($0) }
            // A line comment naming a rule about the whole answer, which no line comment hides.
            if let used, !unknownRule, d.kind == .disableLine || d.kind == .disableNextLine, !used.contains(k), !whole.isEmpty {
                let names = whole.joined(separator: ", ")
                out.append(DirectiveProblem(line: d.commentLine, column: d.column, message: "\(names) \(whole.count == 1 ? "is" : "are") about the whole answer, so no line comment hides \(whole.count == 1 ? "it" : "them"); a starlint-disable before the answer's first sentence does"))
                continue
            }
            // A comment that hid other findings but also names a rule about the whole answer
            // whose finding it left (a line comment, a disable below the first sentence, or one
            // enabled again before the end): said, or the finding would stay with no word why.
            if let used, !unknownRule, d.kind != .enable, used.contains(k), !left.isEmpty {
                out.append(DirectiveProblem(line: d.commentLine, column: d.column, message: "\(left.listed()) \(left.count == 1 ? "is" : "are") about the whole answer, so this comment does not hide \(left.count == 1 ? "it" : "them"); only a starlint-disable above the answer's first sentence, not enabled again, does"))
                continue
            }
            // A line comment that hid findings of some of the rules it names but none of
            // another's (`hid`: the rules of the findings each comment hid): that rule is named
            // for nothing on that line. Not for a rule that is off anyway or required (said
            // above), nor in a disable, which may name rules ahead of findings a rewrite brings.
            if let used, !unknownRule, d.kind == .disableLine || d.kind == .disableNextLine, used.contains(k) {
                let idle = zip(d.rules, ids).filter { _, id in
                    guard let id else { return false }
                    return !(hid[k]?.contains(id) ?? false) && !disabledRules.contains(id) && !required.contains(id)
                }.map(\.0)
                if !idle.isEmpty {
                    let what = d.rules.joined(separator: ", ")
                    let names = idle.map { $0.escapingControlCharacters }.joined(separator: ", ")
                    let place = d.kind == .disableNextLine ? "on the next line" : "on its line"
                    out.append(DirectiveProblem(line: d.commentLine, column: d.column, message: "'\(d.kind.rawValue) \(what)' hides no \(names) finding \(place); remove \(names) from it"))
                }
                continue
            }
            // A disable that hid nothing; not when its rules are off anyway (a shared config
            // may turn them on again).
            let rulesOff = !ids.isEmpty && zip(d.rules, ids).allSatisfy { disabledRules.contains($0.1 ?? $0.0) }
            if let used, !unknownRule, !rulesOff, d.kind != .enable, !used.contains(k) {
                let name = d.kind.rawValue
                let what = d.rules.isEmpty ? "" : " " + d.rules.joined(separator: ", ")
                let place = d.kind == .disable ? "after it" : d.kind == .disableNextLine ? "on the next line" : "on its line"
                // A disable below the first sentence naming a rule about the whole answer: say
                // where it has to go rather than to remove it.
                if d.kind == .disable, !left.isEmpty {
                    out.append(DirectiveProblem(line: d.commentLine, column: d.column, message: "'\(name)\(what)' hides no finding after it; \(left.listed()) \(left.count == 1 ? "is" : "are") about the whole answer, so only a starlint-disable above the answer's first sentence hides \(left.count == 1 ? "it" : "them")"))
                    continue
                }
                out.append(DirectiveProblem(line: d.commentLine, column: d.column, message: "'\(name)\(what)' hides no finding \(place); remove it"))
            }
        }
        return out.isEmpty ? nil : out
    }

    public static func contentHash(_ bytes: [UInt8]) -> String {
        XXH64.hex(bytes)
    }
}

/// Applies `<!-- starlint-disable ... -->` directives to findings.
///
/// `disable` and `enable` act from where the comment starts to the end of the answer (or the
/// next directive that changes them); `disable-next-line` covers findings that start on the
/// line after the comment, `disable-line` those that start on the comment's line. The
/// findings of `unsuppressible` rules are kept whatever the comments say. A finding of a
/// `wholeAnswer` rule (a part missing, the length) is about the whole answer, from `answerStart`
/// to `answerEnd`: no line comment hides it, only a `disable` in effect over all of it.
struct Suppressions {
    let directives: [SuppressionDirective]
    /// Rules never suppressed (the required ones).
    var unsuppressible: Set<String> = []
    /// Rules whose findings are about the whole answer (`RuleDescription.wholeAnswer`).
    var wholeAnswer: Set<String> = []
    /// Where the answer's text starts and ends (line, column): the first sentence's start and
    /// the last one's end.
    var answerStart = (line: 1, column: 1)
    var answerEnd = (line: Int.max, column: Int.max)

    /// The ranged directives' state at a point of the answer: the disable in effect for each
    /// rule, and a bare disable (all rules) with the rules enabled again after it.
    struct RangeState {
        var byRule: [String: Int] = [:]
        var all: Int?
        var exceptions: Set<String> = []

        /// Applies directive `k` (a `disable` or an `enable`) naming `rules` (none: all).
        mutating func apply(_ k: Int, _ kind: SuppressionDirective.Kind, _ rules: [String]) {
            if kind == .disable {
                if rules.isEmpty {
                    all = k
                    exceptions.removeAll()
                } else {
                    for r in rules { byRule[r] = k }
                    exceptions.subtract(rules)
                }
            } else if rules.isEmpty {
                all = nil
                byRule.removeAll()
                exceptions.removeAll()
            } else {
                for r in rules { byRule[r] = nil }
                if all != nil { exceptions.formUnion(rules) }
            }
        }

        /// The directive that disables `rule` here, if any.
        func disabling(_ rule: String) -> Int? { byRule[rule] ?? (all != nil && !exceptions.contains(rule) ? all : nil) }
    }

    /// Whether directive `d` acts at or before `line`:`column`.
    static func acts(_ d: SuppressionDirective, atOrBefore line: Int, _ column: Int) -> Bool {
        d.line < line || (d.line == line && d.column <= column)
    }

    /// The findings no directive suppresses, the indices of the directives that suppressed
    /// at least one, and the findings suppressed with the index of the directive that did it.
    ///
    /// One sweep: the findings in (line, column) order meet the disables and enables in
    /// document order, carrying what is disabled; line-scoped directives are looked up by
    /// line. Linear in findings plus directives (a file of 19,000 enables took 46 s when each
    /// finding went through every directive). Whole-answer findings (a few per answer) are
    /// checked against the ranged directives on their own.
    func apply(_ findings: [Finding]) -> (kept: [Finding], used: Set<Int>, suppressed: [(Finding, Int)]) {
        guard !directives.isEmpty, !findings.isEmpty else { return (findings, [], []) }
        let resolved = directives.map { $0.rules.map { RuleNames.resolve($0) ?? $0 } }
        // Per line, the first line-scoped directive for all rules and the first for each rule.
        var byLine: [Int: (all: Int?, rules: [String: Int])] = [:]
        var ranged: [Int] = []
        for (k, d) in directives.enumerated() {
            switch d.kind {
            case .disableNextLine, .disableLine:
                let line = d.kind == .disableNextLine ? d.line + 1 : d.line
                var entry = byLine[line] ?? (nil, [:])
                if resolved[k].isEmpty {
                    if entry.all == nil { entry.all = k }
                } else {
                    for r in resolved[k] where entry.rules[r] == nil { entry.rules[r] = k }
                }
                byLine[line] = entry
            case .disable, .enable: ranged.append(k)
            case .unknown, .unclosed: break
            }
        }
        let order = findings.indices.sorted { a, b in
            findings[a].line != findings[b].line ? findings[a].line < findings[b].line : findings[a].column < findings[b].column
        }
        var state = RangeState()
        var next = 0
        var suppressedBy = [Int?](repeating: nil, count: findings.count)
        var used: Set<Int> = []
        for fi in order {
            let f = findings[fi]
            if unsuppressible.contains(f.rule) { continue }
            if wholeAnswer.contains(f.rule) {
                if let by = disabledOverWholeAnswer(f.rule, ranged: ranged, resolved: resolved) {
                    suppressedBy[fi] = by
                    used.insert(by)
                }
                continue
            }
            while next < ranged.count {
                let k = ranged[next]
                guard Self.acts(directives[k], atOrBefore: f.line, f.column) else { break }
                state.apply(k, directives[k].kind, resolved[k])
                next += 1
            }
            var by: Int?
            if let entry = byLine[f.line] {
                // The earlier of the two, as directives apply in document order.
                switch (entry.all, entry.rules[f.rule]) {
                case let (a?, r?): by = min(a, r)
                case let (a, r): by = a ?? r
                }
            }
            if by == nil { by = state.disabling(f.rule) }
            if let by {
                suppressedBy[fi] = by
                used.insert(by)
            }
        }
        var kept: [Finding] = []
        kept.reserveCapacity(findings.count)
        var suppressed: [(Finding, Int)] = []
        for (k, f) in findings.enumerated() {
            if let by = suppressedBy[k] { suppressed.append((f, by)) } else { kept.append(f) }
        }
        return (kept, used, suppressed)
    }

    /// The `disable` that keeps `rule` off from the answer's start to its end with no break
    /// (the one in effect at the start), if any.
    func disabledOverWholeAnswer(_ rule: String, ranged: [Int], resolved: [[String]]) -> Int? {
        var state = RangeState()
        var i = 0
        while i < ranged.count, Self.acts(directives[ranged[i]], atOrBefore: answerStart.line, answerStart.column) {
            state.apply(ranged[i], directives[ranged[i]].kind, resolved[ranged[i]])
            i += 1
        }
        guard let atStart = state.disabling(rule) else { return nil }
        while i < ranged.count, Self.acts(directives[ranged[i]], atOrBefore: answerEnd.line, answerEnd.column) {
            state.apply(ranged[i], directives[ranged[i]].kind, resolved[ranged[i]])
            if state.disabling(rule) == nil { return nil }
            i += 1
        }
        return atStart
    }
}

/// Strict UTF-8 validation over bytes.
enum UTF8Check {
    /// 3 when `bytes` open with a UTF-8 byte-order mark (EF BB BF), else 0: where the text starts.
    static func byteOrderMarkLength(_ bytes: [UInt8]) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// Whether any byte is 0 (eight bytes at a time).
    static func containsZero(_ b: [UInt8]) -> Bool {
        b.withUnsafeBytes { raw in
            let n = raw.count
            var i = 0
            while i + 8 <= n {
                let v = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080 != 0 { return true }
                i += 8
            }
            while i < n {
                if raw[i] == 0 { return true }
                i += 1
            }
            return false
        }
    }

    static func firstInvalid(_ b: [UInt8], from: Int) -> Int? {
        var i = from
        let n = b.count
        while i < n {
            // Runs of ASCII, eight bytes at a time.
            while i + 8 <= n, b.withUnsafeBytes({ $0.loadUnaligned(fromByteOffset: i, as: UInt64.self) }) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            }
            if i >= n { break }
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            let len: Int
            var minScalar: UInt32
            if c & 0xE0 == 0xC0 { len = 2; minScalar = 0x80 }
            else if c & 0xF0 == 0xE0 { len = 3; minScalar = 0x800 }
            else if c & 0xF8 == 0xF0 { len = 4; minScalar = 0x10000 }
            else { return i }
            if i + len > n { return i }
            var s = UInt32(c) & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07)
            for k in 1..<len {
                let cc = b[i + k]
                if cc & 0xC0 != 0x80 { return i }
                s = (s << 6) | UInt32(cc & 0x3F)
            }
            if s < minScalar || s > 0x10FFFF || (s >= 0xD800 && s <= 0xDFFF) { return i }
            i += len
            _ = minScalar
            minScalar = 0
        }
        return nil
    }
}

/// Phrases looked for in a question, in any case. An ASCII question (nearly all of them) is
/// searched byte by byte, comparing the phrases only where one of them could start: for ASCII
/// text `lowercased()` is the ASCII mapping and a match of these phrases (no CR or LF in them)
/// sits on Character boundaries, so the answer is the same as the `String` search, at a
/// fraction of its cost (it ran for every answer with a question).
struct QuestionPhrases: Sendable {
    let phrases: [String]
    let bytes: [[UInt8]]
    /// Bytes that, ASCII lower-cased, are the first byte of a phrase.
    let starts: [Bool]

    init(_ phrases: [String]) {
        self.phrases = phrases
        bytes = phrases.map { Array($0.utf8) }
        let firsts = Set(bytes.compactMap(\.first))
        starts = (0..<256).map { v in
            let c = UInt8(v)
            return firsts.contains((c >= 0x41 && c <= 0x5A) ? c | 0x20 : c)
        }
    }

    func matches(_ question: String) -> Bool {
        if let ascii = matchesASCII(question) { return ascii }
        let q = question.lowercased()
        return phrases.contains { q.contains($0) }
    }

    /// `matches` for an all-ASCII question; nil when the question has other characters.
    func matchesASCII(_ question: String) -> Bool? {
        var q = question
        return q.withUTF8 { b -> Bool? in
            for c in b where c >= 0x80 { return nil }
            let n = b.count
            var i = 0
            while i < n {
                if starts[Int(b[i])] {
                    let c0 = b[i]
                    let first = (c0 >= 0x41 && c0 <= 0x5A) ? c0 | 0x20 : c0
                    for p in bytes where p.first == first && i + p.count <= n {
                        var k = 1
                        while k < p.count {
                            let c = b[i + k]
                            if ((c >= 0x41 && c <= 0x5A) ? c | 0x20 : c) != p[k] { break }
                            k += 1
                        }
                        if k == p.count { return true }
                    }
                }
                i += 1
            }
            return false
        }
    }
}
