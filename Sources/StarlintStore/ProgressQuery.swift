import Foundation
import GRDB
import StarlintCore

/// The SQL behind `AttemptStore.progress`, run inside one read transaction.
///
/// Every query is an index lookup or range scan: `attempt_on_questionKey_createdAt_score`
/// (v3) for the counts, a question's first and last attempts and its streak days;
/// `attempt_on_createdAt` for the overall first and last attempts and the streak days;
/// `attempt_on_questionKey_score` (v3) for a question's best attempt;
/// `attempt_on_questionKey_createdAt_text` (v3, partial) for a question's latest text; the
/// finding table's primary key for the findings of one attempt.
struct ProgressQuery {
    let db: Database
    let recent: Int

    /// How many of the last attempts a line needs: the trend (30), the frequent-findings window.
    var window: Int { max(30, recent) }

    /// The columns a progress line reads from one attempt: those in the indexes. The date
    /// stays as stored text (which sorts as the dates do) until a line shows it: parsing a date
    /// costs more than the lookup that found it.
    struct AttemptRow {
        var id: Int64
        var createdAt: String
        var score: Int

        /// Columns id, createdAt, score.
        init(_ s: RawStatement) throws {
            id = s.int64(0)
            createdAt = s.text(1) ?? ""
            score = s.int(2)
            try AttemptStore.checkScores([score], attempt: id)
        }

        /// The date, read when a line shows it; one that cannot be read was never written by
        /// starlint (a damaged attempt), not 1970.
        var date: Date {
            get throws {
                guard let d = Date.fromDatabaseValue(createdAt.databaseValue) else {
                    throw StoreError.damagedAttempt(path: "", id: id, problem: "its createdAt cannot be read")
                }
                return d
            }
        }
        var point: AttemptPoint { get throws { AttemptPoint(id: id, date: try date, score: score) } }

        /// Earlier in the attempts' order (date, then id).
        func isBefore(_ other: AttemptRow) -> Bool { (createdAt, id) < (other.createdAt, other.id) }
    }

    /// The statements of one report, prepared once and stepped through the C API. The
    /// per-question ones read only `attempt_on_questionKey_createdAt_score` and
    /// `attempt_on_questionKey_score` (covering indexes); sub-scores and the question text
    /// are one row lookup each, for the few attempts whose sub-scores a line compares.
    struct Statements {
        let firstAt, lastAt, bestAt, textAt, firstAll, lastAll, subscores, findings: RawStatement

        init(_ db: Database) throws {
            firstAt = try RawStatement(db.makeStatement(sql: """
                SELECT id, createdAt, score FROM attempt WHERE questionKey = ?1 ORDER BY createdAt, id LIMIT ?2
                """))
            lastAt = try RawStatement(db.makeStatement(sql: """
                SELECT id, createdAt, score FROM attempt WHERE questionKey = ?1 ORDER BY createdAt DESC, id DESC LIMIT ?2
                """))
            bestAt = try RawStatement(db.makeStatement(sql: """
                SELECT id, createdAt, score FROM attempt WHERE questionKey = ?1 ORDER BY score DESC, createdAt, id LIMIT 1
                """))
            textAt = try RawStatement(db.makeStatement(sql: """
                SELECT questionText FROM attempt WHERE questionKey = ?1 AND questionText IS NOT NULL
                ORDER BY createdAt DESC, id DESC LIMIT 1
                """))
            firstAll = try RawStatement(db.makeStatement(sql: """
                SELECT id, createdAt, score FROM attempt ORDER BY createdAt, id LIMIT ?1
                """))
            lastAll = try RawStatement(db.makeStatement(sql: """
                SELECT id, createdAt, score FROM attempt ORDER BY createdAt DESC, id DESC LIMIT ?1
                """))
            subscores = try RawStatement(db.makeStatement(sql: """
                SELECT structure, specificity, ownership, clarity, concision FROM attempt WHERE id = ?1
                """))
            findings = try RawStatement(db.makeStatement(sql: "SELECT rule, message FROM finding WHERE attemptId = ?1 ORDER BY position"))
        }

        var all: [RawStatement] { [firstAt, lastAt, bestAt, textAt, firstAll, lastAll, subscores, findings] }
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
        let st = try Statements(db)

        var findingCache: [Int64: [(rule: String, message: String)]] = [:]
        func findings(_ id: Int64) throws -> [(rule: String, message: String)] {
            if let f = findingCache[id] { return f }
            var f: [(rule: String, message: String)] = []
            st.findings.reset()
            try st.findings.bind(1, id)
            while try st.findings.step() { f.append((st.findings.text(0) ?? "", st.findings.text(1) ?? "")) }
            findingCache[id] = f
            return f
        }

        var subscoreCache: [Int64: DimensionScores] = [:]
        func subscores(_ id: Int64) throws -> DimensionScores {
            if let d = subscoreCache[id] { return d }
            let d = try readSubscores(id)
            subscoreCache[id] = d
            return d
        }
        func readSubscores(_ id: Int64) throws -> DimensionScores {
            let s = st.subscores
            s.reset()
            try s.bind(1, id)
            guard try s.step() else { throw DatabaseError(message: "attempt \(id) vanished during the read") }
            try AttemptStore.checkScores((0..<5).map { s.int($0) }, attempt: id)
            return DimensionScores(structure: s.int(0), specificity: s.int(1), ownership: s.int(2), clarity: s.int(3), concision: s.int(4))
        }

        var lines: [QuestionProgress] = []
        var latestOf: [AttemptRow] = []
        var bests: [AttemptRow] = []
        // Each question practised more than once: its first and latest sub-scores.
        var compared: [(from: DimensionScores, to: DimensionScores, scores: (Int, Int))] = []
        for (key, count) in counts {
            let head = try rows(st.firstAt, key: key, limit: 1)
            let tail = Array(try rows(st.lastAt, key: key, limit: window).reversed())
            let best = try rows(st.bestAt, key: key, limit: nil)[0]
            st.textAt.reset()
            try st.textAt.bind(1, key)
            let text = try st.textAt.step() ? st.textAt.text(0) : nil
            lines.append(try line(key: key, text: text, count: count, head: head, tail: tail, best: best, k: 1, subscores: subscores, findings: findings))
            // Answers piped in without a question share "<stdin>", but are not one question's
            // rewrites: their first and latest are not compared.
            if count >= 2, key != QuestionIdentity.stdinKey { compared.append((try subscores(head[0].id), try subscores(tail.last!.id), (head[0].score, tail.last!.score))) }
            latestOf.append(tail.last!)
            bests.append(best)
        }
        // Most recently practised first.
        let order = latestOf.indices.sorted { latestOf[$1].isBefore(latestOf[$0]) }
        let total = counts.reduce(0) { $0 + $1.count }
        let k = max(1, min(3, total / 2))
        // The overall best: the highest score, earliest on ties (each question's best is its earliest).
        let best = bests.dropFirst().reduce(bests[0]) { $1.score > $0.score || ($1.score == $0.score && $1.isBefore($0)) ? $1 : $0 }
        let head = try question.map { try rows(st.firstAt, key: $0, limit: k) } ?? rows(st.firstAll, key: nil, limit: k)
        let tail = try question.map { try rows(st.lastAt, key: $0, limit: max(window, k)) } ?? rows(st.lastAll, key: nil, limit: max(window, k))
        var overall = try line(key: nil, text: nil, count: total, head: head, tail: tail.reversed(), best: best, k: k, subscores: subscores, findings: findings)
        if counts.count > 1 {
            // Over several questions, what changed is each question's latest against its first,
            // averaged over the questions practised more than once: a first attempt at an easy
            // question against the latest at a hard one is no slip.
            var improved: [DimensionChange] = [], slipped: [DimensionChange] = []
            if !compared.isEmpty {
                for d in StarlintCore.Dimension.allCases {
                    let c = DimensionChange(dimension: d, from: AttemptStore.mean(compared.map { $0.from[d] }), to: AttemptStore.mean(compared.map { $0.to[d] }))
                    if c.change > 0 { improved.append(c) } else if c.change < 0 { slipped.append(c) }
                }
            }
            overall.improved = improved.sorted { $0.change > $1.change }
            overall.slipped = slipped.sorted { $0.change < $1.change }
            overall.questionsCompared = compared.count
            if !compared.isEmpty {
                overall.scoreChange = ScoreChange(from: AttemptStore.mean(compared.map(\.scores.0)), to: AttemptStore.mean(compared.map(\.scores.1)))
            }
        }
        let latest = latestOf.dropFirst().reduce(latestOf[0]) { $0.isBefore($1) ? $1 : $0 }
        for s in st.all { s.reset() }
        return ProgressReport(overall: overall, questions: order.map { lines[$0] },
                              streak: try streak(key: question, last: try latest.date, now: now, timeZone: timeZone), recent: recent)
    }

    /// The rows of one of the attempt statements, bound to `key` (when given) and `limit`.
    func rows(_ s: RawStatement, key: String?, limit: Int?) throws -> [AttemptRow] {
        s.reset()
        var index: CInt = 1
        if let key { try s.bind(index, key); index += 1 }
        if let limit { try s.bind(index, limit) }
        var out: [AttemptRow] = []
        while try s.step() { out.append(try AttemptRow(s)) }
        return out
    }

    /// One progress line. `head` holds the first `k` attempts (or more), `tail` the last
    /// `max(window, k)` (or all), both oldest first.
    func line(key: String?, text: String?, count: Int, head: [AttemptRow], tail: [AttemptRow], best: AttemptRow, k: Int,
              subscores: (Int64) throws -> DimensionScores,
              findings: (Int64) throws -> [(rule: String, message: String)]) throws -> QuestionProgress {
        var improved: [DimensionChange] = []
        var slipped: [DimensionChange] = []
        if count >= 2 {
            let from = try head.prefix(k).map { try subscores($0.id) }, to = try tail.suffix(k).map { try subscores($0.id) }
            for d in StarlintCore.Dimension.allCases {
                let c = DimensionChange(dimension: d, from: AttemptStore.mean(from.map { $0[d] }), to: AttemptStore.mean(to.map { $0[d] }))
                if c.change > 0 { improved.append(c) } else if c.change < 0 { slipped.append(c) }
            }
            improved.sort { $0.change > $1.change }
            slipped.sort { $0.change < $1.change }
        }
        var counts: [String: (attempts: Int, occurrences: Int, message: String)] = [:]
        var latestRules: Set<String> = []
        for a in tail.suffix(recent) {
            var seen: Set<String> = []
            defer { if a.id == tail.last!.id { latestRules = seen } }
            for f in try findings(a.id) {
                var c = counts[f.rule] ?? (0, 0, f.message)
                c.occurrences += 1
                c.message = f.message
                if seen.insert(f.rule).inserted { c.attempts += 1 }
                counts[f.rule] = c
            }
        }
        let frequent = counts
            .map { FindingFrequency(rule: $0.key, attempts: $0.value.attempts, occurrences: $0.value.occurrences, message: $0.value.message,
                                    // Over several questions the latest attempt answers one of them:
                                    // "not in the latest" would read as fixed. Said per question only.
                                    inLatest: key == nil || latestRules.contains($0.key)) }
            .sorted { ($1.attempts, $1.occurrences, $0.rule) < ($0.attempts, $0.occurrences, $1.rule) }
            .prefix(5)
        let trend = tail.suffix(30).map(\.score)
        return QuestionProgress(
            questionKey: key, questionText: text, attempts: count,
            first: try head[0].point, latest: try tail.last!.point, best: try best.point,
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
        return try AttemptStore.streak(now: now, calendar: calendar, lastDay: DayText.day(last, calendar: calendar), practised: practised(on:))
    }
}
