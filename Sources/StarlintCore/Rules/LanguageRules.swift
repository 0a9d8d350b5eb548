/// A lexicon phrase found anywhere in the answer: fillers, hedges and jargon.
///
/// Lint: fires on each phrase from `fillers.txt` / `hedges.txt` / `jargon.txt` whose context
/// conditions hold ("kind of" after "a" or "the" is a noun phrase, not filler), outside
/// double quotes (someone else's words) and inline code (a name, not a word of the writer's).
struct PhraseRule: Rule {
    let description: RuleDescription
    let category: PhraseCategory
    let noun: String

    static let filler = PhraseRule(
        description: RuleDescription(
            id: "filler", name: "Filler", severity: .warning,
            description: "Spoken fillers and written padding (\"basically\", \"um\", \"you know\", \"like\") take time and signal uncertainty.",
            triggeringExamples: [
                Examples.strong(replacing: "I read two hundred", with: "I basically read two hundred"),
                Examples.strong(replacing: "I also set up a morning triage rota", with: "I also, you know, set up a kind of morning triage rota"),
                Examples.strong(replacing: "I checked the queue", with: "Um, I checked the queue"),
                Examples.strong(replacing: "I checked the queue", with: "And honestly I checked the queue"),
                Examples.strong(replacing: "I checked the queue", with: "And tbh I checked the queue"),
                Examples.strong(replacing: "I checked the queue", with: "And like, I checked the queue"),
                Examples.strong(replacing: "I checked the queue", with: "I put up a 5\" screen by the door, and basically I checked the queue"),
                Examples.strong(replacing: "I checked the queue", with: "I renamed the `triage` macro, and basically I checked the queue"),
                // The idiom: at the start, after a comma or "because", closing a general remark.
                Examples.strong(replacing: "Both customers renewed", with: "At the end of the day it's about trust, and both customers renewed"),
                Examples.strong(replacing: "Both customers renewed", with: "Speed matters because at the end of the day the customer waits, and both customers renewed"),
                Examples.strong(replacing: "I shared a weekly chart with the team so everyone could see the trend.", with: "It's about people at the end of the day."),
                Examples.strong(replacing: "I read two hundred", with: "Actually, I read two hundred"),
                Examples.strong(replacing: "I read two hundred", with: "Okay, so, I read two hundred"),
                Examples.strong(replacing: "I read two hundred", with: "OK, I read two hundred"),
                Examples.strong(replacing: "Both customers renewed", with: "And at the end of the day, both customers renewed"),
                // An apostrophe that drops letters opens no quotation.
                Examples.strong(replacing: "I read two hundred", with: "I stayed late 'cause I basically read the agents' two hundred"),
                // After "the" and a noun, "honestly" is padding unless it closes the sentence.
                Examples.strong(replacing: "Both customers renewed", with: "I owned the queue honestly from then on, and both customers renewed"),
                Examples.strong(replacing: "I shared a weekly chart with the team so everyone could see the trend.", with: "It was a bit of a state, honestly."),
                // "yeah" opening a sentence, after "so", "but", "and" or "um", or set off by commas.
                Examples.strong(replacing: "Both customers renewed", with: "So yeah, both customers renewed"),
                Examples.strong(replacing: "I checked the queue", with: "Yeah, I checked the queue"),
                Examples.strong(replacing: "I checked the queue", with: "And then, yeah, I checked the queue"),
                // Spoken "like" before a figure, without commas: "for like 20 minutes".
                Examples.strong(replacing: "I read two hundred", with: "I spent like 3 days and read two hundred"),
                Examples.strong(replacing: "and found that half", with: "and there were like forty of them, and found that half"),
                Examples.strong(replacing: "I read two hundred", with: "After a briefing of like 5 minutes I read two hundred"),
                // After any word that takes an amount ("losing", "trained", "been there"), and "like a dozen".
                Examples.strong(replacing: "was answering billing tickets in four days on average", with: "was losing like forty tickets a week"),
                Examples.strong(replacing: "I read two hundred", with: "I trained like 12 agents and read two hundred"),
                Examples.strong(replacing: "I read two hundred", with: "I called like a dozen customers and read two hundred"),
                // Between a preposition and "the" or "a".
                Examples.strong(replacing: "I read two hundred", with: "I sat with like the whole billing team and read two hundred"),
                // "honestly" after a word, as a comment on the story, not how something was done.
                Examples.strong(replacing: "I shared a weekly chart with the team so everyone could see the trend.", with: "It was really embarrassing honestly."),
                Examples.strong(replacing: "Both customers renewed", with: "It got better for a while honestly, and both customers renewed"),
                // A verb of telling in an earlier clause does not make it how something was told.
                Examples.strong(replacing: "I shared a weekly chart with the team so everyone could see the trend.", with: "I asked my manager for help and it went really well honestly."),
                // A quote that closes after a word in "s" hides only what it holds.
                Examples.strong(replacing: "I checked the queue", with: "One customer said 'yes' and basically I checked the queue"),
            ],
            nonTriggeringExamples: [
                Examples.strong,
                Examples.strong(replacing: "I wrote short reply templates", with: "I like short answers, so I wrote reply templates"),
                Examples.strong(replacing: "I shared a weekly chart", with: "Do you know what helped? I shared a weekly chart"),
                // Someone's "yeah" reported is what they said.
                Examples.strong(replacing: "I shared a weekly chart", with: "My manager said yeah, so I shared a weekly chart"),
                Examples.strong(replacing: "Both customers renewed", with: "One of them had written \"you basically never answer us\", and both customers renewed"),
                Examples.strong(replacing: "I shared a weekly chart", with: "I added a check that flags `basically` and `you know` in macros, and I shared a weekly chart"),
                // "honestly" saying how something was said, not padding.
                Examples.strong(replacing: "I shared a weekly chart", with: "I asked the agents to tell me honestly what slowed them down, and I shared a weekly chart"),
                // Closing a step: how it was done ("explain the situation honestly").
                Examples.strong(replacing: "I shared a weekly chart with the team so everyone could see the trend.", with: "I called each customer and explained the delay honestly."),
                // ... or before what was said ("tell the customer honestly that ...").
                Examples.strong(replacing: "I shared a weekly chart", with: "I told the director honestly that the rota was the problem, and I shared a weekly chart"),
                // The literal time of day, and "actually" contrasting what happened with what was said.
                Examples.strong(replacing: "I checked the queue each Friday", with: "I checked the queue at the end of the day"),
                Examples.strong(replacing: "I checked the queue each Friday and", with: "At the end of the day I checked the queue and"),
                Examples.strong(replacing: "I checked the queue each Friday", with: "I had the agents do it at the end of the day"),
                Examples.strong(replacing: "I read two hundred closed tickets", with: "I read two hundred closed tickets to see what customers actually asked"),
                Examples.strong(replacing: "I read two hundred closed tickets", with: "I read two hundred closed tickets to learn what they actually mean by urgent"),
                Examples.strong(replacing: "Both customers renewed", with: "Against our forecast, both customers actually renewed"),
                // "like" comparing or approximating before a figure: "looked like", "something like".
                Examples.strong(replacing: "I read two hundred", with: "It looked like 3 days of work, so I read two hundred"),
                Examples.strong(replacing: "and found that half", with: "and found that something like half"),
                // The verb after "to", and a likeness after "was" or "is".
                Examples.strong(replacing: "I read two hundred", with: "I came to like a lot of the queue, so I read two hundred"),
                Examples.strong(replacing: "I read two hundred", with: "It was kind of like a hospital ward, so I read two hundred"),
                Examples.strong(replacing: "and found that half", with: "and the queue was like two queues in one, and found that half"),
                // "OK" inside a sentence is a word, not a filler.
                Examples.strong(replacing: "I shared a weekly chart", with: "Once the director said OK, I shared a weekly chart"),
                // "like" meaning "such as" after a noun; a likeness after "felt".
                Examples.strong(replacing: "and found that half", with: "and sorted flat numbers like 3A and 3B, and found that half"),
                Examples.strong(replacing: "I read two hundred", with: "It felt like two years, but I read two hundred"),
                // How something was done, closing its clause: "honestly", "literally".
                Examples.strong(replacing: "I shared a weekly chart", with: "I answered the agents' questions honestly and shared a weekly chart"),
                Examples.strong(replacing: "I checked the queue each Friday", with: "I filled in the incident form honestly and checked the queue each Friday"),
                Examples.strong(replacing: "I checked the queue each Friday", with: "I followed the old manual literally, and checked the queue each Friday"),
                // "You see" before what is seen.
                Examples.strong(replacing: "I shared a weekly chart", with: "You see the backlog grow on Mondays first, so I shared a weekly chart"),
                // Someone's words in single quotes, as British writing quotes speech, over one
                // sentence or several; a plural's apostrophe closes no quote ("the agents' rota").
                Examples.strong(replacing: "Both customers renewed", with: "One customer said, 'We basically gave up on you, I think you never answer,' and both customers renewed"),
                Examples.strong(replacing: "I shared a weekly chart", with: "My manager told me 'Honestly, the agents' rota is basically broken, fix it.' So I shared a weekly chart"),
                Examples.strong(replacing: "I shared a weekly chart", with: "My manager told me 'Honestly, it is basically broken. Fix it.' So I shared a weekly chart"),
                // Liking, and a likeness after "be".
                Examples.strong(replacing: "I shared a weekly chart", with: "I do like two things about the rota, so I shared a weekly chart"),
                Examples.strong(replacing: "I shared a weekly chart", with: "I wanted the rota to be like two shifts in one, so I shared a weekly chart"),
            ]),
        category: .filler, noun: "filler")

    static let hedge = PhraseRule(
        description: RuleDescription(
            id: "hedge", name: "Hedge", severity: .warning,
            description: "Hedges (\"I think\", \"I reckon\", \"maybe\", \"kind of\", \"sort of\", \"pretty much\", \"probably\") weaken claims about your own work.",
            triggeringExamples: [
                Examples.strong(replacing: "Both customers renewed", with: "I think both customers renewed"),
                // Speculation about what happened is a hedge, as "might have" about the outcome is.
                Examples.strong(replacing: "Both customers renewed", with: "It might have been the templates, and both customers renewed"),
                Examples.strong(replacing: "Both customers renewed", with: "The templates might have missed some questions, but both customers renewed"),
                Examples.strong(replacing: "Both customers renewed", with: "I believe it must have helped, and both customers renewed"),
                Examples.strong(replacing: "and found that half", with: "and found that maybe half"),
                Examples.strong(replacing: "I checked the queue each Friday", with: "I would say I checked the queue each Friday"),
                // A hunch about the result told for the team ("we reckon").
                Examples.strong(replacing: "Both customers renewed", with: "We reckon both customers renewed"),
                Examples.strong(replacing: "Both customers renewed", with: "I'm not sure why, but both customers renewed"),
                // "I tried to" for what was done, with no attempt that fell short.
                Examples.strong(replacing: "I shared a weekly chart", with: "I tried to share a weekly chart"),
                // Only "they would probably ..." is theirs: "they will probably renew" hedges the Result.
                Examples.strong(replacing: "Both customers renewed their contracts", with: "Both customers liked it, and they will probably renew their contracts"),
                // "I reckon" is "I think"; "pretty much" before a figure or an outcome blurs it.
                Examples.strong(replacing: "Both customers renewed", with: "I reckon both customers renewed"),
                Examples.strong(replacing: "and found that half", with: "and found that pretty much half"),
                // "kind of" hedges as "sort of" does.
                Examples.strong(replacing: "I also set up a morning triage rota", with: "I also kind of set up a morning triage rota"),
                // After "that" or "this" with a verb next, the pronoun is the subject: "That kind of helped".
                Examples.strong(replacing: "Both customers renewed", with: "That kind of helped, and both customers renewed"),
                Examples.strong(replacing: "Both customers renewed", with: "The rota was new and this sort of worked, and both customers renewed"),
                // An impression offered as the outcome (with a "but" after it too), one told in
                // the present, and "possibly" on a claim.
                Examples.strong(replacing: "Both customers renewed", with: "It seemed to help, and both customers renewed"),
                Examples.strong(replacing: "Both customers renewed", with: "It seemed to help, but we never measured it, and both customers renewed"),
                Examples.strong(replacing: "Both customers renewed", with: "It seems the agents liked the templates, but both customers renewed"),
                Examples.strong(replacing: "and found that half", with: "and found that possibly half"),
                Examples.strong(replacing: "Both customers renewed", with: "The templates possibly could have saved more, and both customers renewed"),
            ],
            nonTriggeringExamples: [
                Examples.strong,
                // A conviction ("I believe everyone should ..."), not a claim about your work.
                Examples.strong(replacing: "I shared a weekly chart", with: "I believe every customer deserves a straight answer, so I shared a weekly chart"),
                Examples.strong(replacing: "I shared a weekly chart", with: "I shared the sort of weekly chart the team already knew"),
                Examples.strong(replacing: "I shared a weekly chart", with: "That kind of help was new to them, so I shared a weekly chart"),
                Examples.strong(replacing: "I also set up a morning triage rota", with: "I also set up the kind of triage rota that would err on the side of caution"),
                // A possessive's or "whatever" kind of thing is a noun phrase, not a hedge.
                Examples.strong(replacing: "I also set up a morning triage rota", with: "Rotas were not really their kind of thing, but I also set up a morning triage rota"),
                Examples.strong(replacing: "I checked the queue each Friday", with: "Whatever sort of question came up, I checked the queue each Friday"),
                Examples.strong(replacing: "Both customers renewed", with: "Their director wrote “I think you have turned it round”, and both customers renewed"),
                Examples.strong(replacing: "I shared a weekly chart", with: "Many agents were not sure which template to use, so I shared a weekly chart"),
                // What the writer is unsure of named as a thing, not a claim hedged.
                Examples.strong(replacing: "I shared a weekly chart", with: "I would not quote a figure I am not sure of, so I shared a weekly chart"),
                // An apology, an opinion named rather than hedged, and a word in single quotes.
                Examples.strong(replacing: "I checked the queue each Friday", with: "I'd say sorry to each customer we had kept waiting, and I checked the queue each Friday"),
                // Saying something is a step, not a hedge.
                Examples.strong(replacing: "I checked the queue each Friday", with: "I would say something to the agent there and then, and I checked the queue each Friday"),
                // Thinking as an activity ("I think ahead", "I think aloud") hedges nothing.
                Examples.strong(replacing: "I checked the queue each Friday", with: "I think ahead, so I checked the queue each Friday"),
                Examples.strong(replacing: "I checked the queue each Friday", with: "When a customer cancelled I'd say okay and offer a callback, and I checked the queue each Friday"),
                Examples.strong(replacing: "I shared a weekly chart", with: "I told the team plainly what I think a good reply looks like, and I shared a weekly chart"),
                Examples.strong(replacing: "I shared a weekly chart", with: "I put unclear tickets in a 'maybe' pile for the leads, and I shared a weekly chart"),
                Examples.strong(replacing: "I shared a weekly chart", with: "I banned 'maybe, probably' replies, and I shared a weekly chart"),
                // Someone else's "maybe", and "I think" after "if".
                Examples.strong(replacing: "I shared a weekly chart", with: "The lead said maybe next quarter, so I shared a weekly chart"),
                Examples.strong(replacing: "I shared a weekly chart", with: "My manager said she'd probably fund it, so I shared a weekly chart"),
                // What others would probably do is no hedge on one's own work.
                Examples.strong(replacing: "I shared a weekly chart", with: "The client said they would probably leave if it went on, so I shared a weekly chart"),
                Examples.strong(replacing: "I shared a weekly chart", with: "If I think a reply is wrong I say so, and I shared a weekly chart"),
                // Someone else's estimate, and "pretty much every ..." (nearly all, a manner of speaking).
                Examples.strong(replacing: "Both customers renewed", with: "Our director reckons the change kept both accounts, and both customers renewed"),
                Examples.strong(replacing: "I shared a weekly chart", with: "I shared a weekly chart, which pretty much everyone read"),
                // An attempt that fell short is told, not hedged (questions about a fix that did
                // not work ask for it).
                Examples.strong(replacing: "I read two hundred closed tickets", with: "First I tried to rebuild the reply macros, but agents still picked the wrong one, so I read two hundred closed tickets"),
                // How things first looked ("at first", or told against what they turned out to
                // be), and "couldn't possibly", "as early as I possibly could", "if I possibly
                // could" (emphases): the story, not a hedge.
                Examples.strong(replacing: "I read two hundred", with: "At first it seemed like a billing fault, so I read two hundred"),
                Examples.strong(replacing: "I read two hundred", with: "Initially, it seemed like a billing fault, so I read two hundred"),
                Examples.strong(replacing: "I read two hundred", with: "It seemed like a billing fault at first, so I read two hundred"),
                Examples.strong(replacing: "I read two hundred", with: "It seemed like a staffing problem, but I read two hundred"),
                Examples.strong(replacing: "I shared a weekly chart", with: "We couldn't possibly answer every ticket the same day, so I shared a weekly chart"),
                Examples.strong(replacing: "I shared a weekly chart", with: "I wanted the agents to hear it as early as I possibly could, so I shared a weekly chart"),
                Examples.strong(replacing: "I shared a weekly chart", with: "My manager wanted the backlog gone if I possibly could, so I shared a weekly chart"),
                // "whether I would say anything": what the writer weighed saying, not a hedge.
                Examples.strong(replacing: "I shared a weekly chart", with: "The director watched to see whether I would say anything, and I shared a weekly chart"),
                // What was at stake, not doubt about the work.
                Examples.strong(replacing: "had complained to our director about the delays", with: "might have left us over the delays"),
                Examples.strong(replacing: "had complained to our director about the delays", with: "had complained, which could have been a disaster at renewal time"),
                // Someone's words in single quotes.
                Examples.strong(replacing: "Both customers renewed", with: "One customer said, 'I think we might just leave, maybe next month,' and both customers renewed"),
            ]),
        category: .hedge, noun: "hedge")

    static let jargon = PhraseRule(
        description: RuleDescription(
            id: "jargon", name: "Jargon", severity: .info,
            description: "Office and CV jargon (\"spearheaded\", \"leveraged\", \"drove alignment\") sounds like achievement but says little; use the plain word and say what happened.",
            triggeringExamples: [
                Examples.strong(replacing: "I wrote short reply templates", with: "I spearheaded short reply templates"),
                Examples.strong(replacing: "I read two hundred closed tickets", with: "I leveraged two hundred closed tickets"),
                Examples.strong(replacing: "I shared a weekly chart with the team so everyone could see the trend.", with: "I drove alignment with cross-functional stakeholders through a weekly chart."),
                Examples.strong(replacing: "Both customers renewed their contracts", with: "It was a resounding success, both customers renewed their contracts"),
            ],
            nonTriggeringExamples: [
                Examples.strong,
                // Someone else's words, and "leverage" as a noun.
                Examples.strong(replacing: "Both customers renewed", with: "Their director called it \"a game changer\", and both customers renewed"),
                Examples.strong(replacing: "I read two hundred closed tickets", with: "With little leverage over the billing team, I read two hundred closed tickets"),
                // "added value" after "the": the sum, not a claim.
                Examples.strong(replacing: "I shared a weekly chart with the team", with: "I shared a weekly chart of the added value tax queries with the team"),
            ]),
        category: .jargon, noun: "jargon")

    /// The hedges' suggestion for a claim about what came of it ("hopefully", "it seems"), and
    /// what it says instead in an answer to a "what would you do" question.
    static let sayWhatHappened = "say what happened"
    static let sayWhatYouExpect = "say what you expect to happen and how you would know: 'I'd expect ... within a week'"

    func check(_ c: RuleContext) -> [Finding] {
        var out: [Finding] = []
        for k in c.document.sentences.indices where !c.input.facts[k].matches.isEmpty {
            for (e, span, written) in c.matches(category, in: k, outside: c.quoted) {
                // A plan answering "what would you do" cannot say what happened (a story told for
                // such a question can, and keeps the advice).
                let suggestion = e.suggestion == Self.sayWhatHappened && c.isPlanForWhatWouldYouDo ? Self.sayWhatYouExpect : e.suggestion
                out.append(c.finding(description.id, "\(noun) '\(written)'", span, suggestion: suggestion.isEmpty ? nil : suggestion))
            }
        }
        return out
    }
}

/// Common misspellings ("recieved", "seperate").
///
/// Lint: fires on each word from `misspellings.txt` in the answer's sentences, outside
/// quotes (someone else's words) and inline code; the suggestion is the word spelt right,
/// in the writer's case ("Recieved" -> "Received", "RECIEVED" -> "RECEIVED"), or both
/// spellings where British and American differ ("fulfil" or "fulfill"). The list holds only
/// forms that are no word of their own, so a real word in the wrong place ("loose" for
/// "lose") is never reported. The parts of a word the tokenizer marks `.joined` are read
/// too: each part of a hyphenated compound ("well-recieved") and a possessive's stem ("the
/// comittee's"). It costs no points (`RuleDescription.scored`): a slip of the keys says
/// nothing about the story, but a practice answer often ends up pasted into an application
/// form, where it shows.
struct SpellingRule: Rule {
    let description = RuleDescription(
        id: "spelling", name: "Spelling", severity: .info,
        description: "Common misspellings (\"recieved\", \"seperate\", \"definately\") stand out in a written answer; each comes with the word spelt right.",
        triggeringExamples: [
            Examples.strong(replacing: "I read two hundred", with: "I recieved two hundred"),
            Examples.strong(replacing: "Both customers renewed", with: "Definately, both customers renewed"),
            Examples.strong(replacing: "and sorted them by cause", with: "and sorted them into seperate causes"),
            // Inside a part label's sentence and next to punctuation; in capitals.
            Examples.strong(replacing: "My manager asked me", with: "My managment team (and my manager) asked me"),
            Examples.strong(replacing: "Both customers renewed", with: "Both customers renewed, ALOT sooner than planned, and"),
            // A part of a hyphenated compound, and a possessive's stem.
            Examples.strong(replacing: "I wrote short reply templates", with: "I wrote well-recieved reply templates"),
            Examples.strong(replacing: "My manager asked me", with: "The comittee's chair asked me"),
            // A contraction typed without its apostrophe.
            Examples.strong(replacing: "Both customers renewed", with: "The agents didnt complain, and both customers renewed"),
        ],
        nonTriggeringExamples: [
            Examples.strong,
            // Someone else's words, quoted; a name in inline code.
            Examples.strong(replacing: "Both customers renewed", with: "One customer wrote \"we recieved nothing\", and both customers renewed"),
            Examples.strong(replacing: "I shared a weekly chart", with: "I renamed the `recieved` flag and shared a weekly chart"),
            // British and American spellings are both right; real words are never reported.
            Examples.strong(replacing: "I read two hundred", with: "I organized and analysed two hundred"),
            Examples.strong(replacing: "I checked the queue each Friday", with: "I made sure no ticket got lost and checked the queue each Friday"),
        ],
        scored: false)

    func check(_ c: RuleContext) -> [Finding] {
        var out: [Finding] = []
        func report(_ e: PhraseEntry, _ span: SourceSpan, _ written: String) {
            out.append(c.finding(description.id, "'\(written)' is misspelt", span, suggestion: Self.suggestion(e.suggestion, like: written)))
        }
        for k in c.document.sentences.indices where !c.input.facts[k].matches.isEmpty {
            for (e, span, written) in c.matches(.misspelling, in: k, outside: c.quoted) { report(e, span, written) }
        }
        guard !c.lexicon.misspellings.isEmpty else { return out }
        let doc = c.document
        for s in doc.sentences {
            for i in s.tokens where doc.tokens[i].flags.contains(.joined) && doc.tokens[i].kind == .word {
                let t = doc.tokens[i]
                if !c.quoted.isEmpty, RuleContext.covers(c.quoted, Int32(i)) { continue }
                for (range, e) in Self.parts(of: t, doc.bytes, c.lexicon) {
                    let written = String(decoding: doc.bytes[range], as: UTF8.self)
                    // Columns count Unicode scalars: the bytes before the part that start one.
                    let before = doc.bytes[Int(t.start)..<range.lowerBound].reduce(Int32(0)) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
                    let column = Int(t.column + before)
                    report(e, SourceSpan(line: Int(t.line), column: column, endLine: Int(t.line), endColumn: column + written.unicodeScalars.count), written)
                }
            }
        }
        return out.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// The misspelt parts of a word token that the phrase table cannot match whole: the
    /// pieces of a hyphenated compound, and the stem before a possessive "'s" (straight or
    /// curly), each as its byte range and entry. Read only for tokens marked `.joined`.
    static func parts(of t: Token, _ bytes: [UInt8], _ lexicon: Lexicon) -> [(Range<Int>, PhraseEntry)] {
        var end = Int(t.end)
        let start = Int(t.start)
        var possessive = false
        if end - start > 2, bytes[end - 1] | 0x20 == 0x73 {
            if bytes[end - 2] == 0x27 { end -= 2; possessive = true }
            else if end - start > 4, bytes[end - 4] == 0xE2, bytes[end - 3] == 0x80, bytes[end - 2] == 0x99 { end -= 4; possessive = true }
        }
        var hyphen = false
        for k in start..<end where bytes[k] == 0x2D { hyphen = true; break }
        guard possessive || hyphen else { return [] }
        var out: [(Range<Int>, PhraseEntry)] = []
        var a = start
        for k in start...end where k == end || bytes[k] == 0x2D {
            if k > a, let e = lexicon.misspellings[normalizedHash(bytes: bytes[a..<k])], !lexicon.allows(e) {
                out.append((a..<k, e))
            }
            a = k + 1
        }
        return out
    }

    /// "write "received"", or "write "fulfil" or "fulfill"" for a correction listed as
    /// "fulfil / fulfill", each in the case of `written`.
    static func suggestion(_ correction: String, like written: String) -> String {
        let words = correction.split(separator: "/").map { "\"" + cased(String($0).trimmingSpaces(), like: written) + "\"" }
        return "write " + words.joined(separator: " or ")
    }

    /// `word` in the case of `written`: all capitals when it is written so (two letters or
    /// more), its first letter capitalised when `written`'s is ("Recieved" -> "Received").
    static func cased(_ word: String, like written: String) -> String {
        let letters = written.unicodeScalars.filter { ($0.value | 0x20) >= 0x61 && ($0.value | 0x20) <= 0x7A }
        guard let f = letters.first, f.value <= 0x5A else { return word }
        if letters.count > 1, letters.allSatisfy({ $0.value <= 0x5A }) { return word.uppercased() }
        return word.prefix(1).uppercased() + word.dropFirst()
    }
}

/// Weak action phrases ("helped with", "was involved in").
///
/// Lint: fires on each phrase from `weak-verbs.txt` inside an Action sentence.
struct WeakVerbRule: Rule {
    let description = RuleDescription(
        id: "weak-verb", name: "Weak Verb", severity: .info,
        description: "Phrases like \"helped with\" or \"was involved in\" hide what you did; name the action.",
        triggeringExamples: [
            Examples.strong(replacing: "I wrote short reply templates", with: "I helped with short reply templates"),
            Examples.strong(replacing: "I also set up a morning triage rota", with: "I was involved in a morning triage rota"),
            Examples.strong(replacing: "I also set up a morning triage rota", with: "I read the rota and helped with a morning triage plan"),
        ],
        nonTriggeringExamples: [
            Examples.strong,
            Examples.strong(replacing: "Situation: Last spring our support team", with: "Situation: Last spring I worked on a support team, and the team"),
            Examples.strong(replacing: "I checked the queue each Friday", with: "I worked on Saturdays too, and checked the queue each Friday"),
            Examples.strong(replacing: "I also set up a morning triage rota", with: "Our new starter Zoë helped with the macros while I also set up a morning triage rota"),
            Examples.strong(replacing: "I checked the queue each Friday", with: "Printer faults, which were handled by the facilities team, went to a separate queue, and I checked the queue each Friday"),
            // Something else as the subject; a job, not a step of this story.
            Examples.strong(replacing: "I also set up a morning triage rota", with: "I also set up a morning triage rota, which helped with the Monday peak"),
            Examples.strong(replacing: "I checked the queue each Friday", with: "Before this job I did some agency work, and I checked the queue each Friday"),
        ])

    func check(_ c: RuleContext) -> [Finding] {
        var out: [Finding] = []
        for k in c.sentences(.action) {
            let matches = c.matchesWithTokens(.weakVerb, in: k)
            guard !matches.isEmpty else { continue }
            let clauses = Self.clauseSubjects(c.document, sentence: k)
            for (e, tokens, span, written) in matches where !Self.someoneElse(c.document, sentence: k, phrase: tokens, clauses: clauses) {
                out.append(c.finding(description.id, "weak verb '\(written)' hides what you did", span, suggestion: e.suggestion))
            }
        }
        return out
    }

    static let firstPerson: Set<UInt64> = Set(["i", "we", "i'd", "we'd", "i've", "we've", "i'll", "we'll", "i'm", "we're", "myself", "ourselves", "me"].map { normalizedHash($0) })
    static let clauseWords: Set<UInt64> = Set(["and", "but", "while", "so", "then", "when", "because", "who", "which", "after", "before", "until", "once", "also"].map { normalizedHash($0) })
    static let by = normalizedHash("by")

    /// Whether the phrase at `phrase` is someone else's doing, not the writer's: passive ("were
    /// handled by the same people"), or its clause names a subject before it and that subject is
    /// not "I" or "we" ("Zoë helped with the rota"). A phrase that opens its clause ("and
    /// helped with", "Also helped with") is the writer's. `clauses`: `clauseSubjects` of the
    /// sentence.
    static func someoneElse(_ doc: Document, sentence k: Int, phrase: Range<Int>, clauses: [UInt8]) -> Bool {
        let range = doc.sentences[k].tokens
        if phrase.upperBound < range.upperBound, doc.tokens[phrase.upperBound].kind == .word, doc.tokens[phrase.upperBound].hash == by { return true }
        let before = clauses[phrase.lowerBound - range.lowerBound]
        return before & 1 == 0 && before & 2 != 0
    }

    /// For each token of sentence `k` (and its end), what the words of its clause before it
    /// are, from the last comma, semicolon or joining word ("and", "which" ...): 1 when one is
    /// "I" or "we", 2 when one is another word. One pass, so a sentence with many phrases in
    /// one clause (a CV pasted without punctuation) costs no more than its length.
    static func clauseSubjects(_ doc: Document, sentence k: Int) -> [UInt8] {
        let range = doc.sentences[k].tokens
        var out = [UInt8](repeating: 0, count: range.count + 1)
        var state: UInt8 = 0
        for (j, i) in range.enumerated() {
            out[j] = state
            let t = doc.tokens[i]
            if t.kind == .punctuation, t.flags.contains(.comma) || doc.bytes[Int(t.start)] == 0x3B {
                state = 0
            } else if t.kind == .word {
                if firstPerson.contains(t.hash) {
                    state |= 1
                } else if clauseWords.contains(t.hash) {
                    state = 0
                } else {
                    state |= 2
                }
            }
        }
        out[range.count] = state
        return out
    }
}

/// Stock phrases ("analysed the problem", "created a plan", "kept everyone in the loop") that
/// could stand in anyone's answer.
///
/// Lint: fires on each phrase from `stock-phrases.txt` in an Action or Result sentence when
/// nothing specific follows it: the phrase ends its clause (the sentence ends, or
/// punctuation or a joining word such as "and" or "so" comes within two words) and the
/// sentence has no figure. "I analysed the problem by pulling three months of refund logs"
/// says what exactly, and is not reported. A phrase holding a word that `vague-result`
/// reports ("the outcome was very positive") is left to that rule: one finding, not two.
struct StockPhraseRule: Rule {
    let description = RuleDescription(
        id: "stock-phrase", name: "Stock Phrase", severity: .info,
        description: "Phrases like \"analysed the problem\" or \"created a plan\" could be in anyone's answer; say what exactly you found, planned or did.",
        triggeringExamples: [
            Examples.strong(replacing: "I also set up a morning triage rota so that every new ticket had an owner before ten o'clock.",
                            with: "I analysed the problem, created a plan and communicated with the stakeholders."),
            Examples.strong(replacing: "I shared a weekly chart with the team so everyone could see the trend.",
                            with: "I also kept everyone in the loop and monitored progress closely."),
            Examples.strong(replacing: "Both customers renewed their contracts", with: "I received positive feedback"),
            Examples.strong(replacing: "I checked the queue each Friday", with: "I took ownership of the situation and checked the queue each Friday"),
            Examples.strong(result: "The outcome was positive."),
        ],
        nonTriggeringExamples: [
            Examples.strong,
            // Something specific follows the phrase.
            Examples.strong(replacing: "I also set up a morning triage rota so that every new ticket had an owner before ten o'clock.",
                            with: "I analysed the problem by reading the refund logs, and created a plan to move the night shift onto the early rota."),
            // A figure makes the sentence specific.
            Examples.strong(replacing: "I shared a weekly chart with the team so everyone could see the trend.",
                            with: "I monitored progress on a chart of the 40 oldest tickets."),
            // Not an Action or a Result.
            Examples.strong(replacing: "Situation: Last spring our support team in Leeds", with: "Situation: Nobody had analysed the problem. Last spring our support team in Leeds"),
            // Its vague words are `vague-result`'s finding.
            Examples.strong(result: "The outcome was very positive."),
            Examples.strong(replacing: "Both customers renewed their contracts", with: "The project was a success"),
        ])

    /// Words that end a clause: after one of them, what follows is no longer about the phrase.
    static let clauseEnds: Set<UInt64> = Set(["and", "but", "so", "then", "while", "which", "because", "until", "as", "or"].map { normalizedHash($0) })

    func check(_ c: RuleContext) -> [Finding] {
        var out: [Finding] = []
        let doc = c.document
        for k in c.labels.indices where c.labels[k].label == .action || c.labels[k].label == .result {
            guard c.input.facts[k].firstFigure < 0, !c.input.facts[k].matches.isEmpty else { continue }
            let end = doc.sentences[k].tokens.upperBound
            let stock = c.matchesWithTokens(.stockPhrase, in: k)
            guard !stock.isEmpty else { continue }
            // `vague-result` already reports "very positive" in "the outcome was very positive".
            let vague = c.labels[k].label == .result && VagueResultRule.reportsVagueWords(c, in: k)
                ? c.matchesWithTokens(.vagueResult, in: k).map(\.1) : []
            for (e, tokens, span, written) in stock
            where Self.endsClause(doc, after: tokens.upperBound, sentenceEnd: end) && !vague.contains(where: { tokens.contains($0.lowerBound) }) {
                out.append(c.finding(description.id, "stock phrase '\(written)' could be in anyone's answer", span, suggestion: e.suggestion))
            }
        }
        return out
    }

    /// Whether the sentence ends, or punctuation or a clause word comes, at token `after` or
    /// after at most two more words ("created a plan." "monitored progress every week.").
    static func endsClause(_ doc: Document, after: Int, sentenceEnd: Int) -> Bool {
        var i = after
        while i < sentenceEnd, i < after + 3 {
            let t = doc.tokens[i]
            if t.kind == .punctuation || t.kind == .word && clauseEnds.contains(t.hash) { return true }
            i += 1
        }
        return i == sentenceEnd
    }
}

/// "We" dominates the Action.
///
/// Lint: fires when more Action sentences have "we" or the team (team-subjects.txt: "the
/// team", "everyone", "my team and I" ...) as their first subject than "I", and at least
/// `ownership.min-we` do; or, for an Action told in one or two long sentences, when
/// every Action sentence says "we", "we" comes at least `ownership.min-we` times and "I"
/// never does ("we wrote a script and we set it up to run on Mondays"); or when every Action
/// sentence has "we" or the team as its first subject and "I" does nothing, however few
/// they are (an Action of one sentence, "We rewrote the test plan over a weekend."). Where no
/// Action sentence has "I" in it, sentences told in the passive with no one acting ("every
/// pallet was sorted") count with the "we" ones.
struct OwnershipRule: Rule {
    let description = RuleDescription(
        id: "ownership", name: "Ownership", severity: .warning,
        description: "Interviewers hire you, not your team: the Action should say what you did, with \"I\" as the subject.",
        triggeringExamples: [
            Examples.strong
                .replacingFirst("I read two hundred", with: "We read two hundred")
                .replacingFirst("I wrote short reply templates", with: "We wrote short reply templates")
                .replacingFirst("I also set up", with: "We also set up")
                .replacingFirst("I checked the queue", with: "We checked the queue"),
            OwnershipRule.oneSentence,
            // A crew, as a team, acting for the writer.
            Examples.strong
                .replacingFirst("I read two hundred", with: "The crew read two hundred")
                .replacingFirst("I wrote short reply templates", with: "The crew wrote short reply templates")
                .replacingFirst("I also set up", with: "Then the crew set up")
                .replacingFirst("I checked the queue", with: "The whole crew checked the queue"),
            // A team named by what it does.
            Examples.strong
                .replacingFirst("I read two hundred", with: "The billing support team read two hundred")
                .replacingFirst("I wrote short reply templates", with: "The billing support team wrote short reply templates")
                .replacingFirst("I also set up", with: "Our night crew also set up")
                .replacingFirst("I checked the queue", with: "The billing support team checked the queue"),
            // An Action of one sentence, told by "we": one "we" is enough when no "I" does anything.
            "Last year our release slipped two weeks at my company. My job was to get it back on track. We rewrote the test plan over a weekend. The release shipped on time and defects fell from 40 to 12.",
            // Counted by the subject a sentence opens with: a "we" sentence with an "I" later on
            // is a "we" sentence.
            Examples.strong
                .replacingFirst("I read two hundred", with: "We split two hundred closed tickets between us and I read my hundred")
                .replacingFirst("I wrote short reply templates", with: "We agreed on templates, and I wrote short reply templates")
                .replacingFirst("I also set up", with: "We also set up")
                .replacingFirst("I checked the queue", with: "We checked the queue"),
            // "I" only in a lead-in clause: each main clause is "we".
            Examples.strong
                .replacingFirst("I read two hundred", with: "When I joined, we read two hundred")
                .replacingFirst("I wrote short reply templates", with: "After I had asked around, we wrote short reply templates")
                .replacingFirst("I also set up", with: "Once I had the numbers, we also set up")
                .replacingFirst("I checked the queue", with: "As I expected, we checked the queue"),
            // The team or "we" after a lead-in with "I" in it.
            Examples.strong
                .replacingFirst("I read two hundred", with: "When I joined, everyone read two hundred")
                .replacingFirst("I wrote short reply templates", with: "Once I had asked, then we wrote short reply templates")
                .replacingFirst("I also set up", with: "When I raised it, the whole team also set up"),
            // The team as the subject, with no "we" at all; "my team and I" shares the credit.
            Examples.strong
                .replacingFirst("I read two hundred", with: "The team read two hundred")
                .replacingFirst("I wrote short reply templates", with: "Then everyone wrote short reply templates")
                .replacingFirst("I also set up", with: "My team and I also set up")
                .replacingFirst("I checked the queue", with: "The whole team checked the queue"),
            // Someone else and the writer as one subject share the credit as "my team and I" does.
            Examples.strong
                .replacingFirst("I read two hundred", with: "Priya and I read two hundred")
                .replacingFirst("I wrote short reply templates", with: "So she and I wrote short reply templates")
                .replacingFirst("I also set up", with: "My deputy and I also set up"),
            // Names ending in "-ly" are names, not adverbs.
            Examples.strong
                .replacingFirst("I read two hundred", with: "Emily and I read two hundred")
                .replacingFirst("I wrote short reply templates", with: "Then Kelly and I wrote short reply templates")
                .replacingFirst("I also set up", with: "Holly and I also set up"),
            // Every step in the passive, no one doing it: it hides who acted as "we" does.
            "Our returns area had become a dumping ground, and pallets sat for three weeks. I was asked to clear it. Every pallet was sorted into resell, repair or scrap. A one-page process was then written for each category, and four pickers were trained on it. A whiteboard was also set up to show the pallets waiting. Within six weeks the backlog went from 63 pallets to 9.",
        ],
        nonTriggeringExamples: [
            Examples.strong,
            Examples.strong.replacingFirst("I checked the queue", with: "We checked the queue"),
            // One team sentence among "I" ones; a team word later, or after a verb, is no subject.
            Examples.strong.replacingFirst("I checked the queue", with: "The team checked the queue"),
            Examples.strong
                .replacingFirst("I read two hundred", with: "I asked the team to send me two hundred")
                .replacingFirst("I wrote short reply templates", with: "Asked everyone for their worst tickets, then I wrote short reply templates"),
            // A clause or a time before "and I" is no one sharing the credit.
            Examples.strong
                .replacingFirst("I read two hundred", with: "My manager agreed and I read two hundred")
                .replacingFirst("I wrote short reply templates", with: "The director approved and I wrote short reply templates")
                .replacingFirst("I also set up", with: "One month in and I also set up"),
            // One shared subject among "I" sentences; "Oh and I", "I rang ... and I" are the writer alone.
            Examples.strong
                .replacingFirst("I read two hundred", with: "Priya and I read two hundred")
                .replacingFirst("I wrote short reply templates", with: "I rang the leads and I wrote short reply templates")
                .replacingFirst("I also set up", with: "Oh and I also set up"),
            // The team opens the sentence, "I" acts in it.
            Examples.strong
                .replacingFirst("I read two hundred", with: "Everyone agreed the plan, so I read two hundred")
                .replacingFirst("I wrote short reply templates", with: "The team leads asked me for templates, so I wrote short reply templates")
                .replacingFirst("I also set up", with: "The staff were confused by the old ones, so I also set up"),
            OwnershipRule.oneSentence.replacingFirst("we scheduled it", with: "I scheduled it").replacingFirst("We wrote", with: "I wrote"),
            // "We" only in a lead-in clause: each main clause is "I".
            Examples.strong
                .replacingFirst("I read two hundred", with: "When we met on Monday, I read two hundred")
                .replacingFirst("I wrote short reply templates", with: "After we had agreed on it, I wrote short reply templates")
                .replacingFirst("I also set up", with: "Once we had tested them, I also set up"),
            // A lead-in without its comma, "I" in the main clause and "we" after a later comma.
            Examples.strong
                .replacingFirst("I read two hundred", with: "When the queue grew I read two hundred")
                .replacingFirst("I wrote short reply templates for those questions and trained", with: "After the outage I wrote short reply templates for those questions, so we trained")
                .replacingFirst("I also set up", with: "If a ticket was urgent I also set up"),
            // after an opener, with two-word lead-ins, and past a list's commas inside the lead-in.
            Examples.strong
                .replacingFirst("I read two hundred", with: "So when we met on Monday, I read two hundred")
                .replacingFirst("I wrote short reply templates", with: "By the time we had agreed on it, I wrote short reply templates")
                .replacingFirst("I also set up", with: "Even though we had tested the queue, the rota, and the forms, I also set up"),
            OwnershipRule.oneSentence.replacingFirst("We wrote a script", with: "We agreed the format as a team, and I wrote a script"),
            // A passive beside steps told by "I" is a finding or a state, not the team's credit.
            Examples.strong
                .replacingFirst("I also set up", with: "The old rota was never used, so I also set up")
                .replacingFirst("I checked the queue", with: "Every ticket was tagged by cause, and I checked the queue"),
            // Three passive steps beside two told by "I": findings and states, not the team's credit.
            Examples.strong
                .replacingFirst("I wrote short reply templates for those questions and trained the six agents", with: "Short reply templates were written for those questions and the six agents were trained")
                .replacingFirst("I also set up a morning triage rota", with: "A morning triage rota was also set up")
                .replacingFirst("I checked the queue each Friday and adjusted", with: "The queue was checked each Friday, and the agents adjusted"),
            // Bullets that open with their verb speak for the writer; what a step found after a
            // colon, and a passive bullet among them, are no hidden actor.
            "Situation: Our machine shop in Leeds was scrapping one part in five last spring.\nTask: My manager asked me to find out why within a month.\nAction:\n- Checked the lathes: the jaws were worn.\n- Checked the coolant: the filters were blocked.\n- The old paper forms were scrapped.\n- Replaced the jaws and the filters on all four lathes.\nResult: Within six weeks scrap went from one part in five to one in forty.",
            // "... by me" names who acted.
            "Our returns area had become a dumping ground. I was asked to clear it. Every pallet was sorted by me into resell, repair or scrap. A process was written by me for each category. Within six weeks the backlog went from 63 pallets to 9.",
        ], wholeAnswer: true)

    /// A short answer whose whole Action is one sentence.
    static let oneSentence = """
        Situation: Our weekly sales report reached the regional managers two days late every week, and they had stopped trusting it.
        Task: My manager asked me to get it out first thing on Monday mornings.
        Action: We wrote a script that pulled the figures from the CRM, and we scheduled it to run at six every Monday.
        Result: The report has gone out on time every week for eight months now, and the managers use it in their Monday calls.
        """

    /// Words that may come before a team subject ("Then the team ...", "So everyone ...").
    static let openers: Set<UInt64> = Set(["then", "so", "next", "also", "first", "finally", "afterwards", "together", "and", "later", "eventually"]
        .map { normalizedHash($0) })

    /// Conjunctions that open a lead-in clause: in "When we met on Monday, I proposed a
    /// checklist" the subject is the main clause's, after the comma.
    static let leadIns: Set<UInt64> = Set(["when", "after", "once", "before", "while", "whilst", "as", "since", "because", "although",
                                           "though", "if", "until", "whenever"].map { normalizedHash($0) })
    /// Two-word lead-ins ("even though", "every time", "each time", "by the [time]"), hashed as pairs.
    static let leadInPairs: Set<UInt64> = Set([("even", "though"), ("every", "time"), ("each", "time"), ("by", "the")]
        .map { combineHash(normalizedHash($0.0), normalizedHash($0.1)) })
    static let byHash = normalizedHash("by"), timeHash = normalizedHash("time")
    /// The one word that may stand between a lead-in's comma and the main clause's subject (", then I").
    static let thenHash = normalizedHash("then")
    static let iForms: Set<UInt64> = Set(["i", "i've", "i'd", "i'll", "i'm"].map { normalizedHash($0) })
    static let weForms: Set<UInt64> = Set(["we", "we've", "we'd", "we'll", "we're"].map { normalizedHash($0) })

    /// Who the main clause of sentence `k` is about when the sentence opens with a lead-in
    /// clause ("When we met on Monday, I proposed ...", "So once we had agreed, I ...", "By the
    /// time we ..., I ..."): after the first comma that is followed by "I", "we" (either after
    /// "then") or a team phrase, its first token and 1 for "I", 2 for "we",
    /// 3 for the team (with no "I" after it: "..., everyone agreed, so I wrote" is no team
    /// sentence). A comma inside the lead-in ("sales, costs and returns") is passed over. nil
    /// when the sentence has no lead-in or no such comma ("After that we split the pens, and he
    /// ..."; ", tell them we ..."), or "I" or "we" comes more than three words into it before
    /// such a comma (a main clause begun without one): the facts' subject near its start then
    /// stands.
    static func mainClauseSubject(_ c: RuleContext, _ k: Int) -> (start: Int, who: UInt8)? {
        let toks = c.document.tokens, range = c.document.sentences[k].tokens
        var words: [Int] = []
        for t in range where toks[t].kind == .word {
            words.append(t)
            if words.count == 3 { break }
        }
        guard let w0 = words.first else { return nil }
        let h = words.map { toks[$0].hash }
        let pair = h.count >= 2 ? combineHash(h[0], h[1]) : 0
        let leadIn = leadIns.contains(h[0])
            || (h.count >= 2 && openers.contains(h[0]) && leadIns.contains(h[1]))
            || (leadInPairs.contains(pair) && (h[0] != byHash || (h.count == 3 && h[2] == timeHash)))
        guard leadIn else { return nil }
        var t = w0 + 1
        var wordsIn = 0
        while t < range.upperBound {
            defer { t += 1 }
            if toks[t].kind == .word {
                // "I" or "we" well into the lead-in is a main clause begun without a comma
                // ("When the queue grew I wrote templates, so we ..."): no lead-in to pass over.
                wordsIn += 1
                if wordsIn > 3, iForms.contains(toks[t].hash) || weForms.contains(toks[t].hash) { return nil }
                continue
            }
            guard toks[t].flags.contains(.comma) else { continue }
            var next = t + 1
            while next < range.upperBound, toks[next].kind != .word { next += 1 }
            guard next < range.upperBound else { return nil }
            var subject = next
            if toks[next].hash == thenHash {
                subject = next + 1
                while subject < range.upperBound, toks[subject].kind != .word { subject += 1 }
                guard subject < range.upperBound else { return nil }
            }
            if iForms.contains(toks[subject].hash) { return (t + 1, 1) }
            if weForms.contains(toks[subject].hash) { return (t + 1, 2) }
            // A team phrase right after the comma (", and everyone ..." joins a second clause).
            if !Self.openers.contains(toks[next].hash), teamSubject(c, k, from: t + 1) != nil {
                let laterI = ((t + 1)..<range.upperBound).contains { toks[$0].kind == .word && iForms.contains(toks[$0].hash) }
                if !laterI { return (t + 1, 3) }
            }
        }
        return nil
    }

    /// The team phrase sentence `k` opens with (at its first word, or its second after an
    /// opener; for a sentence with a lead-in clause, its main clause), as written; nil when it
    /// opens otherwise.
    static func teamSubject(_ c: RuleContext, _ k: Int, from start: Int? = nil) -> String? {
        let toks = c.document.tokens, entries = c.lexicon.phrases.entries
        var first = -1, second = -1
        for t in c.document.sentences[k].tokens where toks[t].kind == .word && t >= (start ?? 0) {
            if first < 0 { first = t } else { second = t; break }
        }
        guard first >= 0 else { return nil }
        // The longest such phrase ("my team and I", not "my team").
        var found: Range<Int>?
        for m in c.input.matches[c.input.facts[k].matches] where entries[Int(m.entry)].category == .teamSubject {
            let start = Int(m.start)
            if start == first || (start == second && openers.contains(toks[first].hash)), found.map({ Int(m.end) > $0.upperBound }) ?? true {
                found = start..<Int(m.end)
            }
        }
        if let found { return c.document.text(ofTokens: found) }
        if let shared = sharedSubject(c, k, first: first, second: second) { return shared }
        // A team named by what it does ("the engine room team", "our night crew"): "the",
        // "our" or "my", one to three words, then "team" or "crew" and a word that is no
        // part of a name ("the sales team leader", "the project team meeting").
        guard teamDeterminers.contains(toks[first].hash) else { return nil }
        var t = first + 1, words = 0
        let end = c.document.sentences[k].tokens.upperBound
        while t < end, toks[t].kind == .word, words <= 3 {
            if words > 0, teamNouns.contains(toks[t].hash) {
                guard t + 1 < end, !notTeamSubjects.contains(toks[t + 1].hash) else { return nil }
                return c.document.text(ofTokens: first..<(t + 1))
            }
            words += 1
            t += 1
        }
        return nil
    }

    /// Someone else and the writer as one subject, at the sentence's first word or its
    /// second after an opener ("Priya and I spent a week ...", "So she and I designed ...",
    /// "My deputy and I did ..."), as written: the credit shared, as "my team and I" shares
    /// it. Before "and I": "he", "she" or "they", a word in capitals (a name, a department),
    /// or "my", "our", "the" ... and one or two more words, none of them "I" or "we" ("I
    /// called him and I explained" is the writer alone), nor a filler or opener ("Oh and I
    /// should say").
    static func sharedSubject(_ c: RuleContext, _ k: Int, first: Int, second: Int) -> String? {
        let toks = c.document.tokens, end = c.document.sentences[k].tokens.upperBound
        // After an opener, from the second word; a filler first ("Oh and I") fails below.
        var start = first
        if openers.contains(toks[first].hash) {
            guard second >= 0 else { return nil }
            start = second
        }
        var t = start, words = 0
        while t < end, toks[t].kind == .word, toks[t].hash != andHash {
            let h = toks[t].hash
            if iForms.contains(h) || weForms.contains(h) || sharedNotSubjects.contains(h) || openers.contains(h) { return nil }
            words += 1
            t += 1
        }
        guard words > 0, t + 1 < end, toks[t].hash == andHash, toks[t + 1].kind == .word, toks[t + 1].hash == FactHashes.shared.i else { return nil }
        let lead = toks[start].hash
        if words == 1 {
            // One word: a pronoun, or a name or department in capitals; not an interjection
            // or an adverb ("Luckily and I", "Yesterday and I": every word opening a sentence
            // is in capitals).
            // Names ending in "-ly" ("Emily and I") are names.
            guard sharedPronouns.contains(lead) || (toks[start].flags.contains(.capitalized) && (!c.document.endsInLy(toks[start]) || lyNames.contains(lead)))
            else { return nil }
        } else {
            guard words <= 3, sharedDeterminers.contains(lead) else { return nil }
            // Someone named, not a clause or a time: "My manager agreed and I ...", "A week
            // on and I ..." have the writer alone as the subject after "and".
            for j in (start + 1)..<t {
                let h = toks[j].hash
                if c.document.endsInEd(toks[j], longerThan: 3) || irregularPast.contains(h) || sharedNotInSubject.contains(h) { return nil }
            }
        }
        return c.document.text(ofTokens: start..<(t + 2))
    }

    static let andHash = normalizedHash("and")
    /// Given names ending in "-ly", which `sharedSubject` would otherwise take for adverbs.
    static let lyNames: Set<UInt64> = Set(["emily", "emely", "molly", "holly", "sally", "kelly", "lily", "lilly", "polly", "dolly", "billy",
                                           "shelly", "beverly", "kimberly", "carly", "milly", "tilly", "nelly", "elly", "olly", "wally",
                                           "sully", "charly", "ally"].map { normalizedHash($0) })
    static let sharedPronouns: Set<UInt64> = Set(["he", "she", "they"].map { normalizedHash($0) })
    static let sharedDeterminers: Set<UInt64> = Set(["my", "our", "the", "his", "her", "their", "a", "one", "another", "both"].map { normalizedHash($0) })
    /// Words that open a sentence without being its subject ("Oh and I ...", "Yes and I ...").
    static let sharedNotSubjects: Set<UInt64> = Set(["oh", "yes", "yeah", "yep", "ah", "hmm", "well", "ok", "okay", "alright", "right", "now",
                                                     "but", "or", "anyway", "plus", "um", "uh", "basically", "honestly", "actually", "sure",
                                                     "sorry", "like", "again", "there", "here", "today", "yesterday", "tomorrow", "tonight",
                                                     "anyhow", "still", "instead", "meanwhile", "otherwise", "overall", "afterwards", "soon"]
        .map { normalizedHash($0) })
    /// Words that make "my ... and I" a clause or a time, not a person ("agreed", "in", "on",
    /// "later", "week").
    static let sharedNotInSubject: Set<UInt64> = Set(["in", "on", "at", "later", "ago", "after", "before", "off", "out", "up", "down", "over",
                                                      "was", "were", "is", "are", "said", "did", "had", "has", "have", "went", "came",
                                                      "day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours",
                                                      "minute", "minutes", "while", "bit", "moment", "time"]
        .map { normalizedHash($0) })

    static let teamDeterminers: Set<UInt64> = Set(["the", "our", "my"].map { normalizedHash($0) })
    static let teamNouns: Set<UInt64> = Set(["team", "crew"].map { normalizedHash($0) })
    /// Words after "team" or "crew" that make it part of a name, not the subject.
    static let notTeamSubjects: Set<UInt64> = Set(["leader", "leaders", "lead", "leads", "manager", "managers", "head", "heads", "chief",
                                                   "meeting", "meetings", "room", "chat", "channel", "call", "calls", "lunch", "event",
                                                   "day", "page", "site", "budget", "board", "building", "office", "area", "space",
                                                   "rota", "schedule", "'s", "’s"].map { normalizedHash($0) })

    /// "was", "were", "got" ...: the auxiliary of a passive ("every pallet was sorted").
    static let passiveAux: Set<UInt64> = Set(["was", "were", "got", "been", "is", "are", "get", "gets"].map { normalizedHash($0) })
    /// Past participles spelt like the plain verb, which after "was" or "were" can only be
    /// participles ("a whiteboard was set up", "the work was split").
    static let plainParticiples: Set<UInt64> = Set(["set", "put", "cut", "run", "shut", "split", "spread", "read", "let", "hit", "rebuilt",
                                                    "sent", "taught", "brought", "kept", "built", "held", "sold", "told", "paid", "found"]
        .map { normalizedHash($0) })
    /// Adverbs that may stand between the auxiliary and the participle ("was then written").
    static let passiveAdverbs: Set<UInt64> = FactHashes.shared.adverbs.union(["then", "quickly", "finally", "immediately", "later", "carefully",
                                                                              "properly", "fully", "soon", "all", "each", "both"]
        .map { normalizedHash($0) })
    /// Participles after "was" that make a state or a modal, not a step done ("was supposed
    /// to", "was meant as", "were used to").
    static let notPassiveSteps: Set<UInt64> = Set(["supposed", "meant", "used", "based", "tired", "worried", "concerned", "interested",
                                                   "surprised", "pleased", "excited", "scared", "bored", "confused", "annoyed"]
        .map { normalizedHash($0) })

    /// The passive that sentence `k` tells its step in, as written ("were trained"), when no
    /// one does it: no "I", "we", "me", "my", "our" or "us" anywhere in the sentence (so not "a
    /// rota was set up by me"), and, within its first six words (its main clause, so not a
    /// bullet's "Checked the lathes: the jaws were worn"), an auxiliary ("was", "were", "got")
    /// right before a past participle ("-ed" or an irregular one), one adverb allowed between.
    static func agentlessPassive(_ c: RuleContext, _ k: Int) -> String? {
        let f = c.input.facts[k]
        guard f.firstPersonSingular == 0, f.firstPersonPlural == 0 else { return nil }
        let toks = c.document.tokens, range = c.document.sentences[k].tokens
        let h = FactHashes.shared
        var words = 0
        for t in range {
            // The first clause only: a comma, colon, semicolon or dash ends it ("Checked the
            // lathes: the jaws were worn" tells what a step found).
            if toks[t].kind == .punctuation, toks[t].flags.contains(.comma) || clausePunctuation.contains(toks[t].hash) { break }
            guard toks[t].kind == .word else { continue }
            words += 1
            if words > 6 { break }
            guard passiveAux.contains(toks[t].hash), words > 1 else { continue }
            var j = t + 1
            if j < range.upperBound, toks[j].kind == .word, passiveAdverbs.contains(toks[j].hash) { j += 1 }
            guard j < range.upperBound, toks[j].kind == .word else { continue }
            let w = toks[j].hash
            if !notPassiveSteps.contains(w), h.participles.contains(w) || plainParticiples.contains(w) || c.document.endsInEd(toks[j], longerThan: 3) {
                return c.document.text(ofTokens: t..<(j + 1))
            }
        }
        return nil
    }

    /// Colon, semicolon (the fact pass's hashes of them), en and em dash (as the tokenizer
    /// hashes them): where a clause ends.
    static let clausePunctuation: Set<UInt64> = Set([FactHashes.shared.colon, FactHashes.shared.semicolon]
        + ["\u{2013}", "\u{2014}"].map { $0.utf8.reduce(fnvOffsetBasis) { fnvStep($0, $1) } })

    /// Common irregular past tenses a subjectless step may open with ("Took the ...").
    static let irregularPast: Set<UInt64> = Set(["took", "went", "made", "set", "put", "ran", "wrote", "sent", "built", "kept", "held", "told",
                                                 "gave", "met", "led", "found", "spoke", "rang", "bought", "brought", "got", "did", "saw",
                                                 "began", "chose", "drove", "thought", "taught", "cut", "paid", "sold", "split", "read"]
        .map { normalizedHash($0) })

    /// Whether sentence `k` opens with a verb in the past tense, no subject before it: a
    /// bullet's "Checked every pallet against the log".
    static func opensWithPastVerb(_ c: RuleContext, _ k: Int) -> Bool {
        let toks = c.document.tokens
        guard let t = c.document.sentences[k].tokens.first(where: { toks[$0].kind == .word }) else { return false }
        return irregularPast.contains(toks[t].hash) || c.document.endsInEd(toks[t], longerThan: 3)
    }

    func check(_ c: RuleContext) -> [Finding] {
        let actions = c.sentences(.action)
        var we: [Int] = []
        var passive: [(sentence: Int, phrase: String)] = []
        var team: [(sentence: Int, phrase: String)] = []
        var i = 0
        var weWords = 0, iWords = 0, withoutWe = 0
        for k in actions {
            let f = c.input.facts[k]
            // Sentences are counted by their first subject: "we split the routes and I took the
            // north" counts as "we" (the corpus's graders read such answers as "we" for most
            // actions, grade 3), and the message says "first subject". "My team and I" puts
            // the team first too.
            // A team phrase with "I" doing something later in the sentence ("Everyone agreed the
            // plan, so I wrote ...") is no team sentence, unless the phrase names the writer too.
            // A lead-in clause's subject is not the sentence's: "When we met on Monday, I
            // proposed ..." is an "I" sentence, "Once I had the data, we ..." a "we" one.
            if let main = Self.mainClauseSubject(c, k) {
                switch main.who {
                case 1: i += 1
                case 2: we.append(k)
                default: team.append((k, Self.teamSubject(c, k, from: main.start) ?? "the team"))
                }
            } else if let phrase = Self.teamSubject(c, k), f.iSubjects == 0 || phrase.lowercased().hasSuffix(" i") { team.append((k, phrase)) }
            else if f.subjectI { i += 1 } else if f.subjectWe { we.append(k) }
            else if let phrase = Self.agentlessPassive(c, k) { passive.append((k, phrase)) }
            weWords += f.weSubjects
            iWords += f.iSubjects
            if f.weSubjects == 0 { withoutWe += 1 }
        }
        let minWe = Int(c.lexicon.rubric.value("ownership.min-we", default: 2))
        let suggestion = "say what you did yourself: 'I drafted ...', 'I persuaded ...'"
        // Passives count only where no Action sentence has "I" in it, nor opens with its verb
        // (a bullet's "Checked every pallet", which speaks for the writer): "every pallet was
        // sorted, four pickers were trained" hides who acted as much as "we" does, but beside
        // steps the writer took a passive is mostly a finding or a state ("the timer had been
        // reset", "the old forms were scrapped").
        if i > 0 || iWords > 0 || actions.contains(where: { Self.opensWithPastVerb(c, $0) }) { passive.removeAll() }
        let others = we.count + team.count + passive.count
        // Every Action sentence told by "we", the team or in the passive and none by "I": one
        // such sentence is enough ("We rewrote the test plan over a weekend.").
        if others >= minWe && others > i || others > 0 && others == actions.count && i == 0 && iWords == 0 {
            let first = min(we.first ?? Int.max, team.first?.sentence ?? Int.max, passive.first?.sentence ?? Int.max)
            var names: [String] = []
            if !we.isEmpty { names.append("\"we\"") }
            // "My team and I", "Tom and I": the writer shares the subject with others.
            if let t = team.first { names.append((t.phrase.lowercased().hasSuffix(" and i") ? "you and others" : "the team") + " (\"\(t.phrase)\")") }
            let whom = names.isEmpty ? "" : "have " + names.joined(separator: " or ") + " as their first subject"
            let hidden = passive.first.map { "are in the passive with no one acting (\"\($0.phrase)\")" }
            let who = [whom.isEmpty ? nil : whom, hidden].compactMap { $0 }.joined(separator: " or ")
            return [c.finding(description.id, "\(others) of \(actions.count) Action sentences \(who), \(i) \"I\"".escapingControlCharacters,
                              c.span(sentence: first), suggestion: suggestion)]
        }
        // Every Action sentence says "we": bullets without a subject ("Wrote a checklist ...")
        // speak for the writer, so one "we" among them is not the team taking the credit.
        guard weWords >= minWe, iWords == 0, withoutWe == 0, let first = actions.first else { return [] }
        return [c.finding(description.id, "the Action says \"we\" \(weWords) times and never \"I\"", c.span(sentence: first), suggestion: suggestion)]
    }
}

/// A hypothetical answer ("I would ...") where a past example is expected.
///
/// Lint: fires when at least two Action or Result sentences are first-person plans ("I
/// would", "I'd", "we would", "I will", "we'll", "I'm going to": `SentenceFacts.planModal`)
/// and they make up at least 40% of them. Its deduction is the rubric's points times
/// `hypothetical.past-question-weight` when the question is known to ask for a past example
/// (a whole story told as a plan shows no Action taken), once otherwise: most answers come
/// without their question, and "what would you do" questions are answered this way.
struct HypotheticalRule: Rule {
    let description = RuleDescription(
        id: "hypothetical", name: "Hypothetical", severity: .warning,
        description: "Behavioural questions ask what you did; \"I would ...\" describes a plan, not evidence.",
        triggeringExamples: [
            "If a customer was angry about a late order, I would first listen to them without interrupting.\nThen I would check the order history and find out what went wrong.\nI would offer them a refund or a discount, depending on the policy.\nI would follow up the next day to make sure they were happy.",
            "If a customer was angry about a late order, I'd first listen to them without interrupting.\nThen I'd check the order history and find out what went wrong.\nI'd set up a refund or a discount, depending on the policy.\nI'd follow up the next day to make sure they were happy.",
            // Asked for a past example (q004 is "Tell me about a time ..."), a story told as a plan.
            "---\nquestion: q004\n---\nOur biggest client was unhappy after a release broke their reports.\nI would call them the same morning and agree a fix date.\nI would patch the report query with one developer.\nThe patch would go out within four days.",
            // The answer's only step is a plan.
            "---\nquestion: q004\n---\nA release broke our biggest client's reports.\nI would call them the same morning and agree a fix date.",
            // ... with an outcome after it: the only step is still a plan.
            "---\nquestion: q004\n---\nA release broke our biggest client's reports.\nI would call them the same morning and agree a fix date.\nIn the end the patch went out in four days and they renewed.",
            // A plan told as "we would", in the future tense, or as "going to": a plan all the same.
            "If a customer was angry about a late order, we would first listen to them without interrupting.\nThen we would check the order history and find out what went wrong.\nWe'd offer them a refund or a discount, depending on the policy.\nWe would follow up the next day to make sure they were happy.",
            "If a customer is angry about a late order, I will first listen to them without interrupting.\nThen I will check the order history and find out what went wrong.\nI'll offer them a refund or a discount, depending on the policy.\nI'm going to follow up the next day to make sure they are happy.",
            // "I wouldn't", "we won't": plans too.
            "If a customer was angry about a late order, I wouldn't argue with them.\nI wouldn't promise them a refund before checking the order history.\nThen I'd call the courier and agree a new delivery date.",
            // A plan's "I would always ..." is no past habit, even beside one thing that happened.
            "---\nquestion: q004\n---\nIf a customer is unhappy about a late order, I would always listen to them first.\nI would apologise and agree a new delivery date.\nI would follow up the next day.\nWhen I did this for one client, they renewed their contract.",
            // Asked for a time they made progress towards a career goal, a plan is no story.
            "---\nquestion: Tell me about a time you made progress towards your long-term career goals.\n---\nI would sign up for the evening course at the college.\nI would ask my manager for a mentor in the planning team.\nI would apply for the next supervisor post that came up.",
        ],
        nonTriggeringExamples: [
            Examples.strong,
            // A refusal told in a story ("I wouldn't sign until they agreed"), and "wouldn't"
            // in a clause of purpose ("so we wouldn't"), are no plans.
            "Last year our main supplier kept missing delivery dates, and two of our shops ran out of stock.\nMy job was to fix the supply before the summer.\nI wouldn't sign the renewal until they agreed a penalty clause for late loads.\nI rang their director and set up weekly calls with their planner, so we wouldn't be caught out again.\nLate deliveries fell from 9 to 2 a month.",
            Examples.strong(replacing: "I read two hundred closed tickets", with: "I'd already read two hundred closed tickets")
                .replacingFirst("I wrote short reply templates", with: "I'd written short reply templates")
                .replacingFirst("I also set up", with: "I'd also arranged")
                .replacingFirst("I checked the queue", with: "I'd checked the queue"),
            // Asked what they would do (q023), a plan backed by a time it was done.
            "---\nquestion: q023\n---\nI would ring the service desk first and ask how long the outage would last.\nI would tell my manager and the client straight away.\nThen I would finish what I could offline and send it with a note.\nI did exactly this last spring when our file server failed, and the client had the report by noon.",
            // ... and told the way the suggestion puts it, "I" after a lead-in.
            "---\nquestion: q023\n---\nI would ring the service desk first and ask how long the outage would last.\nI would tell my manager and the client straight away.\nThen I would finish what I could offline and send it with a note.\nLast spring, when our file server failed, I did exactly this, and the client had the report by noon.",
            // "we'd" as "we had" (after "already", whatever the verb's spelling), and a promise
            // told in a story, are no plan: without those readings, 4 of 7 would be.
            Examples.strong(replacing: "I read two hundred closed tickets", with: "We'd already read two hundred closed tickets")
                .replacingFirst("I wrote short reply templates for those questions", with: "We'd already put short reply templates for those questions in the drive,")
                .replacingFirst("I also set up", with: "We'd already set up")
                .replacingFirst("I checked the queue", with: "I told my manager that I would check the queue, and I checked it"),
            // Asked for a past example, a story whose steps are past habits ("every evening I
            // would ..."), with what happened told in the past.
            "---\nquestion: q004\n---\nLast winter I ran the late desk at a busy depot while two colleagues were off sick.\nEvery evening I would sort the returns by route before anything else.\nI would batch the simple ones into a single run and leave the damaged parcels for the quiet hour.\nOver those six weeks no van was delayed, and my manager adopted the routine.",
            // ... with the scene set inside the habit's own sentence.
            "---\nquestion: q004\n---\nLast winter, when the returns doubled, every evening I would sort them by route before anything else.\nI would batch the simple ones into a single run and leave the damaged parcels for the quiet hour.\nOver those six weeks no van was delayed, and my manager adopted the routine.",
            "Last December, when our support queue doubled, every evening I would sort the open tickets by age.\nEvery morning I would batch the repeat questions into one reply.\nI would always call the oldest three customers myself.\nBy the end of January the backlog had fallen from 400 to 50 tickets.",
            // Asked where they want their career to go, the next steps are the answer, even
            // when the question names "a project".
            "---\nquestion: Where do you see yourself in five years? Describe a project you would like to lead.\n---\nIn five years I want to lead the refit of our second store.\nI would start by shadowing the project manager on this year's refit.\nI would take the site safety course next spring.",
            // Asked where they want their career to go, the next steps are the answer.
            "---\nquestion: q041\n---\nIn five years I want to run my own bakery.\nI already sell sourdough at a weekend market.\nNext year I will take a business course at the college.\nI'm going to apply for the council's start-up grant in the spring.",
        ], wholeAnswer: true)

    /// Modals a plan may use that the facts do not count ("I wouldn't send it", "I could ring").
    static let otherModals: Set<UInt64> = Set(["wouldn't", "won't", "could", "couldn't", "should", "shouldn't", "might", "may"]
        .map { normalizedHash($0) })

    /// Words that make "I would" a past habit in a story told in the past ("Every evening I
    /// would sort the queue", "I would usually ring ahead"): "always", "usually", "often",
    /// "whenever", and "every" or "each" before a time of day, week or work ("every evening",
    /// "each shift"). Not "never": "I would never shout at a customer" is a plan.
    static let habitWords: Set<UInt64> = Set(["always", "usually", "generally", "often", "sometimes", "normally", "whenever"].map { normalizedHash($0) })
    static let everyWords: Set<UInt64> = Set(["every", "each"].map { normalizedHash($0) })
    static let habitTimes: Set<UInt64> = Set(["day", "morning", "afternoon", "evening", "night", "week", "weekend", "shift", "time", "month",
                                             "break", "round", "visit", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                             "sunday", "lunchtime", "lunch", "day's", "night's"].map { normalizedHash($0) })

    static let wouldWords: Set<UInt64> = Set(["would", "i'd", "we'd"].map { normalizedHash($0) })
    static let ifWord = normalizedHash("if")

    /// Whether sentence `k`'s "would" is told as a habit: a habit word (`habitWords`, "every
    /// evening") just before it or right after it ("Every evening I would", "I'd always"), not
    /// one in another clause ("Often it's pressure, so I'd ...", "I'd ask, because it's usually
    /// a misunderstanding").
    static func namesHabit(_ c: RuleContext, _ k: Int) -> Bool {
        let tokens = c.document.sentences[k].tokens
        guard let would = tokens.first(where: { wouldWords.contains(c.document.tokens[$0].hash) }) else { return false }
        var previous: UInt64 = 0
        for t in tokens where t >= would - 3 && t <= would + 2 {
            let h = c.document.tokens[t].hash
            if habitWords.contains(h) || (everyWords.contains(previous) && habitTimes.contains(h)) { return true }
            previous = h
        }
        return false
    }

    func check(_ c: RuleContext) -> [Finding] {
        // Asked where they want their career to go, the candidate's next steps are plans by
        // nature ("Next year I will take a business course"): the answer is meant to say them.
        if c.aimsQuestion, !c.asksForPastTime { return [] }
        var hyp: [Int] = []
        var total = 0
        for k in c.labels.indices where c.labels[k].label == .action || c.labels[k].label == .result {
            total += 1
            if c.input.facts[k].planModal { hyp.append(k) }
        }
        // Two such sentences, or one where every Action sentence is a plan with nothing in the
        // past tense ("I would talk to the team first and then create a plan.", then perhaps
        // a hoped-for outcome; not a story's "... and I would check it").
        let actions = c.labels.indices.filter { c.labels[$0].label == .action }
        let onlyPlans = actions.allSatisfy { c.input.facts[$0].planModal && !c.input.facts[$0].hasPast }
            && hyp.first.map { !c.input.facts[$0].hasPast } == true
        guard hyp.count >= 2 || (hyp.count == 1 && onlyPlans), Double(hyp.count) >= 0.4 * Double(total) else { return [] }
        // A story told in the past whose steps are habits ("Last December ... Every evening I
        // would sort the queue ... I would batch the repeats"): one of its "would" steps names a
        // habit and does not open with "if" (a plan's "If a customer is unhappy, I would always
        // listen ..."), the scene is set in the past (a sentence other than an Action or Result
        // told in the past and not opening with "if", or the habit's own "when the queue
        // doubled"), and an Action or Result sentence says in the plain past what happened.
        func plainPast(_ k: Int) -> Bool { c.input.facts[k].hasPast && !c.input.facts[k].planModal && !c.input.facts[k].would }
        func isStep(_ k: Int) -> Bool { c.labels[k].label == .action || c.labels[k].label == .result }
        func opensWithIf(_ k: Int) -> Bool {
            let range = c.document.sentences[k].tokens
            return !range.isEmpty && c.document.tokens[range.lowerBound].hash == Self.ifWord
        }
        let habits = hyp.filter { c.input.facts[$0].would && Self.namesHabit(c, $0) && !opensWithIf($0) }
        let pastOutcome = c.labels.indices.contains { isStep($0) && plainPast($0) }
        // (A scene sentence may hold the first habit too: "Last December, when the queue
        // doubled, every evening I would ...", read as Situation.)
        let pastScene = c.labels.indices.contains { !isStep($0) && c.input.facts[$0].hasPast && !opensWithIf($0) }
            || habits.contains { c.input.facts[$0].hasPast }
        if !habits.isEmpty, pastOutcome, pastScene { return [] }
        // Asked what they would do, a plan backed by a time it was done ("In a similar case
        // last year I did exactly this"): an Action or Result sentence told by "I" in the past,
        // "I" as its subject or right after a lead-in's comma ("Last year, when ..., I did
        // exactly this", as the suggestion below puts it; not "the day I promised").
        func iAfterComma(_ k: Int) -> Bool {
            let toks = c.document.tokens, range = c.document.sentences[k].tokens
            return range.contains { t in t > range.lowerBound && toks[t - 1].flags.contains(.comma) && toks[t].hash == FactHashes.shared.i }
        }
        if c.hypotheticalQuestion, c.labels.indices.contains(where: {
            (c.labels[$0].label == .action || c.labels[$0].label == .result)
                && (c.input.facts[$0].subjectI || iAfterComma($0)) && c.input.facts[$0].hasPast && !c.input.facts[$0].planModal && !c.input.facts[$0].would
                && !c.document.sentences[$0].tokens.contains { Self.otherModals.contains(c.document.tokens[$0].hash) }
        }) { return [] }
        // Counted among the Action and Result sentences, as the rule decides (a Task's "would" is not).
        // Named as counted: a plan in the first person ("I would", "we'd", "I'll", "I'm going
        // to"); "it would" is not counted, so an answer whose five sentences all say "would"
        // may have four of five.
        let share = "\(hyp.count) of \(total) Action and Result sentences are plans: \"I would\", \"we'll\" and the like"
        let message = c.hypotheticalQuestion
            ? "the answer is a plan (\(share)); back it with a time you did this"
            : c.pastExampleQuestion
            ? "the question asks for a time you did this, and the answer says what you would do (\(share))"
            : "the answer says what you would do (\(share)), not what you did"
        let weight = c.pastExampleQuestion ? c.lexicon.rubric.value("hypothetical.past-question-weight", default: 1) : nil
        // With no question known, the rule cannot tell a plan that was asked for from one
        // that was not, and takes little off: the suggestion says how to grade it fully.
        let unknown = !c.questionKnown
        // Asked what they would do, the plan is the answer: the advice is to add a time it was
        // done, not to replace the plan with one.
        let suggestion = (c.hypotheticalQuestion
            ? "keep the plan, and add a sentence or two on a time you handled something like it, in the past tense: 'Last year, when ..., I ...'"
            : "tell a real past example in the past tense: 'I did ...'")
            + (unknown ? "; name the question ('question:' in front matter, or --question) so the answer is graded against what it asks" : "")
        var f = c.finding(description.id, message, c.span(sentence: hyp[0]), suggestion: suggestion, weight: weight)
        if c.hypotheticalQuestion { f.severity = .info }
        return [f]
    }
}
