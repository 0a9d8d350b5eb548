import Foundation
import GRDB
import StarlintCore

/// The SQL behind `AttemptStore.progress`, run inside one read transaction.
///
/// Every query is an index lookup or range scan: `attempt_on_questionKey_createdAt` for a
/// question's first and last attempts, its count and its streak days;
/// `attempt_on_createdAt` for the overall first and last attempts and the streak days;
/// `attempt_on_questionKey_score` (v3) for a question's best attempt;
/// `attempt_on_questionKey_createdAt_text` (v3, partial) for a question's latest text; the
/// finding table's primary key for the findings of one attempt.
struct ProgressQuery {
    let db: Database
    let recent: Int

    /// How many of the last attempts a line needs: the trend (30), the frequent-findings window.
    var window: Int { max(30, recent) }

    /// The columns a progress line reads from one attempt.
    struct AttemptRow {
        var id: Int64
        var date: Date
        var score: Int
        var subscores: DimensionScores

        init(_ row: Row) {
            id = row[0]
            date = row[1]
            score = row[2]
            subscores = DimensionScores(structure: row[3], specificity: row[4], ownership: row[5], clarity: row[6], concision: row[7])
        }

        var point: AttemptPoint { AttemptPoint(id: id, date: date, score: score) }

        /// Earlier in the attempts' order (date, then id).
        func isBefore(_ other: AttemptRow) -> Bool { (date, id) < (other.date, other.id) }
    }

    func report(question: String?, now: Date, timeZone: TimeZone) throws -> ProgressReport {
        let counts: [(key: String, count: Int)]
        if let question {
            let n = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM attempt WHERE questionKey = ?", arguments: [question]) ?? 0
            counts = n > 0 ? [(question, n)] : []
        } else {
            counts = try Row.fetchAll(db, sql: "SELECT questionKey, COUNT(*) FROM attempt GROUP BY questionKey").map { ($0[0], $0[1]) }
        }
        guard !counts.isEmpty else { return .empty(recent: recent) }

        var findingCache: [Int64: [(rule: String, message: String)]] = [:]
        func findings(_ id: Int64) throws -> [(rule: String, message: String)] {
            if let f = findingCache[id] { return f }
            let statement = try db.cachedStatement(sql: "SELECT rule, message FROM finding WHERE attemptId = ? ORDER BY position")
            let f = try Row.fetchAll(statement, arguments: [id]).map { (rule: $0[0] as String, message: $0[1] as String) }
            findingCache[id] = f
            return f
        }

        var lines: [QuestionProgress] = []
        var latestOf: [AttemptRow] = []
        var bests: [AttemptRow] = []
        var firsts: [AttemptRow] = []
        for (key, count) in counts {
            let head = try first(key: key, limit: 1)
            let tail = try last(key: key, limit: window)
            let best = AttemptRow(try Row.fetchOne(db.cachedStatement(sql: """
                SELECT id, createdAt, score, structure, specificity, ownership, clarity, concision
                FROM attempt WHERE questionKey = ? ORDER BY score DESC, createdAt, id LIMIT 1
                """), arguments: [key])!)
            let text = try String.fetchOne(db.cachedStatement(sql: """
                SELECT questionText FROM attempt WHERE questionKey = ? AND questionText IS NOT NULL
                ORDER BY createdAt DESC, id DESC LIMIT 1
                """), arguments: [key])
            lines.append(try line(key: key, text: text, count: count, head: head, tail: tail, best: best, k: 1, findings: findings))
            latestOf.append(tail.last!)
            bests.append(best)
            firsts.append(head[0])
        }
        // Most recently practised first.
        let order = latestOf.indices.sorted { latestOf[$1].isBefore(latestOf[$0]) }
        let total = counts.reduce(0) { $0 + $1.count }
        let k = max(1, min(3, total / 2))
        // The overall best: the highest score, earliest on ties (each question's best is its earliest).
        let best = bests.dropFirst().reduce(bests[0]) { $1.score > $0.score || ($1.score == $0.score && $1.isBefore($0)) ? $1 : $0 }
        let overall = try line(key: nil, text: nil, count: total, head: try first(key: question, limit: k),
                               tail: try last(key: question, limit: max(window, k)), best: best, k: k, findings: findings)
        let latest = latestOf.dropFirst().reduce(latestOf[0]) { $0.isBefore($1) ? $1 : $0 }
        return ProgressReport(overall: overall, questions: order.map { lines[$0] },
                              streak: try streak(key: question, last: latest.date, now: now, timeZone: timeZone), recent: recent)
    }

    /// The first `limit` attempts (at `key`, or overall when nil), oldest first.
    func first(key: String?, limit: Int) throws -> [AttemptRow] {
        let rows = if let key {
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT id, createdAt, score, structure, specificity, ownership, clarity, concision
                FROM attempt WHERE questionKey = ? ORDER BY createdAt, id LIMIT ?
                """), arguments: [key, limit])
        } else {
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT id, createdAt, score, structure, specificity, ownership, clarity, concision
                FROM attempt ORDER BY createdAt, id LIMIT ?
                """), arguments: [limit])
        }
        return rows.map(AttemptRow.init)
    }

    /// The last `limit` attempts (at `key`, or overall when nil), oldest first.
    func last(key: String?, limit: Int) throws -> [AttemptRow] {
        let rows = if let key {
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT id, createdAt, score, structure, specificity, ownership, clarity, concision
                FROM attempt WHERE questionKey = ? ORDER BY createdAt DESC, id DESC LIMIT ?
                """), arguments: [key, limit])
        } else {
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT id, createdAt, score, structure, specificity, ownership, clarity, concision
                FROM attempt ORDER BY createdAt DESC, id DESC LIMIT ?
                """), arguments: [limit])
        }
        return rows.map(AttemptRow.init).reversed()
    }

    /// One progress line. `head` holds the first `k` attempts (or more), `tail` the last
    /// `max(window, k)` (or all), both oldest first.
    func line(key: String?, text: String?, count: Int, head: [AttemptRow], tail: [AttemptRow], best: AttemptRow, k: Int,
              findings: (Int64) throws -> [(rule: String, message: String)]) throws -> QuestionProgress {
        var improved: [DimensionChange] = []
        var slipped: [DimensionChange] = []
        if count >= 2 {
            let from = head.prefix(k), to = tail.suffix(k)
            for d in StarlintCore.Dimension.allCases {
                let c = DimensionChange(dimension: d, from: AttemptStore.mean(from.map { $0.subscores[d] }),
                                        to: AttemptStore.mean(to.map { $0.subscores[d] }))
                if c.change > 0 { improved.append(c) } else if c.change < 0 { slipped.append(c) }
            }
            improved.sort { $0.change > $1.change }
            slipped.sort { $0.change < $1.change }
        }
        var counts: [String: (attempts: Int, occurrences: Int, message: String)] = [:]
        for a in tail.suffix(recent) {
            var seen: Set<String> = []
            for f in try findings(a.id) {
                var c = counts[f.rule] ?? (0, 0, f.message)
                c.occurrences += 1
                c.message = f.message
                if seen.insert(f.rule).inserted { c.attempts += 1 }
                counts[f.rule] = c
            }
        }
        let frequent = counts
            .map { FindingFrequency(rule: $0.key, attempts: $0.value.attempts, occurrences: $0.value.occurrences, message: $0.value.message) }
            .sorted { ($1.attempts, $1.occurrences, $0.rule) < ($0.attempts, $0.occurrences, $1.rule) }
            .prefix(5)
        let trend = tail.suffix(30).map(\.score)
        return QuestionProgress(
            questionKey: key, questionText: text, attempts: count,
            first: head[0].point, latest: tail.last!.point, best: best.point,
            trend: trend, sparkline: Sparkline.render(trend), improved: improved, slipped: slipped,
            frequentFindings: Array(frequent))
    }

    /// Consecutive local days with an attempt (at `key`, or any), counted back from today, or
    /// from yesterday when there is none yet today: one indexed lookup per day. `last` is the
    /// date of the latest attempt.
    func streak(key: String?, last: Date, now: Date, timeZone: TimeZone) throws -> Streak {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let statement = if key == nil {
            try db.cachedStatement(sql: "SELECT 1 FROM attempt WHERE createdAt >= ?1 AND createdAt < ?2 LIMIT 1")
        } else {
            try db.cachedStatement(sql: "SELECT 1 FROM attempt WHERE questionKey = ?3 AND createdAt >= ?1 AND createdAt < ?2 LIMIT 1")
        }
        func practised(on day: Date) throws -> Bool {
            guard let interval = calendar.dateInterval(of: .day, for: day) else { return false }
            var arguments: StatementArguments = [interval.start, interval.end]
            if let key { arguments += [key] }
            return try Int.fetchOne(statement, arguments: arguments) != nil
        }
        let today = calendar.startOfDay(for: now)
        var day = today
        let practisedToday = try practised(on: today)
        if !practisedToday { day = calendar.date(byAdding: .day, value: -1, to: today)! }
        var n = 0
        while try practised(on: day) {
            n += 1
            day = calendar.date(byAdding: .day, value: -1, to: day)!
        }
        return Streak(days: n, lastDay: DayText.day(last, calendar: calendar), practisedToday: practisedToday)
    }
}
