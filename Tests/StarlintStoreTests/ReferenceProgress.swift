import Foundation
import StarlintCore
@testable import StarlintStore

/// The progress computation as it was before it moved into SQL: every attempt loaded into
/// Swift (via the full history), grouped and reduced here. Kept as the reference the SQL
/// version must match on any database.
enum ReferenceProgress {
    static func progress(_ store: AttemptStore, question: String? = nil, recent: Int = 10, now: Date, timeZone: TimeZone) throws -> ProgressReport {
        let recent = max(1, recent)
        let all = Array(try store.history(question: question, limit: nil).reversed())  // oldest first
        guard !all.isEmpty else {
            return .empty(recent: recent)
        }
        var byQuestion: [String: [AttemptSummary]] = [:]
        for a in all { byQuestion[a.questionKey, default: []].append(a) }
        let order = byQuestion.keys.sorted { l, r in
            let a = byQuestion[l]!.last!, b = byQuestion[r]!.last!
            return (a.date, a.id) > (b.date, b.id)
        }
        var wanted = Set(all.suffix(recent).map(\.id))
        for list in byQuestion.values { wanted.formUnion(list.suffix(recent).map(\.id)) }
        var findings: [Int64: [(rule: String, message: String)]] = [:]
        for f in try store.findingKeys(attemptIds: wanted.sorted()) { findings[f.attemptId, default: []].append((f.rule, f.message)) }

        let lines = order.map { key in
            let list = byQuestion[key]!
            return line(list, key: key, text: list.last(where: { $0.questionText != nil })?.questionText, k: 1, recent: recent, findings: findings)
        }
        var overall = line(all, key: nil, text: nil, k: max(1, min(3, all.count / 2)), recent: recent, findings: findings)
        if byQuestion.count > 1 {
            // Each question's latest against its first, averaged over those with two or more.
            let twice = byQuestion.filter { $0.key != QuestionIdentity.stdinKey }.values.filter { $0.count >= 2 }
            overall.improved = []
            overall.slipped = []
            if !twice.isEmpty {
                for d in StarlintCore.Dimension.allCases {
                    let c = DimensionChange(dimension: d, from: AttemptStore.mean(twice.map { $0.first!.subscores[d] }),
                                            to: AttemptStore.mean(twice.map { $0.last!.subscores[d] }))
                    if c.change > 0 { overall.improved.append(c) } else if c.change < 0 { overall.slipped.append(c) }
                }
            }
            overall.improved.sort { $0.change > $1.change }
            overall.slipped.sort { $0.change < $1.change }
            overall.questionsCompared = twice.count
            if !twice.isEmpty {
                overall.scoreChange = ScoreChange(from: AttemptStore.mean(twice.map { $0.first!.score }), to: AttemptStore.mean(twice.map { $0.last!.score }))
            }
        }
        return ProgressReport(overall: overall, questions: lines, streak: AttemptStore.streak(all.map(\.date), now: now, timeZone: timeZone), recent: recent)
    }

    static func line(_ list: [AttemptSummary], key: String?, text: String?, k: Int, recent: Int,
                     findings: [Int64: [(rule: String, message: String)]]) -> QuestionProgress {
        let point = { (a: AttemptSummary) in AttemptPoint(id: a.id, date: a.date, score: a.score) }
        // Best: highest score, earliest on ties.
        let best = list.reduce(list[0]) { $1.score > $0.score ? $1 : $0 }
        var improved: [DimensionChange] = []
        var slipped: [DimensionChange] = []
        if list.count >= 2 {
            let head = list.prefix(k), tail = list.suffix(k)
            for d in StarlintCore.Dimension.allCases {
                let from = AttemptStore.mean(head.map { $0.subscores[d] })
                let to = AttemptStore.mean(tail.map { $0.subscores[d] })
                let c = DimensionChange(dimension: d, from: from, to: to)
                if c.change > 0 { improved.append(c) } else if c.change < 0 { slipped.append(c) }
            }
            improved.sort { $0.change > $1.change }
            slipped.sort { $0.change < $1.change }
        }
        var counts: [String: (attempts: Int, occurrences: Int, message: String)] = [:]
        for a in list.suffix(recent) {
            var seen: Set<String> = []
            for f in findings[a.id] ?? [] {
                var c = counts[f.rule] ?? (0, 0, f.message)
                c.occurrences += 1
                c.message = f.message
                if seen.insert(f.rule).inserted { c.attempts += 1 }
                counts[f.rule] = c
            }
        }
        let frequent = counts
            .map { rule in
                FindingFrequency(rule: rule.key, attempts: rule.value.attempts, occurrences: rule.value.occurrences, message: rule.value.message,
                                 inLatest: key == nil || (findings[list.last!.id] ?? []).contains { $0.rule == rule.key })
            }
            .sorted { ($1.attempts, $1.occurrences, $0.rule) < ($0.attempts, $0.occurrences, $1.rule) }
            .prefix(5)
        let trend = list.suffix(30).map(\.score)
        return QuestionProgress(
            questionKey: key, questionText: text, attempts: list.count,
            first: point(list.first!), latest: point(list.last!), best: point(best),
            trend: trend, sparkline: Sparkline.render(trend), improved: improved, slipped: slipped,
            frequentFindings: Array(frequent))
    }
}
