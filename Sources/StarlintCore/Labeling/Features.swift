/// Feature extraction for the sentence model.
///
/// Every feature is a 64-bit key built from a namespace and token hashes, so a
/// feature named `w:improved` in the model file and the token "Improved" in an answer
/// meet at the same key without building any string at run time.
enum Feature {
    static func ns(_ name: String) -> UInt64 { normalizedHash(name, seed: 0x5EED_5EED_5EED_5EED) }

    static let word = ns("w"), bigram = ns("bg"), trigram = ns("tg"), first1 = ns("f1"), first2 = ns("f2"), suffix = ns("sfx")
    static let symbolic = ns("x")
    static let prevFirst = ns("pf1"), nextFirst = ns("nf1")

    /// Key of a feature written as `namespace:part part` in the model file.
    static func key(name: String) -> UInt64? {
        guard let colon = name.firstIndex(of: ":") else { return nil }
        let space = ns(String(name[..<colon]))
        var h = space
        for part in name[name.index(after: colon)...].split(separator: " ") {
            h = combineHash(h, normalizedHash(part))
        }
        return h
    }

    static func symbol(_ name: String) -> UInt64 { key(name: name)! }

    // Symbolic features, hashed once.
    static let bias = symbol("x:bias")
    static let numClass = normalizedHash("<num>"), pctClass = normalizedHash("<pct>"), moneyClass = normalizedHash("<money>"), yearClass = normalizedHash("<year>")
    static let startToken = normalizedHash("<s>")
    static let sfxEd = symbol("sfx:ed"), sfxIng = symbol("sfx:ing"), sfxLy = symbol("sfx:ly")
    static let cue = StarLabel.allCases.map { symbol("x:cue \($0.letter)") }
    static let cueStart = StarLabel.allCases.map { symbol("x:cuestart \($0.letter)") }
    static let cueEarly = StarLabel.allCases.map { symbol("x:cue-early \($0.letter)") }
    static let cueLate = StarLabel.allCases.map { symbol("x:cue-late \($0.letter)") }
    static let label = StarLabel.allCases.map { symbol("x:label \($0.letter)") }
    static let noLabel = symbol("x:label none")
    static let relPos = (0..<5).map { symbol("x:relpos \($0)") }
    static let index = (0..<3).map { symbol("x:index \($0)") }
    static let last = symbol("x:last"), secondLast = symbol("x:second-last")
    static let paraFirst = symbol("x:para-first"), paraLast = symbol("x:para-last"), paraOnly = symbol("x:para-only")
    static let paraIndex = (0..<3).map { symbol("x:para \($0)") }
    static let paraLastBlock = symbol("x:para-last-block")
    static let len = (0..<5).map { symbol("x:len \($0)") }
    static let bullet = symbol("x:bullet"), numbered = symbol("x:numbered"), heading = symbol("x:heading")
    static let number = symbol("x:number"), percent = symbol("x:percent"), money = symbol("x:money"), magnitude = symbol("x:magnitude")
    static let yearOnly = symbol("x:year-only"), numberWord = symbol("x:number-word")
    static let change = symbol("x:change"), changeFigure = symbol("x:change-figure"), multiplier = symbol("x:multiplier"), fromTo = symbol("x:from-to")
    static let quantified = symbol("x:quantified"), quantifiedLate = symbol("x:quantified-late")
    static let subjectI = symbol("x:subject i"), subjectWe = symbol("x:subject we"), noSubject = symbol("x:subject none")
    static let would = symbol("x:would"), iWould = symbol("x:i-would"), questionHyp = symbol("x:question-hypothetical")
    static let past = symbol("x:past"), questionMark = symbol("x:question-mark")
    static let iAndLate = symbol("x:i-late"), iAndEarly = symbol("x:i-early")
    static let present = symbol("x:present"), pastAux = symbol("x:past-aux"), presentOnly = symbol("x:present-only"), you = symbol("x:you"), generic = symbol("x:generic")
    static let fromEnd = (0..<3).map { symbol("x:from-end \($0)") }
    static let prevCue = StarLabel.allCases.map { symbol("x:prev-cue \($0.letter)") }
    static let nextCue = StarLabel.allCases.map { symbol("x:next-cue \($0.letter)") }
    static let openQuantified = symbol("x:open-quantified"), openChange = symbol("x:open-change"), openNow = symbol("x:open-now"), openPresent = symbol("x:open-present"), openPresentOnly = symbol("x:open-present-only"), openBeforeStory = symbol("x:open-before-story"), openOutcome = symbol("x:open-outcome")
    static let hypAnswer = symbol("x:hyp-answer"), hypWould = symbol("x:hyp-would"), hypI = symbol("x:hyp-i"), hypPresentI = symbol("x:hyp-present-i")
    static let leadIn = symbol("x:lead-in"), leadInI = symbol("x:lead-in-i"), iGeneric = symbol("x:i-generic")
    /// The question's kind, alone and with a sentence fact (`kindFacts`).
    static let kind = QuestionKind.allCases.map { symbol("x:qk \($0.name)") }
    static let kindFactNames = ["goal", "goal-present", "past", "present-only", "would", "i", "we", "generic", "you", "own",
                                "cue S", "cue T", "cue A", "cue R", "cue O", "relpos 0", "relpos 1", "relpos 2", "relpos 3", "relpos 4", "quantified"]
    static let kindFact = QuestionKind.allCases.map { q in kindFactNames.map { symbol("x:qk \(q.name) \($0)") } }
    static let prevQuantified = symbol("x:prev-quantified"), nextQuantified = symbol("x:next-quantified")
    static let prevWould = symbol("x:prev-would"), nextWould = symbol("x:next-would")
    static let answerPast = (0..<4).map { symbol("x:ans-past \($0)") }
    static let answerI = (0..<4).map { symbol("x:ans-i \($0)") }
    static let answerSize = (0..<4).map { symbol("x:ans-size \($0)") }
    static let unlabelledInLabelled = symbol("x:label none-in-labelled")
    static let presentInStory = symbol("x:present-in-story"), presentInPresent = symbol("x:present-in-present")
    static let goal = symbol("x:goal"), goalPresent = symbol("x:goal-present")
    static let own = symbol("x:own"), ownI = symbol("x:own-i")
    static let prevLabel = StarLabel.allCases.map { symbol("x:prev-label \($0.letter)") }
    static let nextLabel = StarLabel.allCases.map { symbol("x:next-label \($0.letter)") }
}

/// The hashes number tokens are written as (`<num>`, `<pct>`, `<money>`, `<year>`), read from
/// the globals once per use, not once per token.
struct NumberClasses {
    let num = Feature.numClass, pct = Feature.pctClass, money = Feature.moneyClass, year = Feature.yearClass

    /// A number token's class.
    @inline(__always)
    func of(_ t: Token) -> UInt64 {
        t.flags.contains(.percent) ? pct : t.flags.contains(.currency) ? money : t.flags.contains(.year) ? year : num
    }
}

/// Receives features; the name is only built when a sink asks for it (training).
protocol FeatureSink {
    mutating func add(_ key: UInt64, _ name: @autoclosure () -> String)
}

/// The run-time sink: keys only.
struct KeySink: FeatureSink {
    var keys: [UInt64] = []
    @inline(__always) mutating func add(_ key: UInt64, _ name: @autoclosure () -> String) { keys.append(key) }
}

/// The training sink: keys and their model-file names.
struct NamedSink: FeatureSink {
    var keys: [UInt64] = []
    var names: [String] = []
    mutating func add(_ key: UInt64, _ name: @autoclosure () -> String) {
        keys.append(key)
        names.append(name())
    }
}

/// Lower-cases ASCII and folds the curly apostrophe, exactly as token hashes do.
func featureText(_ s: String) -> String {
    var out = ""
    for u in s.unicodeScalars {
        if u == "\u{2019}" { out.unicodeScalars.append("'") }
        else if u.value >= 0x41 && u.value <= 0x5A { out.unicodeScalars.append(Unicode.Scalar(u.value | 0x20)!) }
        else { out.unicodeScalars.append(u) }
    }
    return out
}

/// Builds the features of each sentence.
struct FeatureExtractor {
    /// Model-file name of a token's word feature (only built when training).
    static func tokenName(_ doc: Document, _ t: Token) -> String {
        if t.kind == .word { return featureText(doc.text(of: t)) }
        return t.flags.contains(.percent) ? "<pct>" : t.flags.contains(.currency) ? "<money>" : t.flags.contains(.year) ? "<year>" : "<num>"
    }

    /// The name of the token before a sentence's words: `<s>` (`Feature.startToken`) at its start.
    static func tokenName(_ doc: Document, _ t: Token?) -> String { t.map { tokenName(doc, $0) } ?? "<s>" }

    static let letters = StarLabel.allCases.map { String($0.letter) }

    /// The first word token of sentence `k`, if it has one.
    @inline(__always)
    static func firstWord(_ doc: Document, _ k: Int) -> Token? {
        for i in doc.sentences[k].tokens where doc.tokens[i].kind == .word { return doc.tokens[i] }
        return nil
    }

    /// Features of sentence `k` into `sink` (duplicates allowed; each counts once more).
    static func extract<S: FeatureSink>(_ input: AnalysisInput, sentence k: Int, hypotheticalQuestion: Bool, into keys: inout S) {
        let doc = input.document
        let s = doc.sentences[k]
        let f = input.facts[k]
        let toks = doc.tokens
        let n = doc.sentences.count
        keys.add(Feature.bias, "x:bias")
        // Words, word pairs and triples, first words, suffixes. Triples (twenty-third
        // session) tell "I was asked" and "I was responsible" (Task weights 0.38 and 0.29 in
        // model f933e166) from a pair such as "was asked" that any part can hold. By round on
        // dev, macro-F1 0.921 to 0.924 and without part labels 0.897 to 0.901 (10 of 12 rounds
        // higher; Task F1 there 0.863 to 0.876); quadruples as well 0.899, word pairs with one
        // word between them as well 0.898.
        var prev = Feature.startToken, prev2 = Feature.startToken
        var prevToken: Token?, prev2Token: Token?
        var count = 0
        var firstTwo = Feature.first2
        // Namespaces read once: each `Feature.x` access is a lazy-global check, and this loop
        // runs for every token.
        let wordNS = Feature.word, bigramNS = Feature.bigram, trigramNS = Feature.trigram, first1NS = Feature.first1
        let sfxEd = Feature.sfxEd, sfxIng = Feature.sfxIng, sfxLy = Feature.sfxLy
        let classes = NumberClasses()
        for i in s.tokens {
            let t = toks[i]
            let h: UInt64
            switch t.kind {
            case .word:
                h = t.hash
                let len = Int(t.end - t.start)
                if len > 4 {
                    let b1 = doc.bytes[Int(t.end) - 1] | 0x20, b2 = doc.bytes[Int(t.end) - 2] | 0x20, b3 = doc.bytes[Int(t.end) - 3] | 0x20
                    if b2 == 0x65 && b1 == 0x64 { keys.add(sfxEd, "sfx:ed") }
                    else if b3 == 0x69 && b2 == 0x6E && b1 == 0x67 { keys.add(sfxIng, "sfx:ing") }
                    else if b2 == 0x6C && b1 == 0x79 { keys.add(sfxLy, "sfx:ly") }
                }
            case .number:
                h = classes.of(t)
            default:
                continue
            }
            keys.add(combineHash(wordNS, h), "w:" + tokenName(doc, t))
            keys.add(combineHash(combineHash(bigramNS, prev), h), "bg:" + tokenName(doc, prevToken) + " " + tokenName(doc, t))
            if count > 0 {
                keys.add(combineHash(combineHash(combineHash(trigramNS, prev2), prev), h),
                         "tg:" + tokenName(doc, prev2Token) + " " + tokenName(doc, prevToken) + " " + tokenName(doc, t))
            }
            if count == 0 { keys.add(combineHash(first1NS, h), "f1:" + tokenName(doc, t)) }
            if count < 2 { firstTwo = combineHash(firstTwo, h) }
            if count == 1 { keys.add(firstTwo, "f2:" + tokenName(doc, prevToken) + " " + tokenName(doc, t)) }
            prev2 = prev
            prev2Token = prevToken
            prev = h
            prevToken = t
            count += 1
        }
        // Cues.
        let rel = n > 1 ? Double(k) / Double(n - 1) : 0
        for l in StarLabel.allCases where f.cueCount(l) > 0 {
            keys.add(Feature.cue[l.index], "x:cue \(letters[l.index])")
            if rel < 0.34 { keys.add(Feature.cueEarly[l.index], "x:cue-early \(letters[l.index])") } else if rel > 0.66 { keys.add(Feature.cueLate[l.index], "x:cue-late \(letters[l.index])") }
        }
        if f.cueAtStart.0 { keys.add(Feature.cueStart[0], "x:cuestart \(letters[0])") }
        if f.cueAtStart.1 { keys.add(Feature.cueStart[1], "x:cuestart \(letters[1])") }
        if f.cueAtStart.2 { keys.add(Feature.cueStart[2], "x:cuestart \(letters[2])") }
        if f.cueAtStart.3 { keys.add(Feature.cueStart[3], "x:cuestart \(letters[3])") }
        if f.cueAtStart.4 { keys.add(Feature.cueStart[4], "x:cuestart \(letters[4])") }
        // Position.
        let rp = min(4, Int(rel * 5))
        keys.add(Feature.relPos[rp], "x:relpos \(rp)")
        if k < 3 { keys.add(Feature.index[k], "x:index \(k)") }
        if k == n - 1 { keys.add(Feature.last, "x:last") } else if k == n - 2 { keys.add(Feature.secondLast, "x:second-last") }
        if s.paragraphCount == 1 { keys.add(Feature.paraOnly, "x:para-only") } else if s.indexInParagraph == 0 { keys.add(Feature.paraFirst, "x:para-first") } else if s.indexInParagraph == s.paragraphCount - 1 { keys.add(Feature.paraLast, "x:para-last") }
        keys.add(Feature.paraIndex[min(2, s.paragraph)], "x:para \(min(2, s.paragraph))")
        if let lastPara = doc.sentences.last?.paragraph, s.paragraph == lastPara, lastPara > 0 { keys.add(Feature.paraLastBlock, "x:para-last-block") }
        // Length.
        let w = f.words
        let lb = w < 6 ? 0 : w < 13 ? 1 : w < 26 ? 2 : w < 41 ? 3 : 4
        keys.add(Feature.len[lb], "x:len \(lb)")
        // Markdown and explicit labels.
        switch s.block {
        case .bullet: keys.add(Feature.bullet, "x:bullet")
        case .numbered: keys.add(Feature.numbered, "x:numbered")
        case .heading: keys.add(Feature.heading, "x:heading")
        case .paragraph: break
        }
        if let l = s.explicitLabel { keys.add(Feature.label[l.index], "x:label \(letters[l.index])") } else {
            keys.add(Feature.noLabel, "x:label none")
            if input.hasPartLabels { keys.add(Feature.unlabelledInLabelled, "x:label none-in-labelled") }
        }
        // Numbers and change.
        if f.numbers > 0 {
            if f.yearsOrNamesOnly { keys.add(Feature.yearOnly, "x:year-only") } else { keys.add(Feature.number, "x:number") }
        }
        if f.percent { keys.add(Feature.percent, "x:percent") }
        if f.money { keys.add(Feature.money, "x:money") }
        if f.magnitude { keys.add(Feature.magnitude, "x:magnitude") }
        if f.numberWords > 0 { keys.add(Feature.numberWord, "x:number-word") }
        if f.changeWords > 0 {
            keys.add(Feature.change, "x:change")
            if (f.numbers > 0 && !f.yearsOrNamesOnly) || f.numberWords > 0 { keys.add(Feature.changeFigure, "x:change-figure") }
        }
        if f.multiplierWords > 0 || f.multiplierToken { keys.add(Feature.multiplier, "x:multiplier") }
        if f.fromTo { keys.add(Feature.fromTo, "x:from-to") }
        if f.quantifiesChange {
            keys.add(Feature.quantified, "x:quantified")
            if rel > 0.5 { keys.add(Feature.quantifiedLate, "x:quantified-late") }
        }
        // Pronouns and modality.
        if f.subjectI { keys.add(Feature.subjectI, "x:subject i"); (rel > 0.6 ? keys.add(Feature.iAndLate, "x:i-late") : keys.add(Feature.iAndEarly, "x:i-early")) }
        else if f.subjectWe { keys.add(Feature.subjectWe, "x:subject we") }
        else { keys.add(Feature.noSubject, "x:subject none") }
        if f.would { keys.add(Feature.would, "x:would") }
        if f.iWould { keys.add(Feature.iWould, "x:i-would") }
        if hypotheticalQuestion { keys.add(Feature.questionHyp, "x:question-hypothetical") }
        if f.pastEd > 0 { keys.add(Feature.past, "x:past") }
        if f.question { keys.add(Feature.questionMark, "x:question-mark") }
        if f.presentAux > 0 { keys.add(Feature.present, "x:present") }
        if f.pastAux > 0 { keys.add(Feature.pastAux, "x:past-aux") }
        if f.presentOnly { keys.add(Feature.presentOnly, "x:present-only") }
        if f.secondPerson { keys.add(Feature.you, "x:you") }
        if f.generic { keys.add(Feature.generic, "x:generic") }
        // The opening sentence: an outcome told first ("Complaints have halved since I ...").
        if k == 0, n > 2 {
            if f.quantifiesChange {
                keys.add(Feature.openQuantified, "x:open-quantified")
                if f.now || f.presentAux > 0 { keys.add(Feature.openOutcome, "x:open-outcome") }
            }
            if f.changeWords > 0 { keys.add(Feature.openChange, "x:open-change") }
            if f.now { keys.add(Feature.openNow, "x:open-now") }
            if f.presentAux > 0 { keys.add(Feature.openPresent, "x:open-present") }
            if f.presentOnly { keys.add(Feature.openPresentOnly, "x:open-present-only") }
            // Told from now, then the story starts in the past.
            let next = input.facts[1]
            if f.now || f.presentAux > 0, next.cueCount(.situation) > 0 || next.pastAux > 0 { keys.add(Feature.openBeforeStory, "x:open-before-story") }
        }
        // A hypothetical answer (asked "what would you do", or told mostly with "I'd" / "I will"):
        // its planned steps are the Action, not reflections.
        if hypotheticalQuestion || input.modalSentences * 10 >= n * 3 {
            keys.add(Feature.hypAnswer, "x:hyp-answer")
            if f.would { keys.add(Feature.hypWould, "x:hyp-would") }
            if f.subjectI {
                keys.add(Feature.hypI, "x:hyp-i")
                if !f.hasPast { keys.add(Feature.hypPresentI, "x:hyp-present-i") }
            }
        }
        // A stated aim ("in five years I'd like to be running a shift"): in an answer about
        // career plans, the Task.
        if f.goal {
            keys.add(Feature.goal, "x:goal")
            if !f.hasPast { keys.add(Feature.goalPresent, "x:goal-present") }
        }
        // Owning the problem ("it was on me", "my call"): the responsibility a Task states.
        if f.ownership {
            keys.add(Feature.own, "x:own")
            if f.speaksAsI { keys.add(Feature.ownI, "x:own-i") }
        }
        if f.colonEnd, k + 1 < n, doc.sentences[k + 1].block == .bullet || doc.sentences[k + 1].block == .numbered {
            keys.add(Feature.leadIn, "x:lead-in")
            if f.speaksAsI { keys.add(Feature.leadInI, "x:lead-in-i") }
        }
        if f.subjectI, f.generic { keys.add(Feature.iGeneric, "x:i-generic") }
        // The whole answer: how much of it is told in the past, and by "I".
        let pq = min(3, input.pastSentences * 4 / n), iq = min(3, input.iSentences * 4 / n)
        keys.add(Feature.answerPast[pq], "x:ans-past \(pq)")
        keys.add(Feature.answerI[iq], "x:ans-i \(iq)")
        let nb = n <= 4 ? 0 : n <= 7 ? 1 : n <= 11 ? 2 : 3
        keys.add(Feature.answerSize[nb], "x:ans-size \(nb)")
        if !f.hasPast {
            if input.pastSentences * 2 >= n { keys.add(Feature.presentInStory, "x:present-in-story") } else { keys.add(Feature.presentInPresent, "x:present-in-present") }
        }
        if n - 1 - k < 3 { keys.add(Feature.fromEnd[n - 1 - k], "x:from-end \(n - 1 - k)") }
        // The kind of question, when known (`Analyzer.questionKind`): asked about career
        // plans, a stated aim is the Task; asked about culture, a view of oneself is Other.
        if let q = input.questionKind {
            let qi = q.rawValue
            let table = Feature.kindFact[qi]
            keys.add(Feature.kind[qi], "x:qk \(q.name)")
            func add(_ j: Int) { keys.add(table[j], "x:qk \(q.name) " + Feature.kindFactNames[j]) }
            if f.goal { add(0); if !f.hasPast { add(1) } }
            if f.hasPast { add(2) }
            if f.presentOnly { add(3) }
            if f.would { add(4) }
            if f.subjectI { add(5) } else if f.subjectWe { add(6) }
            if f.generic { add(7) }
            if f.secondPerson { add(8) }
            if f.ownership { add(9) }
            for l in StarLabel.allCases where f.cueCount(l) > 0 { add(10 + l.index) }
            add(15 + rp)
            if f.quantifiesChange { add(20) }
        }
        // Neighbours: what the sentences around this one look like.
        if k > 0 {
            let p = input.facts[k - 1]
            for l in StarLabel.allCases where p.cueCount(l) > 0 { keys.add(Feature.prevCue[l.index], "x:prev-cue \(letters[l.index])") }
            if p.quantifiesChange { keys.add(Feature.prevQuantified, "x:prev-quantified") }
            if p.would { keys.add(Feature.prevWould, "x:prev-would") }
            if let l = doc.sentences[k - 1].explicitLabel { keys.add(Feature.prevLabel[l.index], "x:prev-label \(letters[l.index])") }
            if let t = firstWord(doc, k - 1) { keys.add(combineHash(Feature.prevFirst, t.hash), "pf1:" + tokenName(doc, t)) }
        }
        if k + 1 < n {
            let q = input.facts[k + 1]
            for l in StarLabel.allCases where q.cueCount(l) > 0 { keys.add(Feature.nextCue[l.index], "x:next-cue \(letters[l.index])") }
            if q.quantifiesChange { keys.add(Feature.nextQuantified, "x:next-quantified") }
            if q.would { keys.add(Feature.nextWould, "x:next-would") }
            if let l = doc.sentences[k + 1].explicitLabel { keys.add(Feature.nextLabel[l.index], "x:next-label \(letters[l.index])") }
            if let t = firstWord(doc, k + 1) { keys.add(combineHash(Feature.nextFirst, t.hash), "nf1:" + tokenName(doc, t)) }
        }
    }
}
