/// Feature extraction for the sentence model.
///
/// Every feature is a 64-bit key built from a namespace and token hashes, so a
/// feature named `w:improved` in the model file and the token "Improved" in an answer
/// meet at the same key without building any string at run time.
enum Feature {
    static func ns(_ name: String) -> UInt64 { normalizedHash(name, seed: 0x5EED_5EED_5EED_5EED) }

    static let word = ns("w"), bigram = ns("bg"), first1 = ns("f1"), first2 = ns("f2"), suffix = ns("sfx")
    static let symbolic = ns("x")

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
}

/// Builds feature keys for each sentence into a reusable buffer.
struct FeatureExtractor {
    var keys: [UInt64] = []

    /// Features of sentence `k`; `keys` holds them afterwards (duplicates allowed, each counts once more).
    mutating func extract(_ input: AnalysisInput, sentence k: Int, hypotheticalQuestion: Bool) {
        keys.removeAll(keepingCapacity: true)
        let doc = input.document
        let s = doc.sentences[k]
        let f = input.facts[k]
        let toks = doc.tokens
        let n = doc.sentences.count
        keys.append(Feature.bias)
        // Words, bigrams, first words, suffixes.
        var prev = Feature.startToken
        var count = 0
        var firstTwo = Feature.first2
        for i in s.tokens {
            let t = toks[i]
            let h: UInt64
            switch t.kind {
            case .word:
                h = t.hash
                let len = Int(t.end - t.start)
                if len > 4 {
                    let b1 = doc.bytes[Int(t.end) - 1] | 0x20, b2 = doc.bytes[Int(t.end) - 2] | 0x20, b3 = doc.bytes[Int(t.end) - 3] | 0x20
                    if b2 == 0x65 && b1 == 0x64 { keys.append(Feature.sfxEd) }
                    else if b3 == 0x69 && b2 == 0x6E && b1 == 0x67 { keys.append(Feature.sfxIng) }
                    else if b2 == 0x6C && b1 == 0x79 { keys.append(Feature.sfxLy) }
                }
            case .number:
                h = t.flags.contains(.percent) ? Feature.pctClass : t.flags.contains(.currency) ? Feature.moneyClass : t.flags.contains(.year) ? Feature.yearClass : Feature.numClass
            default:
                continue
            }
            keys.append(combineHash(Feature.word, h))
            keys.append(combineHash(combineHash(Feature.bigram, prev), h))
            if count == 0 { keys.append(combineHash(Feature.first1, h)) }
            if count < 2 { firstTwo = combineHash(firstTwo, h) }
            if count == 1 { keys.append(firstTwo) }
            prev = h
            count += 1
        }
        // Cues.
        let rel = n > 1 ? Double(k) / Double(n - 1) : 0
        for l in StarLabel.allCases where f.cueCount(l) > 0 {
            keys.append(Feature.cue[l.index])
            if rel < 0.34 { keys.append(Feature.cueEarly[l.index]) } else if rel > 0.66 { keys.append(Feature.cueLate[l.index]) }
        }
        if f.cueAtStart.0 { keys.append(Feature.cueStart[0]) }
        if f.cueAtStart.1 { keys.append(Feature.cueStart[1]) }
        if f.cueAtStart.2 { keys.append(Feature.cueStart[2]) }
        if f.cueAtStart.3 { keys.append(Feature.cueStart[3]) }
        if f.cueAtStart.4 { keys.append(Feature.cueStart[4]) }
        // Position.
        keys.append(Feature.relPos[min(4, Int(rel * 5))])
        if k < 3 { keys.append(Feature.index[k]) }
        if k == n - 1 { keys.append(Feature.last) } else if k == n - 2 { keys.append(Feature.secondLast) }
        if s.paragraphCount == 1 { keys.append(Feature.paraOnly) } else if s.indexInParagraph == 0 { keys.append(Feature.paraFirst) } else if s.indexInParagraph == s.paragraphCount - 1 { keys.append(Feature.paraLast) }
        keys.append(Feature.paraIndex[min(2, s.paragraph)])
        if let lastPara = doc.sentences.last?.paragraph, s.paragraph == lastPara, lastPara > 0 { keys.append(Feature.paraLastBlock) }
        // Length.
        let w = f.words
        keys.append(Feature.len[w < 6 ? 0 : w < 13 ? 1 : w < 26 ? 2 : w < 41 ? 3 : 4])
        // Markdown and explicit labels.
        switch s.block {
        case .bullet: keys.append(Feature.bullet)
        case .numbered: keys.append(Feature.numbered)
        case .heading: keys.append(Feature.heading)
        case .paragraph: break
        }
        if let l = s.explicitLabel { keys.append(Feature.label[l.index]) } else { keys.append(Feature.noLabel) }
        // Numbers and change.
        if f.numbers > 0 {
            if f.yearsOnly { keys.append(Feature.yearOnly) } else { keys.append(Feature.number) }
        }
        if f.percent { keys.append(Feature.percent) }
        if f.money { keys.append(Feature.money) }
        if f.magnitude { keys.append(Feature.magnitude) }
        if f.numberWords > 0 { keys.append(Feature.numberWord) }
        if f.changeWords > 0 {
            keys.append(Feature.change)
            if (f.numbers > 0 && !f.yearsOnly) || f.numberWords > 0 { keys.append(Feature.changeFigure) }
        }
        if f.multiplierWords > 0 || f.multiplierToken { keys.append(Feature.multiplier) }
        if f.fromTo { keys.append(Feature.fromTo) }
        if f.quantifiesChange {
            keys.append(Feature.quantified)
            if rel > 0.5 { keys.append(Feature.quantifiedLate) }
        }
        // Pronouns and modality.
        if f.subjectI { keys.append(Feature.subjectI); keys.append(rel > 0.6 ? Feature.iAndLate : Feature.iAndEarly) }
        else if f.subjectWe { keys.append(Feature.subjectWe) }
        else { keys.append(Feature.noSubject) }
        if f.would { keys.append(Feature.would) }
        if f.iWould { keys.append(Feature.iWould) }
        if hypotheticalQuestion { keys.append(Feature.questionHyp) }
        if f.pastEd > 0 { keys.append(Feature.past) }
        if f.question { keys.append(Feature.questionMark) }
    }
}
