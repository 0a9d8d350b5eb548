import Testing
import Foundation
import Dispatch
@testable import StarlintCore

/// Parses text with the bundled lexicons.
func parse(_ text: String) -> Document {
    DocumentParser.parse(Array(text.utf8), lexicon: Lexicon.bundled.text)
}

func sentenceTexts(_ text: String) -> [String] {
    let d = parse(text)
    return d.sentences.map { d.text(of: $0) }
}

@Suite("Tokenizer and sentence splitting")
struct TokenizerTests {
    @Test func splitsOnTerminalPunctuation() {
        #expect(sentenceTexts("I called the client. She agreed! Did it work? Yes.") == ["I called the client.", "She agreed!", "Did it work?", "Yes."])
    }

    /// A comment or link address with characters of several bytes is blanked byte for byte,
    /// yet every column after it on its line is the file's character column: for tokens,
    /// sentences and directives alike.
    @Test func columnsAfterABlankedNonASCIICommentAreCharacterColumns() {
        let text = "I fixed it. <!-- naïve café --> <!-- starlint-disable-line filler -->So I basically fixed it.\n<!-- é --> [the wiki](https://exämple.org/é) <!-- starlint-disabel -->Then I basically rang them.\nNo comment here: é and then I rang.\n"
        let doc = parse(text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func column(_ needle: String, line: Int) -> Int { lines[line - 1].distance(from: lines[line - 1].startIndex, to: lines[line - 1].range(of: needle)!.lowerBound) + 1 }
        for t in doc.tokens where t.kind == .word {
            let word = doc.visibleText(ofTokens: doc.tokens.firstIndex { $0.start == t.start }!..<(doc.tokens.firstIndex { $0.start == t.start }! + 1))
            let line = lines[Int(t.line) - 1]
            let chars = Array(line)
            let at = Int(t.column) - 1
            #expect(at + word.count <= chars.count && String(chars[at..<(at + word.count)]) == word, "\(word) at \(t.line):\(t.column)")
            #expect(Int(t.endColumn) == Int(t.column) + word.count)
        }
        #expect(doc.sentences.map(\.span.column) == [1, column("So I", line: 1), column("the wiki", line: 2), 1])
        #expect(doc.directives.map(\.column) == [column("<!-- starlint-disable-line", line: 1), column("<!-- starlint-disabel", line: 2)])
        // With CRLF line ends, each counts once.
        let crlf = parse("<!-- é -->\r\n<!-- é -->So I rang.\r\n")
        #expect(crlf.sentences.map { [$0.span.line, $0.span.column] } == [[2, 11]])
    }

    /// Markup is not prose: HTML tags, character references, link titles and addresses,
    /// images, reference definitions, footnote markers and setext underlines add no words and
    /// split no sentences (padding an answer with them lifted its word count and score).
    /// "&amp;" is an escaped ampersand: it keeps its "&" (the rest is blanked, so columns stay).
    @Test func anEscapedAmpersandIsAnAmpersand() {
        let d = parse("Cut it to 5 days &amp; keep the auditors happy &#38; calm.")
        #expect(d.tokens.filter { d.text(of: $0) == "&" }.count == 2)
        #expect(d.tokens.first { d.text(of: $0) == "keep" }?.column == 24)
        #expect(!d.tokens.contains { d.text(of: $0).contains("amp") })
    }

    /// Character references from a web form are decoded before the answer is read: a word
    /// keeps its apostrophe, a figure its % or currency sign, and every position stays the
    /// file's. `&amp;`, `&lt;`, `&gt;` and unknown names are not decoded.
    @Test func characterReferencesAreDecoded() {
        let d = parse("The queue &mdash; honestly &ndash; was long, she said &ldquo;thanks&rdquo; and &quot;fine&quot; to me&#8212;twice&#x2013;and left.")
        #expect(d.sentences.count == 1)
        #expect(d.text(of: d.sentences[0]) == "The queue \u{2014} honestly \u{2013} was long, she said \u{201C}thanks\u{201D} and \"fine\" to me\u{2014}twice\u{2013}and left.", "\(d.text(of: d.sentences[0]))")
        #expect(d.tokens.first { d.text(of: $0) == "honestly" }?.column == 19)
        #expect(d.tokens.first { d.text(of: $0) == "left" }?.column == 126)
        let web = parse("Intro line.\nThe customer&rsquo;s order was late, I&#39;m sure we didn&rsquo;t cut 10&percnt; off &pound;2,000 at the caf&eacute; &amp; bar.")
        let s = web.sentences[1]
        #expect(web.text(of: s) == "The customer\u{2019}s order was late, I'm sure we didn\u{2019}t cut 10% off \u{A3}2,000 at the caf\u{E9} & bar.", "\(web.text(of: s))")
        let line = "The customer&rsquo;s order was late, I&#39;m sure we didn&rsquo;t cut 10&percnt; off &pound;2,000 at the caf&eacute; &amp; bar."
        func column(_ w: String) -> Int? { web.tokens.first { web.text(of: $0) == w }.map { Int($0.column) } }
        func fileColumn(_ w: String) -> Int { line.distance(from: line.startIndex, to: line.range(of: w)!.lowerBound) + 1 }
        #expect(column("order") == fileColumn("order"))
        #expect(column("sure") == fileColumn("sure"))
        #expect(column("off") == fileColumn("off"))
        #expect(column("bar") == fileColumn("bar"))
        #expect(web.sentences[1].span.line == 2 && web.sentences[1].span.column == 1)
        #expect(web.sentences[1].span.endColumn == line.count + 1 || web.sentences[1].span.endColumn == line.count, "\(web.sentences[1].span)")
        // Byte ranges are the file's.
        let file = Array(("Intro line.\n" + line).utf8)
        #expect(web.sentences[1].byteRange == 12..<file.count, "\(web.sentences[1].byteRange)")
        // Escaped markup stays text, not a tag; an unknown name and a control character leave nothing.
        let esc = parse("I wrote &lt;b&gt;bold&lt;/b&gt; in the caf&zzzz; notes&#7;today.")
        #expect(esc.text(of: esc.sentences[0]) == "I wrote b bold /b in the caf notes today.", "\(esc.text(of: esc.sentences[0]))")
        // The front matter is left as written.
        let fm = parse("---\nquestion: R&amp;D &rsquo;s\n---\nI led R&amp;D.\n")
        #expect(fm.frontMatter["question"] == "R&amp;D &rsquo;s")
    }

    @Test func markupAddsNoWordsOrSentences() {
        let doc = parse("""
            Our queue was full<br/> and <b>slow</b> at R&D; it hurt.
            I set up a [dashboard](https://g.example.com/d/x?orgId=1 "Release health dashboard") that showed waits.
            I added ![chart](a.png 'Chart title') and a [page](<https://x.example/a b>) and [one](https://en.wikipedia.org/wiki/Foo_(bar)) to the wiki &mdash; a <span class="x">note</span>&nbsp;here&#8212;see <https://x.example/y>.
            Waits fell[^1] from 3 days to 1.

            [r0]: http://example.com/a "A title that pads"
            [^1]: Measured by the help desk.

            Heading text
            ============
            """)
        let texts = doc.sentences.map { doc.words(of: $0).joined(separator: " ") }
        #expect(texts == [
            "our queue was full and slow at r d it hurt",
            "i set up a dashboard that showed waits",
            "i added and a page and one to the wiki a note here see",
            "waits fell from 3 days to 1",
            "measured by the help desk",
            "heading text",
        ], "\(texts)")
        // Columns stay the file's.
        #expect(doc.sentences[3].span.line == 4 && doc.sentences[4].span.line == 7 && doc.sentences[4].span.column == 7)
        // A balanced address leaves no ')' behind, and a title in parentheses goes too.
        #expect(!doc.text(of: doc.sentences[2]).contains(")"))
        let titled = parse("I set up a [board](https://x.example/b (The board)) for the team.")
        #expect(titled.text(of: titled.sentences[0]) == "I set up a board for the team.")
        // Prose that only looks like a tag stays; so does front matter, and a bracketed label
        // with text after it is no reference definition.
        let prose = parse("---\nquestion: Tell me about R&amp;D on a <b>hard</b> problem\n---\nI cut the wait to <one hour, and errors fell from >5% to 1%.\n[Outcome]: Promoted to lead.\n")
        #expect(prose.frontMatter["question"] == "Tell me about R&amp;D on a <b>hard</b> problem")
        #expect(prose.sentences.map { prose.text(of: $0) } == ["I cut the wait to <one hour, and errors fell from >5% to 1%.", "Promoted to lead."])
        #expect(prose.sentences[1].explicitLabel == .result)
        // Up to three spaces may open a reference definition or an underline.
        let indented = parse("We lost the client.\n   ===\nI rang them.\n\n   [r1]: https://x.example/a 'A title'\n")
        #expect(indented.sentences.map { indented.text(of: $0) } == ["We lost the client.", "I rang them."])
        #expect(indented.sentences[0].block == .heading)
    }

    /// Vertical tab, form feed, NEL and the line separator are white space, not the start of
    /// the next sentence; spaces of other widths join a phrase's words, and marks inside a
    /// word (U+200E, U+2061, U+FEFF) do not split it.
    @Test func otherWhiteSpaceAndInvisibleMarks() {
        let doc = parse("I fixed the rota.\u{0B}\nWe had a queue.\u{0C}Then I rang them.\u{85}Waits fell.\u{2028}It worked.\n")
        #expect(doc.sentences.map { doc.text(of: $0) } == ["I fixed the rota.", "We had a queue.", "Then I rang them.", "Waits fell.", "It worked."])
        #expect(doc.sentences.map { [$0.span.line, $0.span.column] } == [[1, 1], [2, 1], [2, 17], [2, 35], [2, 47]])
        for text in ["I was kind\u{3000}of late.", "I was kind\u{2003}of late.", "I was basi\u{200E}cally late.", "I was basi\u{FEFF}cally late.", "I was basi\u{2061}cally late."] {
            let a = try? analyzer.analyze(bytes: Array(text.utf8), path: "a.md")
            let f = a?.findings.first { $0.rule == "filler" || $0.rule == "hedge" }
            #expect(f?.message == (text.contains("kind") ? "hedge 'kind of'" : "filler 'basically'"), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func abbreviationsDoNotEndSentences() {
        #expect(sentenceTexts("I met Dr. Patel and Mr. Jones, e.g. the leads, i.e. the owners. Then I left.") == [
            "I met Dr. Patel and Mr. Jones, e.g. the leads, i.e. the owners.", "Then I left.",
        ])
        #expect(sentenceTexts("We compared the U.S. vs. the U.K. market at 9 a.m. on Monday. It took an hour.").count == 2)
        #expect(sentenceTexts("We bought pens, paper, etc. The total was small.") == ["We bought pens, paper, etc.", "The total was small."])
        #expect(sentenceTexts("I read the data, cf. the March report, and wrote a plan incl. a budget, esp. for travel, in ca. 3 weeks. It passed.") == [
            "I read the data, cf. the March report, and wrote a plan incl. a budget, esp. for travel, in ca. 3 weeks.", "It passed.",
        ])
        #expect(sentenceTexts("Costs fell by 10% and 20% resp. for the two sites, viz. Leeds and York. Then we stopped.").count == 2)
    }

    /// Abbreviations that often close a clause ("p.m.", "Ltd.") end a sentence before a
    /// word that starts one, and not before a name.
    @Test func clauseFinalAbbreviationsEndBeforeASentenceStarter() {
        #expect(sentenceTexts("The line went down at 5 p.m. The next day I rebuilt the schedule.") == [
            "The line went down at 5 p.m.", "The next day I rebuilt the schedule.",
        ])
        #expect(sentenceTexts("I signed with Harbour Freight Ltd. We shipped in May.").count == 2)
        #expect(sentenceTexts("We met at 9 a.m. Monday to plan the move.").count == 1)
        #expect(sentenceTexts("We met at 9 a.m. Afterwards I wrote the plan.").count == 2)
        #expect(sentenceTexts("We met at 9 a.m. on Monday to plan it.").count == 1)
        #expect(sentenceTexts("She joined from Harbour Freight Ltd. London office.").count == 1)
        // Other abbreviations never end one this way.
        #expect(sentenceTexts("I called Dr. The Hague's office.").count == 1)
    }

    /// In a block written without capitals at sentence starts (chat style), such an
    /// abbreviation ends a sentence before a lower-case word that starts one; where the writer
    /// capitalises sentence starts, a lower-case word after it is inside the sentence.
    @Test func clauseFinalAbbreviationsInLowerCaseBlocks() {
        #expect(sentenceTexts("ok so i was on the desk. i got her connected in about 15 mins. then i checked the logs.") == [
            "ok so i was on the desk.", "i got her connected in about 15 mins.", "then i checked the logs.",
        ])
        #expect(sentenceTexts("the van came at 6 p.m. the next day i rang the depot.").count == 2)
        // Capitalised sentence starts: "at 11 p.m. to find" and "15 mins. then" stay one sentence.
        #expect(sentenceTexts("A couple arrived at 11 p.m. to find their room gone. I rebooked them.").count == 2)
        #expect(sentenceTexts("It took 15 mins. then we left.").count == 1)
        // A word that does not start sentences does not end one there.
        #expect(sentenceTexts("ok so i was on the desk. it took 15 mins. longer than planned.").count == 2)
    }

    /// Days of the week and street names shortened ("by Mon. 5 June", "on St. Mary's Rd. in
    /// Bath") end no sentence before a figure or a lower-case word; before a capitalised
    /// sentence starter they do ("shipped on Fri. The next week ...").
    @Test func daysAndStreetsShortened() {
        #expect(sentenceTexts("My manager, Ms. Lee, asked me to find the cause by Mon. 5 June.").count == 1)
        #expect(sentenceTexts("I patched it late on Wed. and Prof. Okafor's team reviewed it.").count == 1)
        #expect(sentenceTexts("In Jan. 2024 I was at a hotel on St. Mary's Rd. in Bath.").count == 1)
        #expect(sentenceTexts("We shipped on Fri. The next week returns fell.").count == 2)
    }

    /// A unit of time after a figure ("40 min.", "2 hrs.", "30 sec.") is not a sentence's end
    /// before a lower-case word where the writer capitalises sentence starts, and is one before
    /// a capital, as "ms" after a figure is.
    @Test func unitsOfTimeAfterFigures() {
        #expect(sentenceTexts("Patients at our clinic waited 40 min. for a call back. Waiting fell to 15 min. and complaints dropped by half.") == [
            "Patients at our clinic waited 40 min. for a call back.", "Waiting fell to 15 min. and complaints dropped by half.",
        ])
        #expect(sentenceTexts("Waiting fell to 15 min. Complaints dropped by half.") == ["Waiting fell to 15 min.", "Complaints dropped by half."])
        #expect(sentenceTexts("The restore took 2 hrs. Nobody lost any work.").count == 2)
        #expect(sentenceTexts("The check takes 30 sec. per pallet now.").count == 1)
        #expect(sentenceTexts("ok so i was on the desk. the queue was 40 min. then i opened a second line.").count == 3)
        // Not after a figure, "min" and "HR" are words like any other.
        #expect(sentenceTexts("Give it a min. The page reloads.").count == 2)
        #expect(sentenceTexts("I spoke to HR. Staying late was not an option.").count == 2)
    }

    /// "No." is "number" only before a figure; otherwise it is the word no ending a sentence
    /// (five corpus answers had "... so it was not easy to say no. I told him ..." as one).
    @Test func noIsAnAbbreviationOnlyBeforeAFigure() {
        #expect(sentenceTexts("It was not easy to say no. I told him politely that I could not approve it.") == [
            "It was not easy to say no.", "I told him politely that I could not approve it.",
        ])
        #expect(sentenceTexts("The answer was no. Where I could, I offered another slot.").count == 2)
        #expect(sentenceTexts("I moved the files to shelf No. 5 in the archive.").count == 1)
        #expect(sentenceTexts("Pump no. 12 failed twice that week.").count == 1)
    }

    /// Pasted text: a soft hyphen or zero-width space inside a word does not split it or
    /// change its hash; a quote closed by a single quote after "!" continues the sentence.
    @Test func invisibleCharactersAndSingleQuotes() {
        let d = parse("I was basi\u{AD}cally the lead and re\u{200B}built it.")
        #expect(d.tokens.filter { $0.kind == .word }.map(\.hash).contains(normalizedHash("basically")))
        #expect(d.tokens.filter { $0.kind == .word }.map(\.hash).contains(normalizedHash("rebuilt")))
        let q = parse("She said ‘Of course!’ and showed me. He asked 'why?' and I told him.")
        #expect(q.sentences.count == 2)
    }

    /// "Q: ..." or "Question: ..." before the answer is the question, not a sentence of it.
    @Test func aQuestionLineIsTheQuestion() {
        let d = parse("Q: Tell me about a time you fixed a process\n\nI fixed the rota.")
        #expect(d.frontMatter["question"] == "Tell me about a time you fixed a process")
        #expect(d.sentences.count == 1)
        let e = parse("Question: Why did it fail?\nI rebuilt it.")
        #expect(e.frontMatter["question"] == "Why did it fail?" && e.sentences.count == 1)
        // After the answer has started it is text.
        #expect(parse("I fixed it.\nQ: was it hard? Yes.").sentences.count == 3)
    }

    /// A mock-interview transcript: the interviewer's later turns ("Q: And then?",
    /// "Interviewer: Okay.") are not the answer, the "A:" after one opens the reply rather than
    /// the Action, and "Candidate:" or "Me:" is a speaker's name, not text.
    @Test func aTranscriptKeepsOnlyTheCandidatesTurns() {
        func texts(_ d: Document) -> [String] { d.sentences.map { d.text(of: $0) } }
        let qa = parse("Q: Tell me about a model that failed.\n\nA: I built a fraud model.\n\nQ: And what did you find?\n\nA: A leaking feature. I removed it.\n")
        #expect(qa.frontMatter["question"] == "Tell me about a model that failed.")
        #expect(texts(qa) == ["I built a fraud model.", "A leaking feature.", "I removed it."])
        #expect(qa.sentences.allSatisfy { $0.explicitLabel == nil })
        // Turns on consecutive lines; the first interviewer line is the question even when it
        // runs over two sentences.
        let named = parse("Interviewer: Thanks for coming. Tell me about a disagreement.\nCandidate: My manager wanted to cut QA.\nInterviewer: Okay. And then?\nCandidate: He agreed to a smoke test.\n")
        #expect(named.frontMatter["question"] == "Thanks for coming. Tell me about a disagreement.")
        #expect(texts(named) == ["My manager wanted to cut QA.", "He agreed to a smoke test."])
        // Each turn is a paragraph of its own.
        #expect(named.sentences[0].paragraph != named.sentences[1].paragraph)
        let me = parse("Me: I rebuilt the rota.\nInterviewer: Why?\nMe: Nights were short.")
        #expect(texts(me) == ["I rebuilt the rota.", "Nights were short."])
        // Without a question first or a speaker's name, a later "Q:" line is text and a later
        // "A:" the Action.
        #expect(texts(parse("I fixed it.\nQ: was it hard? Yes.")).count == 3)
        let action = parse("Situation: The rota was short.\n\nA: I rebuilt it.")
        #expect(action.sentences.last?.explicitLabel == .action)
    }

    /// Headings people write for a hypothetical answer's steps and for the other parts.
    @Test func moreWrittenPartLabels() {
        let plan = parse("Context: the ward was short of two nurses.\n\nWhat I'd do\nI would ring the agency first.\n\nWhat I would do: tell the matron.\n\nMy aim: cover the night shift.\n\nThe impact: no shift went short.\n\nKey takeaway: ask early.")
        #expect(plan.sentences.map(\.explicitLabel) == [.situation, .action, .action, .task, .result, .other])
    }

    /// Every alias in part-labels.txt is read as its part, however many words it has (the
    /// lookup once stopped at three, so "What I had to do:" was text): after a colon, alone
    /// on its line above the text, and as a heading.
    @Test func everyPartLabelAliasIsRead() throws {
        let file = try String(contentsOfFile: packageRoot + "/Lexicons/part-labels.txt", encoding: .utf8)
        var aliases = 0
        var twoParts = 0
        for line in file.split(separator: "\n") where !line.hasPrefix("#") {
            guard let letter = line.first, let label = StarLabel(letter: letter), let space = line.firstIndex(of: " ") else { continue }
            let alias = String(line[line.index(after: space)...])
            // "S/T challenge": a name for two parts.
            let second = line[..<space].count == 3 ? StarLabel(letter: line[..<space].last!) : nil
            if second != nil { twoParts += 1 }
            let written = alias.prefix(1).uppercased() + alias.dropFirst()
            aliases += 1
            for text in ["I ran the night shift.\n\n\(written): I rang the agency first.",
                         "I ran the night shift.\n\n## \(written)\n\nI rang the agency first."] {
                let d = parse(text)
                #expect(d.sentences.map(\.explicitLabel) == [nil, label], "\(text.debugDescription)")
                #expect(d.sentences.last?.secondLabel == second, "\(text.debugDescription)")
                #expect(d.sentences.last.map { d.text(of: $0) } == "I rang the agency first.", "\(text.debugDescription)")
            }
        }
        #expect(aliases > 50)
        #expect(twoParts >= 3)
    }

    /// Parts headed in the candidate's own words (part-heading-words.txt), in an answer that
    /// heads three or more parts so: lines of their own, phrases before a colon, bold and
    /// Markdown headings. Found by an outside set, whose writers named parts "My part", "Where
    /// it landed", "What I did about it:" and "**After:**".
    @Test func partsHeadedInOwnWords() {
        func read(_ text: String) -> [(StarLabel?, String)] {
            let d = parse(text)
            return d.sentences.map { ($0.explicitLabel, d.text(of: $0)) }
        }
        func labels(_ text: String) -> [StarLabel?] { read(text).map(\.0) }
        let lines = read("The problem\nPatients waited 52 minutes for a porter.\n\nMy job\nI was accountable for the wait.\n\nWhat we did\nI worked shifts with the porters.\n\nWhere it landed\nThe wait fell to 19 minutes.")
        #expect(lines.map(\.0) == [.situation, .task, .action, .result])
        #expect(lines.map(\.1) == ["Patients waited 52 minutes for a porter.", "I was accountable for the wait.", "I worked shifts with the porters.", "The wait fell to 19 minutes."])
        #expect(labels("What was going on: I ran the depot. The vans left late.\n\nWhat I did about it: I asked the guard to light the boilers.\n\nHow it ended: Late starts stopped.")
                == [.situation, .situation, .action, .result])
        #expect(labels("**What happened:** The boxes looked alike.\n\n**What I did:** I moved one.\n\n**After:** No mix-ups since.") == [.situation, .action, .result])
        #expect(labels("## Context\n\nThe X-ray technician left.\n\n## My job\n\nI took it over.\n\n## Steps\n\nI read the manual.\n\n## How it ended\n\nWe finished on time.")
                == [.situation, .task, .action, .result])
        #expect(labels("What was going on:\nI ran the depot.\n\n**My role in it**\nI had to fix the starts.\n\nThe outcome: Late starts stopped.") == [.situation, .task, .result])
        #expect(labels("Where things stood: The vans left late.\n\nWhat I was responsible for: Getting them out by seven.\n\nHow I dealt with it: I asked the guard to light the boilers.\n\nThe end result: Late starts stopped.")
                == [.situation, .task, .action, .result])
        // In lower case, with blank lines between (a chat-style answer), where a short line may
        // be a sentence ("moved the round to 7").
        #expect(labels("big problem\n\nthe trolley was late\n\nwhat i did\n\nmoved the round to 7\n\nsince then\n\nno missed meds") == [.situation, .action, .result])
        // Not headings: a title over an answer with one label, steps named alike, a lead-in
        // sentence under a heading, openers of sentences before a colon ("The problem was
        // simple:", "After lunch:"; "My job:" and "Since then:" are headings), and a line that a
        // lower-case line goes on.
        #expect(labels("# My biggest challenge\n\nI ran a shop.\n\nResult: Sales rose.") == [nil, .result])
        #expect(labels("Step one: I read the manual.\n\nStep two: I wrote a protocol.\n\nStep three: I tested it.") == [nil, nil, nil])
        let leadIn = read("### Situation\nI ran a shop.\n\n### Action\nI took four concrete steps:\n1. I moved the rota.\n\n### Result\nIt worked.")
        #expect(leadIn.map(\.1).contains("I took four concrete steps:"))
        let openers = read("The problem was simple: the pump broke.\n\nAfter lunch: I rang the supplier.\n\nMy job: I had to keep the pour going.\n\nSince then: the pours run on time.\n\nWhat I did: I booked a spare pump.")
        #expect(openers.map(\.0) == [nil, nil, .task, .result, .action])
        #expect(openers.first?.1 == "The problem was simple: the pump broke.")
        let wrapped = read("The problem\nwas that nobody owned the rota.\n\nWhat we did\nWe hired.\n\nWhere it landed\nIt fell.")
        #expect(wrapped.first?.0 == nil && wrapped.first?.1 == "The problem was that nobody owned the rota.")
        // A heading that names no part, or two ("My part", "How I solved the problem"), in an
        // answer that heads its parts: structure, not a sentence, and it ends the part above it.
        let unnamed = read("The problem\nThe wait was long.\n\nMy part in the result\nI cut it.\n\nWhat we did\nWe hired.\n\nWhere it landed\nIt fell.")
        #expect(unnamed.map(\.1) == ["The wait was long.", "I cut it.", "We hired.", "It fell."])
        #expect(unnamed.map(\.0) == [.situation, nil, .action, .result])
        let solved = read("## Situation\n\nThe boilers were cold.\n\n## How I solved the problem\n\nI asked the guard to light them.\n\n## Result\n\nWe left on time.")
        #expect(solved.map(\.0) == [.situation, nil, .result])
        #expect(solved.map(\.1) == ["The boilers were cold.", "I asked the guard to light them.", "We left on time."])
        // Under labels on lines of their own: "Mitigation" ends "My responsibility"'s part,
        // with or without a colon after either, and so does "Step 1".
        for colon in ["", ":"] {
            let plain = read("The incident\(colon)\nA server fell over.\n\nMy responsibility\(colon)\nI was on call.\n\nMitigation\(colon)\nI failed it over to the spare.\n\nStep 2\nI rang the users.\n\nResolution\(colon)\nIt was back in ten minutes.")
            #expect(plain.map(\.0) == [nil, .task, nil, nil, nil], "\(colon)")
            #expect(plain.map(\.1).suffix(4) == ["I was on call.", "I failed it over to the spare.", "I rang the users.", "It was back in ten minutes."], "\(colon)")
        }
        // Headings naming no part at their head: "Response time:", "Target met", "Job done".
        let values = read("The problem\nOur tickets waited.\n\nWhat I did\nI added a rota.\n\nResponse time: from 3 days to 4 hours.\n\nIssue backlog: from 1,400 to 210.\n\nTarget met: 98% within a day.")
        #expect(values.map(\.0) == [nil, .action, .action, .action, .action])
        #expect(labels("The problem\nOur tickets waited.\n\nMy job\nI had to fix it.\n\nWhat I did\nI added a rota.\n\nJob done\nTickets now wait a day.") == [.situation, .task, .action, nil])
    }

    /// Quoted front-matter values keep their quotes' escapes undone.
    @Test func frontMatterEscapes() {
        let d = parse("---\nquestion: \"Tell me about a time you said \\\"no\\\", politely\"\nrole: 'Owner''s assistant'\n---\nI said no.")
        #expect(d.frontMatter["question"] == "Tell me about a time you said \"no\", politely")
        #expect(d.frontMatter["role"] == "Owner's assistant")
        // YAML's hex escapes are read, and a line break or tab is a space.
        let e = parse("---\nquestion: \"Tell me \\u00e9\\x41 \\U0001F600 about\\na time\\t\\q \\\\ now\"\n---\nI said no.")
        #expect(e.frontMatter["question"] == "Tell me éA 😀 about a time q \\ now")
    }

    /// Inputs from a review of the pasted-text parsing: a sign-off's words inside the answer,
    /// a lower-case label word wrapped to a line's start, list letters inside a sentence,
    /// "Q:" questions over several lines, label reach after a closing quote, a trailing
    /// line of spaces, and the other full-width stops.
    @Test func pastedTextEdgeCases() {
        func texts(_ s: String) -> [String] { let d = parse(s); return d.sentences.map { d.text(of: $0) } }
        #expect(texts("I moved triage to the front desk and it was the\nbest, most useful change we made.\nWaits fell from 40 to 12 minutes.\n")
                == ["I moved triage to the front desk and it was the best, most useful change we made.", "Waits fell from 40 to 12 minutes."])
        #expect(texts("The customer replied:\nThanks, that fixed it!\nWe then rolled the fix out.").last == "We then rolled the fix out.")
        #expect(texts("The customer wrote:\n> Thanks, this fixed it.\n\nAfter that I rolled it out.").last == "After that I rolled it out.")
        #expect(texts("I rebuilt the rota.\nBest, we cut overtime by 20%.\nThe team was happier.").count == 3)
        let wrapped = parse("I rewrote the on-call rota and this had a big\nimpact. Pages fell from 40 a week to 6.\n")
        #expect(wrapped.sentences.map { wrapped.text(of: $0) } == ["I rewrote the on-call rota and this had a big impact.", "Pages fell from 40 a week to 6."])
        #expect(wrapped.sentences.allSatisfy { $0.explicitLabel == nil })
        #expect(texts("I told my manager we could either\n(a) hire two more agents or (b) automate the triage step.").count == 1)
        #expect(texts("x\n  ") == ["x"] && texts("x\n\t") == ["x"])
        // A question on the line after "Q:", or wrapped; "A:" then opens the answer.
        let q = parse("Q:\nTell me about a time you improved a process.\n\nA: In 2021 I ran the billing migration.")
        #expect(q.frontMatter["question"] == "Tell me about a time you improved a process.")
        #expect(q.sentences.map { q.text(of: $0) } == ["In 2021 I ran the billing migration."] && q.sentences[0].explicitLabel == nil)
        let w = parse("Q: Tell me about a time you had to deal with\na difficult stakeholder.\n\nI met her weekly.")
        #expect(w.frontMatter["question"] == "Tell me about a time you had to deal with a difficult stakeholder." && w.sentences.count == 1)
        // A heading that sets the question as an interviewer words it is the question, as one
        // ending in "?" is; "Question:" in a heading is left out; other headings are text.
        let h = parse("# Tell me about a time you disagreed with a colleague.\n\nLast spring we disagreed about a date.")
        #expect(h.frontMatter["question"] == "Tell me about a time you disagreed with a colleague." && h.sentences.count == 1)
        let hq = parse("## Question: What is your biggest weakness\n\nI over-prepare.")
        #expect(hq.frontMatter["question"] == "What is your biggest weakness" && hq.sentences.count == 1)
        // Another heading before the answer is its title, not said in the interview: left out,
        // with no question taken from it. A template's section heading is no question either.
        let title = parse("# Describing our queue\n\nIt was long.")
        #expect(title.sentences.map { title.text(of: $0) } == ["It was long."] && title.frontMatter["question"] == nil)
        #expect(!title.tokens.contains { title.text(of: $0) == "queue" })
        #expect(texts("## Describe the situation\n\nIt was long.") == ["It was long."])
        #expect(texts("My answer\n=========\n\nIt was long.") == ["It was long."])
        #expect(texts("# My answer\n\n## Situation\n\nIt was long.") == ["It was long."])
        // One written as a sentence, or too long for a title, is the answer's first sentence;
        // a heading after the answer has begun is part of it.
        #expect(texts("# We lost our biggest client.\n\nIt was long.") == ["We lost our biggest client.", "It was long."])
        #expect(texts("# The spring when our queue ran out of the door every single morning\n\nIt was long.").count == 2)
        #expect(texts("It was long.\n\n# A second part\n\nI fixed it.") == ["It was long.", "A second part", "I fixed it."])
        // A sentence's end before closing quotes, an ellipsis or a full-width stop counts too.
        for h in ["\"We fixed it.\"", "We fixed it…", "We fixed it!”", "我们修好了。"] {
            #expect(texts("# \(h)\n\nIt was long.").count == 2, "\(h)")
        }
        // A title with nothing after it is the answer after all.
        #expect(texts("# I fixed the build\n") == ["I fixed the build"])
        // A numbered part label in a heading is the label, not a title or a sentence.
        let numbered = parse("## 1. Situation\n\nOur queue was full.\n\n## 2) Task\n\nI had to fix it.\n")
        #expect(numbered.sentences.map { numbered.text(of: $0) } == ["Our queue was full.", "I had to fix it."])
        #expect(numbered.sentences.map(\.explicitLabel) == [.situation, .task])
        for h in ["3 Action", "3.Action", "3: Action", "3 - Action", "(3) Action"] {
            let d = parse("## 2. Task\n\nI had to fix it.\n\n## \(h)\n\nI rewrote the rota.\n")
            #expect(d.sentences.map(\.explicitLabel) == [.task, .action], "\(h)")
        }
        // A number alone is no label: "## 2024" stays a title.
        #expect(texts("## 2024\n\nI rewrote the rota.") == ["I rewrote the rota."])
        // A bare "Question:" heading is dropped.
        let bare = parse("# Question:\n\nIt was long.")
        #expect(bare.sentences.map { bare.text(of: $0) } == ["It was long."] && bare.frontMatter["question"] == nil)
        #expect(texts("I fixed it.\n\n## Tell me about the result\n\nIt held.").count == 3)
        // After an opening note, a heading that asks for an example, or says "Question:", is
        // the question (the first one kept), not an answer sentence; the note, written before
        // the question, is no part of the answer either.
        let note = parse("Practice for Monday.\n\n# Tell me about a time you calmed a customer down\n\nLast May a buyer shouted at me.\nI listened.")
        #expect(note.frontMatter["question"] == "Tell me about a time you calmed a customer down")
        #expect(note.sentences.map { note.text(of: $0) } == ["Last May a buyer shouted at me.", "I listened."])
        #expect(note.sentences.map(\.paragraph) == [0, 0] && note.sentences[0].span.line == 5)
        #expect(!note.tokens.contains { note.text(of: $0) == "Monday" })
        // Only after a note of one sentence, with no question yet: later, such a heading is text.
        let second = parse("# Describe a time you led a team\n\nI led six.\n\n## Question: Give an example of a hard call\n\nI cut a feature.")
        #expect(second.frontMatter["question"] == "Describe a time you led a team" && second.sentences.count == 3)
        let later = parse("I fixed the pump. We shipped.\n\n## Tell me about a project\n\nIt held.")
        #expect(later.frontMatter["question"] == nil && later.sentences.count == 4)
        #expect(texts("I fixed it.\n\n## What did I do?\n\nIt held.").count == 3)
        // A "Question:" line that goes on past its question is text; so is a greeting-like word.
        #expect(texts("Question: how could we halve the backlog? That was the ask from my manager.").count == 2)
        #expect(texts("Hi-vis vests were missing:\nI ordered forty.") == ["Hi-vis vests were missing: I ordered forty."])
        // A question or greeting before the answer does not change a label's reach.
        let reach = parse("Q: Tell me about a night shift.\n\nSituation: I ran nights on a 30-bed ward.\nWe had two porters for the whole site.\nTask: I had to cover the gaps.")
        #expect(reach.sentences.map(\.explicitLabel) == [.situation, nil, .task])
        let quoted = parse("Situation: My manager said the queue was \"out of control.\"\nI rebuilt the rota over a weekend.\nResult: It held.")
        #expect(quoted.sentences.map(\.explicitLabel) == [.situation, nil, .result])
        #expect(texts("It worked． Next we shipped｡ Done.").count == 3)
    }

    /// A long run of "!'" (each "!" asking whether the sentence ends) is read in linear time:
    /// 100,000 of them took about 8 s when each rescanned the run; now well under a second.
    @Test func longPunctuationRunsAreLinear() {
        let text = "We did it" + String(repeating: "!'", count: 100_000) + " and left."
        let clock = ContinuousClock()
        let elapsed = clock.measure { #expect(parse(text).sentences.count >= 1) }
        #expect(elapsed < .seconds(2))
    }

    /// Full-width stops, as an East Asian keyboard types them, end sentences too.
    @Test func fullWidthStopsEndSentences() {
        #expect(sentenceTexts("I rebuilt the rota。Then I asked the team！Did it work？Yes，it did.") == [
            "I rebuilt the rota。", "Then I asked the team！", "Did it work？", "Yes，it did.",
        ])
    }

    /// A full stop with no space after it is inside a name, not a sentence end.
    @Test func namesWithFullStopsStayWhole() {
        #expect(sentenceTexts("I upgraded the client from v2.1.3 to v2.4.0 and wrote to ops@example.com about it. Then I posted the notes at https://example.com/runbook/import.html for the team.") == [
            "I upgraded the client from v2.1.3 to v2.4.0 and wrote to ops@example.com about it.",
            "Then I posted the notes at https://example.com/runbook/import.html for the team.",
        ])
        #expect(sentenceTexts("I ran python3.11 and Node.js on it. It worked.").count == 2)
        // A missing space between a lower-case word and a capitalised one is still a split.
        #expect(sentenceTexts("It ended.Then I left.") == ["It ended.", "Then I left."])
        #expect(sentenceTexts("We moved to .NET and the Node.js service.").count == 1)
    }

    /// A STAR answer laid out as a Markdown table: prose cells are read, labelled by a label
    /// cell in their row or by a header row of part labels; data cells are not.
    @Test func tablesOfProseAreRead() {
        let rows = parse("""
            | Part | What happened |
            |---|---|
            | **Situation** | Our clinic's phone line dropped a third of calls every Monday. |
            | Task | I had to get missed calls under five percent. |
            | Action | I moved two receptionists onto a staggered start. |
            | Result | Missed calls fell from 31% to 4% in six weeks. |
            """)
        #expect(rows.sentences.map { rows.text(of: $0) } == ["Our clinic's phone line dropped a third of calls every Monday.", "I had to get missed calls under five percent.",
                                                              "I moved two receptionists onto a staggered start.", "Missed calls fell from 31% to 4% in six weeks."])
        #expect(rows.sentences.map(\.explicitLabel) == [.situation, .task, .action, .result])
        #expect(rows.sentences[0].span.line == 3 && rows.sentences[0].span.column == 19)
        let columns = parse("""
            | Situation | Task | Action | Result |
            |---|---|---|---|
            | The depot had no Sunday driver. | I had to cover Sundays cheaply. | I built a volunteer rota with a day off in lieu. | Late routes dropped from nine to two a month. |
            """)
        #expect(columns.sentences.map(\.explicitLabel) == [.situation, .task, .action, .result])
        #expect(columns.sentences[1].span.column == 37)
        // Unlabelled prose cells are read as text; a label opening a cell labels it.
        let steps = parse("| Step | What I did |\n|---|---|\n| 1 | I counted every shelf twice on Monday. |\n| 2 | Result: stock-outs fell by half in a month. |")
        #expect(steps.sentences.map(\.explicitLabel) == [nil, .result])
        #expect(steps.text(of: steps.sentences[1]) == "stock-outs fell by half in a month.")
        // Without outer pipes, a delimiter row under the header makes it a table too.
        let bare = parse("""
            Part | What happened
            --- | ---
            Situation | Our clinic's phone line dropped a third of calls every Monday.
            **Action** | I moved two receptionists onto a staggered start.
            Result | Missed calls fell from 31% to 4% in six weeks.

            So yes | that is how it went, and I would do it the same way again.
            """)
        #expect(bare.sentences.map { bare.text(of: $0) } == ["Our clinic's phone line dropped a third of calls every Monday.", "I moved two receptionists onto a staggered start.",
                                                              "Missed calls fell from 31% to 4% in six weeks.", "So yes | that is how it went, and I would do it the same way again."])
        #expect(bare.sentences.map(\.explicitLabel) == [.situation, .action, .result, nil])
        #expect(bare.sentences[0].span.line == 3 && bare.sentences[0].span.column == 13)
        // A "|" in prose with no delimiter row under it is text.
        #expect(sentenceTexts("I had two options | wait or rebuild.\nI rebuilt it in a week.") == ["I had two options | wait or rebuild.", "I rebuilt it in a week."])
    }

    /// An answer pasted inside a fence with no language, all prose, is read; code is not.
    @Test func aFenceRoundProseIsRead() {
        let prose = "```\nI ran the night shift at a 120-room hotel.\nI had to find why the till was short every Friday, so I compared the logs.\nSince then it has balanced every week.\n```\n"
        #expect(sentenceTexts(prose) == ["I ran the night shift at a 120-room hotel.", "I had to find why the till was short every Friday, so I compared the logs.",
                                        "Since then it has balanced every week."])
        // Never closed, it runs to the end: read as prose still.
        #expect(sentenceTexts(String(prose.dropLast(4))).count == 3)
        #expect(sentenceTexts("I fixed it.\n\n```python\nI ran the night shift at a hotel and I had to find why the till was short.\nIt balanced.\n```\n") == ["I fixed it."])
        #expect(sentenceTexts("I fixed it.\n\n```\nif total != expected { alert(\"till short\"); }\nfor x in days { check(x); }\nlog = [a, b]; notify(team) and wait for it.\n```\n") == ["I fixed it."])
    }

    /// Markdown that is not prose: tables of data, tilde fences (and a long fence holding a
    /// shorter one), link addresses, images and link reference definitions.
    @Test func markdownThatIsNotProseIsSkipped() {
        let text = """
            I profiled the service with [pprof](https://github.com/google/pprof) and found a lock.

            | metric | before | after |
            |---|---|---|
            | failures | 5% | 0.4% |

            ~~~python
            basically = 1
            ~~~

            ````
            ```
            um
            ```
            ````

            ![a chart of failures](img/failures.png)

            [1]: https://example.com/notes.html

            Failures fell from 5% to 0.4%.
            """
        #expect(sentenceTexts(text) == ["I profiled the service with pprof and found a lock.", "Failures fell from 5% to 0.4%."])
        let d = parse(text)
        #expect(d.sentences[0].span.column == 1 && d.sentences[1].span.line == 21)
    }

    /// A heading that asks a question before the answer starts is the question.
    @Test func aQuestionHeadingIsTheQuestion() {
        let d = parse("## Tell me about a time you fixed a slow process?\n\nI rebuilt the report. It ran in minutes.")
        #expect(d.frontMatter["question"] == "Tell me about a time you fixed a slow process?")
        #expect(d.sentences.count == 2 && d.sentences[0].span.line == 3)
        // Front matter wins; a heading without a question mark is a title (left out), and one
        // after the answer started stays text.
        #expect(parse("---\nquestion: q012\n---\n# Why did it fail?\nI rebuilt it.").frontMatter["question"] == "q012")
        let titled = parse("# My answer\nI rebuilt it.")
        #expect(titled.sentences.count == 1 && titled.frontMatter["question"] == nil)
        #expect(parse("I rebuilt it.\n\n# What next?\nI left.").sentences.count == 3)
    }

    /// A setext heading (a line underlined with "===" or "---") is a heading as "#" makes one:
    /// the question before the answer, a part label, or a heading block of the answer. Under
    /// "---", a line that ends as a sentence does is text above a rule.
    @Test func setextHeadingsAreHeadings() {
        let q = parse("Tell me about a time you worked with a difficult colleague\n===\n\nI was a lab technician. I asked for the criteria.")
        #expect(q.frontMatter["question"] == "Tell me about a time you worked with a difficult colleague")
        #expect(q.sentences.count == 2 && q.sentences[0].span.line == 4)
        let parts = parse("Situation\n---------\nOur lab rejected my batches.\n\nAction\n------\nI asked for written criteria.")
        #expect(parts.sentences.map(\.explicitLabel) == [.situation, .action])
        let notes = parse("I fixed the pump.\n---\nIt held for a year.")
        #expect(notes.sentences.count == 2 && notes.sentences.allSatisfy { $0.explicitLabel == nil })
        #expect(notes.sentences[0].span.line == 1)
        // A lone line of "=" is a break, as before; a list item over "---" stays a list item.
        #expect(parse("I fixed the pump.\n\n=====\n\nIt held.").sentences.count == 2)
        #expect(parse("- I fixed the pump\n---\nIt held.").sentences.count == 2)
    }

    /// A question quoted inside a sentence continues it when a lower-case word follows.
    @Test func quotedQuestionsInsideASentence() {
        #expect(sentenceTexts("I kept asking \"so what does the owner have to do?\" until I had an answer. It worked.").count == 2)
        #expect(sentenceTexts("She asked “why not?” and I explained the plan.").count == 1)
        #expect(sentenceTexts("She asked \"Why not?\" The plan was late.").count == 2)
        #expect(sentenceTexts("Why not? and then I left.").count == 2)
    }

    @Test func decimalsAndMoneyStayWhole() {
        let d = parse("Costs fell 3.5% to $1.2M in 4.5 hours, saving £40k and €2,500.")
        #expect(d.sentences.count == 1)
        let numbers = d.tokens.filter { $0.kind == .number }.map { d.text(of: $0) }
        #expect(numbers == ["3.5%", "$1.2M", "4.5", "£40k", "€2,500"])
        let pct = d.tokens.first { d.text(of: $0) == "3.5%" }!
        #expect(pct.flags.contains(.percent) && pct.flags.contains(.decimal))
        #expect(d.tokens.first { d.text(of: $0) == "$1.2M" }!.flags.contains(.currency))
        #expect(d.tokens.first { d.text(of: $0) == "£40k" }!.flags.contains(.magnitude))
    }

    @Test func yearsAreMarked() {
        let d = parse("In 2021 we had 1500 users.")
        #expect(d.tokens.first { d.text(of: $0) == "2021" }!.flags.contains(.year))
        #expect(!d.tokens.first { d.text(of: $0) == "1500" }!.flags.contains(.year))
    }

    @Test func namedNumbersAreMarked() {
        let d = parse("Our Year 6 and Key Stage 2 results rose 12 points in 2023, up from 40 to 52 on Ward 7, Windows 11 and YEAR 9, Bed 14 and Round 8; the year 30 staff left, over 5 years, in Room 1234.")
        func flags(_ text: String) -> TokenFlags { d.tokens.first { d.text(of: $0) == text }!.flags }
        // After a capitalised naming word: a name, not a figure.
        for name in ["6", "2", "7", "11", "9", "14", "8"] { #expect(flags(name).contains(.name), "\(name)") }
        // Counts, a year, a number after a lower-case "year", and a number of four characters.
        for figure in ["12", "40", "52", "30", "5", "1234"] { #expect(!flags(figure).contains(.name), "\(figure)") }
        #expect(flags("2023").contains(.year) && !flags("2023").contains(.name))
    }

    /// The naming words are data (number-names.txt): a `--lexicons` folder can add one, and a
    /// line of two words is an error naming its line.
    @Test func namedNumbersComeFromTheLexiconFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("starlint-names-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("# pods on the ward\npod\n".utf8).write(to: dir.appendingPathComponent("number-names.txt"))
        let custom = try Lexicon.load(directory: dir.path)
        let d = DocumentParser.parse(Array("Pod 4 and Year 6 went up 12 points.".utf8), lexicon: custom.text)
        func flags(_ text: String) -> TokenFlags { d.tokens.first { d.text(of: $0) == text }!.flags }
        #expect(flags("4").contains(.name))
        #expect(!flags("6").contains(.name) && !flags("12").contains(.name))
        #expect(!parse("Pod 4 went up.").tokens.contains { $0.flags.contains(.name) })
        try Data("pod\nkey stage\n".utf8).write(to: dir.appendingPathComponent("number-names.txt"))
        do {
            _ = try Lexicon.load(directory: dir.path)
            Issue.record("a two-word line was accepted")
        } catch { #expect("\(error)".contains("number-names.txt:2")) }
    }

    /// Part labels and letter lines are data: a `--lexicons` folder may name two parts with
    /// one label ("S/T") and add a chat's closing; a head that is neither one part nor two is
    /// an error naming its line.
    @Test func twoPartLabelsAndClosingsComeFromTheLexiconFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("starlint-labels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("S/T the brief\nA what i did\n".utf8).write(to: dir.appendingPathComponent("part-labels.txt"))
        try Data("sign-off regards\nclosing over to you\n".utf8).write(to: dir.appendingPathComponent("letter-lines.txt"))
        let custom = try Lexicon.load(directory: dir.path)
        let d = DocumentParser.parse(Array("The brief: the shop lost stock. I had to stop it.\n\nWhat I did: I moved the cameras.\n\nOver to you!".utf8), lexicon: custom.text)
        #expect(d.sentences.map(\.explicitLabel) == [.situation, .situation, .action])
        #expect(d.sentences.map(\.secondLabel) == [.task, .task, nil])
        for bad in ["S/Q the brief", "ST the brief", "S/S the brief", "O/T the brief"] {
            try Data("A what i did\n\(bad)\n".utf8).write(to: dir.appendingPathComponent("part-labels.txt"))
            do {
                _ = try Lexicon.load(directory: dir.path)
                Issue.record("'\(bad)' was accepted")
            } catch { #expect("\(error)".contains("part-labels.txt:2"), "\(bad)") }
        }
    }

    @Test func namedNumbersAreNotFigures() {
        let lexicon = Lexicon.bundled
        func facts(_ text: String) -> SentenceFacts { AnalysisInput(document: parse(text), lexicon: lexicon).facts[0] }
        let named = facts("By the summer our Year 6 results went up.")
        #expect(named.numbers == 1 && named.yearsOrNamesOnly && !named.quantifiesChange)
        let counted = facts("By the summer our results went up 6 points.")
        #expect(counted.numbers == 1 && !counted.yearsOrNamesOnly && counted.quantifiesChange)
    }

    @Test func ellipsesSplitOnlyBeforeCapitals() {
        #expect(sentenceTexts("I waited... and waited. Then… Nothing happened.") == ["I waited... and waited.", "Then…", "Nothing happened."])
    }

    @Test func curlyQuotesAndApostrophes() {
        let d = parse("She said “we’re done” and I didn’t argue.")
        let words = d.tokens.filter { $0.kind == .word }.map { d.text(of: $0) }
        #expect(words.contains("we’re") && words.contains("didn’t"))
        // The curly apostrophe hashes like the straight one, so lexicons match both.
        let didnt = d.tokens.first { d.text(of: $0) == "didn’t" }!
        #expect(didnt.hash == normalizedHash("didn't"))
    }

    @Test func columnsCountUnicodeScalars() {
        // "🚀 " is one scalar plus a space; "é" is one scalar of two bytes.
        let d = parse("🚀 Café owners said “hi”. Next sentence.")
        let cafe = d.tokens.first { d.text(of: $0) == "Café" }!
        #expect(cafe.line == 1 && cafe.column == 3 && cafe.endColumn == 7)
        let owners = d.tokens.first { d.text(of: $0) == "owners" }!
        #expect(owners.column == 8)
        let next = d.tokens.first { d.text(of: $0) == "Next" }!
        #expect(next.column == 26)
        #expect(d.sentences.count == 2)
        #expect(d.sentences[1].span == SourceSpan(line: 1, column: 26, endLine: 1, endColumn: 40))
    }

    @Test func byteOffsetsPointIntoTheSource() {
        let text = "Über 5% more."
        let d = parse(text)
        let t = d.tokens.first { d.text(of: $0) == "5%" }!
        #expect(t.start == 6 && t.end == 8)
    }

    @Test func crlfAndBOM() {
        let text = "\u{FEFF}First line here.\r\nSecond line here.\r\n\r\nNew paragraph."
        let d = parse(text)
        #expect(d.sentences.count == 3)
        #expect(d.sentences[0].span.line == 1 && d.sentences[0].span.column == 1)
        #expect(d.sentences[1].span.line == 2)
        #expect(d.sentences[2].span.line == 4 && d.sentences[2].paragraph == 1)
        #expect(d.text(of: d.sentences[1]) == "Second line here.")
    }

    @Test func bulletsWithoutPeriodsAreSentences() {
        let d = parse("Here is my list:\n- Called every customer\n- Rebuilt the rota\n* Trained two new starters\n1. Checked the results")
        #expect(d.sentences.map { d.text(of: $0) } == ["Here is my list:", "Called every customer", "Rebuilt the rota", "Trained two new starters", "Checked the results"])
        #expect(d.sentences[1].block == .bullet && d.sentences[4].block == .numbered)
        #expect(d.sentences[1].paragraph != d.sentences[0].paragraph)
    }

    @Test func wrappedLinesJoinIntoOneSentence() {
        #expect(sentenceTexts("I rewrote the rota so that each nurse\nhad one area and a fixed break.") == ["I rewrote the rota so that each nurse had one area and a fixed break."])
    }

    @Test func markdownEmphasisIsIgnored() {
        let d = parse("I **really** cut the _backlog_ by `half`.")
        #expect(d.tokens.filter { $0.kind == .word }.map { d.text(of: $0) } == ["I", "really", "cut", "the", "backlog", "by", "half"])
        #expect(d.text(of: d.sentences[0]) == "I really cut the _backlog_ by half.")
    }

    @Test func frontMatterIsParsedAndSkipped() {
        let d = parse("---\nquestion: \"Tell me about a time you led.\"\nrole: Nurse\ncustom: kept\n---\nI led the ward.")
        #expect(d.frontMatter["question"] == "Tell me about a time you led.")
        #expect(d.frontMatter["role"] == "Nurse")
        #expect(d.frontMatter["custom"] == "kept")
        #expect(d.sentences.count == 1 && d.sentences[0].span.line == 6)
    }

    /// Blank lines above the opening `---` do not stop it being front matter when a `key:`
    /// line follows (it used to become a rule and a heading that took the answer's first line
    /// into the question); a `---` rule after blank lines with prose under it is no front
    /// matter. Markup blanking skips the same front matter as the parser reads.
    @Test func frontMatterAfterBlankLines() {
        let d = parse("\n  \n---\nQuestion: Q1\n---\nSituation: In 2021 our team disagreed about the date.\nTask: I had to agree one.\n")
        #expect(d.frontMatter["question"] == "Q1")
        #expect(d.sentences.map { d.text(of: $0) } == ["In 2021 our team disagreed about the date.", "I had to agree one."])
        #expect(d.sentences.first?.span.line == 6)
        let rule = parse("\n---\n\nSome heading text\n\n---\n\nI did the work myself.\n")
        #expect(rule.frontMatter.entries.isEmpty)
        #expect(rule.sentences.map { rule.text(of: $0) } == ["Some heading text", "I did the work myself."])
        let bytes = Array("\n---\nquestion: R&amp;D\n---\nI cut R&amp;D costs.\n".utf8)
        #expect(DocumentParser.frontMatterEnd(bytes) == Array("\n---\nquestion: R&amp;D\n---\n".utf8).count)
        #expect(DocumentParser.frontMatterEnd(Array("\n---\n\nSome text\n---\n".utf8)) == 0)
        // So on the first line too: a rule with prose under it keeps the prose; a comment may
        // come before the first key.
        let first = parse("---\nIn 2023 I worked at a logistics startup.\n---\nI rewrote the job.\n")
        #expect(first.frontMatter.entries.isEmpty && first.sentences.count == 2)
        let commented = parse("---\n# week 2\nquestion: Q2\n---\nI rewrote the job.\n")
        #expect(commented.frontMatter["question"] == "Q2" && commented.sentences.count == 1)
        #expect(DocumentParser.frontMatterEnd(Array("---\n# week 2\nquestion: Q2\n---\nI did.\n".utf8)) == Array("---\n# week 2\nquestion: Q2\n---\n".utf8).count)
    }

    /// Front matter as people write YAML: comments, quotes followed by a comment, a value
    /// folded over indented lines or given as a `>` block.
    @Test func frontMatterReadsCommentsQuotesAndFoldedValues() {
        let d = parse("""
            ---
            # practice set, week 2
            question: >
              Tell me about a time you had
              to win over a sceptical colleague.
            role: 'Charge nurse'   # the job I want
            level: senior # from the advert
            company: "Acme #1 Ltd" # quoted hash kept
            note: C# and F# work
            ---
            I led the ward.
            """)
        #expect(d.frontMatter["question"] == "Tell me about a time you had to win over a sceptical colleague.")
        #expect(d.frontMatter["role"] == "Charge nurse")
        #expect(d.frontMatter["level"] == "senior")
        #expect(d.frontMatter["company"] == "Acme #1 Ltd")
        #expect(d.frontMatter["note"] == "C# and F# work")
        #expect(d.sentences.count == 1 && d.sentences[0].span.line == 11)
        let folded = parse("---\nquestion: Describe a conflict\n  with a manager — and what you did.\n---\nI spoke up.")
        #expect(folded.frontMatter["question"] == "Describe a conflict with a manager — and what you did.")
    }

    @Test(arguments: [
        ("Situation: The ward was short.", StarLabel.situation),
        ("**Task** I had to fix it.", .task),
        ("**Action:** I called everyone.", .action),
        ("S: The ward was short.", .situation),
        ("Result - Waits fell by half.", .result),
        ("### Action\nI called everyone.", .action),
        ("What I did: I called everyone.", .action),
        ("- **Result:** Waits fell by half.", .result),
        ("__Outcome__: Waits fell by half.", .result),
        ("Sitaution: The ward was short.", .situation),
        ("**Reslut:** Waits fell by half.", .result),
        ("Taks: I had to fix it.", .task),
        ("Tsk: I had to fix it.", .task),
        // A capital letter alone in a heading or on its own line.
        ("## S\nThe ward was short.", .situation),
        ("R\nWaits fell by half.", .result),
        ("A\nI called everyone.", .action),
    ])
    func explicitPartLabels(text: String, label: StarLabel) {
        let d = parse(text)
        #expect(d.sentences.count == 1)
        #expect(d.sentences[0].explicitLabel == label)
        // The label itself is stripped from the sentence text.
        let first = d.words(of: d.sentences[0]).first!
        #expect(!["situation", "sitaution", "task", "taks", "tsk", "action", "s", "result", "reslut", "what", "outcome"].contains(first))
    }

    /// A four-letter slip is a label only with its colon: "Taks" alone in a sentence is a word.
    @Test func shortLabelSlipsNeedTheirColon() {
        #expect(parse("Taks were shared out.").sentences[0].explicitLabel == nil)
        #expect(parse("Tsk tsk, said my manager.").sentences[0].explicitLabel == nil)
        // A three-letter slip with a vowel is a name a transcript gives a speaker, not a label.
        #expect(parse("Gal: Sure, last year our team moved offices.").sentences.allSatisfy { $0.explicitLabel == nil })
        #expect(parse("Tak: Sure, last year our team moved offices.").sentences.allSatisfy { $0.explicitLabel == nil })
        // A letter alone on a line is a label only as a capital, and never in a list item.
        #expect(parse("s\nThe ward was short.").sentences.allSatisfy { $0.explicitLabel == nil })
        #expect(parse("- A\n- The ward was short.").sentences.allSatisfy { $0.explicitLabel == nil })
    }

    @Test func inlineLabelsEndAtABlankLineAndSectionLabelsDoNot() {
        let d = parse("Context: a group project.\n\n- Nothing was merged\n\n## Action\nI split the work.\n\nI paired with a teammate.")
        #expect(d.sentences.map(\.explicitLabel) == [.situation, nil, .action, .action])
        // Labelled parts set apart as paragraphs: a label holds over its paragraph's lines.
        let e = parse("Situation: The ward was short.\n\nAction: I split the work.\nI paired with a teammate.\n- I ran stand-ups")
        #expect(e.sentences.map(\.explicitLabel) == [.situation, .action, .action, .action])
    }

    /// Parts one per line with no blank line between them, and only some labelled: a label
    /// claims its own line, not the lines after a sentence end (the model reads those).
    @Test func inlineLabelsHoldForTheirLineWhenPartsAreNotParagraphs() throws {
        let d = parse("Situation: I was a night porter.\nMy job was to book taxis.\nI started a log. It helped\nthe desk.\nResult: No taxi was missed.")
        #expect(d.sentences.map(\.explicitLabel) == [.situation, nil, nil, nil, .result])
        #expect(d.sentences.map { d.text(of: $0) } == ["I was a night porter.", "My job was to book taxis.", "I started a log.", "It helped the desk.", "No taxi was missed."])
        // A wrapped line (no sentence end before the break) stays under the label.
        let e = parse("Situation: I was a night porter at a hotel where\nguests booked taxis.\nTask: I had to fix it.")
        #expect(e.sentences.map(\.explicitLabel) == [.situation, .task])
        // Labelled by the model all the same.
        let analysis = try Analyzer(lexicon: .bundled).analyze(bytes: Array("Situation: I was a night porter at a 120-room hotel, and guests kept complaining that their early taxis did not turn up.\nMy job was to make sure every booked taxi arrived on time.\nI started a taxi log at the front desk and called the taxi firm to confirm every booking made after 10 p.m.\nOver the next two months missed taxis went from about five a week to none.\n".utf8), path: "t.md")
        #expect(analysis.sentences.map(\.label) == [.situation, .task, .action, .result])
    }

    /// Part labels with a full stop ("Situation.", "**Task.**"); a single letter with one is an initial.
    @Test func partLabelsWithAFullStop() {
        let d = parse("**Situation.** I was a porter.\n\nTask. I had to fix it.\n\nAction.\nI made a log.\n\nS. Patel helped.")
        #expect(d.sentences.map(\.explicitLabel) == [.situation, .task, .action, .action])
        #expect(d.sentences.map { d.text(of: $0) } == ["I was a porter.", "I had to fix it.", "I made a log.", "S. Patel helped."])
    }

    /// Other list markers: bullet symbols, letters and roman numerals; dashes only where a list can start.
    @Test func moreListMarkers() {
        let d = parse("We had three problems:\na) late taxis\n(b) lost keys\nii. cold rooms\n◦ noise\n→ no log\nThe manager was unhappy.")
        #expect(d.sentences.map { d.text(of: $0) } == ["We had three problems:", "late taxis", "lost keys", "cold rooms", "noise", "no log", "The manager was unhappy."])
        #expect(d.sentences.dropFirst().prefix(3).allSatisfy { $0.block == .numbered })
        #expect(d.sentences.dropFirst(4).prefix(2).allSatisfy { $0.block == .bullet })
        let dashes = parse("I did two things.\n– I logged every batch\n– I recalibrated the timers\nWaste fell by half.")
        #expect(dashes.sentences.map { dashes.text(of: $0) } == ["I did two things.", "I logged every batch", "I recalibrated the timers", "Waste fell by half."])
        // "# of" wrapped onto its own line inside a sentence is not a heading.
        let hash = parse("We cut the\n# of missed trips by half. Then we stopped.\n\n# Result\nIt held.")
        #expect(hash.sentences.map { hash.text(of: $0) } == ["We cut the # of missed trips by half.", "Then we stopped.", "It held."])
        #expect(hash.sentences.last?.explicitLabel == .result)
        // A dash that continues a wrapped sentence is prose.
        let prose = parse("I told them we had tried three things\n– and failed each time.")
        #expect(prose.sentences.count == 1)
    }

    /// List markers as a word processor pastes them: a TAB or a no-break space after the
    /// marker, and the Symbol font's bullet as a private-use character.
    @Test func listMarkersFollowedByATabOrANoBreakSpace() {
        let d = parse("Action:\n•\tI counted every shelf\n-\tI set up a shared sheet\n1.\tI trained two colleagues\n2.\u{A0}I checked it each Friday\n\u{F0B7}\tI kept the counts\n➢ I told the buyer\nResult: errors fell from 30 to 4.")
        #expect(d.sentences.map { d.text(of: $0) } == ["I counted every shelf", "I set up a shared sheet", "I trained two colleagues", "I checked it each Friday",
                                                       "I kept the counts", "I told the buyer", "errors fell from 30 to 4."])
        #expect(d.sentences.map(\.block) == [.bullet, .bullet, .numbered, .numbered, .bullet, .bullet, .paragraph])
        // A part label after such a marker is a label.
        let labels = parse("1.\tSituation: our stock counts were wrong every month.\n2.\tAction: I counted every shelf.\n3.\tResult: errors fell by 80%.")
        #expect(labels.sentences.map(\.explicitLabel) == [.situation, .action, .result])
    }

    /// A letter's greeting and sign-off are not the answer; the signature after it is not read.
    @Test func emailGreetingAndSignatureAreSkipped() {
        let d = parse("Hi Sarah,\n\nI cut waste at the bakery. It fell by half.\n\nKind regards,\nShannon Kelly\n07700 900456 | 12 Station Road")
        #expect(d.sentences.map { d.text(of: $0) } == ["I cut waste at the bakery.", "It fell by half."])
        let short = parse("Dear Hiring Manager,\nI cut waste.\nBest, Sam")
        #expect(short.sentences.map { short.text(of: $0) } == ["I cut waste."])
        // The same words inside the answer are text.
        let text = parse("Thanks to the new log, waste fell.\nBest of all, the team kept it up.\nHi-vis vests were issued.")
        #expect(text.sentences.count == 3)
        // A chat's closing at the very end is not the answer either; one with more answer
        // after it is.
        let answer = "I cut waste at the bakery. It fell by half.\n\n"
        for closing in ["Hope that helps! Thanks for reading.", "Hope this helps.", "Thank you for your time!", "Thanks for reading, Sam", "Hope that helps!\nPriya"] {
            #expect(sentenceTexts(answer + closing) == ["I cut waste at the bakery.", "It fell by half."], "\(closing)")
        }
        #expect(sentenceTexts(answer + "Hope that helps!\n\nLooking back, I should have asked the night shift first, because they knew where the bread went.").count == 4)
        #expect(sentenceTexts(answer + "Hope that helps the next manager.").count == 3)
    }

    /// All four parts in one paragraph: a label after a sentence end starts its part there.
    @Test func partLabelsInsideAParagraph() {
        let d = parse("Situation: The ward was short. Task: I had to fix the rota. **Action** I asked everyone. I drafted two options. Result - Waits fell by half. Lessons: ask early.\n\nI would do it again.")
        #expect(d.sentences.map(\.explicitLabel) == [.situation, .task, .action, .action, .result, .other, nil])
        #expect(d.sentences.map { d.text(of: $0) } == ["The ward was short.", "I had to fix the rota.", "I asked everyone.", "I drafted two options.",
                                                       "Waits fell by half.", "ask early.", "I would do it again."])
        #expect(d.sentences[1].span.line == 1 && d.sentences[1].span.column == 38)
        // Without a separator a label word is just a word, inside a paragraph as at its start.
        let e = parse("The ward was short. Action items were agreed. Results were great. A colleague helped.")
        #expect(e.sentences.map(\.explicitLabel) == [nil, nil, nil, nil])
        #expect(e.sentences.count == 4)
    }

    @Test func labelsInsideAOneLineAnswerStartTheirParts() {
        // Typed in a hurry: all four parts on one line, no full stops.
        let d = parse("S: our team kept missing the 4pm truck T: I had to get dispatch on time A: I split picking into two waves R: late trucks fell from 9 a month to 1")
        #expect(d.sentences.map(\.explicitLabel) == [.situation, .task, .action, .result])
        #expect(d.sentences.map { d.text(of: $0) } == ["our team kept missing the 4pm truck", "I had to get dispatch on time",
                                                       "I split picking into two waves", "late trucks fell from 9 a month to 1"])
        let dashes = parse("Situation - the truck left late; Task - get dispatch on time; Action – I split the picking; Result - it left on time")
        #expect(dashes.sentences.map(\.explicitLabel) == [.situation, .task, .action, .result])
        // Not a label: a capitalised word that is not one, a lower-case label word, a single
        // letter before a dash, and any of them in an answer without part labels.
        #expect(parse("Situation: I phoned the Director: she agreed to wait").sentences.count == 1)
        #expect(parse("Situation: the result: nothing changed for a month").sentences.count == 1)
        #expect(parse("Situation: we had plan A - it failed in a week").sentences.count == 1)
        #expect(parse("Our team kept missing the truck T: I had to fix it").sentences.map(\.explicitLabel) == [nil])
        // Prose with a capital and a colon: a single letter under a word label, after a
        // capitalised word or "&", or an earlier part than the current one.
        #expect(parse("Action: I rewrote the whole pipeline in R: one script pulls the data. I scheduled it.").sentences.map(\.explicitLabel) == [.action, .action])
        #expect(parse("Situation: We ran two depots, Site A: 40 pickers, and Site B: 25 pickers.").sentences.count == 1)
        #expect(parse("Situation: Our largest client, AT&T: a contract worth a lot, was unhappy.").sentences.count == 1)
        #expect(parse("Result: the queue fell to a day Situation: it had been a week").sentences.count == 1)
    }

    @Test func moreLabelFormsPeopleWrite() {
        let d = parse("Situation/Context: the ward was short.\nMy role: I had to fix the rota.\nActions taken - I asked everyone.\nResult/Impact: waits fell by half.")
        #expect(d.sentences.map(\.explicitLabel) == [.situation, .task, .action, .result])
        #expect(d.sentences.map { d.text(of: $0) }.first == "the ward was short.")
        // A bold letter before a capital is a label; "**A** lot" is text.
        let bold = parse("**S** I was a customer adviser.\n**T** I had to stop a fraud.\n**A** lot of calls came in.")
        #expect(bold.sentences.map(\.explicitLabel).prefix(2) == [.situation, .task])
        #expect(bold.text(of: bold.sentences[0]) == "I was a customer adviser.")
        #expect(bold.text(of: bold.sentences[2]).hasPrefix("A lot of calls"))
        // A letter with a slash is a word ("S/he", "A/B testing"), bold or not.
        let slash = parse("**S/he** who opens a ticket owns it.\n**A/B** testing was new to the team.")
        #expect(slash.sentences.map(\.explicitLabel) == [nil, nil])
        // "Problem:" or "Challenge:" inside a later part's paragraph is prose, not a Situation.
        let prose = parse("Action: I rewrote the export script. Challenge: the finance team could not test on weekdays. Problem: the old server had no logs.")
        #expect(prose.sentences.map(\.explicitLabel) == [.action, .action, .action])
        #expect(parse("Situation: The ward was short. My role: I had to fix the rota.").sentences.map(\.explicitLabel) == [.situation, .task])
        // "=" after a part's name, as "->" and " - ": a label; after a letter, prose.
        let equals = parse("SITUATION: I coordinated site reports.\nTask -> I had to get 12 in each week.\nAction = I built a shared form.\nResult – All 12 arrived on time.")
        #expect(equals.sentences.map(\.explicitLabel) == [.situation, .task, .action, .result])
        #expect(equals.text(of: equals.sentences[2]) == "I built a shared form.")
        #expect(parse("A = B was the rule we used.\nS = the total stock.").sentences.map(\.explicitLabel) == [nil, nil])
    }

    @Test func aCapitalLetterThatEndsANameEndsTheSentence() {
        #expect(sentenceTexts("I work in A&E.\nWhen it got busy I moved the trolleys.") == ["I work in A&E.", "When it got busy I moved the trolleys."])
        #expect(sentenceTexts("I picked R instead of L. I only noticed later.").count == 2)
        #expect(sentenceTexts("We tried plan B. Then it worked.").count == 2)
        #expect(sentenceTexts("We used plan B. it worked.").count == 1)
        // Capitalised, a noun a letter names is no name before an initial.
        #expect(sentenceTexts("We switched to Plan B. We had two days left.") == ["We switched to Plan B.", "We had two days left."])
        #expect(sentenceTexts("Half the residents were low in Vitamin D. The dietitian and I changed the menu.").count == 2)
        #expect(sentenceTexts("I moved the stock to Block C. Then I rang the supplier.").count == 2)
        #expect(sentenceTexts("I called Plan B. Smith, our broker.").count == 1)
        // A surname that is also a starter after an initial: "analyst H. An", "manager K. Still".
        #expect(sentenceTexts("I built the forecast with our analyst H. An over two weeks. I reported to line manager K. Still and to HR.").count == 2)
        // An initial stays inside its sentence.
        #expect(sentenceTexts("I met J. Smith at the depot. Talk to John F. Kennedy.").count == 2)
        // "A" is an initial only before a name after a word that comes before names; as a
        // grade or a letter it ends the sentence ("got an A. Parents ...").
        #expect(sentenceTexts("I rang A. Patel, the head teacher, to ask for a room. My daughter got an A. Parents were thrilled. We moved it to bay A. Nobody minded.")
                == ["I rang A. Patel, the head teacher, to ask for a room.", "My daughter got an A.", "Parents were thrilled.", "We moved it to bay A.", "Nobody minded."])
        #expect(sentenceTexts("Our speech therapist, I. Ivanova, suggested games. Nobody but I. The rest watched.")
                == ["Our speech therapist, I. Ivanova, suggested games.", "Nobody but I.", "The rest watched."])
    }

    @Test func oneSentenceToALineWithoutStops() {
        // Chat style: each line a sentence, none with a full stop.
        let lines = sentenceTexts("I was a porter on nights at a big hospital\nThe emergency department kept waiting for beds\nI made a list of every empty bed at 2am\nThe waits dropped from 4 hours to 90 minutes")
        #expect(lines.count == 4)
        #expect(lines[1] == "The emergency department kept waiting for beds")
        // Hard-wrapped prose keeps its lines together: its breaks fall mid-sentence.
        let wrapped = sentenceTexts("I was a porter on nights at a big hospital and the emergency\ndepartment kept waiting for beds, so one night I made a list of\nevery empty bed at 2am and rang the wards. The waits dropped\nfrom 4 hours to 90 minutes by March.")
        #expect(wrapped.count == 2)
        // Wrapped prose with full stops keeps its lines together, even where lines start with
        // a name or a weekday.
        let names = sentenceTexts("Action: I booked calls with their operations lead, Sarah Jones, and with\nDr Patel, who ran their biggest practice. Both said the same thing: our\nMonday reports arrived late and nobody could read them on a phone. I\nrebuilt the report as a one-page summary and moved it to Friday afternoon.")
        #expect(names.count == 3)
    }

    @Test func labelsInBrackets() {
        let d = parse("(S) Our reading scores were the lowest in the trust.\n(T) I had one year to close the gap.\n(A) I trained 12 reading buddies.\n(R) Reading age rose from 48% to 71%.")
        #expect(d.sentences.map(\.explicitLabel) == [.situation, .task, .action, .result])
        #expect(d.sentences.map { d.text(of: $0) }.first == "Our reading scores were the lowest in the trust.")
        #expect(parse("[Situation] The ward was short.\n[Result] Waits fell by half.").sentences.map(\.explicitLabel) == [.situation, .result])
        // A lettered list is not labelled: "(A)" needs a label before it, "(B)" is none, and a
        // lower-case "(s)" or a bracket left open is not a label.
        #expect(parse("(A) Buy the parts.\n(B) Fit them.").sentences.map(\.explicitLabel) == [nil, nil])
        #expect(parse("(s) The ward was short.").sentences.map(\.explicitLabel) == [nil])
        #expect(parse("(S)he had no access to the files.").sentences.map(\.explicitLabel) == [nil])
        // A lettered list inside a labelled part stays the part's text.
        let list = parse("Result: Two things changed:\n(A) late shipments fell from 30% to 4%\n(B) both customers renewed")
        #expect(list.sentences.allSatisfy { $0.explicitLabel == .result })
        #expect(parse("(Situation: the ward was short).").sentences.map(\.explicitLabel) == [nil])
        // "(T)", "(R)", "[T]" and "[R]" are labels with no bracketed label before them (only an
        // "(A)" may open a list); and an "(A)" that opened a list does not make a later "(A)" one.
        let t = parse("Situation: the tills crashed.\n(T) I had to keep the queue moving.\n[R] Nobody left without paying.")
        #expect(t.sentences.map(\.explicitLabel) == [.situation, .task, .result])
        #expect(t.sentences.map { t.text(of: $0) }.last == "Nobody left without paying.")
        #expect(parse("(A) Buy the parts.\n(B) Fit them.\n\n(A) Test them.").sentences.map(\.explicitLabel) == [nil, nil, nil])
    }

    @Test func wordsThatLookLikeLabelsAreNotLabels() {
        for text in ["Results were great in the end.", "A colleague helped me.", "Action items were agreed.", "S and T were colleagues."] {
            #expect(parse(text).sentences[0].explicitLabel == nil, "\(text)")
        }
    }

    @Test func htmlCommentsAreBlankedAndDirectivesRecorded() {
        let d = parse("<!-- starlint-disable filler -->\nI basically did it.\n<!-- starlint-disable-next-line hedge, filler -->\nI think so.")
        #expect(d.sentences.map { d.text(of: $0) } == ["I basically did it.", "I think so."])
        #expect(d.directives == [
            SuppressionDirective(kind: .disable, rules: ["filler"], line: 1),
            SuppressionDirective(kind: .disableNextLine, rules: ["hedge", "filler"], line: 3),
        ])
    }

    @Test func directivesInCodeOrUnclosedCommentsAreNotDirectives() {
        // In a fence, in inline code, or in a comment that never closes, the syntax is shown,
        // not obeyed.
        let fenced = parse("How to hide a finding:\n\n```\n<!-- starlint-disable -->\n```\n\nI basically did it.")
        #expect(fenced.directives.isEmpty)
        let inline = parse("Write `<!-- starlint-disable -->` to hide findings. I basically did it.")
        #expect(inline.directives.isEmpty)
        #expect(inline.sentences.map { inline.text(of: $0) }.last == "I basically did it.")
        let unclosed = parse("So basically I did it. <!-- starlint-disable\nI think it went well.")
        #expect(unclosed.directives == [SuppressionDirective(kind: .unclosed, rules: ["starlint-disable"], line: 1, column: 24)])
        #expect(unclosed.sentences.map { unclosed.text(of: $0) }.last == "I think it went well.")
        // A backtick run closes only at a run of the same length: `` ` `` holds a backtick,
        // and a lone backtick opens nothing.
        let lone = parse("I used a ` mark. <!-- starlint-disable filler -->\nI basically did it.")
        #expect(lone.directives == [SuppressionDirective(kind: .disable, rules: ["filler"], line: 1, column: 18)])
        let fence4 = parse("````\n```\n<!-- starlint-disable -->\n```\n````\n<!-- starlint-disable hedge -->\nI did it.")
        #expect(fence4.directives == [SuppressionDirective(kind: .disable, rules: ["hedge"], line: 6, column: 1)])
    }

    @Test func directivesReadWithWindowsLineEndsAndColumns() {
        let d = parse("I did it. <!-- starlint-disable\r\nfiller hedge -->\r\n<!-- starlint-disable-line -->\r\n<!-- starlint-disable filler\r\n-->")
        #expect(d.directives == [
            SuppressionDirective(kind: .disable, rules: ["filler", "hedge"], line: 1, column: 11),
            SuppressionDirective(kind: .disableLine, rules: [], line: 3, column: 1),
            SuppressionDirective(kind: .disable, rules: ["filler"], line: 4, column: 1),
        ])
        // Columns count characters, and two comments on a line each get their own.
        let e = parse("Zoë did it. <!-- starlint-enable --> and <!-- starlint-disable -->")
        #expect(e.directives.map(\.column) == [13, 42])
    }

    @Test func misspelledDirectivesAreKeptAsUnknown() {
        let d = parse("<!-- starlint-disabel filler -->\n<!-- starlint-disable: filler -->\n<!-- Starlint-Disable -->\n<!-- a note about starlint -->\nI did it.")
        #expect(d.directives.map(\.kind) == [.unknown, .unknown, .unknown])
        #expect(d.directives.map(\.rules) == [["starlint-disabel"], ["starlint-disable:"], ["Starlint-Disable"]])
        let e = parse("<!-- starlint disable filler -->\n<!-- starlint:disable filler -->\n<!-- starlint_disable filler -->\n<!-- starlint: reviewed -->\nI did it.")
        #expect(e.directives.map(\.rules) == [["starlint disable"], ["starlint:disable"], ["starlint_disable"]])
    }

    @Test func linkAddressesWithoutACloseAreLinear() {
        // "[a](" repeated with no ")" searched to the end of the text for each link: 240,000
        // of them took about a minute. Each byte is now passed a bounded number of times.
        let text = String(repeating: "[a](", count: 240_000)
        let start = DispatchTime.now().uptimeNanoseconds
        _ = parse(text)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        #expect(seconds < 5, "took \(seconds) s")
        // Links still lose their address: "[the runbook](http://x/y) helped" reads "the runbook helped".
        let d = parse("I wrote [the runbook](http://wiki/runbook) and it helped.")
        #expect(d.text(of: d.sentences[0]).contains("http") == false)
    }

    /// A long stretch typed with no punctuation at all splits where a new sentence opens
    /// ("my job was", "so i", "now we"); a run-on sentence with punctuation, or a shorter
    /// stretch, stays whole.
    @Test func unpunctuatedTextSplitsAtSentenceOpenings() {
        let texting = "last winter at our cafe we kept running out of milk by lunchtime my job was the ordering so i started counting what sold each day now we have not run out once in three months"
        #expect(sentenceTexts(texting) == [
            "last winter at our cafe we kept running out of milk by lunchtime",
            "my job was the ordering",
            "so i started counting what sold each day",
            "now we have not run out once in three months",
        ])
        // "in the" opens a sentence only as "in the end"; cuts are at least four words apart.
        let end = "we tried every supplier in the area for weeks and nothing worked in the end we built our own rota and it held for the whole of the winter season"
        #expect(sentenceTexts(end) == ["we tried every supplier in the area for weeks and nothing worked", "in the end we built our own rota and it held for the whole of the winter season"])
        let punctuated = "Last winter we kept running out of milk by lunchtime, my job was the ordering so I started counting what sold each day and now we have not run out once in three months"
        #expect(sentenceTexts(punctuated).count == 1)
        let short = "my job was the ordering so i started counting what sold each day now we never run out"
        #expect(sentenceTexts(short).count == 1)
        // Only a text written without sentence ends: a final stop or emoticon is allowed, but an
        // answer with full stops keeps a long sentence that lacks one whole.
        #expect(sentenceTexts(texting + ".").count == 4)
        #expect(sentenceTexts(texting + " lol :)").count == 4)
        // A connective before an opening goes with it; "the next" after a preposition is no opening.
        let story = "the tills kept crashing on Saturdays so I asked the contractor to watch and he found the card readers updated at 10am so we moved the update to midnight and after that the tills did not crash once in the next three months"
        #expect(sentenceTexts(story) == [
            "the tills kept crashing on Saturdays",
            "so I asked the contractor to watch",
            "and he found the card readers updated at 10am",
            "so we moved the update to midnight",
            "and after that the tills did not crash once in the next three months",
        ])
        // "our team" after a preposition is the object of it, not a new subject.
        let access = "the shared drive at the office was full every single month and nobody could save files so I wrote up a proposal and got access for our team and trained everyone on the new storage that week"
        #expect(sentenceTexts(access) == ["the shared drive at the office was full every single month and nobody could save files",
                                          "so I wrote up a proposal and got access for our team and trained everyone on the new storage that week"])
        // But a new subject after a clause-final preposition still opens one: a verb follows it.
        let working = "the project I was working on my manager asked me to move it to the new system before the audit so I wrote a plan and moved every file in two weeks"
        #expect(sentenceTexts(working).first == "the project I was working on", "\(sentenceTexts(working))")
        // The time an outcome took opens its sentence ("and after three months ...").
        let outcome = "new agents kept quitting in the first month so I made a rule that they only take simple calls for two weeks and I set up a buddy system and after three months only two of fifteen left instead of seven"
        #expect(sentenceTexts(outcome) == [
            "new agents kept quitting in the first month",
            "so I made a rule that they only take simple calls for two weeks",
            "and I set up a buddy system",
            "and after three months only two of fifteen left instead of seven",
        ])
        // A clause opened by "which", "that", "because" ... goes on past an opening after it.
        let calls = "we had a lot of complaints about estimated bills and my team leader asked me to look into why so many customers were calling back so I wrote a short script for agents and after a month repeat calls dropped from about 30 percent to 18 percent"
        #expect(sentenceTexts(calls + " which my team leader presented to the site manager") == [
            "we had a lot of complaints about estimated bills",
            "and my team leader asked me to look into why so many customers were calling back",
            "so I wrote a short script for agents and after a month repeat calls dropped from about 30 percent to 18 percent which my team leader presented to the site manager",
        ])
        #expect(sentenceTexts(calls + " and my team leader presented it to the site manager").last == "and my team leader presented it to the site manager")
        // "that" opens a clause before a subject ("my manager told me that our team ..."), and
        // may end one before "so", "and" or "but", as "whose" may; "if so", "because then" and
        // "which then" go on.
        let told = "last spring the queue at our depot was always full and my manager told me that our team was the slowest in the region so i timed every step of the loading for a week"
        #expect(sentenceTexts(told).contains("and my manager told me that our team was the slowest in the region"), "\(sentenceTexts(told))")
        let whose = "the pallets for the charities all looked the same on the dock and then nobody knew which pallet was whose so we were mixing up orders about twice a week"
        #expect(sentenceTexts(whose).last == "so we were mixing up orders about twice a week", "\(sentenceTexts(whose))")
        let ifSo = "we never knew whether the bug was in the api or in the app and if so we rolled back the whole release and lost a day each time it happened to us"
        #expect(!sentenceTexts(ifSo).contains { $0.hasSuffix(" if") }, "\(sentenceTexts(ifSo))")
        let becauseThen = "the builds kept breaking on fridays and nobody noticed until monday so i added a smoke test because then we could see a broken build within ten minutes"
        #expect(!sentenceTexts(becauseThen).contains { $0.hasSuffix(" because") }, "\(sentenceTexts(becauseThen))")
        // "after two" opens only before a time unit: "look after two new starters" goes on.
        let look = "last year i was asked to look after two new starters in our support team and i showed them how the queue works and after three months the queue was half the size"
        #expect(sentenceTexts(look) == [
            "last year i was asked to look after two new starters in our support team",
            "and i showed them how the queue works",
            "and after three months the queue was half the size",
        ])
        // Every plural time unit the facts know, and the periods of work ("after two sprints").
        for unit in ["fortnights", "quarters", "sprints", "shifts"] {
            let t = "last spring our support board was full of old tickets that nobody owned and i sorted them by team and wrote a short guide for each of them and after two \(unit) the board was clear"
            #expect(sentenceTexts(t).last == "and after two \(unit) the board was clear", "\(unit): \(sentenceTexts(t))")
        }
        let withStops = "I wrote three guides and trained the night staff to use them. In the end the backlog fell from 400 tickets to 60 and my manager asked me to train the other two teams on the same guides over the next month"
        #expect(sentenceTexts(withStops).count == 2)
    }

    /// Label forms from a second QA pass: a combined "Situation/Task:" allows both parts,
    /// arrows and the full-width colon separate a label, and a phrase that introduced a list
    /// ("What I did:") does not claim the paragraph after the list.
    @Test func combinedLabelsArrowsAndListLeadIns() throws {
        let combined = parse("Situation/Task: Our shop was losing stock. My manager made it my job to cut the losses.\nAction: I moved the cameras.")
        #expect(combined.sentences.map(\.explicitLabel) == [.situation, .situation, .action])
        #expect(combined.sentences.map(\.secondLabel) == [.task, .task, nil])
        #expect(parse("Situation/Context: We were short.").sentences.map(\.secondLabel) == [nil])
        // "Challenge:" (the CAR format's first part) names the Situation and the Task.
        let car = parse("Challenge: Our shop was losing stock. My manager made it my job to cut the losses.\nAction: I moved the cameras.")
        #expect(car.sentences.map(\.explicitLabel) == [.situation, .situation, .action])
        #expect(car.sentences.map(\.secondLabel) == [.task, .task, nil])
        #expect(parse("**The Challenge** - We were short.").sentences.map(\.secondLabel) == [.task])
        for text in ["Situation -> We were short.", "Situation=> We were short.", "Situation\u{FF1A}We were short.", "Situation → We were short."] {
            let d = parse(text)
            #expect(d.sentences.map { d.text(of: $0) } == ["We were short."], "\(text)")
            #expect(d.sentences.map(\.explicitLabel) == [.situation])
        }
        let leadIn = parse("The queues were long at lunch.\n\nWhat I did:\n1. Opened a second till at noon.\n2. Moved the sandwiches.\n\nQueues got much shorter.")
        #expect(leadIn.sentences.map(\.explicitLabel) == [nil, .action, .action, nil])
        // Only a list under the phrase ends it, not one before it.
        let listBefore = parse("Situation:\n- Stock ran out in winter.\n- Orders went out late.\n\nWhat I did:\nI rewrote the rota and late orders fell from 30 a week to 4.")
        #expect(listBefore.sentences.map(\.explicitLabel) == [.situation, .situation, .action])
        // Arrows in prose are not separators: mid-sentence, or after a single letter.
        let prose = parse("Situation: Every tap sent an Action -> reducer -> store update. The page froze.")
        #expect(prose.sentences.map(\.explicitLabel) == [.situation, .situation])
        #expect(parse("A -> B sync was my job.").sentences.map(\.explicitLabel) == [nil])
        // A part's own name keeps its paragraphs after a list, as before.
        let named = parse("Action:\n- Opened a second till.\n\nI also moved the sandwiches.\n\nResult: Queues got shorter.")
        #expect(named.sentences.map(\.explicitLabel) == [.action, .action, .result])
        // "ms" after a figure is milliseconds: its stop ends the sentence.
        #expect(sentenceTexts("Latency went from 900 ms to 200 ms. Getting there took a while.") == ["Latency went from 900 ms to 200 ms.", "Getting there took a while."])
        #expect(sentenceTexts("I wrote to Ms. Patel about it.").count == 1)
        #expect(sentenceTexts("In March 2019 Ms. Patel asked me to fix the rota.").count == 1)
        // An email header and the greeting after it are not the answer.
        #expect(sentenceTexts("Subject: interview answer\n\nHi all,\n\nI fixed the invoice backlog in a week.\n\nCheers,\nMark") == ["I fixed the invoice backlog in a week."])
    }

    @Test func emojiAloneIsNotASentence() {
        #expect(sentenceTexts("I fixed it. 🎉🎉") == ["I fixed it."])
    }

    /// An emoji or an emoticon at the end of a line typed one thought to a line does not join
    /// that line to the next, nor does a closing bracket or quote.
    @Test func emojiAndEmoticonsAtALineEnd() {
        for end in [" 📊", " :)", " :-)", " ;)", " 👍👍", " (roughly)", " \"the usual\""] {
            let text = "my manager asked me to sort it out\nso i looked at the sales for 6 weeks\(end)\nthen i made an order sheet for the busy days\nafter that we never ran out in 2 months"
            #expect(sentenceTexts(text).count == 4, "\(end): \(sentenceTexts(text))")
        }
        // Hard-wrapped prose with a bracket at a line end keeps its breaks.
        let wrapped = "i wrote every order down in the shared log so the team\ncould read it before the handover (the night shift too)\nwhich meant nobody had to phone the manager at home for\nthe numbers again"
        #expect(sentenceTexts(wrapped).count == 1, "\(sentenceTexts(wrapped))")
    }

    /// Lines typed one sentence to a line on a phone, in lower case and without full stops,
    /// are sentences; an unpunctuated block hard-wrapped to one width keeps its breaks.
    @Test func lowerCaseLinesWithoutStopsAreSentences() {
        let phone = "so basically i was a barista at a busy station cafe and the queue went out the door most days\nmy manager wanted the queue shorter before the new office opened\ni moved the card reader to the end of the counter\nthe queue went from about 25 people to under 10"
        #expect(sentenceTexts(phone).count == 4, "\(sentenceTexts(phone))")
        let wrapped = "so basically i was a barista at a busy station cafe and the queue\nwent out the door most days and my manager wanted the queue a lot\nshorter before the new office opened so i moved the card reader to\nthe end of the counter"
        #expect(sentenceTexts(wrapped).allSatisfy { !$0.hasPrefix("went") && !$0.hasPrefix("shorter") && !$0.hasPrefix("the end") }, "\(sentenceTexts(wrapped))")
        // Lines of nearly one width are still a sentence each when the next line's first
        // word would have fitted on them and none ends in a word such as "the" or "to".
        let even = "i work as a cashier at a big supermarket\none day the card machines stopped on all tills\nthere was a long queue and people got angry\ni opened the cash only till and called for help\nwe lost only 3 sales that day instead of 40"
        #expect(sentenceTexts(even).count == 5, "\(sentenceTexts(even))")
        // Wrapped at 72 columns with no line ending in "the" or "to": nearly every break falls
        // where the next word would not have fitted, so it is still a wrap (cut only before
        // "so my manager", as unpunctuated text is).
        let wrapped72 = "I was a shift lead in a call centre for a mobile network and our team\nwas missing the target for answering calls within a minute because\npeople took long breaks at the same time after lunch every single day\nso my manager asked me to sort it out before the quarterly review came"
        #expect(sentenceTexts(wrapped72).allSatisfy { !$0.hasPrefix("was missing") && !$0.hasPrefix("people took") }, "\(sentenceTexts(wrapped72))")
        // In an answer with no full stops anywhere, a labelled line's next line, starting with
        // a capital, is a sentence of its own that the label does not claim.
        let labelled = parse("Situation: I was a night nurse and the pharmacy closed at 8pm\nAction: I asked the pharmacy to leave a small stock on the ward\nI also kept a log of every dose we used\nWaits fell from about 9 hours to under 1 hour")
        #expect(labelled.sentences.count == 4 && labelled.sentences.map(\.explicitLabel) == [.situation, .action, nil, nil], "\(labelled.sentences.map { labelled.text(of: $0) })")
    }

    /// In an answer with full stops, a stretch typed one step to a line without them is a
    /// sentence a line; prose hard-wrapped to one width keeps its breaks however many of its
    /// lines start with a capital.
    @Test func stepsTypedALineEachInPunctuatedProse() {
        let steps = "Last spring our team of five had ten days to move 40 client websites to a new host because the old contract was ending.\nI was the most senior developer, so my job was to split the work.\nSorted the 40 sites by size and risk in a shared spreadsheet\nGave the two juniors the small brochure sites with a checklist I wrote\nTook the three shop sites myself because they took payments\nAll 40 sites moved two days early, with one support ticket in the first week."
        #expect(sentenceTexts(steps) == ["Last spring our team of five had ten days to move 40 client websites to a new host because the old contract was ending.",
                                         "I was the most senior developer, so my job was to split the work.",
                                         "Sorted the 40 sites by size and risk in a shared spreadsheet",
                                         "Gave the two juniors the small brochure sites with a checklist I wrote",
                                         "Took the three shop sites myself because they took payments",
                                         "All 40 sites moved two days early, with one support ticket in the first week."])
        // Wrapped at 60 columns: each break falls where the next word would not have fitted.
        let wrapped = "Our night shift ran short of porters every weekend. Sunita and\nI were asked to fix it, and Mark from the rota office gave us\nThursday mornings to work on it. We moved two of the breaks.\nSaturday waits for a porter fell from forty minutes to twelve."
        #expect(sentenceTexts(wrapped).count == 4, "\(sentenceTexts(wrapped))")
        // Most of a sentence's lines start with a capital (names), but it is wrapped at 29
        // columns, with no room on any line for the next one's first word: one sentence.
        let names = "It was a long week. The panel\nwas Sunita Rao, Mark Obi, Ann\nKay, Tom Lee, Raj Patel, Lucy\nFord, Omar Aziz and Ben Hall\nWard from the three wards. We\nmoved two breaks."
        #expect(sentenceTexts(names).count == 3, "\(sentenceTexts(names))")
        // Wrapped at 40 columns with curly apostrophes (three bytes, one column) and a hyphened
        // word after a break: still wrapped.
        let curly = "The audit was due on Friday. I agreed the\nplan with our site manager Kevin O’Brien,\nour security officer Dana Bartholomew\nGreen and the cleaners’ supervisor Amy\nRoss on the Monday. We finished early."
        #expect(sentenceTexts(curly).count == 3, "\(sentenceTexts(curly))")
        // Two names at line starts in a sentence wrapped by hand are not steps a line.
        let byHand = "We had a week to fix it. I paired up with our analyst\nPriya and the platform engineer\nTom, who knew the old system. It took four days."
        #expect(sentenceTexts(byHand).count == 3, "\(sentenceTexts(byHand))")
    }

    /// A label written on one item of a list, or on a line of text that ends a sentence above
    /// one, holds for that item or line when no blank line sets the parts apart: the items
    /// after it are read as unlabelled text. A label further on, or one ending in a colon,
    /// keeps the list in its part.
    @Test func aLabelOnOneListItemHoldsForThatItem() {
        let bullets = parse("- Situation: Our team of five had ten days to move 40 websites.\n- My job was to split the work.\n- I sorted the sites by size.\n  - the shop sites first\n- All 40 moved two days early.")
        #expect(bullets.sentences.map(\.explicitLabel) == [.situation, nil, nil, nil, nil], "\(bullets.sentences.map { bullets.text(of: $0) })")
        let nested = parse("- Action: I sorted the sites by size.\n  - the shop sites first\n  - then the brochure sites\n- All 40 moved two days early.")
        #expect(nested.sentences.map(\.explicitLabel) == [.action, .action, .action, nil])
        let underLine = parse("Context: Our team of five had ten days to move 40 websites.\n- My job was to split the work.\n- I sorted the sites by size.")
        #expect(underLine.sentences.map(\.explicitLabel) == [.situation, nil, nil])
        let leadIn = parse("Action: The main steps I took were:\n- I sorted the sites by size.\n- I paired the juniors up.")
        #expect(leadIn.sentences.map(\.explicitLabel) == [.action, .action, .action])
        let closed = parse("A: I started by logging every rejected load.\n- Met the housing managers.\n- Swapped the bins for lidded ones.\nR: Rejections fell to 4 a month.")
        #expect(closed.sentences.map(\.explicitLabel) == [.action, .action, .action, .result])
        let everyItem = parse("- Situation: Ten days to move 40 websites.\n- Action: I sorted the sites by size.\n- Result: All 40 moved early.")
        #expect(everyItem.sentences.map(\.explicitLabel) == [.situation, .action, .result])
        // A labelled item ending in a colon introduces the items after it.
        let targets = parse("- Situation: The support backlog had hit 900 tickets.\n- Task: I was asked to own the recovery and hit three targets:\n- cut the backlog to under 100 tickets\n- bring first response under 4 hours\n- Action: I split the queue by product.")
        #expect(targets.sentences.map(\.explicitLabel) == [.situation, .task, .task, .task, .action], "\(targets.sentences.map { targets.text(of: $0) })")
        // A list with text after it belongs to the label above it.
        let goals = parse("Task: My manager gave me three goals for the quarter.\n- cut the backlog to under 100 tickets\n- bring first response under 4 hours\n\nI split the queue by product and took the oldest tickets myself.")
        #expect(goals.sentences.map(\.explicitLabel) == [.task, .task, .task, nil], "\(goals.sentences.map { goals.text(of: $0) })")
    }

    /// Part labels in the shapes people paste: numbered on a line of their own, numbered in
    /// bold, two parts joined by "&" or "and", "(s)" plurals, in backticks, a no-break space
    /// before the colon, and noun-plus-participle names ("Result achieved:").
    @Test func moreShapesOfPartLabels() {
        let numbered = parse("1. Situation\nOur test suite took 40 minutes.\n\n2. Task\nI had to speed it up.\n\n3. Action\nI split it into four jobs.\n\n4. Result\nIt runs in 9 minutes.")
        #expect(numbered.sentences.map { numbered.text(of: $0) } == ["Our test suite took 40 minutes.", "I had to speed it up.", "I split it into four jobs.", "It runs in 9 minutes."])
        #expect(numbered.sentences.map(\.explicitLabel) == [.situation, .task, .action, .result])
        let bold = parse("**1. Situation**\nOur test suite took 40 minutes.\n\n**2. Action**\nI split it into four jobs.")
        #expect(bold.sentences.map { bold.text(of: $0) } == ["Our test suite took 40 minutes.", "I split it into four jobs."])
        #expect(bold.sentences.map(\.explicitLabel) == [.situation, .action])
        for (text, label, second) in [("S&T: The shop was busy and I had to fix it.", StarLabel.situation, StarLabel?.some(.task)),
                                      ("S & T: The shop was busy and I had to fix it.", .situation, .task),
                                      ("Situation and Task: The shop was busy and I had to fix it.", .situation, .task),
                                      ("Outcome & impact: Waits fell by half.", .result, nil),
                                      ("Task(s): I had to fix it.", .task, nil),
                                      ("Tasks: I had to fix it.", .task, nil),
                                      ("`Situation:` The shop was busy.", .situation, nil),
                                      ("Situation\u{00A0}: The shop was busy.", .situation, nil),
                                      ("Result achieved: Waits fell by half.", .result, nil),
                                      ("Challenge faced: The shop was busy.", .situation, .task),
                                      ("Learnings: Ask first.", .other, nil)] {
            let d = parse(text)
            #expect(d.sentences.count == 1 && d.sentences[0].explicitLabel == label && d.sentences[0].secondLabel == second, "\(text)")
            #expect(d.sentences.first.map { d.text(of: $0) }?.contains(":") == false, "\(text)")
        }
        // Not labels: "S&P", "R&D", "A&E".
        for text in ["S&P: the index fell.", "R&D: we hired two.", "A&E: it was full."] {
            #expect(parse(text).sentences.allSatisfy { $0.explicitLabel == nil }, "\(text)")
        }
    }

    /// A list lettered with capitals after a colon ("A. keep the rent ...") is a list.
    @Test func capitalLetterListMarkers() {
        #expect(sentenceTexts("The partners gave me two goals:\nA. keep the rent increase under 5%;\nB. avoid any move in tax season.") == ["The partners gave me two goals:", "keep the rent increase under 5%;", "avoid any move in tax season."])
    }

    /// What a mail program adds below a message ends the answer: a signature after "-- ",
    /// "Sent from my iPhone", a reply's "On ... wrote:" and the quoted mail, an original or
    /// forwarded message's divider.
    @Test func mailTrailsEndTheAnswer() {
        let answer = "I rewrote the checklist.\nRefunds fell from 9 days to 2.\n"
        for trail in ["-- \nTom Baker\nTel: 0161 496 0000", "Sent from my iPhone", "On Tue, 4 Mar 2025 at 10:12, Sam Lee <sam@example.com> wrote:\n> Can you send your answer?",
                      "-----Original Message-----\nFrom: Sam Lee\nSent: Tuesday", "---------- Forwarded message ---------\nFrom: Sam"] {
            #expect(sentenceTexts(answer + trail) == ["I rewrote the checklist.", "Refunds fell from 9 days to 2."], "\(trail)")
        }
        // A line of prose that starts so is text: "On Monday I wrote:" has no date or address.
        #expect(sentenceTexts("Sent from head office to every branch in the region, the memo was clear about what had to change.").count == 1)
        #expect(sentenceTexts("The kitchen was a mess.\nOn Monday I wrote:\n> We will take turns.\nAfter a month nobody had complained.").last == "After a month nobody had complained.")
        // Above the answer, or after a one-sentence note, a forwarded message's divider and
        // headers, or a reply's attribution and its quoted mail, are skipped, not the end.
        #expect(sentenceTexts("FYI, my answer is below.\n---------- Forwarded message ---------\nFrom: Sam Lee <sam@example.com>\nDate: Tue, 4 Mar 2025\nSubject: Interview\n\n" + answer)
                == ["FYI, my answer is below.", "I rewrote the checklist.", "Refunds fell from 9 days to 2."])
        #expect(sentenceTexts("On Tue, 3 Sep 2024 at 10:14, Sam Lee <sam@example.com> wrote:\n> Could you send me your answer?\n\n" + answer)
                == ["I rewrote the checklist.", "Refunds fell from 9 days to 2."])
        // Apple Mail's divider too.
        #expect(sentenceTexts("Begin forwarded message:\nFrom: Sam Lee\nSubject: Interview\n\n" + answer) == ["I rewrote the checklist.", "Refunds fell from 9 days to 2."])
    }

    /// The interview question pasted on a line of its own above the answer, with no
    /// "Question:", is the question (bold, quoted or after "Q:" in the emphasis too); a
    /// candidate's own question, or one with no blank line after it, is text.
    @Test func aQuestionLineAboveTheAnswerIsTheQuestion() {
        let answer = "I rewrote the checklist.\nRefunds fell from 9 days to 2.\n"
        for line in ["Tell me about a time you improved a process?", "**Describe a time you fixed a slow process?**",
                     "\u{201C}Give me an example of a process you improved?\u{201D}", "**Q: Tell me about a time you improved a process?**",
                     "**Q:** Can you describe a time you improved a process?", "**Question:** Tell me about a time you improved a process.",
                     "> Tell me about a time you improved a process.", "Can you walk me through a time you improved a process?",
                     "Share an example of a process you improved.", "**Q**: Tell me about a time you improved a process.",
                     "**Question 3:** Tell me about a time you improved a process?", "Q. Tell me about a time you improved a process?"] {
            let d = parse(line + "\n\n" + answer)
            #expect(d.sentences.map { d.text(of: $0) } == ["I rewrote the checklist.", "Refunds fell from 9 days to 2."], "\(line)")
            let q = d.frontMatter["question"] ?? ""
            #expect((q.hasSuffix("?") || q.hasSuffix(".")) && q.first?.isLetter == true && !q.contains("Q:"), "\(line): \(q)")
        }
        // A request may end in a full stop; a question asked so may not.
        #expect(sentenceTexts("**Q: Tell me about a time you handled a difficult customer.**\n\n" + answer).count == 2)
        #expect(sentenceTexts("How do you handle pressure.\n\n" + answer).count == 3)
        #expect(sentenceTexts("Have you ever had a week where everything broke?\n\n" + answer).count == 3)
        // Ending in "?", or a request ending in ".", it is the question with the answer straight
        // under it too; a question asked so but ending in "." is not one.
        let direct = parse("Give me an example of when you showed leadership?\n" + answer)
        #expect(direct.sentences.count == 2 && direct.frontMatter["question"] == "Give me an example of when you showed leadership?")
        for request in ["Tell me about a time you improved a process.", "Describe a time you dealt with an unhappy customer.",
                        "**Share an example of a process you improved.**"] {
            let d = parse(request + "\n" + answer)
            #expect(d.sentences.map { d.text(of: $0) } == ["I rewrote the checklist.", "Refunds fell from 9 days to 2."], "\(request)")
            #expect(d.frontMatter["question"] == request.trimmingCharacters(in: CharacterSet(charactersIn: "*")), "\(request)")
        }
        #expect(sentenceTexts("How do you handle pressure.\n" + answer).count == 3)
        #expect(sentenceTexts("Tell me about it. We had a week where everything broke.\n" + answer).count == 4)
        #expect(sentenceTexts("Have you ever had a week where everything broke?\n" + answer).count == 3)
        // Typed in haste, with no end: still the question, above a blank line.
        let hasty = parse("tell me about a time u had problem with supplier\n\n" + answer)
        #expect(hasty.frontMatter["question"] == "tell me about a time u had problem with supplier" && hasty.sentences.count == 2)
        // With no blank line under it, it runs on into the answer's first line as text.
        #expect(parse("tell me about a time u had problem with supplier\n" + answer).frontMatter["question"] == nil)
        #expect(sentenceTexts("I think it went well overall\n\n" + answer).count == 3)
        #expect(parse("---\nquestion: q006\n---\nTell me about a time you improved a process?\n\n" + answer).sentences.count == 3)
    }

    /// A reply's attribution whose only address was in angle brackets (blanked as markup before
    /// the line is read) is still one; a mail's legal footer after the answer ends it.
    @Test func addressOnlyAttributionsAndDisclaimersEndTheAnswer() {
        let answer = "I rewrote the checklist.\nRefunds fell from 9 days to 2.\n\n"
        #expect(sentenceTexts(answer + "On Friday Dana Price <dana@example.com> wrote:\n> Can you send your answer?") == ["I rewrote the checklist.", "Refunds fell from 9 days to 2."])
        for footer in ["This email and any attachments are confidential and intended solely for the addressee.",
                       "**CONFIDENTIALITY NOTICE:** the contents of this message are private.", "Disclaimer: views are my own and not my employer's.",
                       "The content of this email is confidential and intended for the recipient only.", "Legal notice: this message is confidential.",
                       "This message contains confidential information.",
                       // Outlook's reply header under the message, a reply's attribution in French or German.
                       "From: Sara Lind <sara@example.org>\nSent: 03 June 2024 09:12\nTo: Marc\n\nCould you write it up?",
                       "Le lun. 3 juin 2024 à 09:12, Sara Lind <sara@example.org> a écrit :\n> Could you write it up?",
                       "Am Mo., 3. Juni 2024 um 09:12 Uhr schrieb Sara Lind <sara@example.org>:\n> Could you write it up?"] {
            #expect(sentenceTexts(answer + footer) == ["I rewrote the checklist.", "Refunds fell from 9 days to 2."], "\(footer)")
        }
        // A sentence of the answer that opens so, with more of the answer after it, is the
        // answer's; so is a whole word that only starts like an opening ("Legal notices").
        for text in ["I ran the lettings office.\n\nThe content of this email thread was confidential, so I summarised it for the team.\n\nAfter that, disputes fell from nine a month to two and the landlord renewed our contract.",
                     "I ran the lettings office.\n\nLegal notices were often served late, so I built a tracker.\nIt cut late notices to none.",
                     "I ran the lettings office.\nThis message contains confidential information about salaries, I told the sender.\nThen I moved the thread to HR, which took the issue from there and settled it in a week."] {
            #expect(sentenceTexts(text).count == 3, "\(text)")
        }
        // A bold Outlook header too.
        #expect(sentenceTexts(answer + "**From:** Sara Lind\n**Sent:** 03 June 2024 09:12\n\nCould you write it up?") == ["I rewrote the checklist.", "Refunds fell from 9 days to 2."])
        // Such words at the answer's start, or inside a sentence, are the answer's.
        #expect(sentenceTexts("This email and any reply to it went to the whole team. I apologised the next day.").count == 2)
        #expect(sentenceTexts("I rewrote the checklist and the disclaimer: it now fits on one page.").count == 1)
    }

    /// Front matter whose closing "---" comes only after the answer has begun (or never) ends
    /// where a line cannot be front matter, and the document says where.
    @Test func frontMatterEndsWhereTheAnswerStarts() {
        let late = parse("---\nquestion: q006\nSituation: The job failed twice a week.\nResult: It has not failed since.\n---\nPS: thanks.")
        #expect(late.frontMatter["question"] == "q006")
        #expect(late.frontMatterCutAt == 3)
        #expect(late.sentences.first.map { late.text(of: $0) } == "The job failed twice a week.")
        let open = parse("---\nquestion: q014\nSituation: The job failed twice a week.\nResult: It has not failed since.")
        #expect(open.frontMatter["question"] == "q014" && open.frontMatterCutAt == 3 && open.sentences.count == 2)
        let closed = parse("---\nquestion: q014\nrole: analyst\n---\nSituation: The job failed twice a week.")
        #expect(closed.frontMatterCutAt == nil && closed.frontMatter["role"] == "analyst")
        // A capitalised name with a sentence after it is the answer's, not a key.
        let scenario = parse("---\nquestion: q006\nScenario: our nightly route planning job failed twice a week and drivers left late.\nI rewrote the query.")
        #expect(scenario.frontMatterCutAt == 3 && scenario.sentences.count == 2)
        // A "Question:" line without an end stops at a line that opens a part.
        let q = parse("Question: Tell me about a time you fixed a broken process\nSituation: Our nightly job failed twice a week.\nResult: It has not failed since.")
        #expect(q.frontMatter["question"] == "Tell me about a time you fixed a broken process")
        #expect(q.sentences.first?.explicitLabel == .situation && q.sentences.count == 2)
        // A bank id is a whole question: the line after it is the answer's.
        let id = parse("Question: q006\nOur nightly job failed twice a week.\nI rewrote the query.")
        #expect(id.frontMatter["question"] == "q006" && id.sentences.count == 2)
    }
}
