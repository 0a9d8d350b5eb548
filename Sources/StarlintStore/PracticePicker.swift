import StarlintCore

/// Chooses the next question to practise.
///
/// Questions never practised weigh most; a practised one weighs more the longer ago it was
/// practised (counted in other questions practised since, so the choice depends only on the
/// database) and the lower its latest score. The draw is weighted and seeded: with the same
/// database and seed it always picks the same question.
public enum PracticePicker {
    public static func weight(stat: QuestionStat?, recencyRank: Int) -> Double {
        guard let stat else { return 3.0 }
        let staleness = Double(min(recencyRank, 10)) / 10
        let weakness = Double(100 - min(100, max(0, stat.latestScore))) / 100
        return 0.2 + 1.5 * staleness + 1.5 * weakness
    }

    /// `stats` as returned by `AttemptStore.questionStats()` (most recent first). Nil when
    /// `candidates` is empty.
    public static func pick(from candidates: [Question], stats: [QuestionStat], seed: UInt64? = nil) -> Question? {
        guard !candidates.isEmpty else { return nil }
        var rank: [String: (Int, QuestionStat)] = [:]
        for (k, s) in stats.enumerated() { rank[s.questionKey] = (k, s) }
        let weights = candidates.map { q in
            let r = rank[q.id]
            return weight(stat: r?.1, recencyRank: r?.0 ?? 0)
        }
        var rng = SplitMix64(seed: seed ?? defaultSeed(stats))
        var x = rng.nextDouble() * weights.reduce(0, +)
        for (k, w) in weights.enumerated() {
            x -= w
            if x < 0 { return candidates[k] }
        }
        return candidates.last
    }

    /// A seed derived from the database contents, so that the same history gives the same pick.
    public static func defaultSeed(_ stats: [QuestionStat]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ v: UInt64) {
            for k in 0..<8 {
                h ^= (v >> (UInt64(k) * 8)) & 0xff
                h = h &* 0x100_0000_01b3
            }
        }
        for s in stats {
            for b in s.questionKey.utf8 { mix(UInt64(b)) }
            mix(UInt64(s.attempts))
            mix(UInt64(bitPattern: s.lastAttemptId))
        }
        return h
    }
}

