/// Per-sentence facts gathered in one pass over the tokens: phrase matches, numbers,
/// pronouns. Both the sentence model's features and the rules read these.
public struct SentenceFacts: Sendable {
    /// Range into `AnalysisInput.matches`.
    public var matches: Range<Int>
    public var words: Int
    public var cueCounts: (Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0)
    public var cueAtStart: (Bool, Bool, Bool, Bool, Bool) = (false, false, false, false, false)
    public var numbers = 0
    /// Every number in the sentence is a year or a name ("Year 6", `TokenFlags.name`): none
    /// is a figure. (True when there are none.)
    public var yearsOrNamesOnly = true
    public var percent = false
    public var money = false
    public var magnitude = false
    public var multiplierToken = false
    public var numberWords = 0
    /// Token index of the sentence's first figure (number or number word, not a year); -1: none.
    public var firstFigure: Int32 = -1
    public var changeWords = 0
    /// A change word within a few tokens of a figure ("fell 40%", "saved $12k", "40 minutes instead of six hours").
    public var changeNearFigure = false
    /// A percentage that is not an idiom ("100% sure").
    public var percentFigure = false
    public var multiplierWords = 0
    public var fromTo = false
    /// "no" and "since" in one sentence: "no missed doses in the eight months since", "since
    /// then we've had no falls".
    public var noneSince = false
    /// A comparison told around a period rather than with a change word: none over a
    /// period ("didn't stop once in the remaining ten weeks"), a margin ("finished an hour
    /// and a half before the doors opened"), or before and after with figures ("before,
    /// almost none; after two months, about ten a month").
    public var periodComparison = false
    /// Two stages compared, a figure for each: "the first chapter took three days, but by the
    /// end I did one in an afternoon", "on the first block 14 defects, on the second 7".
    public var stagedComparison = false
    /// A figure measured after the change, in a sentence framed as "after": "by the end of
    /// August it was only one in forty", "after three weeks I was doing about 160 a day", "in
    /// the next two months only one came back". The figure must read as a measure (a ratio, a
    /// rate, or after "only", "under", "at", "averaged" ...), so "after a month the team had
    /// twelve agents" stays scope.
    public var outcomeFigure = false
    /// Two figures on either side of "when", "where", "compared with" ..., the second told as
    /// the earlier state: "we lost three, when the winter before we lost nine", "25 an hour
    /// when I'd started at 16".
    public var comparisonClause = false
    /// A count of zero told as "not a single": "we haven't had a single complaint", "without
    /// losing a single order".
    public var notASingle = false
    public var firstPersonSingular = 0
    public var firstPersonPlural = 0
    /// "I" and "we" anywhere in the sentence, as subjects ("I", "I've", "we", "we'd"; not
    /// "me", "my", "our", "us"): who does things in each clause of a run-on sentence.
    public var iSubjects = 0
    public var weSubjects = 0
    /// "I" or "we" as the subject near the start of the sentence.
    public var subjectI = false
    public var subjectWe = false
    public var would = false
    /// A stated aim (`G` cue) and owning the problem (`W` cue).
    public var goal = false
    public var ownership = false
    public var iWould = false
    /// "I would" or "I'd" as a plan: not "I'd" before a past participle ("I'd kept a list",
    /// "I'd already met her"), which is "I had". The sentence model reads `iWould`, as it was
    /// trained; the hypothetical rule reads this.
    public var iWouldPlan = false
    /// A plan in the first person (`FactHashes.plan(at:)`): "I would", "I'd", "we would",
    /// "we'd", or, outside a habit ("sometimes I'll ask"), "I will", "we'll", "I'm going to";
    /// not one reported in a story ("I told her I would call") nor "I'd say". The hypothetical
    /// rule reads this (the sentence model reads `iWould`, as it was trained), so that a plan
    /// told as "we would" or "I will" is as much a plan as one told as "I would".
    public var planModal = false
    public var pastEd = 0
    /// Present-tense auxiliaries (is, are, am, do, does, can) and past ones (was, were, did, had).
    public var presentAux = 0
    public var pastAux = 0
    /// "you", "your": talking to the interviewer or in generalities.
    public var secondPerson = false
    /// "always", "usually", "generally": habits rather than a story.
    public var generic = false
    public var question = false
    /// "now", "today", "since", "still": the sentence speaks from after the story (an outcome told first).
    public var now = false
    /// The sentence ends with a colon (a lead-in: "I took it in four steps:").
    public var colonEnd = false

    /// A past tense: an "-ed" verb or a past auxiliary ("was", "did", "had").
    var hasPast: Bool { pastEd > 0 || pastAux > 0 }

    /// The author speaks as "I": "I" as the subject, or a first-person singular word ("I",
    /// "me", "my" ...) anywhere.
    var speaksAsI: Bool { subjectI || firstPersonSingular > 0 }

    /// Present-tense auxiliaries and no past tense ("is", "are now", "I ask").
    var presentOnly: Bool { presentAux > 0 && !hasPast }

    func cueCount(_ l: StarLabel) -> Int {
        switch l {
        case .situation: cueCounts.0
        case .task: cueCounts.1
        case .action: cueCounts.2
        case .result: cueCounts.3
        case .other: cueCounts.4
        }
    }

    /// The sentence states a measurable change ("from 3 days to 4 hours", "up 12%",
    /// "saved $40k", "doubled"), not a scope figure ("a team of 8", "in 2021").
    public var quantifiesChange: Bool {
        if multiplierWords > 0 || multiplierToken { return true }
        if fromTo || noneSince || periodComparison || stagedComparison || outcomeFigure || comparisonClause || notASingle { return true }
        return changeNearFigure || percentFigure
    }
}

/// A parsed answer plus the facts the model and rules need.
public struct AnalysisInput: Sendable {
    public let document: Document
    public let matches: [PhraseMatch]
    public let facts: [SentenceFacts]
    /// Sentences with "would", "I'd", "will": many of them make the answer a hypothetical one.
    public let modalSentences: Int
    /// Sentences with a past tense (`SentenceFacts.hasPast`), and with "I" as subject: how
    /// much of the answer is a story told by its author.
    public let pastSentences: Int
    public let iSentences: Int
    /// Whether some sentence is under an explicit part label ("Result:").
    public let hasPartLabels: Bool
    /// The kind of question the answer replies to, when known.
    public var questionKind: QuestionKind?

    init(document: Document, lexicon: Lexicon) {
        self.document = document
        var matches: [PhraseMatch] = []
        matches.reserveCapacity(document.sentences.count * 4)
        var facts: [SentenceFacts] = []
        facts.reserveCapacity(document.sentences.count)
        let toks = document.tokens
        let entries = lexicon.phrases.entries
        let h = FactHashes.shared
        let classes = h.classes
        // The lexicon's number words (an open-addressing table, built once with the lexicon).
        let numberWords = lexicon.numberWords
        var figures: [Int] = []
        var unitCompounds: [Int] = []
        var ranks: [Int] = []
        for s in document.sentences {
            let m0 = matches.count
            lexicon.phrases.matches(in: document, tokens: s.tokens, into: &matches)
            var f = SentenceFacts(matches: m0..<matches.count, words: 0)
            for m in matches[m0..<matches.count] {
                let cat = entries[Int(m.entry)].category
                let atStart = Int(m.start) == s.tokens.lowerBound
                switch cat {
                case .cueSituation: f.cueCounts.0 += 1; if atStart { f.cueAtStart.0 = true }
                case .cueTask: f.cueCounts.1 += 1; if atStart { f.cueAtStart.1 = true }
                case .cueAction: f.cueCounts.2 += 1; if atStart { f.cueAtStart.2 = true }
                case .cueResult: f.cueCounts.3 += 1; if atStart { f.cueAtStart.3 = true }
                case .cueOther: f.cueCounts.4 += 1; if atStart { f.cueAtStart.4 = true }
                case .change: f.changeWords += 1
                case .multiplier: f.multiplierWords += 1
                case .goal: f.goal = true
                case .ownership: f.ownership = true
                default: break
                }
            }
            figures.removeAll(keepingCapacity: true)
            unitCompounds.removeAll(keepingCapacity: true)
            ranks.removeAll(keepingCapacity: true)
            var wordIndex = 0
            var sawFrom = false
            var sawNo = false
            var sawSince = false
            var sawNegation = false
            var lastNegation = Int.min / 2  // token index of the last negation
            var sawBefore = false, sawAfter = false
            var periodAfterFigure = -10  // token index of the last "weeks" right after a figure
            var lastPreposition = -10  // token index of the last "in", "for", "over" ...
            var earlyStage = -1, lateStage = -1  // token indices of "first" and a later "second", "by the end"
            var lastPeriod = -1, thisPeriod = -1  // "last quarter" ... "this quarter"
            var wouldPlan = false, willPlan = false  // "I would", "we'd" ...; "I will", "we'll" ...
            var refusalPlan = false  // "I wouldn't", "we won't": a plan only where nothing is told in the past
            var habit = false  // "always", "sometimes" ... (`habitWords`)
            for i in s.tokens {
                let t = toks[i]
                if t.kind == .punctuation {
                    if t.hash == h.question { f.question = true }
                    f.colonEnd = t.hash == h.colon
                    continue
                }
                f.colonEnd = false
                if t.kind == .symbol { continue }
                f.words += 1
                if t.kind == .number {
                    f.numbers += 1
                    // A year or a name ("Year 6") says when or which, not how much.
                    let isFigure = t.flags.isDisjoint(with: .notAQuantity)
                    if isFigure { f.yearsOrNamesOnly = false }
                    if t.flags.contains(.percent) {
                        f.percent = true
                        let next = i + 1 < s.tokens.upperBound ? toks[i + 1].hash : 0
                        if !h.percentIdioms.contains(next) { f.percentFigure = true }
                    }
                    if isFigure {
                        figures.append(i)
                        if Self.isUnitCompound(t, document) { unitCompounds.append(i) }
                    }
                    if t.flags.contains(.currency) { f.money = true }
                    if t.flags.contains(.magnitude) { f.magnitude = true }
                    if t.flags.contains(.multiplier) { f.multiplierToken = true }
                } else {
                    let th = t.hash
                    // One lookup gives every word class the checks below ask about; most
                    // words are in none (c == -1, so test c > 0 first).
                    let c = classes.find(th)
                    // "a week", "an hour": a spelled-out quantity of time.
                    let unitAfterArticle = c > 0 && c & FactHashes.timeUnit != 0 && i > s.tokens.lowerBound
                        && FactHashes.has(classes.find(toks[i - 1].hash), FactHashes.article)
                    // "the first half", "the other half", "the trial half": a part, not an amount.
                    let halfAsPart = th == h.half
                        && (max(s.tokens.lowerBound, i - 2)..<i).contains { FactHashes.has(classes.find(toks[$0].hash), FactHashes.determiner) }
                    // "any one analyst", "no one", "the one time": a pronoun or "single", not a count.
                    let oneAsPronoun = th == h.one && i > s.tokens.lowerBound
                        && FactHashes.has(classes.find(toks[i - 1].hash), FactHashes.beforePronounOne)
                    if (numberWords.contains(th) && !halfAsPart && !oneAsPronoun) || unitAfterArticle {
                        f.numberWords += 1
                        figures.append(i)
                    }
                    if c > 0 {
                        // "ten weeks", "an hour": a period; after a negation, none in that period.
                        // ("... in the remaining ten weeks", "for a month": the period is a span, not
                        // "six months later").
                        // One word may come between ("two working days before", "ten full weeks").
                        if c & FactHashes.periodWord != 0,
                           unitAfterArticle || figures.last == i - 1 || (figures.last == i - 2 && toks[i - 1].kind == .word) {
                            periodAfterFigure = i
                            if sawNegation, i - lastPreposition <= 4 { f.periodComparison = true }
                        }
                        if c & FactHashes.negationWord != 0 { sawNegation = true; lastNegation = i }
                        if c & FactHashes.spanPreposition != 0 { lastPreposition = i }
                        // "an hour and a half before the doors opened", "two days ahead of"; not a
                        // period that measures a thing ("ten years of early starts").
                        if c & FactHashes.marginWord != 0, i - periodAfterFigure <= 4,
                           !(periodAfterFigure + 1..<i).contains(where: { toks[$0].hash == h.of }) { f.periodComparison = true }
                    }
                    if th == h.before { sawBefore = true } else if th == h.after { sawAfter = true }
                    // "it hasn't tripped once since": "once" up to three words after a negation is
                    // none; not "once" as a conjunction ("we didn't have one, so once I wrote it").
                    if th == h.once, sawNegation, i - lastNegation <= 3,
                       i + 1 >= s.tokens.upperBound || !h.clauseOpeners.contains(toks[i + 1].hash) {
                        sawNo = true
                        if sawSince { f.noneSince = true }
                    }
                    // "hasn't had a single complaint", "without losing a single order": none at all.
                    if th == h.single, i > s.tokens.lowerBound, FactHashes.has(classes.find(toks[i - 1].hash), FactHashes.article),
                       (sawNegation && i - lastNegation <= 5)
                        || (max(s.tokens.lowerBound, i - 3)..<i).contains(where: { toks[$0].hash == h.without }) {
                        f.notASingle = true
                        sawNo = true
                        if sawSince { f.noneSince = true }
                    }
                    // "last quarter I had 9 rejected and this quarter 2": a period against the one before.
                    if th == h.last || th == h.this, i + 1 < s.tokens.upperBound, h.comparablePeriods.contains(toks[i + 1].hash) {
                        if th == h.last { if lastPeriod < 0 { lastPeriod = i } } else if lastPeriod >= 0, thisPeriod < 0 { thisPeriod = i }
                    }
                    // Stages: "at first", "the first chapter", "initially"; then "the second",
                    // "by the end", "later". "First I called ..." is a step, not a stage, so
                    // "first" and "second" need a word such as "at", "the" or "my" before them.
                    if c > 0, c & (FactHashes.stageEarly | FactHashes.stageLate) != 0,
                       (th != h.first && th != h.second && th != h.end)
                        || (i > s.tokens.lowerBound && FactHashes.has(classes.find(toks[i - 1].hash), FactHashes.beforeStage)) {
                        if earlyStage < 0, c & FactHashes.stageEarly != 0 {
                            earlyStage = i
                        } else if earlyStage >= 0, lateStage < 0, c & FactHashes.stageLate != 0 {
                            lateStage = i
                        }
                    }
                    if c > 0 {
                        if c & FactHashes.firstSingular != 0 {
                            f.firstPersonSingular += 1
                            if c & FactHashes.meOrMy == 0 {
                                f.iSubjects += 1
                                if wordIndex <= 3 { f.subjectI = true }
                            }
                        } else if c & FactHashes.firstPlural != 0 {
                            f.firstPersonPlural += 1
                            if c & FactHashes.weSubject != 0 {
                                f.weSubjects += 1
                                if wordIndex <= 3 { f.subjectWe = true }
                            }
                        } else if c & FactHashes.modal != 0 {
                            f.would = true
                        } else if c & FactHashes.fromWord != 0 {
                            sawFrom = true
                        } else if c & FactHashes.toWord != 0, sawFrom {
                            f.fromTo = true  // a candidate, checked below
                        }
                        if c & FactHashes.presentAuxWord != 0 { f.presentAux += 1 }
                        else if c & FactHashes.pastAuxWord != 0 { f.pastAux += 1 }
                        else if c & FactHashes.youWord != 0 { f.secondPerson = true }
                        else if c & FactHashes.genericWord != 0 { f.generic = true; if h.habitWords.contains(th) { habit = true } }
                        if c & FactHashes.wouldWord != 0, i > s.tokens.lowerBound, toks[i - 1].hash == h.i { f.iWould = true; f.iWouldPlan = true }
                        if c & FactHashes.idWord != 0 {
                            f.iWould = true; f.would = true
                            if !h.isParticiple(after: i, in: s.tokens, document) { f.iWouldPlan = true }
                        }
                        if c & FactHashes.nowWord != 0 { f.now = true }
                        if c & FactHashes.noWord != 0 {
                            // "no doubt", "no matter", and "no exceptions" closing a clause: an
                            // idiom, not a count of none ("no exceptions in the logs" is one).
                            if !h.isNoIdiom(after: i, in: s.tokens, toks) { sawNo = true }
                        } else if c & FactHashes.sinceWord != 0 { sawSince = true }
                        if sawNo, sawSince { f.noneSince = true }
                        if c & FactHashes.ordinalWord != 0 {
                            ranks.append(i)
                            // "a tenth of what it was", "a fifth fewer": a fraction, a figure.
                            if i > s.tokens.lowerBound, FactHashes.has(classes.find(toks[i - 1].hash), FactHashes.article), c & FactHashes.fractionWord != 0 {
                                f.numberWords += 1
                                figures.append(i)
                            }
                        }
                    }
                    switch c > 0 && c & FactHashes.planWord != 0 ? h.plan(at: i, in: s.tokens, document) : 0 {
                    case 1: wouldPlan = true
                    case 2: willPlan = true
                    case 3: refusalPlan = true
                    default: break
                    }
                    if document.endsInEd(t, longerThan: 4) { f.pastEd += 1 }
                }
                wordIndex += 1
            }
            if !figures.isEmpty, f.changeWords > 0 {
                // A figure that describes a thing ("a 12-month contract", "a 600-seat theatre") is
                // scope beside a change word ("signed", "won"), not the change; two of them are a
                // before and an after ("cut a 60-minute stand-up to a 15-minute one").
                let skip = unitCompounds.count == 1 ? unitCompounds[0] : -1
                // A figure after the change word that is the time the change took ("much
                // quicker within a month", "went down in two weeks") is not its size: a period
                // right after it (or the figure is the period, "a month"), and "within", "in",
                // "after", "over", "during" or "inside" up to three words before it. ("In four
                // days instead of two weeks" and "wore it for three hours" keep their figures.)
                // The same holds before the change word ("After 6 months churn was much lower",
                // "Over 2 years churn kept going down"). A figure after it in a place ("dropped
                // across all 5 sites") is scope; one before it with a comma or semicolon between
                // them is another clause's ("leading a team of 8, and churn improved"), as one
                // after it past a semicolon is.
                // (Before a comparison of more than one word, "in four days instead of two weeks",
                // the figure is the new value: kept.)
                func framed(_ k: Int, change: Range<Int>) -> Bool {
                    if change.contains(k) || (k < change.lowerBound && change.count > 1) { return false }
                    if k < change.lowerBound {
                        for j in k + 1..<change.lowerBound where toks[j].flags.contains(.comma) || toks[j].hash == h.semicolon { return true }
                    } else {
                        for j in change.upperBound..<k where toks[j].hash == h.semicolon { return true }
                    }
                    let end = s.tokens.upperBound
                    let period = FactHashes.has(classes.find(toks[k].hash), FactHashes.periodWord)
                        || (k + 1 < end && FactHashes.has(classes.find(toks[k + 1].hash), FactHashes.periodWord))
                    for j in max(s.tokens.lowerBound, k - 3)..<k {
                        if period, h.frameWords.contains(toks[j].hash) { return true }
                        if k > change.lowerBound, h.placeWords.contains(toks[j].hash) { return true }
                    }
                    return false
                }
                // Figures are in token order: each change word finds its window by binary search,
                // and the first figure in one settles it.
                search: for m in matches[f.matches] where entries[Int(m.entry)].category == .change {
                    let from = Int(m.start) - Self.changeWindow, to = Int(m.end) + Self.changeWindow
                    var lo = 0, hi = figures.count
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        if figures[mid] < from { lo = mid + 1 } else { hi = mid }
                    }
                    while lo < figures.count, figures[lo] < to {
                        if figures[lo] != skip, !framed(figures[lo], change: Int(m.start)..<Int(m.end)) {
                            f.changeNearFigure = true
                            break search
                        }
                        lo += 1
                    }
                }
            }
            if sawBefore, sawAfter, figures.count >= 2 { f.periodComparison = true }
            if thisPeriod > 0, figures.contains(where: { $0 > lastPeriod && $0 < thisPeriod }), figures.contains(where: { $0 > thisPeriod }) {
                f.periodComparison = true
            }
            // "nineteen minutes on the first evening, twelve on the second": a figure before each
            // stage also counts, but not with "now" ("of the 12 trainees, the first 5 now run ...").
            if lateStage > 0, figures.contains(where: { $0 > earlyStage && $0 < lateStage }),
               figures.contains(where: { $0 > lateStage })
                || (toks[lateStage].hash != h.now && figures.contains(where: { $0 < earlyStage })) {
                f.stagedComparison = true
            }
            if !figures.isEmpty {
                let o = OutcomeWords.shared
                if Self.hasComparisonClause(s, toks, figures: figures, o) { f.comparisonClause = true }
                if Self.hasOutcomeFigure(s, toks, figures: figures, o) { f.outcomeFigure = true }
            }
            if f.fromTo {
                // "from X to Y" needs figures ("went from" something, one after "to") or
                // frequencies ("from most nights to once a week").
                f.fromTo = Self.fromToHasSecondFigure(s, toks, figures: figures, ranks: ranks, h)
            }
            if let first = figures.first { f.firstFigure = Int32(first) }
            // "Sometimes I'll ask Dom", "if someone's drowning we'll take a few": a habit, not a plan.
            // "I wouldn't sign until they agreed" in a story told in the past is a refusal then,
            // not a plan.
            f.planModal = wouldPlan || (willPlan && !habit) || (refusalPlan && !habit && !f.hasPast)
            facts.append(f)
        }
        self.matches = matches
        self.facts = facts
        modalSentences = facts.reduce(0) { $0 + ($1.would ? 1 : 0) }
        pastSentences = facts.reduce(0) { $0 + ($1.hasPast ? 1 : 0) }
        iSentences = facts.reduce(0) { $0 + ($1.subjectI ? 1 : 0) }
        hasPartLabels = document.sentences.contains { $0.explicitLabel != nil }
    }

    /// How many tokens apart a change word and a figure may be.
    /// Units that make a figure a description when joined to it by a hyphen: "a 12-month
    /// contract", "a 600-seat theatre", "a 30-minute call", "a 12-strong team".
    static let compoundUnits: Set<String> = Set(FactHashes.timeUnitWords + ["second", "seat", "bed", "room", "page", "person", "man", "strong", "mile", "storey", "member", "point", "step"])

    /// Whether the number token `t` is a figure joined to a unit by a hyphen ("12-month").
    static func isUnitCompound(_ t: Token, _ doc: Document) -> Bool {
        var k = Int(t.start)
        let e = Int(t.end)
        while k < e, doc.bytes[k] != 0x2D { k += 1 }
        guard k + 1 < e else { return false }
        var unit = String(decoding: doc.bytes[(k + 1)..<e], as: UTF8.self).lowercased()
        if unit.hasSuffix("s"), compoundUnits.contains(String(unit.dropLast())) { unit.removeLast() }
        return compoundUnits.contains(unit)
    }

    static let changeWindow = 6

    /// Whether the ascending token indices `sorted` hold `i`: a binary search, so that the
    /// checks that ask it of every token near a figure stay linear in a sentence of thousands of
    /// figures ("from 5 to 6, from 6 to 7, ..." pasted as one sentence).
    @inline(__always)
    static func holds(_ sorted: [Int], _ i: Int) -> Bool {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < i { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo] == i
    }

    /// Whether a figure comes before a comparison word ("when", "where", "compared", "than",
    /// "instead") and another after it, told as the earlier state: a word such as "before",
    /// "previous", "used" or "start" between the comparison word and that figure, with no
    /// "and", "but" or "so" in between ("we lost three, when the winter before we lost nine";
    /// not "six agents when I started, and two of them were new").
    static func hasComparisonClause(_ s: Sentence, _ toks: [Token], figures: [Int], _ o: OutcomeWords) -> Bool {
        guard figures.count >= 2, let first = figures.first, let last = figures.last, first + 1 < last else { return false }
        for c in (first + 1)..<last where o.is(toks[c].hash, OutcomeWords.comparison) {
            var earlier = false
            for j in (c + 1)..<min(s.tokens.upperBound, c + 12) {
                let w = toks[j].hash
                if Self.holds(figures, j) {
                    if earlier { return true }
                } else if o.is(w, OutcomeWords.earlierState) {
                    earlier = true
                } else if o.is(w, OutcomeWords.clauseJoin) {
                    earlier = false
                }
            }
        }
        return false
    }

    /// Whether the sentence has a figure that reads as a measure and, before or around it, an
    /// "after" frame ("by the end of ...", "by August", "after three weeks", "in the next two
    /// months", "by the sixth month"), the measure outside the frame. Measures are looked for
    /// first: most sentences with a figure have none, and need no look for a frame.
    static func hasOutcomeFigure(_ s: Sentence, _ toks: [Token], figures: [Int], _ o: OutcomeWords) -> Bool {
        let lo = s.tokens.lowerBound, hi = s.tokens.upperBound
        @inline(__always) func word(_ i: Int) -> UInt64 { i >= lo && i < hi ? toks[i].hash : 0 }
        @inline(__always) func isFigure(_ i: Int) -> Bool { Self.holds(figures, i) }
        // "one of the calmest": a pronoun, not a count, unless a ratio follows ("one of her
        // lots in thirty").
        func measured(_ i: Int) -> Bool {
            isMeasure(i, lo: lo, hi: hi, toks, isFigure: isFigure, ratioOnly: toks[i].hash == o.one && word(i + 1) == o.of, o)
        }
        guard let firstMeasure = figures.first(where: measured) else { return false }
        // The period word that closes a frame, within `reach` tokens after `from`.
        func periodEnd(from: Int, reach: Int) -> Int? {
            var j = from
            while j < min(hi, from + reach) {
                if o.is(toks[j].hash, OutcomeWords.period) { return j + 1 }
                j += 1
            }
            return nil
        }
        // The frames: token ranges that say "after", not how much.
        var frames: [Range<Int>] = []
        for i in lo..<hi where o.is(toks[i].hash, OutcomeWords.frameStart) {
            let w = toks[i].hash
            if w == o.by || w == o.at {
                if word(i + 1) == o.the, o.is(word(i + 2), OutcomeWords.endPoint) {
                    // "by the end of the fifth month", "at the end of the year".
                    frames.append(i..<(periodEnd(from: i + 3, reach: 4) ?? min(hi, i + 4)))
                } else if word(i + 1) == o.the, o.is(word(i + 2), OutcomeWords.ordinal), let e = periodEnd(from: i + 3, reach: 2) {
                    frames.append(i..<e)  // "by the sixth month", "at the third week"
                } else if w == o.by, o.is(word(i + 1), OutcomeWords.dateName) {
                    frames.append(i..<(i + 2))  // "by August", "by Easter", "by then"
                }
            } else if w == o.after || w == o.within {
                // "after three weeks", "after about a month", "within the first year".
                if isFigure(i + 1) || o.is(word(i + 1), OutcomeWords.periodLead), let e = periodEnd(from: i + 1, reach: 4) {
                    frames.append(i..<e)
                }
            } else if o.is(word(i + 1), OutcomeWords.determinerOrPossessive), o.is(word(i + 2), OutcomeWords.spanOpener) || isFigure(i + 2),
                      let e = periodEnd(from: i + 2, reach: 5) {
                // "in the next two months", "over the following quarter", "in the twelve months after".
                frames.append(i..<e)
            }
        }
        guard !frames.isEmpty else { return false }
        for i in figures where i >= firstMeasure && !frames.contains(where: { $0.contains(i) }) && measured(i) {
            return true
        }
        return false
    }

    /// Whether the figure at token `i` reads as a measure: a ratio ("one in forty", "27 of the
    /// 30", "one of our patches in thirty"; with a word between the first figure and "in", the
    /// second ends the phrase or is followed by "of", or, after "one" and one word, by a
    /// preposition or conjunction: "one batch in forty at cupping"; so "6 workshops in 3
    /// cities" and "one workshop in 3 cities" are not ratios), a rate ("1,400 a day", "two per shift"),
    /// or a figure right after a word that measures ("only", "under", "averaged", "reached").
    /// With `ratioOnly`, only the ratio with "in" or "from" counts.
    private static func isMeasure(_ i: Int, lo: Int, hi: Int, _ toks: [Token], isFigure: (Int) -> Bool, ratioOnly: Bool, _ o: OutcomeWords) -> Bool {
        @inline(__always) func word(_ j: Int) -> UInt64 { j >= lo && j < hi ? toks[j].hash : 0 }
        // The second figure of a ratio ends it: the sentence or clause ends, or "of" follows.
        @inline(__always) func endsRatio(_ j: Int) -> Bool { j >= hi || toks[j].kind != .word || toks[j].hash == o.of }
        for j in (i + 1)..<min(hi, i + 5) {
            let w = toks[j].hash
            // "one batch in forty at cupping": with "one" and one word first, a preposition or
            // conjunction after the second figure also ends it ("one workshop in 3 cities" does not).
            if (w == o.in || w == o.from), isFigure(j + 1),
               j == i + 1 || endsRatio(j + 2) || (toks[i].hash == o.one && j == i + 2 && o.is(word(j + 2), OutcomeWords.afterRate)) { return true }
            if ratioOnly { continue }
            if w == o.out, word(j + 1) == o.of, isFigure(j + 2) { return true }
            if w == o.of, toks[i].hash != o.one, o.is(word(j + 1), OutcomeWords.determinerOrPossessive), isFigure(j + 2) { return true }
            if o.is(w, OutcomeWords.rateWord), o.is(word(j + 1), OutcomeWords.period) { return true }
        }
        if ratioOnly { return false }
        return i - 1 >= lo && o.is(toks[i - 1].hash, OutcomeWords.measureWord)
    }
    /// Whether "from", a figure, "to" and another figure come in that order, or "went from"
    /// something, "to" and a figure within two words ("went from an incident a fortnight to
    /// one in five months"). `figures` are the token indices the fact pass counted as figures
    /// in this sentence (ascending); `ranks` the ordinal words ("from eleventh to third"),
    /// which count as figures here only, as frequencies do ("from daily to weekly", "from most
    /// nights to almost never", "from every shift to once a month": `FactHashes.isFrequency`).
    private static func fromToHasSecondFigure(_ s: Sentence, _ toks: [Token], figures: [Int], ranks: [Int], _ h: FactHashes) -> Bool {
        func figure(_ i: Int) -> Bool { Self.holds(figures, i) || Self.holds(ranks, i) || h.isFrequency(at: i, in: s.tokens, toks) }
        var state = 0  // 0 before from, 1 after from, 2 figure seen, 3 after to
        var wentFrom = false, toAt = -10
        for i in s.tokens {
            let t = toks[i]
            switch state {
            case 0:
                if t.hash == h.from {
                    state = 1
                    wentFrom = i > s.tokens.lowerBound && h.goForms.contains(toks[i - 1].hash)
                }
            case 1:
                if figure(i) {
                    if toAt >= 0, i - toAt <= 2 { return true }
                    state = 2
                } else if wentFrom, t.hash == h.to { toAt = i }
            case 2: if t.hash == h.to { state = 3 }
            default: if figure(i) { return true }
            }
        }
        return false
    }
}

/// The words of the outcome-figure and comparison checks, in a table of their own: those
/// checks only run on sentences with a figure, after the main pass.
struct OutcomeWords: Sendable {
    static let shared = OutcomeWords()
    let by = normalizedHash("by"), at = normalizedHash("at"), the = normalizedHash("the"), after = normalizedHash("after")
    let within = normalizedHash("within"), one = normalizedHash("one"), of = normalizedHash("of"), out = normalizedHash("out")
    let `in` = normalizedHash("in"), from = normalizedHash("from")

    /// "by", "at", "after", "within", "in", "over": a frame may start here (not "for" or
    /// "during": "for the next two months I worked ..." is the span of the work).
    static let frameStart: Int32 = 1 << 0
    /// "end", "deadline", "summer" ...: "by the end", "by the deadline" (not "time": "at the
    /// time" is the state before).
    static let endPoint: Int32 = 1 << 1
    /// Month, season and holiday names, "then": "by August", "by then".
    static let dateName: Int32 = 1 << 2
    /// Time units and their plurals, "shift", "term", "season": the word that closes a frame.
    static let period: Int32 = 1 << 3
    /// "a", "about", "around", "only", "another", "the", "just", "over", "nearly": between
    /// "after" and its period ("after about a month").
    static let periodLead: Int32 = 1 << 4
    /// "the", "its", "our", "his", "her", "their", "my".
    static let determinerOrPossessive: Int32 = 1 << 5
    /// "next", "following", "last", "remaining", "whole": "in the next two months" (not
    /// "first": "in the first week" is the start).
    static let spanOpener: Int32 = 1 << 6
    /// "a", "an", "per", "each", "every": before a period, a rate ("1,400 a day").
    static let rateWord: Int32 = 1 << 7
    /// "only", "just", "under", "below", "above", "nearer", "averaged", "average", "stood",
    /// "reached", "hit": right before a figure, a measure. Not "about", "around", "at" or
    /// "over": "a team of about eight", "at 9 every morning" are scope and times.
    static let measureWord: Int32 = 1 << 8
    /// "when", "where", "whereas", "while", "compared", "against", "versus", "vs", "than", "instead".
    static let comparison: Int32 = 1 << 9
    /// "before", "previously", "previous", "start", "started", "used", "earlier", "originally",
    /// "beginning", "last": the earlier state of a comparison.
    static let earlierState: Int32 = 1 << 10
    /// "second" ... "twelfth": "by the sixth month".
    static let ordinal: Int32 = 1 << 12
    /// "and", "but", "so": a new clause, which ends a comparison's earlier state.
    static let clauseJoin: Int32 = 1 << 13
    /// "at", "to", "on", "and", "which" ...: after "one X in N", the end of the rate ("one
    /// batch in forty at cupping").
    static let afterRate: Int32 = 1 << 14

    let classes: HashKeyTable

    @inline(__always) func `is`(_ h: UInt64, _ bit: Int32) -> Bool {
        let c = classes.find(h)
        return c > 0 && c & bit != 0
    }

    init() {
        var merged: [UInt64: Int32] = [:]
        func add(_ words: [String], _ bit: Int32) { for w in words { merged[normalizedHash(w), default: 0] |= bit } }
        add(["by", "at", "after", "within", "in", "over"], Self.frameStart)
        add(["end", "deadline", "summer", "spring", "autumn", "winter"], Self.endPoint)
        add(["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
             "december", "easter", "christmas", "then", "spring", "summer", "autumn", "winter"], Self.dateName)
        add((FactHashes.timeUnitWords + ["shift", "term", "season"]).flatMap { [$0, $0 + "s"] }, Self.period)
        add(["a", "an", "about", "around", "only", "another", "the", "just", "over", "nearly"], Self.periodLead)
        add(["the", "its", "our", "his", "her", "their", "my"], Self.determinerOrPossessive)
        add(["next", "following", "last", "remaining", "whole"], Self.spanOpener)
        add(["a", "an", "per", "each", "every"], Self.rateWord)
        add(["only", "just", "under", "below", "above", "nearer", "averaged", "average", "stood", "reached", "hit"], Self.measureWord)
        add(["when", "where", "whereas", "while", "compared", "against", "versus", "vs", "than", "instead"], Self.comparison)
        add(["before", "previously", "previous", "start", "started", "used", "earlier", "originally", "beginning", "last"], Self.earlierState)
        add(["and", "but", "so"], Self.clauseJoin)
        add(["at", "to", "on", "for", "with", "by", "and", "but", "so", "across", "over", "that", "which", "when", "where"], Self.afterRate)
        add(["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth"], Self.ordinal)
        classes = HashKeyTable(merged)
    }
}

/// Hashes of the few words the fact pass looks for, computed once.
struct FactHashes: Sendable {
    static let shared = FactHashes()
    let i = normalizedHash("i"), im = normalizedHash("i'm"), ive = normalizedHash("i've"), id = normalizedHash("i'd")
    let me = normalizedHash("me"), my = normalizedHash("my")
    let we = normalizedHash("we"), our = normalizedHash("our"), us = normalizedHash("us"), weve = normalizedHash("we've"), wed = normalizedHash("we'd")
    let would = normalizedHash("would"), will = normalizedHash("will"), ll = normalizedHash("i'll")
    /// "I wouldn't mark either one yet", "we won't ship until ...": plans too.
    let wouldNot = normalizedHash("wouldn't"), willNot = normalizedHash("won't")
    let so = normalizedHash("so"), that = normalizedHash("that")
    let from = normalizedHash("from"), to = normalizedHash("to"), of = normalizedHash("of")
    let question = fnvStep(fnvOffsetBasis, 0x3F)
    let colon = fnvStep(fnvOffsetBasis, 0x3A)
    let presentAux: Set<UInt64> = Set(["is", "are", "am", "i'm", "we're", "it's", "that's", "do", "does", "don't", "doesn't", "can", "can't", "have", "has"].map { normalizedHash($0) })
    let pastAux: Set<UInt64> = Set(["was", "were", "did", "didn't", "had", "wasn't", "weren't", "got", "went"].map { normalizedHash($0) })
    let you = normalizedHash("you"), your = normalizedHash("your")
    /// Irregular past participles: after "I'd", "had" ("I'd been", "I'd met"). Not those
    /// spelt like the plain verb ("put", "set", "run", "read"): "I'd set up" is a plan.
    let participles: Set<UInt64> = Set(["been", "had", "done", "seen", "gone", "taken", "given", "made", "written", "spoken", "known", "told",
                                        "found", "left", "built", "brought", "bought", "thought", "sent", "spent", "lost", "met", "kept", "got",
                                        "gotten", "become", "begun", "heard", "held", "led", "paid", "said", "sold", "stood", "taught", "understood",
                                        "won", "felt", "forgotten", "grown", "shown", "driven", "fallen", "broken",
                                        "chosen", "eaten", "flown", "hidden", "ridden", "risen", "stolen", "sworn", "thrown", "woken", "worn",
                                        "drawn", "dealt", "meant", "learnt", "burnt", "caught", "fought", "sought", "slept", "swum", "sung", "rung"]
                                        .map { normalizedHash($0) })
    /// Adverbs that may stand between "I'd" and its verb ("I'd already met her").
    let adverbs: Set<UInt64> = Set(["already", "never", "just", "only", "also", "always", "recently", "even", "previously", "actually", "once",
                                    "first", "since", "still", "really", "probably", "not"].map { normalizedHash($0) })

    let well = normalizedHash("we'll"), were = normalizedHash("we're")
    let going = normalizedHash("going"), am = normalizedHash("am"), are = normalizedHash("are")
    /// After "I'd" or "we'd", adverbs that make it "had" ("we'd already put the forms out").
    let perfectAdverbs: Set<UInt64> = Set(["already", "previously", "recently", "since"].map { normalizedHash($0) })
    /// Habit words that make "I'll" a habit, not a plan ("sometimes I'll ask"); not "everyone"
    /// or "anyone", which `generic` also holds ("I'll make sure everyone knows").
    let habitWords: Set<UInt64> = Set(["always", "usually", "generally", "often", "sometimes", "never", "whenever"].map { normalizedHash($0) })

    /// Words that report what was said or meant, so that a "would" or "will" after them is
    /// told within a story ("I told her I would call back", "we agreed we'd phone first").
    let reporting: Set<UInt64> = Set(["said", "told", "agreed", "decided", "promised", "explained", "knew", "thought", "hoped",
                                      "asked", "warned", "assured", "guaranteed", "wrote", "mentioned", "emailed", "replied",
                                      "confirmed", "announced", "realised", "realized", "figured", "felt", "reckoned"].map { normalizedHash($0) })
    let say = normalizedHash("say")
    /// Words that open a condition, in which a reporting word is no report.
    let conditions: Set<UInt64> = Set(["if", "unless", "when", "whenever", "once", "suppose", "supposing"].map { normalizedHash($0) })
    /// After "I'd say", words that open the clause it hedges.
    let sayHedgeNext: Set<UInt64> = Set(["it", "it's", "that", "that's", "this", "the", "i", "i'm", "we", "we're", "they", "he", "she",
                                         "there", "probably", "maybe", "about", "around", "roughly", "so", "yes", "mostly"].map { normalizedHash($0) })

    /// Whether the word at token `i` makes a first-person plan: 1 for "I would", "I'd" (not
    /// before a past participle: "I'd kept a list"), "we would", "we'd"; 2 for "I will",
    /// "we will", "I'll", "we'll", "I'm going to", "we're going to", "I am going to"; else 0.
    /// Not one reported within a story ("I told her I would call back": a reporting word up to
    /// three words before the subject), nor "I'd say" as a hedge ("I'd say it went well").
    func plan(at i: Int, in range: Range<Int>, _ doc: Document) -> Int {
        let toks = doc.tokens
        let t = toks[i].hash
        let prev = i > range.lowerBound ? toks[i - 1].hash : 0
        var kind = 0, subject = i  // the subject's token
        if t == would, prev == self.i || prev == we { kind = 1; subject = i - 1 }
        else if t == will, prev == self.i || prev == we { kind = 2; subject = i - 1 }
        else if t == wouldNot || t == willNot, prev == self.i || prev == we {
            // Not in a clause of purpose ("so we wouldn't find a problem later").
            let before = i >= range.lowerBound + 2 ? toks[i - 2].hash : 0
            if before == so || before == that { return 0 }
            kind = 3; subject = i - 1
        }
        else if t == id || t == wed {
            // "We'd already put ...": a past perfect, whatever the verb's spelling.
            let next = i + 1 < range.upperBound ? toks[i + 1].hash : 0
            kind = isParticiple(after: i, in: range, doc) || perfectAdverbs.contains(next) ? 0 : 1
        }
        else if t == ll || t == well { kind = 2 }
        else if t == going, i + 1 < range.upperBound, toks[i + 1].hash == to {
            let prev2 = i - 2 >= range.lowerBound ? toks[i - 2].hash : 0
            if prev == im || prev == were { kind = 2; subject = i - 1 }
            else if prev == am, prev2 == self.i { kind = 2; subject = i - 2 }
            else if prev == are, prev2 == we { kind = 2; subject = i - 2 }
        }
        guard kind > 0 else { return 0 }
        // "I'd say" before a comma, at the end, or before a clause ("I'd say it went well",
        // "come first, I'd say,"): a hedge. ("I'd say no", "I'd say plainly that ...": a plan.)
        if kind == 1, i + 1 < range.upperBound, toks[i + 1].hash == say {
            let k = i + 2
            if k >= range.upperBound || toks[i + 1].flags.contains(.comma) || toks[k].kind != .word || sayHedgeNext.contains(toks[k].hash) { return 0 }
        }
        // Reported: a reporting word earlier in the same clause ("I told my manager that I
        // would call", up to eight words back), not one in a clause before it ("Once the client
        // confirmed, we would ship").
        // A reporting word in a condition is not one ("If they still said they were fine I'd
        // mention ...", "If a customer asked me for one I would say sorry").
        var j = subject - 1
        let start = max(range.lowerBound, subject - 8)
        var reported = false
        while j >= start, toks[j].kind == .word {
            if conditions.contains(toks[j].hash) { return kind }
            if reporting.contains(toks[j].hash) { reported = true }
            j -= 1
        }
        return reported ? 0 : kind
    }

    /// Whether the verb after the "I'd" at token `i` (past one adverb) is a past participle: an
    /// "-ed" word or an irregular one ("I'd kept", "I'd already been").
    func isParticiple(after i: Int, in range: Range<Int>, _ doc: Document) -> Bool {
        var j = i + 1
        if j < range.upperBound, doc.tokens[j].kind == .word, adverbs.contains(doc.tokens[j].hash) { j += 1 }
        guard j < range.upperBound, doc.tokens[j].kind == .word else { return false }
        let t = doc.tokens[j]
        return participles.contains(t.hash) || doc.endsInEd(t, longerThan: 3)
    }
    static let timeUnitWords = ["minute", "hour", "day", "week", "fortnight", "month", "year", "quarter"]
    let timeUnits: Set<UInt64> = Set(timeUnitWords.map { normalizedHash($0) })
    let nowWords: [UInt64] = ["now", "today", "since", "still"].map { normalizedHash($0) }
    let half = normalizedHash("half"), one = normalizedHash("one")
    let beforePronounOne: [UInt64] = ["any", "every", "no", "each", "the", "this", "that", "which"].map { normalizedHash($0) }
    let no = normalizedHash("no"), since = normalizedHash("since"), now = normalizedHash("now")
    /// Words after "no" that make an idiom rather than none of something ("no doubt", "no
    /// matter how", "no idea"); such a "no" and a "since" tell no zero-since. "No exceptions"
    /// is one only where it closes a clause ("since then I test every time, no exceptions"):
    /// "no exceptions in the logs since the fix" is a zero. ("No longer" and "no way" are
    /// left as they are: "the pager no longer goes off since the fix" is an outcome.)
    let noIdioms: [UInt64] = ["doubt", "matter", "idea"].map { normalizedHash($0) }
    let exceptionWords: [UInt64] = ["exceptions", "exception"].map { normalizedHash($0) }

    /// Whether the "no" at token `i` opens an idiom (`noIdioms`).
    func isNoIdiom(after i: Int, in range: Range<Int>, _ toks: [Token]) -> Bool {
        guard i + 1 < range.upperBound else { return false }
        let next = toks[i + 1].hash
        if noIdioms.contains(next) { return true }
        return exceptionWords.contains(next) && (i + 2 >= range.upperBound || toks[i + 2].kind != .word)
    }
    let before = normalizedHash("before"), after = normalizedHash("after")
    let last = normalizedHash("last"), this = normalizedHash("this"), once = normalizedHash("once")
    let single = normalizedHash("single"), without = normalizedHash("without")
    /// Words that open a clause's subject ("once I took over", "once the team ..."): after
    /// them "once" is a conjunction, not "not once".
    let clauseOpeners: Set<UInt64> = Set(["i", "we", "they", "he", "she", "you", "it", "the", "our", "my"].map { normalizedHash($0) })
    /// Periods one compares with the one before: "last quarter" ... "this quarter".
    let comparablePeriods: Set<UInt64> = Set((["week", "month", "quarter", "year", "term", "season", "semester", "winter", "spring", "summer", "autumn"]).map { normalizedHash($0) })
    let first = normalizedHash("first"), second = normalizedHash("second"), end = normalizedHash("end")
    let goForms: [UInt64] = ["went", "gone", "go", "goes", "going"].map { normalizedHash($0) }
    /// Words that open the time a change took: "within a month", "in two weeks".
    let frameWords: Set<UInt64> = Set(["within", "in", "after", "over", "during", "inside"].map { normalizedHash($0) })
    /// Words that open where a change happened, after it: "across all 5 sites".
    let placeWords: Set<UInt64> = Set(["across", "among", "amongst", "throughout"].map { normalizedHash($0) })
    let semicolon = fnvStep(fnvOffsetBasis, 0x3B)
    /// Words that say how often, for "from X to Y": on their own ("daily", "never", "once"),
    /// or before a period ("every shift", "most nights", "each morning").
    let frequencyWords: Set<UInt64> = Set(["daily", "weekly", "monthly", "yearly", "hourly", "nightly", "fortnightly", "quarterly",
                                           "annually", "never", "rarely", "seldom", "once", "twice"].map { normalizedHash($0) })
    let frequencyLeads: Set<UInt64> = Set(["every", "most", "each"].map { normalizedHash($0) })
    let frequencyPeriods: Set<UInt64> = Set((timeUnitWords + ["shift", "night", "morning", "evening", "weekend", "visit", "call", "run"])
        .flatMap { [$0, $0 + "s"] }.map { normalizedHash($0) })

    /// Whether the word at token `i` says how often (`frequencyWords`, or `frequencyLeads`
    /// before a period).
    func isFrequency(at i: Int, in range: Range<Int>, _ toks: [Token]) -> Bool {
        let t = toks[i]
        guard t.kind == .word else { return false }
        if frequencyWords.contains(t.hash) { return true }
        return frequencyLeads.contains(t.hash) && i + 1 < range.upperBound && frequencyPeriods.contains(toks[i + 1].hash)
    }
    /// The time units, their plurals, and shifts.
    let periods: [UInt64] = (timeUnitWords + ["shift"]).flatMap { [$0, $0 + "s"] }.map { normalizedHash($0) }
    let negations: [UInt64] = ["no", "not", "never", "none", "zero", "didn't", "hasn't", "haven't", "hadn't", "wasn't", "weren't",
                               "nobody", "nothing"].map { normalizedHash($0) }
    let margins: [UInt64] = ["before", "ahead", "early", "earlier", "sooner"].map { normalizedHash($0) }
    let spanPrepositions: [UInt64] = ["in", "for", "over", "during", "within", "across", "throughout"].map { normalizedHash($0) }
    let determiners: [UInt64] = ["the", "this", "that", "other", "each", "either"].map { normalizedHash($0) }
    let ordinals: [UInt64] = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                              "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
                              "eighteenth", "nineteenth", "twentieth", "thirtieth", "fortieth", "fiftieth", "hundredth"].map { normalizedHash($0) }
    let articles: Set<UInt64> = Set(["a", "an"].map { normalizedHash($0) })
    let generic: Set<UInt64> = Set(["always", "usually", "generally", "often", "sometimes", "never", "whenever", "everyone", "anyone"].map { normalizedHash($0) })
    let percentIdioms: Set<UInt64> = Set(["sure", "certain", "honest", "confident", "committed", "effort", "focused", "correct", "right"].map { normalizedHash($0) })

    // Word classes for one table lookup per word. A hash in several classes has all their bits,
    // so each test below is exactly the comparison it replaces.
    static let firstSingular: Int32 = 1 << 0  // i, i'm, i've, i'd, me, my
    static let meOrMy: Int32 = 1 << 1  // me, my
    static let firstPlural: Int32 = 1 << 2  // we, our, us, we've, we'd
    static let weSubject: Int32 = 1 << 3  // we, we've, we'd
    static let modal: Int32 = 1 << 4  // would, i'd, we'd, will, i'll
    static let fromWord: Int32 = 1 << 5
    static let toWord: Int32 = 1 << 6
    static let presentAuxWord: Int32 = 1 << 7
    static let pastAuxWord: Int32 = 1 << 8
    static let youWord: Int32 = 1 << 9  // you, your
    static let genericWord: Int32 = 1 << 10
    static let wouldWord: Int32 = 1 << 11
    static let idWord: Int32 = 1 << 12
    static let timeUnit: Int32 = 1 << 13
    static let article: Int32 = 1 << 14
    static let nowWord: Int32 = 1 << 15
    /// "third", "eleventh": a rank, a figure only in "from eleventh to third".
    static let ordinalWord: Int32 = 1 << 16
    static let determiner: Int32 = 1 << 17  // the, this, that, other, each, either
    static let noWord: Int32 = 1 << 18
    static let sinceWord: Int32 = 1 << 19
    /// "third" .. "tenth": after "a", a fraction ("a tenth of what it was").
    static let fractionWord: Int32 = 1 << 20
    /// "any", "no", "the", "that" ...: before "one", a pronoun ("no one", "the one time").
    static let beforePronounOne: Int32 = 1 << 21
    /// "days", "weeks", "a month": a period of time.
    static let periodWord: Int32 = 1 << 22
    /// "no", "didn't", "never": a negation (before a period: none in it).
    static let negationWord: Int32 = 1 << 23
    /// "before", "ahead", "early": after a period, a margin.
    static let marginWord: Int32 = 1 << 24
    /// "in", "for", "over": before a period, a span ("in the last ten weeks").
    static let spanPreposition: Int32 = 1 << 25
    /// "first", "initially": the earlier of two stages compared.
    static let stageEarly: Int32 = 1 << 26
    /// "second", "later", "(by the) end", "now": the later stage.
    static let stageLate: Int32 = 1 << 27
    /// "at", "the", "my", "on" ...: before "first", "second" or "end", a stage ("at first",
    /// "on the second block", "by the end").
    static let beforeStage: Int32 = 1 << 28
    /// "would", "will", "I'd", "we'd", "I'll", "we'll", "going": where a first-person plan may
    /// be (`plan(at:)`), so the other words skip the look.
    static let planWord: Int32 = 1 << 29

    /// Word hash -> class bits (absent: -1).
    let classes: HashKeyTable

    /// Whether a `classes` lookup result has `bit` (false for an absent word).
    @inline(__always) static func has(_ c: Int32, _ bit: Int32) -> Bool { c > 0 && c & bit != 0 }

    init() {
        var all: [(UInt64, Int32)] = []
        for w in [i, im, ive, id, me, my] { all.append((w, Self.firstSingular)) }
        for w in [me, my] { all.append((w, Self.meOrMy)) }
        for w in [we, our, us, weve, wed] { all.append((w, Self.firstPlural)) }
        for w in [we, weve, wed] { all.append((w, Self.weSubject)) }
        for w in [would, id, wed, will, ll] { all.append((w, Self.modal)) }
        for w in [would, will, id, wed, ll, well, going, wouldNot, willNot] { all.append((w, Self.planWord)) }
        all.append((from, Self.fromWord))
        all.append((to, Self.toWord))
        for w in presentAux { all.append((w, Self.presentAuxWord)) }
        for w in pastAux { all.append((w, Self.pastAuxWord)) }
        for w in [you, your] { all.append((w, Self.youWord)) }
        for w in generic { all.append((w, Self.genericWord)) }
        all.append((would, Self.wouldWord))
        all.append((id, Self.idWord))
        for w in timeUnits { all.append((w, Self.timeUnit)) }
        for w in articles { all.append((w, Self.article)) }
        for w in nowWords { all.append((w, Self.nowWord)) }
        for w in ordinals { all.append((w, Self.ordinalWord)) }
        for w in determiners { all.append((w, Self.determiner)) }
        all.append((no, Self.noWord))
        for w in beforePronounOne { all.append((w, Self.beforePronounOne)) }
        for w in periods { all.append((w, Self.periodWord)) }
        for w in negations { all.append((w, Self.negationWord)) }
        for w in margins { all.append((w, Self.marginWord)) }
        for w in spanPrepositions { all.append((w, Self.spanPreposition)) }
        all.append((since, Self.sinceWord))
        for w in ["first", "initially", "originally", "beginning"] { all.append((normalizedHash(w), Self.stageEarly)) }
        for w in ["second", "later", "eventually", "end", "now"] { all.append((normalizedHash(w), Self.stageLate)) }
        for w in ["at", "the", "my", "our", "his", "her", "their", "its"] { all.append((normalizedHash(w), Self.beforeStage)) }
        for w in ["third", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "hundredth"] { all.append((normalizedHash(w), Self.fractionWord)) }
        var merged: [UInt64: Int32] = [:]
        for (w, bit) in all { merged[w, default: 0] |= bit }
        classes = HashKeyTable(merged)
    }
}
