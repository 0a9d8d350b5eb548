import Testing
@testable import StarlintCore

/// The rewrites `starlint eval --perturb` measures robustness with.
@Suite("Perturbations")
struct PerturbationTests {
    /// A labelled answer whose segments are found in order in `md`.
    func answer(_ md: String, _ segments: [(StarLabel, String)], id: String = "a001", labelled: Bool = false) -> CorpusAnswer {
        let bytes = Array(md.utf8)
        var pos = 0
        var segs: [CorpusAnswer.Segment] = []
        for (label, text) in segments {
            let needle = Array(text.utf8)
            let at = (pos...(bytes.count - needle.count)).first { Array(bytes[$0..<($0 + needle.count)]) == needle }!
            segs.append(.init(label: label, byteRange: at..<(at + needle.count)))
            pos = at + needle.count
        }
        return CorpusAnswer(id: id, path: "\(id).md", bytes: bytes, question: "", type: "", field: "", level: "", quality: 3,
                            quantified: false, labelled: labelled, styles: [], segments: segs)
    }

    func texts(_ a: CorpusAnswer) -> [String] { a.segments.map { String(decoding: a.bytes[$0.byteRange], as: UTF8.self) } }

    @Test func oneParagraphJoinsLinesAndKeepsTheSegments() throws {
        let a = answer("---\nquestion: Tell me.\n---\nThe ward was short.\n\nI rewrote\n  the rota.\n\nWaits fell.\n",
                       [(.situation, "The ward was short."), (.action, "I rewrote\n  the rota."), (.result, "Waits fell.")])
        let p = try #require(Perturbation.oneParagraph.apply(a, lexicon: .bundled))
        #expect(String(decoding: p.bytes, as: UTF8.self) == "---\nquestion: Tell me.\n---\nThe ward was short. I rewrote the rota. Waits fell.\n")
        #expect(texts(p) == ["The ward was short.", "I rewrote the rota.", "Waits fell."])
        #expect(p.segments.map(\.label) == [.situation, .action, .result])
        let list = answer("I did two things:\n- I asked.\n- I fixed it.\n", [(.action, "I did two things:"), (.action, "I asked."), (.action, "I fixed it.")])
        #expect(Perturbation.oneParagraph.apply(list, lexicon: .bundled) == nil)
    }

    @Test func noLabelsStripsEveryFormOfPartLabel() throws {
        let a = answer("Situation: The ward was short.\n\n**Task** I had to fix it.\n\n### Action\nI asked everyone.\n- **Result:** Waits fell.\n",
                       [(.situation, "The ward was short."), (.task, "I had to fix it."), (.action, "I asked everyone."), (.result, "Waits fell.")],
                       labelled: true)
        let p = try #require(Perturbation.noLabels.apply(a, lexicon: .bundled))
        #expect(String(decoding: p.bytes, as: UTF8.self) == "The ward was short.\n\nI had to fix it.\n\n\nI asked everyone.\n- Waits fell.\n")
        #expect(texts(p) == texts(a))
        #expect(!p.labelled)
        let doc = Analyzer().prepare(bytes: p.bytes).document
        #expect(doc.sentences.allSatisfy { $0.explicitLabel == nil })
        #expect(Perturbation.noLabels.apply(answer("I asked everyone.\n", [(.action, "I asked everyone.")]), lexicon: .bundled) == nil)
    }

    @Test func typosSwapInnerLettersTheSameWayEveryRun() throws {
        let text = "Situation: Deliveries reached the warehouse late because planners scheduled overlapping collection windows regularly.\n"
        let a = answer(text, [(.situation, "Deliveries reached the warehouse late because planners scheduled overlapping collection windows regularly.")])
        let p = try #require(Perturbation.typos.apply(a, lexicon: .bundled))
        let q = try #require(Perturbation.typos.apply(a, lexicon: .bundled))
        #expect(p.bytes == q.bytes)
        #expect(p.bytes.count == a.bytes.count && p.bytes != a.bytes)
        #expect(p.segments.map(\.byteRange) == a.segments.map(\.byteRange))
        let out = String(decoding: p.bytes, as: UTF8.self)
        #expect(out.hasPrefix("Situation: "), "a word before a colon keeps its spelling")
        // Every changed word keeps its first letter and its letters.
        for (x, y) in zip(text.split(separator: " "), out.split(separator: " ")) where x != y {
            #expect(x.first == y.first && x.sorted() == y.sorted(), "\(x) -> \(y)")
        }
        let other = try #require(Perturbation.typos.apply(answer(text, [(.situation, "Deliveries")], id: "a002"), lexicon: .bundled))
        #expect(other.bytes != p.bytes, "the answer id seeds the choice")
    }

    @Test func lowercaseKeepsFrontMatter() throws {
        let a = answer("---\nrole: Nurse\n---\nI Led The Ward.\n", [(.action, "I Led The Ward.")])
        let p = try #require(Perturbation.lowercase.apply(a, lexicon: .bundled))
        #expect(String(decoding: p.bytes, as: UTF8.self) == "---\nrole: Nurse\n---\ni led the ward.\n")
        #expect(texts(p) == ["i led the ward."])
    }

    @Test func fillersOpenSomeSentencesAndStayInsideTheirSegments() throws {
        let sentences = (1...12).map { "Step \($0) went to plan." }
        let a = answer(sentences.joined(separator: " ") + "\n", sentences.map { (.action, $0) })
        let p = try #require(Perturbation.fillers.apply(a, lexicon: .bundled))
        let q = try #require(Perturbation.fillers.apply(a, lexicon: .bundled))
        #expect(p.bytes == q.bytes, "the same rewrite every run")
        let out = texts(p)
        #expect(out.count == 12)
        var padded = 0
        for (before, after) in zip(sentences, out) where before != after {
            padded += 1
            // A padding from the list, then the sentence with its capital moved to the padding.
            let pad = try #require(Perturbation.paddings.first { after.hasPrefix($0) }, "\(after)")
            #expect(after == pad + "step" + before.dropFirst(4))
        }
        #expect(padded >= 2 && padded <= 8, "about one sentence in three: \(padded)")
        // Each padded sentence draws its own padding, and every padding is one the lexicons know.
        let many = (1...90).map { "Step \($0) went to plan." }
        let m = try #require(Perturbation.fillers.apply(answer(many.joined(separator: " ") + "\n", many.map { (.action, $0) }), lexicon: .bundled))
        let used = Set(texts(m).compactMap { t in Perturbation.paddings.first { t.hasPrefix($0) } })
        #expect(used.count >= 6, "paddings used: \(used.sorted())")
        for pad in Perturbation.paddings {
            let found = try Analyzer().analyze(bytes: Array((pad + "the ward was short.\n").utf8), path: "a.md").findings
            #expect(found.contains { $0.rule == "filler" || $0.rule == "hedge" }, "\(pad)")
        }
        // "I" and a word in capitals keep their capital; an article loses it.
        let caps = ["I asked first.", "CRM data was stale.", "A step was missed."]
        var seen: Set<String> = []
        for id in (1...60).map({ "a\($0)" }) where seen.count < 3 {
            guard let r = Perturbation.fillers.apply(answer(caps.joined(separator: " ") + "\n", caps.map { (.action, $0) }, id: id), lexicon: .bundled) else { continue }
            for (before, after) in zip(caps, texts(r)) where before != after {
                let pad = try #require(Perturbation.paddings.first { after.hasPrefix($0) })
                let rest = String(after.dropFirst(pad.count))
                #expect(rest == (before.hasPrefix("A ") ? "a" + before.dropFirst() : before), "\(after)")
                seen.insert(before)
            }
        }
        #expect(seen.count == 3)
        let analysis = try Analyzer().analyze(bytes: p.bytes, path: "a.md")
        #expect(analysis.findings.contains { $0.rule == "filler" || $0.rule == "hedge" }, "the paddings are ones the lexicons know")
        #expect(Perturbation.fillers.apply(answer("12 went well.\n", [(.action, "12 went well.")]), lexicon: .bundled) == nil, "nothing to pad: no rewrite")
    }

    @Test func shortKeepsOneSentenceOfEachPartAndTheLastAction() throws {
        let md = "Situation: The ward was short. Nights were worse.\n\nI had to fix the rota. I asked everyone. I drafted swaps. I published it.\n\nWaits fell. I learned a lot.\n"
        let a = answer(md, [(.situation, "The ward was short."), (.situation, "Nights were worse."), (.task, "I had to fix the rota."),
                            (.action, "I asked everyone."), (.action, "I drafted swaps."), (.action, "I published it."),
                            (.result, "Waits fell."), (.other, "I learned a lot.")], labelled: true)
        let p = try #require(Perturbation.short.apply(a, lexicon: .bundled))
        #expect(String(decoding: p.bytes, as: UTF8.self) == "Situation: The ward was short.\n\nI had to fix the rota. I asked everyone. I published it.\n\nWaits fell.\n")
        #expect(texts(p) == ["The ward was short.", "I had to fix the rota.", "I asked everyone.", "I published it.", "Waits fell."])
        #expect(p.segments.map(\.label) == [.situation, .task, .action, .action, .result])
        // A list item, a label line or a line of its own that loses its only sentence goes
        // whole, so no empty item or extra paragraph break is left (CRLF too).
        let list = answer("S: The ward was short.\r\nT: I had to fix it.\r\nWhat I did:\r\n1. I asked.\r\n2. I drafted.\r\n3. I published.\r\nR: Waits fell.\r\nI learned a lot.\r\n",
                          [(.situation, "The ward was short."), (.task, "I had to fix it."), (.action, "I asked."), (.action, "I drafted."),
                           (.action, "I published."), (.result, "Waits fell."), (.other, "I learned a lot.")], labelled: true)
        let q = try #require(Perturbation.short.apply(list, lexicon: .bundled))
        #expect(String(decoding: q.bytes, as: UTF8.self) == "S: The ward was short.\r\nT: I had to fix it.\r\nWhat I did:\r\n1. I asked.\r\n3. I published.\r\nR: Waits fell.\r\n")
        #expect(texts(q) == ["The ward was short.", "I had to fix it.", "I asked.", "I published.", "Waits fell."])
        let five = answer("A. B. C. D. E.\n", [(.situation, "A."), (.task, "B."), (.action, "C."), (.action, "D."), (.result, "E.")])
        #expect(Perturbation.short.apply(five, lexicon: .bundled) == nil, "already short")
    }

    @Test func weTellsTheStoryInThePlural() throws {
        let a = answer("I was the lead. My manager and I agreed, so I'm told. Then I am sure it was mine; I did it myself.\n",
                       [(.situation, "I was the lead."), (.action, "My manager and I agreed, so I'm told."), (.result, "Then I am sure it was mine; I did it myself.")])
        let p = try #require(Perturbation.we.apply(a, lexicon: .bundled))
        #expect(texts(p) == ["We were the lead.", "Our manager and we agreed, so we're told.", "Then we are sure it was ours; we did it ourselves."])
        #expect(Perturbation.we.apply(answer("The team shipped it.\n", [(.result, "The team shipped it.")]), lexicon: .bundled) == nil)
        // Part labels and list markers stay as written, and the sentence after them opens
        // with a capital; contractions (straight or curly) and a sentence wrapped over two
        // lines are told in the plural too.
        let md = "What I did:\r\n- I called Me and Myself.\r\n**Task** I had to fix it.\r\nAction - I'm sure I\u{2019}ve\r\nI think I'd go.\r\n"
        let b = answer(md, [(.action, "I called Me and Myself."), (.task, "I had to fix it."), (.action, "I'm sure I\u{2019}ve\r\nI think I'd go.")], labelled: true)
        let q = try #require(Perturbation.we.apply(b, lexicon: .bundled))
        #expect(String(decoding: q.bytes, as: UTF8.self) == "What I did:\r\n- We called Us and Ourselves.\r\n**Task** We had to fix it.\r\nAction - We're sure we\u{2019}ve\r\nwe think we'd go.\r\n")
        #expect(texts(q) == ["We called Us and Ourselves.", "We had to fix it.", "We're sure we\u{2019}ve\r\nwe think we'd go."])
    }
}

/// Typing slips of lexicon words (`Typo`).
@Suite("Typing slips")
struct TypoTests {
    @Test func variantsAreOneSlipAwayAndKeepTheFirstLetter() {
        let v = Typo.variants(of: "reduced")
        #expect(v.contains("reduecd") && v.contains("reducd") && v.contains("redduced"))
        #expect(!v.contains("reduced") && !v.contains("educed"))
        #expect(v.allSatisfy { $0.first == "r" && $0.count >= 5 })
        #expect(Set(v).count == v.count)
        #expect(Typo.variants(of: "thank").allSatisfy { $0.count >= 5 }, "no four-letter slips such as 'tank'")
        #expect(Typo.variants(of: "cut").isEmpty && Typo.variants(of: "café").isEmpty)
    }

    @Test func realWordsAreNotSlips() {
        let entry = PhraseEntry(category: .change, text: "brought in", suggestion: "", hashes: LexiconFile.hashes("brought in"), conditions: [])
        let slips = Typo.entries(entry, isWord: { $0 == "bought" })
        #expect(slips.contains { $0.text == "borught in" })
        #expect(!slips.contains { $0.text == "bought in" })
        #expect(slips.allSatisfy { $0.hashes.count == 2 && $0.hashes[1] == normalizedHash("in") })
        // The bundled lexicon reads its exclusions from Lexicons/not-typos.txt.
        func matched(_ text: String) -> [String] {
            let doc = analyzer.prepare(bytes: Array(text.utf8)).document
            var m: [PhraseMatch] = []
            Lexicon.bundled.phrases.matches(in: doc, tokens: doc.sentences[0].tokens, into: &m)
            return m.map { Lexicon.bundled.phrases.entries[Int($0.entry)].text }
        }
        #expect(matched("Sales were doubled.").contains("doubled"))
        #expect(matched("Sales were dobuled.").contains("dobuled"))
        #expect(matched("I strated the audit.").contains("i strated"))
        #expect(!matched("I stated the goal.").contains("i stated"))
        #expect(!matched("I bought in the stock.").contains { $0.contains("bought") })
    }
}

/// The fold assignments of cross-validation (`eval --cross-validate --repeats`).
@Suite("Cross-validation folds")
struct FoldTests {
    /// `eval --repeats`: other fold assignments than the fixed one, the same every run.
    @Test func reshuffledFoldsAreBalancedStableAndDifferent() {
        let answers = (1...48).filter { $0 % 5 != 0 }.map { PerturbationTests().answer("I asked.\n", [(.action, "I asked.")], id: "a\($0)") }
        #expect(CorpusSplit.folds(answers, count: 5, shuffle: 0) == answers.map { CorpusSplit.fold(of: $0) })
        let one = CorpusSplit.folds(answers, count: 5, shuffle: 1)
        #expect(one == CorpusSplit.folds(answers, count: 5, shuffle: 1))
        #expect(one == CorpusSplit.folds(answers.reversed(), count: 5, shuffle: 1).reversed())  // by id, not by position
        let sizes = (0..<5).map { k in one.filter { $0 == k }.count }
        #expect(sizes.max()! - sizes.min()! <= 1)
        #expect(sizes.reduce(0, +) == answers.count)
        let two = CorpusSplit.folds(answers, count: 5, shuffle: 2)
        #expect(one != two)
        #expect(one != CorpusSplit.folds(answers, count: 5, shuffle: 0))
    }

    /// `eval --by-round`: one fold per writing round; answers in no round always train.
    @Test func writingRoundsAreFoldsAndTheFileIsChecked() throws {
        let file = Array("# rounds\na10-a19\n\na20-a29  # the second\n".utf8)
        let rounds = try CorpusSplit.rounds(file, path: "rounds.txt")
        #expect(rounds == [10...19, 20...29])
        let answers = [3, 11, 19, 20, 29, 30].map { PerturbationTests().answer("I asked.\n", [(.action, "I asked.")], id: "a\($0)") }
        #expect(CorpusSplit.roundFolds(answers, rounds: rounds) == [-1, 0, 0, 1, 1, -1])
        // Spaces around the dash and CRLF line ends are fine.
        #expect(try CorpusSplit.rounds(Array("a10 - a19\r\n# two\r\na20-a29\r\n".utf8), path: "rounds.txt") == [10...19, 20...29])
        for bad in ["a19-a10\n", "a10-a19\na15-a25\n", "10-19\n", "a10\n", "# nothing\n", "a10-a19-a29\n",
                    "a10-b19\n", "ax10-a19\n", "a10--a19\n", "a10-a19-\n", "a-a19\n"] {
            #expect(throws: StarlintError.self, "\(bad)") { try CorpusSplit.rounds(Array(bad.utf8), path: "rounds.txt") }
        }
    }
}
