import Foundation
import Testing
@testable import StarlintCore

/// Every rule carries triggering and non-triggering examples; one test runs them all,
/// once as written and once behind a line of emoji (multi-byte characters must not
/// shift any finding's column).
@Suite("Rule examples")
struct RuleExampleTests {
    static let ruleIDs = RuleRegistry.ids

    @Test(arguments: ruleIDs)
    func examplesBehave(id: String) throws {
        let rule = try #require(RuleRegistry.rule(id: id))
        let d = rule.description
        #expect(!d.triggeringExamples.isEmpty, "\(id) needs triggering examples")
        #expect(!d.nonTriggeringExamples.isEmpty, "\(id) needs non-triggering examples")
        for example in d.triggeringExamples {
            let a = try analyze(example)
            let hits = a.findings.filter { $0.rule == id }
            #expect(!hits.isEmpty, "\(id) should fire on: \(example.prefix(80))")
            for f in hits {
                #expect(f.line >= 1 && f.column >= 1 && (f.endLine > f.line || f.endColumn > f.column), "\(id) span \(f.span)")
                #expect(f.severity == d.severity)
                #expect(!f.message.isEmpty)
            }
            // Same findings behind a paragraph of emoji: two lines down, same columns.
            let shifted = try analyze("🚀🎉✨\n\n" + example)
            let moved = shifted.findings.filter { $0.rule == id }
            #expect(moved.map(\.column) == hits.map(\.column), "\(id) columns moved under emoji")
            #expect(moved.map(\.line) == hits.map { $0.line + 2 }, "\(id) lines under emoji")
        }
        for example in d.nonTriggeringExamples {
            let a = try analyze(example)
            #expect(!a.findings.contains { $0.rule == id }, "\(id) should not fire on: \(example.prefix(80)) — got \(a.findings.filter { $0.rule == id }.map(\.message))")
        }
    }

    @Test func ruleIDsAreUniqueAndKebabCase() {
        let ids = RuleRegistry.ids
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.allSatisfy { $0.isLowercase || $0 == "-" }, "\(id)")
        }
    }

    /// Each entry of stock-phrases.txt and jargon.txt is reported, and reported whole: a
    /// phrase that starts a longer one ("took ownership" in "took ownership of the
    /// situation") must not shadow it. A stock phrase is put where it closes an Action
    /// sentence; jargon counts anywhere.
    @Test(arguments: [
        (PhraseCategory.stockPhrase, "stock-phrase", 60, "I shared a weekly chart with the team so everyone could see the trend.", "Then I also %@."),
        (PhraseCategory.jargon, "jargon", 40, "I checked the queue each Friday", "So I %@ again, and I checked the queue each Friday"),
    ])
    func everyListedPhraseIsReportedWhole(category: PhraseCategory, rule: String, atLeast: Int, old: String, template: String) throws {
        let entries = Lexicon.bundled.phrases.entries.filter { $0.category == category }
        #expect(entries.count >= atLeast)
        for e in entries {
            let a = try analyze(Examples.strong(replacing: old, with: template.replacingOccurrences(of: "%@", with: e.text)))
            let hits = a.findings.filter { $0.rule == rule }.map(\.message)
            let expected = rule == "jargon" ? "jargon '\(e.text)'" : "stock phrase '\(e.text)' could be in anyone's answer"
            #expect(hits == [expected], "\(e.text): \(hits)")
        }
    }

    /// Each entry of misspellings.txt is reported once, with the word spelt right, and is
    /// capitalised as written; no entry's correction is itself listed as a misspelling.
    @Test func everyListedMisspellingIsReportedWithItsCorrection() throws {
        let entries = Lexicon.bundled.phrases.entries.filter { $0.category == .misspelling }
        #expect(entries.count >= 250)
        let wrong = Set(entries.map(\.text))
        for e in entries {
            #expect(!wrong.contains(e.suggestion), "\(e.text) -> \(e.suggestion) is listed as a misspelling too")
            let a = try analyze(Examples.strong(replacing: "I checked the queue each Friday", with: "I wrote \(e.text) on a card, and I checked the queue each Friday"))
            let hits = a.findings.filter { $0.rule == "spelling" }
            #expect(hits.map(\.message) == ["'\(e.text)' is misspelt"], "\(e.text): \(hits.map(\.message))")
            let spellings = e.suggestion.components(separatedBy: " / ").map { "\"\($0)\"" }.joined(separator: " or ")
            #expect(hits.map(\.suggestion) == ["write " + spellings], "\(e.text)")
        }
        let capital = try analyze(Examples.strong(replacing: "Both customers renewed", with: "Definately both customers renewed"))
        #expect(capital.findings.filter { $0.rule == "spelling" }.map(\.suggestion) == ["write \"Definitely\""])
        // In capitals, and with both spellings where British and American differ.
        let shouted = try analyze(Examples.strong(replacing: "Both customers renewed", with: "It helped ALOT, and Fullfil was the word, and both customers renewed"))
        #expect(shouted.findings.filter { $0.rule == "spelling" }.map(\.suggestion) == ["write \"A LOT\"", "write \"Fulfil\" or \"Fulfill\""])
        // The report says why the findings cost nothing.
        #expect(TextReport.render(capital, style: Style(enabled: false)).contains("  1 spelling finding takes no points: the rubric does not score spelling\n"))
        // It costs nothing: the score is the one without the misspelling.
        let plain = try analyze(Examples.strong(replacing: "Both customers renewed", with: "Definitely both customers renewed"))
        #expect(capital.score == plain.score && capital.deductions.count == plain.deductions.count)
        #expect(TextReport.unchargedLines(findingRules: ["spelling", "hedge", "spelling"], deductions: []) == [
            "2 spelling findings take no points: the rubric does not score spelling",
            "1 hedge finding takes no points: a rule's deduction is capped in the rubric, or its sub-score is already at 0",
        ])
    }

    /// A rubric that gives an unscored rule points is refused: the report would say the
    /// rubric does not score it.
    @Test func aRubricCannotScoreAnUnscoredRule() throws {
        let bundled = String(decoding: try FileIO.read(packageRoot + "/Lexicons/rubric.txt"), as: UTF8.self)
        #expect(bundled.contains("rule.spelling = clarity 0 0\n"))
        #expect(throws: StarlintError.self) { try Rubric(bytes: Array(bundled.replacingOccurrences(of: "rule.spelling = clarity 0 0", with: "rule.spelling = clarity 2 10").utf8)) }
        #expect(try Rubric(bytes: Array(bundled.utf8)).costs["spelling"]?.points == 0)
    }

    @Test func everyRuleHasARubricCost() {
        for id in RuleRegistry.ids {
            #expect(Lexicon.bundled.rubric.costs[id] != nil, "rubric.txt has no cost for \(id)")
            // A rule the report calls unscored costs 0 points in the rubric, and only such a rule.
            #expect((Lexicon.bundled.rubric.costs[id]?.points == 0) == !RuleRegistry.rule(id: id)!.description.scored, "\(id)")
        }
    }
}
