/// Rewrites of a labelled answer that real writers produce and the corpus may not: the
/// whole answer in one paragraph, no part labels, typing slips, no capitals. Evaluating
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
    /// The candidate's "I", "me", "my" and "mine" made "we", "us", "our" and "ours": the
    /// same story told in the plural, as team players often write.
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
            for (k, seg) in a.segments.enumerated() where !keep.contains(k) {
                for i in seg.byteRange where i >= body && i < b.count { dropped[i] = true }
                // The spaces after a dropped sentence go with it.
                var j = seg.byteRange.upperBound
                while j < b.count, b[j] == 0x20 { dropped[j] = true; j += 1 }
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
                    let h = combineHash(seed, UInt64(next))
                    if h % 3 == 0 {
                        let phrase = Self.paddings[Int((h >> 8) % UInt64(Self.paddings.count))]
                        // The padding belongs to the sentence it opens (its source is the
                        // sentence's first byte), and the sentence's capital moves to it.
                        let capital = b[i] >= 0x41 && b[i] <= 0x5A
                        for (n, c) in phrase.utf8.enumerated() { w.emit(n == 0 && !capital ? c | 0x20 : c, from: i) }
                        let lowerNext = i + 1 < b.count && b[i + 1] >= 0x61 && b[i + 1] <= 0x7A
                        w.emit(capital && lowerNext ? b[i] | 0x20 : b[i], from: i)
                        inserted = true
                        continue
                    }
                }
                w.emit(b[i], from: i)
            }
            guard inserted else { return nil }
        case .we:
            var i = body
            var changed = false
            var afterI = false
            while i < b.count {
                guard isASCIILetter(b[i]) else { w.emit(b[i], from: i); i += 1; continue }
                var e = i
                while e < b.count, isASCIILetter(b[e]) { e += 1 }
                let word = String(decoding: b[i..<e], as: UTF8.self)
                let apostrophe = e < b.count && (b[e] == 0x27)
                var swap: String?
                switch word {
                case "I": swap = apostrophe ? nil : "we"  // "I'm", "I've" would need their verbs changed
                case "me": swap = "us"
                case "my": swap = "our"
                case "My": swap = "Our"
                case "mine": swap = "ours"
                case "myself": swap = "ourselves"
                case "was" where afterI: swap = "were"
                case "am" where afterI: swap = "are"
                default: swap = nil
                }
                afterI = word == "I" && swap != nil
                if var s = swap {
                    if word == "I", i == body || Self.opensSentence(b, i) { s = "We" }
                    for c in s.utf8 { w.emit(c, from: i) }
                    changed = true
                } else {
                    for n in i..<e { w.emit(b[n], from: n) }
                }
                i = e
            }
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

    /// Whether the letter at `i` opens a sentence: only spaces, quotes or list markers since
    /// the line start or a sentence end.
    static func opensSentence(_ b: [UInt8], _ i: Int) -> Bool {
        var j = i - 1
        while j >= 0, b[j] == 0x20 || b[j] == 0x09 || b[j] == 0x22 || b[j] == 0x2A || b[j] == 0x2D { j -= 1 }
        return j < 0 || b[j] == 0x0A || b[j] == 0x2E || b[j] == 0x21 || b[j] == 0x3F || b[j] == 0x3A
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
