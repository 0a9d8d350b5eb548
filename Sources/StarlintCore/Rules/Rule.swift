#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a rule is, what it checks, and examples that show it firing and not firing.
public struct RuleDescription: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var severity: Severity
    public var description: String
    /// Answers (or answer fragments) on which the rule must fire.
    public var triggeringExamples: [String]
    /// Answers on which the rule must stay silent.
    public var nonTriggeringExamples: [String]
    /// A finding about the whole answer (a part missing, its length, its balance), placed at
    /// a sentence only to have a place: no comment on that line hides it, only a
    /// `starlint-disable` in effect over the whole answer (`Suppressions`).
    public var wholeAnswer = false
    /// Whether the rubric takes points for it: `spelling` is reported but costs nothing (its
    /// rubric line gives 0 points; a test holds the two together), and the score report says
    /// so instead of looking for a cap.
    public var scored = true
}

/// A check over an analysed answer.
public protocol Rule: Sendable {
    var description: RuleDescription { get }
    func check(_ context: RuleContext) -> [Finding]
}

/// Everything a rule may read: the parsed answer, its labels, the lexicons and settings.
public struct RuleContext: Sendable {
    public let input: AnalysisInput
    public let labels: [LabelPrediction]
    public let lexicon: Lexicon
    public let settings: AnalysisSettings
    public let hypotheticalQuestion: Bool
    /// Whether the question is known (front matter, `--question`, practice) and asks for a
    /// past example: never a "what would you do" one (`Analyzer.asksForPastExample`).
    public let pastExampleQuestion: Bool
    /// Whether the question asks where the candidate wants their career to go ("Where do you
    /// see yourself in five years?", `Analyzer.isAimsQuestion`): the answer's Result is what
    /// the steps towards the aim have achieved so far.
    public var aimsQuestion = false
    /// Whether the answer's question is known at all (front matter, `--question`, practice).
    public var questionKnown = false
    /// A career-aims question answered without part labels: a missing Result is asked for as
    /// progress towards the aim (under part labels, the labels say where it would go).
    var aimsWithoutPartLabels: Bool { aimsQuestion && !input.hasPartLabels }
    /// Whether the question asks for a time in the past in so many words ("a time you", "an
    /// occasion", "a setback"): a career-aims question that does is asking for a story, not a plan.
    public var asksForPastTime = false
    /// Severity to report for the rule being run.
    var severity: Severity = .warning
    /// Sentence indices per label (by `StarLabel.index`), gathered once for all rules.
    private let byLabel: [[Int]]
    /// Token ranges inside double quotes, short single quotes and inline code (`quotedTokens`,
    /// `singleQuotedTokens`, `inlineCodeTokens`), merged and sorted once for all rules.
    let quoted: [Range<Int32>]
    /// Sentences that repeat an earlier one, with its index (`repeatedSentences`), found once
    /// for `repeated-sentence` and `length`.
    let repeats: [(sentence: Int, first: Int)]

    init(input: AnalysisInput, labels: [LabelPrediction], lexicon: Lexicon, settings: AnalysisSettings, hypotheticalQuestion: Bool,
         pastExampleQuestion: Bool = false, quantifiedModel: QuantifiedModel? = nil, repeats: [(sentence: Int, first: Int)]? = nil) {
        self.input = input
        self.labels = labels
        self.lexicon = lexicon
        self.settings = settings
        self.hypotheticalQuestion = hypotheticalQuestion
        self.pastExampleQuestion = pastExampleQuestion
        var byLabel: [[Int]] = [[], [], [], [], []]
        for k in labels.indices { byLabel[labels[k].label.index].append(k) }
        self.byLabel = byLabel
        quoted = Self.merged(Self.quotedTokens(input.document) + Self.singleQuotedTokens(input.document) + Self.inlineCodeTokens(input.document))
        // (Found once by the analyzer, which gives repeats their first copy's label.)
        self.repeats = repeats ?? Self.repeatedSentences(input, minWords: Int(lexicon.rubric.value("repeat.min-words", default: 5)))
        let hasResult = !byLabel[StarLabel.result.index].isEmpty
        let minProbability = lexicon.rubric.value("quantified.result-probability", default: 0.2)
        let byFacts = Self.quantifiedResult(input, labels, hasResult: hasResult, minProbability: minProbability)
        if let model = quantifiedModel, hasResult {
            let (p, best) = model.probability(input, labels, ruleFires: byFacts != nil, minProbability: minProbability,
                                              numberWords: lexicon.numberWords)
            if let k = byFacts {
                quantifiedProbability = p
                quantifiedVetoed = p < lexicon.rubric.value("quantified.model-veto", default: 0.12)
                quantifiedResultSentence = quantifiedVetoed ? nil : k
            } else {
                quantifiedVetoed = false
                // A sentence whose only figures are time the writer put in ("over the next two
                // months I put in about 50 hours") is effort, not an outcome, whatever the
                // model's words say: it is set aside and the model asked again without it.
                let rescue = lexicon.rubric.value("quantified.model-rescue", default: 0.6)
                var (p, best) = (p, best)
                var masked = labels
                while p >= rescue, let b = best, Self.effortOnly(input, b, numberWords: lexicon.numberWords) {
                    masked[b] = LabelPrediction(label: .other, confidence: 1, resultProbability: 0)
                    (p, best) = model.probability(input, masked, ruleFires: false, minProbability: minProbability, numberWords: lexicon.numberWords)
                    quantifiedEffort = quantifiedEffort ?? b
                }
                quantifiedProbability = p
                quantifiedResultSentence = p >= rescue ? best : nil
            }
        } else {
            quantifiedProbability = nil
            quantifiedVetoed = false
            quantifiedResultSentence = byFacts
        }
        // A before and an after figure in one Result sentence, as "used to ... now ..." tells
        // them ("We used to spend nearly an hour on the feed, and now it takes 25 minutes"):
        // a measured change the facts (which the models are trained on) do not read.
        if quantifiedResultSentence == nil, !quantifiedVetoed {
            quantifiedResultSentence = byLabel[StarLabel.result.index].first { Self.usedToThenNow(input, $0, numberWords: lexicon.numberWords) }
        }
    }

    static let effortVerbs: Set<UInt64> = Set(["spent", "spend", "spending", "worked", "working", "devoted", "dedicated", "invested",
                                                "logged", "volunteered", "put"].map { normalizedHash($0) })
    static let effortUnitNames = FactHashes.timeUnitWords + ["shift", "night", "evening", "weekend", "afternoon", "morning", "session"]
    static let effortUnits: Set<UInt64> = Set(effortUnitNames.flatMap { [$0, $0 + "s"] }.map { normalizedHash($0) })
    /// A plural unit's hash to its singular's ("hours" -> "hour").
    static let effortUnitSingular: [UInt64: UInt64] = Dictionary(uniqueKeysWithValues: effortUnitNames.map { (normalizedHash($0 + "s"), normalizedHash($0)) })
    /// Words that make a span of time a comparison or an outcome ("50 hours less", "two weeks
    /// early", "200 days without an accident", "saved 50 hours").
    static let effortBlockers: Set<UInt64> = Set(["less", "fewer", "more", "than", "instead", "faster", "quicker", "sooner", "earlier", "early",
                                                  "ahead", "saved", "save", "saving", "savings", "down", "cut", "reduced", "halved", "doubled",
                                                  "half", "without", "zero", "no", "none", "only", "under", "from", "since", "record", "now", "nowadays",
                                                  "used", "previously", "before", "rather", "against", "whereas", "compared", "versus", "vs", "last", "previous",
                                                  "back", "late", "slipped", "delayed", "overdue"]
        .map { normalizedHash($0) })

    /// Whether sentence `k` states effort, not an outcome: a verb of putting time in ("spent",
    /// "put in", "worked", "devoted", ...), at least one figure, every figure a span of time
    /// (a number or number word with "hours", "weeks", "weekends" ... at most two tokens
    /// after it; years aside) and no unit twice, and no word of comparison or outcome
    /// ("less", "early", "saved", "without", "versus", "back", ...) nor a change verb.
    static func effortOnly(_ input: AnalysisInput, _ k: Int, numberWords: HashKeySet) -> Bool {
        let doc = input.document, range = doc.sentences[k].tokens
        guard input.facts[k].changeWords == 0 else { return false }
        var verb = false, figures = 0
        // The units met so far, each by its singular's hash: one met twice is two spans
        // compared ("40 hours in March and 12 hours in May"), not effort.
        var units: Set<UInt64> = []
        for i in range {
            let t = doc.tokens[i]
            if effortBlockers.contains(t.hash) { return false }
            if effortVerbs.contains(t.hash) { verb = true }
            let isFigure = (t.kind == .number && !t.flags.contains(.year)) || (t.kind == .word && numberWords.contains(t.hash))
            guard isFigure else { continue }
            guard let u = (1...2).lazy.map({ i + $0 }).first(where: { $0 < range.upperBound && effortUnits.contains(doc.tokens[$0].hash) }) else { return false }
            guard units.insert(effortUnitSingular[doc.tokens[u].hash] ?? doc.tokens[u].hash).inserted else { return false }
            figures += 1
        }
        return verb && figures > 0
    }

    static let used = normalizedHash("used"), to = normalizedHash("to")
    static let nowWords: Set<UInt64> = Set(["now", "nowadays", "today"].map { normalizedHash($0) })
    static let countWords: Set<UInt64> = Set(["once", "twice", "half", "none", "nobody", "nothing", "zero"].map { normalizedHash($0) })
    static let unitWords: Set<UInt64> = Set((FactHashes.timeUnitWords + ["dozen", "hundred", "thousand"]).map { normalizedHash($0) })

    /// Whether sentence `k` says "used to" with a figure, then "now" ("nowadays", "today")
    /// with another: a digit, a number word, "once", "twice", "half", "none", or "a"/"an"
    /// before a unit of time ("an hour").
    static func usedToThenNow(_ input: AnalysisInput, _ k: Int, numberWords: HashKeySet) -> Bool {
        let doc = input.document, range = doc.sentences[k].tokens
        func isFigure(_ i: Int) -> Bool {
            let t = doc.tokens[i]
            if t.kind == .number || numberWords.contains(t.hash) || countWords.contains(t.hash) { return true }
            return FactHashes.shared.articles.contains(t.hash) && i + 1 < range.upperBound && unitWords.contains(doc.tokens[i + 1].hash)
        }
        var usedAt: Int?, nowAt: Int?, before = false
        for i in range {
            let h = doc.tokens[i].hash
            if usedAt == nil {
                if h == used, i + 1 < range.upperBound, doc.tokens[i + 1].hash == to { usedAt = i + 1 }
            } else if nowAt == nil {
                if nowWords.contains(h) { nowAt = i } else if isFigure(i) { before = true }
            } else if before, isFigure(i) {
                return true
            }
        }
        return false
    }

    /// The sentence that makes the Result quantified: the first that states a measured change
    /// and is labelled Result, or, in an answer that has a Result, is one with posterior
    /// probability at least `minProbability`. A result told first ("Pass rates went from half
    /// to three quarters last year, ...") is often labelled Situation by a small margin, yet it
    /// is the figure the answer offers.
    ///
    /// With a quantified-result model (`QuantifiedModel`), that sentence stands unless the
    /// model's probability is below `quantified.model-veto`; when the facts find no such
    /// sentence, the one the model's features point to counts if the probability reaches
    /// `quantified.model-rescue`. Failing both, a Result sentence with a figure after "used
    /// to" and another after "now" (`usedToThenNow`) counts.
    private(set) var quantifiedResultSentence: Int?
    /// The quantified-result model's probability (nil: no model, or no Result).
    let quantifiedProbability: Double?
    /// Whether the model overruled a change the sentence facts found.
    let quantifiedVetoed: Bool
    /// The sentence the model would have counted as the quantified Result but that only
    /// states time put in (`effortOnly`), set aside.
    private(set) var quantifiedEffort: Int?

    static func quantifiedResult(_ input: AnalysisInput, _ labels: [LabelPrediction], hasResult: Bool, minProbability: Double) -> Int? {
        guard hasResult else { return nil }
        return labels.indices.first { k in
            (labels[k].label == .result || labels[k].resultProbability >= minProbability) && input.facts[k].quantifiesChange
        }
    }

    public var document: Document { input.document }

    func sentences(_ label: StarLabel) -> [Int] {
        byLabel[label.index]
    }

    /// The question asks what you would do and the answer gives a plan (an Action sentence
    /// that is one, or Action sentences told mostly in the present: "First I talk with each
    /// person ...", as many non-native speakers state a plan): the question set the scene, and
    /// the outcome can only be expected.
    var isPlanForWhatWouldYouDo: Bool {
        guard hypotheticalQuestion else { return false }
        let actions = sentences(.action)
        let present = actions.filter { !input.facts[$0].hasPast }.count
        return actions.contains { input.facts[$0].planModal } || 2 * present > actions.count
    }

    func words(_ label: StarLabel) -> Int {
        var n = 0
        for k in labels.indices where labels[k].label == label { n += input.facts[k].words }
        return n
    }

    var totalWords: Int { input.facts.reduce(0) { $0 + $1.words } }

    func span(sentence k: Int) -> SourceSpan { document.sentences[k].span }

    /// Span of the whole answer.
    var answerSpan: SourceSpan {
        guard let f = document.sentences.first, let l = document.sentences.last else {
            return SourceSpan(line: 1, column: 1, endLine: 1, endColumn: 1)
        }
        return SourceSpan(line: f.span.line, column: f.span.column, endLine: l.span.endLine, endColumn: l.span.endColumn)
    }

    /// Lexicon matches of `category` in sentence `k`, skipping allowed words.
    /// Each match of `category` in sentence `k` that a rule reports: not overlapping an
    /// earlier one, not inside `quoted`, not an allowed phrase.
    @inline(__always)
    private func forEachMatch(_ category: PhraseCategory, in k: Int, outside quoted: [Range<Int32>], _ body: (PhraseMatch, PhraseEntry) -> Void) {
        let range = input.facts[k].matches
        guard !range.isEmpty else { return }
        let entries = lexicon.phrases.entries
        var lastEnd: Int32 = -1
        input.matches.withUnsafeBufferPointer { matches in
            for i in range {
                let m = matches[i]
                // Test the category before copying the entry (its strings and arrays).
                guard entries[Int(m.entry)].category == category, m.start >= lastEnd else { continue }
                if !quoted.isEmpty, Self.covers(quoted, m.start) { continue }
                let e = entries[Int(m.entry)]
                if lexicon.allows(e) { continue }
                body(m, e)
                lastEnd = m.end
            }
        }
    }

    /// `ranges` sorted and with overlapping ones joined, so that `covers` can search them.
    static func merged(_ ranges: [Range<Int32>]) -> [Range<Int32>] {
        guard ranges.count > 1 else { return ranges }
        var out: [Range<Int32>] = []
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where !r.isEmpty {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }

    /// Whether one of `ranges` (sorted, disjoint: `merged`) holds token `t`: a binary search, so
    /// an answer with thousands of quotations is not searched once per match.
    static func covers(_ ranges: [Range<Int32>], _ t: Int32) -> Bool {
        var lo = 0, hi = ranges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ranges[mid].upperBound <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo < ranges.count && ranges[lo].contains(t)
    }

    /// Each match with its token range, span and words as written ("I think", not the
    /// lexicon's "i think").
    func matchesWithTokens(_ category: PhraseCategory, in k: Int, outside quoted: [Range<Int32>] = []) -> [(PhraseEntry, Range<Int>, SourceSpan, String)] {
        var out: [(PhraseEntry, Range<Int>, SourceSpan, String)] = []
        forEachMatch(category, in: k, outside: quoted) { m, e in
            let tokens = Int(m.start)..<Int(m.end)
            out.append((e, tokens, input.document.span(ofTokens: tokens), input.document.visibleText(ofTokens: tokens)))
        }
        return out
    }

    /// `matchesWithTokens` without the token ranges.
    func matches(_ category: PhraseCategory, in k: Int, outside quoted: [Range<Int32>] = []) -> [(PhraseEntry, SourceSpan, String)] {
        matchesWithTokens(category, in: k, outside: quoted).map { ($0.0, $0.2, $0.3) }
    }

    /// Token ranges inside double quotes (`"..."`, `“...”`): someone else's words ("I think
    /// you're basically stealing from me," she said), which are not the writer's fillers or
    /// hedges. A quote must close in its paragraph; one left open is not a quote, so a stray
    /// inch mark (a 5" screen) hides nothing.
    static func quotedTokens(_ doc: Document) -> [Range<Int32>] {
        // Most answers have no double quote at all: one pass over the bytes says so.
        let hasQuote = doc.bytes.withUnsafeBufferPointer { p -> Bool in
            guard let base = p.baseAddress, !p.isEmpty else { return false }
            if memchr(base, 0x22, p.count) != nil { return true }
            var k = 0
            while k + 2 < p.count, let hit = memchr(base + k, 0xE2, p.count - k) {
                k = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if k + 2 < p.count, p[k + 1] == 0x80, p[k + 2] == 0x9D { return true }
                k += 1
            }
            return false
        }
        guard hasQuote else { return [] }
        var out: [Range<Int32>] = []
        var open: Int32 = -1
        var paragraph = -1
        for s in doc.sentences {
            if s.paragraph != paragraph {
                open = -1
                paragraph = s.paragraph
            }
            for i in s.tokens where doc.tokens[i].kind == .punctuation {
                guard let mark = doc.quoteMark(doc.tokens[i]) else { continue }
                if open < 0, mark != .closing { open = Int32(i) + 1 } else if open >= 0, mark != .opening { out.append(open..<Int32(i)); open = -1 }
            }
        }
        return out
    }

    /// Words an apostrophe stands before in place of dropped letters ("'cause", "'em").
    static let elisions: Set<UInt64> = Set(["cause", "cos", "coz", "til", "till", "em", "n", "tis", "twas", "bout", "round", "nuff", "kay", "cept", "fraid", "specially"].map { normalizedHash($0) })

    /// Token ranges of one to four words in single quotes (`a 'maybe' pile`, `‘kind of’`): a
    /// word named, not used. Longer spans count only as reported speech, after a verb of
    /// saying (`reportedSpeechEnd`): a single quote is also an apostrophe ("the students'
    /// rota"), so otherwise only a short quote that opens after a space and closes right after
    /// a word, before no letter, counts.
    static func singleQuotedTokens(_ doc: Document) -> [Range<Int32>] {
        let b = doc.bytes
        func opening(_ t: Token) -> Bool {
            let s = Int(t.start)
            guard b[s] == 0x27 || (t.end - t.start == 3 && b[s] == 0xE2 && b[s + 1] == 0x80 && b[s + 2] == 0x98) else { return false }
            return s == 0 || b[s - 1] == 0x20 || b[s - 1] == 0x0A || b[s - 1] == 0x09 || b[s - 1] == 0x28
        }
        func closing(_ t: Token) -> Bool { closesSingleQuote(doc, t) }
        var out: [Range<Int32>] = []
        for (k, s) in doc.sentences.enumerated() {
            var i = s.tokens.lowerBound
            while i < s.tokens.upperBound {
                defer { i += 1 }
                guard doc.tokens[i].kind == .punctuation, opening(doc.tokens[i]) else { continue }
                // An apostrophe that drops letters opens nothing: "'90s", "'cause", "'em".
                if i + 1 < s.tokens.upperBound {
                    let next = doc.tokens[i + 1]
                    if next.kind == .number || Self.elisions.contains(next.hash) || (b[Int(next.start)] >= 0x30 && b[Int(next.start)] <= 0x39) { continue }
                }
                // Reported speech, as British writing quotes it: after a verb of saying, to its
                // closing quote however far (past a plural's apostrophe, 'the agents' rota', when
                // the quote closes later in that sentence).
                if let end = reportedSpeechEnd(doc, opening: i, sentence: k) {
                    out.append(Int32(i + 1)..<Int32(end))
                    continue
                }
                // Otherwise up to four words, commas between them allowed ('maybe, probably').
                var j = i + 1, words = 0
                while j < s.tokens.upperBound, words <= 4 {
                    let t = doc.tokens[j]
                    if t.kind == .word || t.kind == .number { words += 1 } else if !(t.kind == .punctuation && t.flags.contains(.comma)) { break }
                    j += 1
                }
                guard (1...4).contains(words), j < s.tokens.upperBound, doc.tokens[j].kind == .punctuation, doc.tokens[j - 1].kind != .punctuation,
                      doc.tokens[j].start == doc.tokens[j - 1].end, closing(doc.tokens[j]) else { continue }
                out.append(Int32(i + 1)..<Int32(j))
                i = j
            }
        }
        return out
    }

    /// Whether token `t` is a single quote mark (' or ’) with no letter right after it: one
    /// that can close a quotation ("'maybe' pile"), not an apostrophe inside a word.
    static func closesSingleQuote(_ doc: Document, _ t: Token) -> Bool {
        let e = Int(t.end), b = doc.bytes
        return doc.isSingleQuote(t) && (e >= b.count || !(isASCIILetter(b[e]) || b[e] >= 0xC0))
    }

    /// Verbs that put someone's words in quotes ("she said 'I can't cope'"), and the object
    /// pronouns after "told" / "asked" ("he told me 'leave it'").
    static let sayingVerbs: Set<UInt64> = Set(["said", "says", "say", "saying", "asked", "asks", "replied", "replies", "answered", "wrote", "writes",
                                               "added", "explained", "shouted", "yelled", "snapped", "went", "goes", "like", "texted", "emailed"]
        .map { normalizedHash($0) })
    static let toldVerbs: Set<UInt64> = Set(["told", "tells", "asked", "asks", "texted", "emailed"].map { normalizedHash($0) })
    static let objectPronouns: Set<UInt64> = Set(["me", "us", "him", "her", "them"].map { normalizedHash($0) })

    /// Where reported speech in single quotes ends: for a quote opening at token `opening` right
    /// after a verb of saying (a comma or colon between them allowed: "She said, 'I basically
    /// can't cope ...'"), the index of the first single quote later in the paragraph that
    /// closes it (touching the word or stop before it, no letter after it; one that may be a
    /// plural's apostrophe, "the agents' rota", closes it unless another does later in its
    /// sentence). Nil when the quote has no such verb before it or does not close within 150
    /// tokens.
    static func reportedSpeechEnd(_ doc: Document, opening i: Int, sentence k: Int) -> Int? {
        let toks = doc.tokens, b = doc.bytes, s = doc.sentences[k]
        var p = i - 1
        guard p >= s.tokens.lowerBound else { return nil }
        if toks[p].kind == .punctuation, toks[p].flags.contains(.comma) || b[Int(toks[p].start)] == 0x3A { p -= 1 }
        guard p >= s.tokens.lowerBound, toks[p].kind == .word else { return nil }
        let said = sayingVerbs.contains(toks[p].hash)
            || (objectPronouns.contains(toks[p].hash) && p > s.tokens.lowerBound && toldVerbs.contains(toks[p - 1].hash))
        guard said else { return nil }
        // A quote mark after a word in "s" before a lower-case word may be a plural's apostrophe
        // ("the agents' rota") or the close ("she said 'yes' and left"): it is passed over only
        // for a close later in the same sentence, never for one in a later sentence.
        var pluralAt: Int?
        var m = k
        while m < doc.sentences.count, doc.sentences[m].paragraph == s.paragraph {
            if let p = pluralAt { return p }
            for j in doc.sentences[m].tokens where j > i + 1 {
                if j - i > 150 { return pluralAt }
                let t = toks[j]
                guard t.kind == .punctuation, t.start == toks[j - 1].end, closesSingleQuote(doc, t) else { continue }
                let e = Int(t.end)
                let before = toks[j - 1]
                let plural = before.kind == .word && b[Int(before.end) - 1] | 0x20 == 0x73
                    && e + 1 < b.count && b[e] == 0x20 && b[e + 1] >= 0x61 && b[e + 1] <= 0x7A
                if !plural { return j }
                if pluralAt == nil { pluralAt = j }
            }
            m += 1
        }
        return pluralAt
    }

    /// Token ranges inside inline code (`` `like this` ``): a name or a command, not the
    /// writer's filler or hedge. A span opens with a run of backticks and closes with the next
    /// run of the same length in its paragraph (a blank line ends it unclosed).
    static func inlineCodeTokens(_ doc: Document) -> [Range<Int32>] {
        let b = doc.bytes
        guard b.withUnsafeBufferPointer({ p in p.baseAddress.map { memchr($0, 0x60, p.count) != nil } ?? false }) else { return [] }
        // Byte ranges of the spans' contents.
        var spans: [Range<Int>] = []
        var i = 0, open = -1, openLength = 0
        var lineBlank = true
        while i < b.count {
            let c = b[i]
            if c == 0x0A {
                if lineBlank { open = -1 }  // a blank line: the paragraph ends
                lineBlank = true
                i += 1
                continue
            }
            if c != 0x20, c != 0x09, c != 0x0D { lineBlank = false }
            guard c == 0x60 else { i += 1; continue }
            var j = i
            while j < b.count, b[j] == 0x60 { j += 1 }
            if open < 0 {
                open = j
                openLength = j - i
            } else if j - i == openLength {
                spans.append(open..<i)
                open = -1
            }
            i = j
        }
        guard !spans.isEmpty else { return [] }
        // Tokens are in byte order: each span's tokens are a run of them.
        var out: [Range<Int32>] = []
        let toks = doc.tokens
        var t = 0
        for span in spans {
            while t < toks.count, Int(toks[t].start) < span.lowerBound { t += 1 }
            var e = t
            while e < toks.count, Int(toks[e].end) <= span.upperBound { e += 1 }
            if e > t { out.append(Int32(t)..<Int32(e)) }
            t = e
        }
        return out
    }

    /// Words in the phrases of `categories` that `matches` would return (outside `quoted`),
    /// counted without building their spans and texts.
    /// Sentences in `skipping` are not counted.
    func matchedWords(_ categories: [PhraseCategory], outside quoted: [Range<Int32>] = [], skipping: Set<Int> = []) -> Int {
        var n = 0
        for k in document.sentences.indices where !input.facts[k].matches.isEmpty && (skipping.isEmpty || !skipping.contains(k)) {
            for category in categories { forEachMatch(category, in: k, outside: quoted) { _, e in n += e.wordCount } }
        }
        return n
    }

    func finding(_ id: String, _ message: String, _ span: SourceSpan, suggestion: String? = nil, weight: Double? = nil, credit: Double? = nil) -> Finding {
        Finding(rule: id, severity: severity, message: message, span: span, suggestion: suggestion, weight: weight, credit: credit)
    }
}

/// All built-in rules, in report order.
public enum RuleRegistry {
    public static let all: [any Rule] = [
        MissingPartRule(part: .situation),
        MissingPartRule(part: .task),
        MissingPartRule(part: .action),
        MissingPartRule(part: .result),
        ResultNotQuantifiedRule(),
        VagueResultRule(),
        PhraseRule.filler,
        PhraseRule.hedge,
        WeakVerbRule(),
        StockPhraseRule(),
        PhraseRule.jargon,
        SpellingRule(),
        OwnershipRule(),
        HypotheticalRule(),
        LengthRule(),
        BalanceRule(),
        LongSentenceRule(),
        RepeatedSentenceRule(),
    ]

    public static func rule(id: String) -> (any Rule)? { all.first { $0.description.id == id } }
    public static var ids: [String] { all.map(\.description.id) }
    /// Rules whose findings are about the whole answer (`RuleDescription.wholeAnswer`).
    public static let wholeAnswer: Set<String> = Set(all.filter(\.description.wholeAnswer).map(\.description.id))
}
