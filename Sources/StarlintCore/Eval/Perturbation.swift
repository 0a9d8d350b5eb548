/// Rewrites of a labelled answer that real writers produce and the corpus may not: the
/// whole answer in one paragraph, no part labels, typing slips, no capitals, padded with
/// fillers, told with "we", cut short. Evaluating
/// the held-out answers rewritten this way (`starlint eval --perturb KIND`) measures how
/// much of the accuracy depends on the corpus's own layout rather than on what the
/// sentences say. The gold segments move with the text, so nothing is relabelled.
public enum Perturbation: String, CaseIterable, Sendable {
    /// Every line of the body joined into one paragraph (answers with lists or headings,
    /// which cannot be joined without inventing punctuation, are left out).
    case oneParagraph = "one-paragraph"
    /// Part labels ("Situation:", "**Task**", "### Action") removed; only answers that
    /// have them. The answer then counts as one without part labels.
    case noLabels = "no-labels"
    /// Two neighbouring letters swapped in about one word in six of four letters or more,
    /// chosen by a hash of the answer id and the word's position (the same every run).
    case typos
    /// ASCII letters in the body lower-cased.
    case lowercase
    /// Spoken padding ("So basically,", "I think", "Honestly,") opening about one sentence in
    /// three, chosen by a hash of the answer id and the sentence's position.
    case fillers
    /// The candidate's "I", "me", "my", "mine" and "myself" made "we", "us", "our", "ours"
    /// and "ourselves" ("I was" "we were", "I'm" "we're", "I've" "we've"): the same story
    /// told in the plural, as team players often write. List markers and part labels stay
    /// as written ("What I did:" is still a label).
    case we
    /// The answer cut to a short one: its first Situation, Task and Result sentences and its
    /// first and last Action, the rest (and every Other sentence) left out. Only answers of
    /// more than five sentences.
    case short

    /// The rewritten answer, or nil when the rewrite does not apply to it.
    public func apply(_ a: CorpusAnswer, lexicon: Lexicon) -> CorpusAnswer? {
        let b = a.bytes
        var body = CorpusLoader.bodyStart(b)
        if body < b.count, b[body] == 0x0D { body += 1 }
        if body < b.count, b[body] == 0x0A, body > 0 { body += 1 }  // the front matter's own newline stays
        var w = Rewriter(bytes: b, prefix: body)
        // The parser's own readings of a line: list markers and part labels.
        let parser = DocumentParser(bytes: [], lexicon: lexicon.text)
        switch self {
        case .short:
            guard a.segments.count > 5 else { return nil }
            var keep = Set<Int>()
            for label in [StarLabel.situation, .task, .result] {
                if let k = a.segments.firstIndex(where: { $0.label == label }) { keep.insert(k) }
            }
            if let k = a.segments.firstIndex(where: { $0.label == .action }) { keep.insert(k) }
            if let k = a.segments.lastIndex(where: { $0.label == .action }) { keep.insert(k) }
            guard keep.count >= 2, keep.count < a.segments.count else { return nil }
            var dropped = [Bool](repeating: false, count: b.count)
            var kept = [Bool](repeating: false, count: b.count)
            for (k, seg) in a.segments.enumerated() {
                let r = max(body, seg.byteRange.lowerBound)..<min(b.count, seg.byteRange.upperBound)
                guard !r.isEmpty else { continue }
                if keep.contains(k) { for i in r { kept[i] = true }; continue }
                for i in r { dropped[i] = true }
                var j = r.upperBound
                while j < b.count, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
                if j == b.count || b[j] == 0x0A || b[j] == 0x0D {
                    // The sentence ends its line: the spaces before it go with it.
                    var h = r.lowerBound
                    while h > body, b[h - 1] == 0x20 || b[h - 1] == 0x09 { h -= 1 }
                    for i in h..<j { dropped[i] = true }
                } else {
                    for i in r.upperBound..<j { dropped[i] = true }
                }
            }
            // A line left with no kept sentence (only its list marker, part label or
            // spaces) goes whole, newline and all, so no empty item or paragraph break is left.
            var start = body
            while start < b.count {
                var end = start
                while end < b.count, b[end] != 0x0A { end += 1 }
                let next = min(b.count, end + 1)
                if (start..<end).contains(where: { dropped[$0] }), !(start..<end).contains(where: { kept[$0] }) {
                    for i in start..<next { dropped[i] = true }
                }
                start = next
            }
            for i in body..<b.count where !dropped[i] { w.emit(b[i], from: i) }
            var out = a
            out.bytes = w.out
            out.segments = keep.sorted().map { w.remap(a.segments[$0]) }
            return out
        case .fillers:
            var seed = fnvOffsetBasis
            for u in a.id.utf8 { seed = fnvStep(seed, u) }
            let starts = a.segments.map(\.byteRange.lowerBound).filter { $0 >= body && $0 < b.count }.sorted()
            var next = 0
            var inserted = false
            for i in body..<b.count {
                while next < starts.count, starts[next] < i { next += 1 }
                if next < starts.count, starts[next] == i, isASCIILetter(b[i]) {
                    // The first draw of a SplitMix64 seeded with the hash spreads every bit of it,
                    // so neighbouring sentences choose independently.
                    var rng = SplitMix64(seed: combineHash(seed, UInt64(next)))
                    let h = rng.next()
                    if h % 3 == 0 {
                        let phrase = Self.paddings[Int((h / 3) % UInt64(Self.paddings.count))]
                        // The padding belongs to the sentence it opens (its source is the
                        // sentence's first byte), and the sentence's capital moves to it,
                        // unless the first word is "I" or in capitals ("CRM", "QA").
                        let capital = b[i] >= 0x41 && b[i] <= 0x5A
                        let nextIsLetter = i + 1 < b.count && isASCIILetter(b[i + 1])
                        let nextIsLower = i + 1 < b.count && b[i + 1] >= 0x61 && b[i + 1] <= 0x7A
                        let lower = capital && (nextIsLower || (!nextIsLetter && b[i] != 0x49))
                        for (n, c) in phrase.utf8.enumerated() { w.emit(n == 0 && !capital ? c | 0x20 : c, from: i) }
                        w.emit(lower ? b[i] | 0x20 : b[i], from: i)
                        inserted = true
                        continue
                    }
                }
                w.emit(b[i], from: i)
            }
            guard inserted else { return nil }
        case .we:
            var changed = false
            var cursor = body
            for (s, e) in lines(b, from: body) {
                for i in cursor..<s { w.emit(b[i], from: i) }  // the line break before the line
                // Indentation, quote marks, heading marks, a list marker and a part label stay
                // as they are; the sentence after them starts at `t`.
                var t = s
                while t < e, b[t] == 0x20 || b[t] == 0x09 { t += 1 }
                var structural = false
                while t < e, b[t] == 0x3E || b[t] == 0x23 || b[t] == 0x20 { structural = true; t += 1 }
                if let (_, content) = parser.listMarker(t, e, b) { t = content; structural = true }
                if t < e, let (_, rest, _) = parser.partLabel(t, e, b, allowBare: true) { t = rest; structural = true }
                while t < e, b[t] == 0x20 || b[t] == 0x09 { t += 1 }
                for i in s..<t { w.emit(b[i], from: i) }
                // The line's first word opens a sentence after a marker or label, at a
                // paragraph's start or after a sentence end; otherwise the line continues one.
                var lineOpens = structural
                if !lineOpens {
                    var j = s - 1
                    var breaks = 0
                    while j >= body, b[j] == 0x20 || b[j] == 0x09 || b[j] == 0x0D || b[j] == 0x0A {
                        if b[j] == 0x0A { breaks += 1 }
                        j -= 1
                    }
                    lineOpens = j < body || breaks > 1 || b[j] == 0x2E || b[j] == 0x21 || b[j] == 0x3F || b[j] == 0x3A
                }
                var i = t
                var afterI = false
                while i < e {
                    guard isASCIILetter(b[i]) else { w.emit(b[i], from: i); i += 1; continue }
                    var k = i
                    while k < e, isASCIILetter(b[k]) { k += 1 }
                    let word = String(decoding: b[i..<k], as: UTF8.self)
                    let opens = Self.opensSentence(b, i, lineStart: t, lineOpens: lineOpens)
                    // "I'm", "I've", "I'd", "I'll", with a straight or a curly apostrophe.
                    var apostrophe = 0
                    if k < e, b[k] == 0x27 { apostrophe = 1 } else if k + 2 < e, b[k] == 0xE2, b[k + 1] == 0x80, b[k + 2] == 0x99 { apostrophe = 3 }
                    if word == "I", apostrophe > 0 {
                        var m = k + apostrophe
                        while m < e, isASCIILetter(b[m]) { m += 1 }
                        let suffix = String(decoding: b[(k + apostrophe)..<m], as: UTF8.self)
                        let plural = ["m": "re", "ve": "ve", "d": "d", "ll": "ll"][suffix]
                        if let plural {
                            for c in (opens ? "We" : "we").utf8 { w.emit(c, from: i) }
                            for n in k..<(k + apostrophe) { w.emit(b[n], from: n) }
                            for c in plural.utf8 { w.emit(c, from: k + apostrophe) }
                            changed = true
                        } else {
                            for n in i..<m { w.emit(b[n], from: n) }
                        }
                        afterI = false
                        i = m
                        continue
                    }
                    var swap: String?
                    switch word {
                    case "I": swap = opens ? "We" : "we"
                    case "me": swap = "us"
                    case "Me": swap = "Us"
                    case "my": swap = "our"
                    case "My": swap = "Our"
                    case "mine": swap = "ours"
                    case "Mine": swap = "Ours"
                    case "myself": swap = "ourselves"
                    case "Myself": swap = "Ourselves"
                    case "was" where afterI: swap = "were"
                    case "am" where afterI: swap = "are"
                    default: swap = nil
                    }
                    afterI = word == "I"
                    if let swap {
                        for c in swap.utf8 { w.emit(c, from: i) }
                        changed = true
                    } else {
                        for n in i..<k { w.emit(b[n], from: n) }
                    }
                    i = k
                }
                cursor = e
            }
            for i in cursor..<b.count { w.emit(b[i], from: i) }
            guard changed else { return nil }
        case .lowercase:
            for i in body..<b.count { w.emit((b[i] >= 0x41 && b[i] <= 0x5A) ? b[i] | 0x20 : b[i], from: i) }
        case .typos:
            var i = body
            var word = 0
            var seed = fnvOffsetBasis
            for u in a.id.utf8 { seed = fnvStep(seed, u) }
            while i < b.count {
                guard isASCIILetter(b[i]) else { w.emit(b[i], from: i); i += 1; continue }
                var e = i
                while e < b.count, isASCIILetter(b[e]) { e += 1 }
                var letters = Array(b[i..<e])
                let labelLike = e < b.count && b[e] == 0x3A
                let h = combineHash(seed, UInt64(word))
                if letters.count >= 4, !labelLike, h % 6 == 0 {
                    let k = 1 + Int((h >> 8) % UInt64(letters.count - 2))  // an inner pair, never the first letter
                    letters.swapAt(k, k + 1)
                }
                for (n, c) in letters.enumerated() { w.emit(c, from: i + n) }
                word += 1
                i = e
            }
        case .oneParagraph:
            var previousEnd = -1  // where the last line with text ended (its newline)
            for (s, e) in lines(b, from: body) {
                var c = s
                while c < e, b[c] == 0x20 || b[c] == 0x09 { c += 1 }
                if c == e { continue }
                if Self.isStructural(b, c, e, parser) { return nil }
                // The space stands where the line break was, so it falls inside a segment only
                // if that segment ran across the break.
                if previousEnd >= 0 { w.emit(0x20, from: previousEnd) }
                for i in c..<e { w.emit(b[i], from: i) }
                previousEnd = e
            }
            w.emit(0x0A, from: b.count - 1)
        case .noLabels:
            var removed = false
            for (s, e) in lines(b, from: body) {
                var c = s
                while c < e, b[c] == 0x20 || b[c] == 0x09 { c += 1 }
                var t = c
                var heading = false
                if t < e, b[t] == 0x23 {
                    while t < e, b[t] == 0x23 { t += 1 }
                    while t < e, b[t] == 0x20 { t += 1 }
                    heading = true
                } else if let (_, content) = parser.listMarker(c, e, b) {
                    t = content
                }
                if t < e, let (_, rest, _) = parser.partLabel(t, e, b, allowBare: true) {
                    removed = true
                    if !heading { for i in s..<t { w.emit(b[i], from: i) } }
                    for i in rest..<e { w.emit(b[i], from: i) }
                } else {
                    for i in s..<e { w.emit(b[i], from: i) }
                }
                if e < b.count { w.emit(0x0A, from: e) }
            }
            guard removed else { return nil }
        }
        var out = a
        out.bytes = w.out
        out.segments = a.segments.map { w.remap($0) }
        if self == .noLabels { out.labelled = false }
        return out
    }

    /// The paddings `fillers` inserts, each one the fillers or hedges lexicon knows.
    static let paddings = ["So basically, ", "Honestly, ", "I think ", "Um, ", "To be honest, ", "Basically ", "I guess ", "You know, ", "Like, ", "Anyway, "]

    /// Whether the letter at `i` opens a sentence: only spaces and quotes between it and a
    /// sentence end (. ! ?), or between it and `lineStart`, where the line's text begins, when
    /// the line itself opens one (`lineOpens`).
    static func opensSentence(_ b: [UInt8], _ i: Int, lineStart: Int, lineOpens: Bool) -> Bool {
        var j = i - 1
        while j >= lineStart, b[j] == 0x20 || b[j] == 0x09 || b[j] == 0x22 { j -= 1 }
        return j < lineStart ? lineOpens : (b[j] == 0x2E || b[j] == 0x21 || b[j] == 0x3F)
    }

    /// A heading, quote, fence or list item (as the parser reads one): a line one paragraph
    /// cannot hold.
    static func isStructural(_ b: [UInt8], _ c: Int, _ e: Int, _ parser: DocumentParser) -> Bool {
        let x = b[c]
        return x == 0x23 || x == 0x3E || x == 0x60 || parser.listMarker(c, e, b) != nil
    }

    /// Lines of `b` from `start` as (start, end) without the newline (and without a CR).
    func lines(_ b: [UInt8], from start: Int) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        var s = start
        while s < b.count {
            var e = s
            while e < b.count, b[e] != 0x0A { e += 1 }
            out.append((s, e > s && b[e - 1] == 0x0D ? e - 1 : e))
            s = e + 1
        }
        return out
    }
}

/// Output bytes, each remembering the source byte it came from, so gold segments can follow.
private struct Rewriter {
    var out: [UInt8]
    var source: [Int]

    init(bytes: [UInt8], prefix: Int) {
        out = Array(bytes[0..<prefix])
        source = Array(0..<prefix)
        out.reserveCapacity(bytes.count)
        source.reserveCapacity(bytes.count)
    }

    mutating func emit(_ byte: UInt8, from i: Int) {
        out.append(byte)
        source.append(i)
    }

    /// The output bytes whose sources fall inside the segment.
    func remap(_ s: CorpusAnswer.Segment) -> CorpusAnswer.Segment {
        var lo = 0
        while lo < source.count, source[lo] < s.byteRange.lowerBound { lo += 1 }
        var hi = lo
        while hi < source.count, source[hi] < s.byteRange.upperBound { hi += 1 }
        return .init(label: s.label, byteRange: lo..<hi)
    }
}
