/// One labelled answer of the corpus: `NAME.md` plus its `NAME.labels` sidecar.
public struct CorpusAnswer: Sendable {
    public struct Segment: Sendable {
        public var label: StarLabel
        public var byteRange: Range<Int>
    }

    public var id: String
    public var path: String
    public var bytes: [UInt8]
    public var question: String
    public var type: String
    public var field: String
    public var level: String
    public var quality: Int
    public var quantified: Bool
    public var labelled: Bool
    public var styles: [String]
    public var segments: [Segment]

    /// The number in the id (a017 -> 17), used by the split.
    public var number: Int { Int(id.drop { !$0.isNumber }) ?? 0 }
}

/// Which answers an evaluation or training run uses.
public enum CorpusSplit: String, Sendable, CaseIterable {
    /// The fixed 20% held out from all tuning: answers whose number is a multiple of 5.
    case heldout
    /// Everything else: what lexicons, rules, model and rubric are tuned and trained on.
    case dev
    case all

    public func contains(_ a: CorpusAnswer) -> Bool {
        switch self {
        case .heldout: a.number % 5 == 0
        case .dev: a.number % 5 != 0
        case .all: true
        }
    }

    /// Cross-validation folds by writing round: each answer's round (its index in `rounds`),
    /// or -1 for an answer in none (it is never tested and always trains).
    public static func roundFolds(_ answers: [CorpusAnswer], rounds: [ClosedRange<Int>]) -> [Int] {
        answers.map { a in rounds.firstIndex { $0.contains(a.number) } ?? -1 }
    }

    /// Reads a rounds file: one `aFIRST-aLAST` range per line (spaces around the dash
    /// allowed, LF or CRLF line ends); `#` starts a comment.
    public static func rounds(_ bytes: [UInt8], path: String) throws(StarlintError) -> [ClosedRange<Int>] {
        var out: [ClosedRange<Int>] = []
        // "a" and digits: the answer number, or nil.
        func number(_ part: Substring) -> Int? {
            guard part.first == "a", part.count > 1, part.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(part.dropFirst())
        }
        for (i, raw) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            // A CRLF line end leaves a "\r": drop it before anything else.
            let text = String(decoding: raw.last == 0x0D ? raw.dropLast() : raw, as: UTF8.self)
            let line = (text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "").trimmingSpaces()
            if line.isEmpty { continue }
            let ends = line.split(separator: "-", omittingEmptySubsequences: false).map { String($0).trimmingSpaces()[...] }
            guard ends.count == 2, let a = number(ends[0]), let b = number(ends[1]), a <= b else {
                throw .corpus(path: path, problem: "line \(i + 1): expected a range like a1153-a1352, got '\(line.prefix(60))'")
            }
            guard !out.contains(where: { $0.overlaps(a...b) }) else {
                throw .corpus(path: path, problem: "line \(i + 1): round \(line) overlaps an earlier one")
            }
            out.append(a...b)
        }
        if out.isEmpty { throw .corpus(path: path, problem: "no rounds listed") }
        return out
    }

    /// Cross-validation fold (0..<5) of a dev answer.
    public static func fold(of a: CorpusAnswer) -> Int { (a.number / 5) % 5 }

    /// Each answer's fold for cross-validation round `shuffle`: round 0 is `fold(of:)`;
    /// another round deals the answers, ordered by a hash of the round and the answer id,
    /// into `folds` folds in turn (sizes differ by at most one). The same answers and round
    /// always give the same folds.
    public static func folds(_ answers: [CorpusAnswer], count folds: Int, shuffle: Int) -> [Int] {
        guard shuffle != 0 else { return answers.map { fold(of: $0) % folds } }
        let seed = normalizedHash("folds \(shuffle)")
        let keys = answers.map { a in (combineHash(seed, normalizedHash(a.id)), a.id) }
        let order = answers.indices.sorted { keys[$0] < keys[$1] }
        var out = [Int](repeating: 0, count: answers.count)
        for (rank, i) in order.enumerated() { out[i] = rank % folds }
        return out
    }
}

/// Loads labelled answers from a folder.
public enum CorpusLoader {
    public static func load(directory: String) throws(StarlintError) -> [CorpusAnswer] {
        guard FileIO.isDirectory(directory) else { throw .corpus(path: directory, problem: FileIO.exists(directory) ? "not a folder" : "no such folder") }
        var out: [CorpusAnswer] = []
        for name in FileIO.list(directory) where name.hasSuffix(".md") {
            let base = String(name.dropLast(3))
            let md = directory + "/" + name, sidecar = directory + "/" + base + ".labels"
            guard FileIO.exists(sidecar) else { continue }
            out.append(try load(markdown: md, labels: sidecar, id: base))
        }
        if out.isEmpty { throw .corpus(path: directory, problem: "no labelled answers (NAME.md with NAME.labels)") }
        return out
    }

    static func load(markdown: String, labels: String, id: String) throws(StarlintError) -> CorpusAnswer {
        let bytes: [UInt8], side: [UInt8]
        do {
            bytes = try FileIO.read(markdown)
            side = try FileIO.read(labels)
        } catch {
            throw .corpus(path: markdown, problem: "cannot be read")
        }
        var meta: [String: String] = [:]
        var segments: [CorpusAnswer.Segment] = []
        let lines = String(decoding: side, as: UTF8.self).textLines().map(String.init)
        var k = 0
        while k < lines.count, lines[k].trimmingSpaces() != "---" {
            if let c = lines[k].firstIndex(of: ":") {
                meta[String(lines[k][..<c]).trimmingSpaces()] = String(lines[k][lines[k].index(after: c)...]).trimmingSpaces()
            }
            k += 1
        }
        // Segments are found in order in the body (after any front matter).
        var pos = bodyStart(bytes)
        for (n, line) in lines.enumerated().dropFirst(k + 1) where !line.trimmingSpaces().isEmpty {
            guard line.count > 4, let label = StarLabel(letter: line.first!), line.dropFirst().hasPrefix(" | ") else {
                throw .corpus(path: "\(labels):\(n + 1)", problem: "segment must look like 'S | text'")
            }
            let needle = Array(line.utf8.dropFirst(4))
            guard let at = find(needle, in: bytes, from: pos) else {
                throw .corpus(path: "\(labels):\(n + 1)", problem: "segment text not found in \(markdown)")
            }
            segments.append(.init(label: label, byteRange: at..<(at + needle.count)))
            pos = at + needle.count
        }
        guard let q = meta["quality"].flatMap(Int.init) else { throw .corpus(path: labels, problem: "missing quality") }
        return CorpusAnswer(
            id: id, path: markdown, bytes: bytes, question: meta["question"] ?? "", type: meta["type"] ?? "",
            field: meta["field"] ?? "", level: meta["level"] ?? "", quality: q, quantified: meta["quantified"] == "true",
            labelled: meta["labelled"] == "true",
            styles: (meta["styles"] ?? "").split(separator: ",").map { String($0).trimmingSpaces() }, segments: segments)
    }

    static func bodyStart(_ b: [UInt8]) -> Int {
        let s = UTF8Check.byteOrderMarkLength(b)
        guard b.count >= s + 4, b[s] == 0x2D, b[s + 1] == 0x2D, b[s + 2] == 0x2D, b[s + 3] == 0x0A || b[s + 3] == 0x0D else { return s }
        let fence: [UInt8] = [0x0A, 0x2D, 0x2D, 0x2D]
        if let at = find(fence, in: b, from: s + 3) { return at + 4 }
        return s
    }

    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, hay.count >= needle.count, from <= hay.count - needle.count else { return nil }
        let first = needle[0]
        var i = from
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first {
                var j = 1
                while j < needle.count, hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Gold label of each parsed sentence: the segment it overlaps most (nil if none).
    public static func goldLabels(_ doc: Document, _ answer: CorpusAnswer) -> [StarLabel?] {
        doc.sentences.map { s in
            var best: StarLabel?
            var bestOverlap = 0
            for seg in answer.segments {
                let o = min(s.byteRange.upperBound, seg.byteRange.upperBound) - max(s.byteRange.lowerBound, seg.byteRange.lowerBound)
                if o > bestOverlap { bestOverlap = o; best = seg.label }
            }
            return best
        }
    }
}
