import StarlintCore

/// What changed between two saved attempts (`starlint diff`).
public struct AttemptDiff: Sendable, Codable, Equatable {
    /// A sentence found in both attempts (same text) with a different label.
    public struct LabelChange: Sendable, Codable, Equatable {
        public var text: String
        public var from: StarLabel
        public var to: StarLabel

        public init(text: String, from: StarLabel, to: StarLabel) {
            self.text = text
            self.from = from
            self.to = to
        }
    }

    /// A finding in both attempts whose figures changed ("too short: 40 words" then "too
    /// short: 82 words"): the same finding, still there, but moving.
    public struct FindingChange: Sendable, Codable, Equatable {
        public var rule: String
        public var from: String
        public var to: String

        public init(rule: String, from: String, to: String) {
            self.rule = rule
            self.from = from
            self.to = to
        }
    }

    public var from: Int64
    public var to: Int64
    public var sameQuestion: Bool
    /// Each attempt's question: key (bank id, text, file path or "<stdin>") and text.
    public var fromQuestionKey: String
    public var fromQuestionText: String?
    public var toQuestionKey: String
    public var toQuestionText: String?
    /// The first attempt given was saved after the second: compared in the order given, so
    /// "fixed" reads backwards in time.
    public var reversed: Bool
    public var fromScore: Int
    public var toScore: Int
    public var scoreChange: Int
    /// Each score's band as it was saved (`ScoreBand`); nil for an attempt saved before
    /// starlint 0.23 or by a rubric without bands.
    public var fromBand: ScoreBand?
    public var toBand: ScoreBand?
    /// Every dimension, in rubric order.
    public var subscores: [DimensionChange]
    /// In the first attempt but not the second (matched by rule id and message, then by rule
    /// id and message without its figures: "too short: 82 words" is still "too short: 95 words").
    public var fixedFindings: [StoredFinding]
    /// In the second attempt but not the first.
    public var newFindings: [StoredFinding]
    /// In both, matched only once their figures are dropped, with a different message.
    public var changedFindings: [FindingChange]
    public var labelChanges: [LabelChange]
    /// Sentences of the first attempt found word for word in the second (those whose labels
    /// `labelChanges` compares); 0 when every sentence was rewritten.
    public var sentencesInCommon: Int
    /// Findings each attempt's starlint-disable comments suppressed (nil: saved before
    /// starlint 0.8). When the second hides more, some "fixed" findings may only be hidden.
    public var fromSuppressedFindings: Int?
    public var toSuppressedFindings: Int?

    /// Whether the second attempt's comments suppress more findings than the first's, so
    /// that some of `fixedFindings` may be hidden rather than fixed.
    public var fixedMayBeHidden: Bool { (toSuppressedFindings ?? 0) > (fromSuppressedFindings ?? 0) && !fixedFindings.isEmpty }
    /// The other way round: the earlier attempt hid more findings, so some "new" ones may only
    /// have been hidden before.
    public var newMayBeUnhidden: Bool { (fromSuppressedFindings ?? 0) > (toSuppressedFindings ?? 0) && !newFindings.isEmpty }

    public init(from a: StoredAttempt, to b: StoredAttempt) {
        from = a.id
        to = b.id
        sameQuestion = a.questionKey == b.questionKey
        fromQuestionKey = a.questionKey
        fromQuestionText = a.questionText
        toQuestionKey = b.questionKey
        toQuestionText = b.questionText
        reversed = a.date > b.date || (a.date == b.date && a.id > b.id)
        fromScore = a.score
        toScore = b.score
        scoreChange = b.score - a.score
        fromBand = a.band
        toBand = b.band
        subscores = StarlintCore.Dimension.allCases.map { DimensionChange(dimension: $0, from: a.subscores[$0], to: b.subscores[$0]) }
        fixedFindings = Self.unmatched(a.findings, against: b.findings, sentences: a.sentences, b.sentences)
        newFindings = Self.unmatched(b.findings, against: a.findings, sentences: b.sentences, a.sentences)
        changedFindings = Self.changed(a.findings, b.findings)
        fromSuppressedFindings = a.suppressedFindings
        toSuppressedFindings = b.suppressedFindings
        // Match sentences by text, in order, so a repeated sentence pairs with its own repeat
        // (each text's labels are taken from a moving start, not removed from the front: a
        // sentence pasted 25,000 times stays linear).
        var remaining: [String: (labels: [StarLabel], next: Int)] = [:]
        for s in b.sentences { remaining[s.text, default: ([], 0)].labels.append(s.label) }
        var changes: [LabelChange] = []
        var common = 0
        for s in a.sentences {
            guard let entry = remaining[s.text], entry.next < entry.labels.count else { continue }
            common += 1
            let other = entry.labels[entry.next]
            remaining[s.text]!.next += 1
            if other != s.label { changes.append(LabelChange(text: s.text, from: s.label, to: other)) }
        }
        labelChanges = changes
        sentencesInCommon = common
    }

    /// Findings of `list` with no counterpart left in `other`: first the same rule and
    /// message, then, among the rest, the same rule and message once its digits are dropped.
    ///
    /// With the attempts' sentences, findings with the same rule and message pair first with
    /// one in a sentence of the same text, at the same place in it: of two "filler 'basically'"
    /// where a rewrite deleted one, the one reported fixed is the one whose sentence changed,
    /// wherever the unchanged sentence moved to.
    public static func unmatched(_ list: [StoredFinding], against other: [StoredFinding],
                                 sentences: [StoredSentence] = [], _ otherSentences: [StoredSentence] = []) -> [StoredFinding] {
        var list = list, other = other
        if !sentences.isEmpty, !otherSentences.isEmpty {
            var texts: [String: Int] = [:]
            let la = anchors(list, sentences, texts: &texts), oa = anchors(other, otherSentences, texts: &texts)
            let (listLeft, otherLeft) = (unmatchedIndices(list.indices, la, against: other.indices, oa),
                                         unmatchedIndices(other.indices, oa, against: list.indices, la))
            list = listLeft.map { list[$0] }
            other = otherLeft.map { other[$0] }
        }
        let exact = unmatched(list, against: other) { $0.message }
        let otherLeft = unmatched(other, against: list) { $0.message }
        let loose = unmatched(exact, against: otherLeft, digitless)
        let otherLoose = unmatched(otherLeft, against: exact, digitless)
        let figures = unmatched(loose, against: otherLoose, beforeFigures)
        let otherFigures = unmatched(otherLoose, against: loose, beforeFigures)
        return unmatched(figures, against: otherFigures, sameIssue)
    }

    /// Rules that find one issue per answer whatever their message says: a Result with no
    /// measured change ("... ('ten days') describe scope" then "states no measurable change")
    /// is still the one issue, so `diff` shows it changed, not fixed and new. (Not `length`:
    /// too long then too short are two issues.)
    static let oncePerAnswer: Set<String> = ["result-not-quantified"]

    /// The rule alone for a rule in `oncePerAnswer`; otherwise the whole message, which must agree.
    static func sameIssue(_ f: StoredFinding) -> String { oncePerAnswer.contains(f.rule) ? "" : f.message + "\u{0}" }

    /// The message without its digits: "too short: 82 words" and "too short: 95 words" agree.
    static func digitless(_ f: StoredFinding) -> String { String(f.message.unicodeScalars.filter { !("0"..."9").contains($0) }) }

    /// The message up to its first figure, for messages with one: "answer is too short: 32
    /// words, 30 without filler and hedges, ..." and "answer is too short: 59 words, ..." agree
    /// although one names fillers; messages without figures ("filler 'so'") must agree whole.
    static func beforeFigures(_ f: StoredFinding) -> String {
        guard let k = f.message.unicodeScalars.firstIndex(where: { ("0"..."9").contains($0) }) else { return f.message + "\u{0}" }
        return String(f.message.unicodeScalars[..<k])
    }

    /// The findings of `a` and `b` left after exact matching that pair up once their digits
    /// are dropped, in `a`'s order, each with its two messages.
    public static func changed(_ a: [StoredFinding], _ b: [StoredFinding]) -> [FindingChange] {
        var aLeft = unmatchedPositions(a, against: b) { $0.message }, bLeft = unmatchedPositions(b, against: a) { $0.message }
        var out: [(index: Int, change: FindingChange)] = []
        // Pairs that agree without digits first, then those that agree up to their first figure,
        // then a rule's one finding per answer (`oncePerAnswer`). Each finding of `a`, in order,
        // takes the first of `b`'s left with its key: a queue per key, so thousands of
        // "repeats the sentence at line N" pair in linear time.
        for key in [digitless, beforeFigures, sameIssue] as [(StoredFinding) -> String] {
            var queues: [FindingKey: (items: [Int], next: Int)] = [:]
            for j in bLeft { queues[FindingKey(rule: b[j].rule, message: key(b[j])), default: ([], 0)].items.append(j) }
            var takenB = Set<Int>()
            var keptA: [Int] = []
            for i in aLeft {
                let k = FindingKey(rule: a[i].rule, message: key(a[i]))
                if let q = queues[k], q.next < q.items.count {
                    let j = q.items[q.next]
                    queues[k]!.next += 1
                    takenB.insert(j)
                    out.append((i, FindingChange(rule: a[i].rule, from: a[i].message, to: b[j].message)))
                } else {
                    keptA.append(i)
                }
            }
            aLeft = keptA
            bLeft = bLeft.filter { !takenB.contains($0) }
        }
        return out.sorted { $0.index < $1.index }.map(\.change)
    }

    /// Each finding's rule, message and place: the text of the sentence it starts in (the last
    /// that starts at or before it) and its line and column from that sentence's start. A
    /// finding before every sentence has none and pairs only by message.
    static func anchors(_ findings: [StoredFinding], _ sentences: [StoredSentence], texts: inout [String: Int]) -> [Anchor?] {
        let sentences = sentences.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        // Each sentence text as a number shared by both attempts, so an anchor holds no copy of
        // its sentence (an answer of one long sentence has thousands of findings in it).
        let ids = sentences.map { s -> Int in
            if let id = texts[s.text] { return id }
            texts[s.text] = texts.count
            return texts.count - 1
        }
        return findings.map { f in
            // Sentences are in file order: the last starting at or before the finding, by
            // binary search.
            var lo = 0, hi = sentences.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if (sentences[mid].line, sentences[mid].column) <= (f.line, f.column) { lo = mid + 1 } else { hi = mid }
            }
            guard lo > 0 else { return nil }
            let s = sentences[lo - 1]
            return Anchor(rule: f.rule, message: f.message, sentence: ids[lo - 1], line: f.line - s.line, column: f.line == s.line ? f.column - s.column : f.column)
        }
    }

    /// A finding's rule, message and place: its sentence's text (numbered) and its line and
    /// column from that sentence's start.
    struct Anchor: Hashable {
        var rule: String
        var message: String
        var sentence: Int
        var line: Int
        var column: Int
    }

    /// The indices of `list` whose anchor has no counterpart left among `other`'s.
    private static func unmatchedIndices(_ list: Range<Int>, _ anchors: [Anchor?], against other: Range<Int>, _ otherAnchors: [Anchor?]) -> [Int] {
        var pool: [Anchor: Int] = [:]
        for k in other { if let a = otherAnchors[k] { pool[a, default: 0] += 1 } }
        return list.filter { k in
            guard let a = anchors[k], let n = pool[a], n > 0 else { return true }
            pool[a] = n - 1
            return false
        }
    }

    /// A finding's rule and a text of it (its message, or the message read some looser way).
    struct FindingKey: Hashable { var rule: String; var message: String }

    private static func unmatched(_ list: [StoredFinding], against other: [StoredFinding], _ text: (StoredFinding) -> String) -> [StoredFinding] {
        unmatchedPositions(list, against: other, text).map { list[$0] }
    }

    /// The positions in `list`, in order, of the findings with no counterpart left in `other`
    /// by rule and `text`: each of `other`'s pairs with one of `list`'s, first come first.
    private static func unmatchedPositions(_ list: [StoredFinding], against other: [StoredFinding], _ text: (StoredFinding) -> String) -> [Int] {
        var pool: [FindingKey: Int] = [:]
        for f in other { pool[FindingKey(rule: f.rule, message: text(f)), default: 0] += 1 }
        return list.indices.filter { i in
            let k = FindingKey(rule: list[i].rule, message: text(list[i]))
            if let n = pool[k], n > 0 {
                pool[k] = n - 1
                return false
            }
            return true
        }
    }
}
