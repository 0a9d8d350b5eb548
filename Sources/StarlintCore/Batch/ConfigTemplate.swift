/// The settings file `starlint init` writes: every key the file may hold, each with a line
/// on what it does. The keys a coach sets first (`min-score`, `fail-on`, `level`,
/// `inline-config`) are written as settings; the rest as comments to uncomment, so the file
/// as written grades exactly as starlint does with no file, apart from those four.
public enum ConfigTemplate {
    /// The file's text. `minScore` and `level` are the values given to `init` (else 70 and mid).
    public static func yaml(minScore: Int = 70, level: CandidateLevel = .mid, rules: [RuleDescription]) -> String {
        let (minWords, maxWords) = level.wordRange
        let ruleLines = rules.map { "#   \($0.id): \($0.severity.rawValue)" }.joined(separator: "\n")
        let levels = CandidateLevel.allCases.map { l in "\(l.rawValue) \(l.wordRange.min)-\(l.wordRange.max)" }.joined(separator: ", ")
        return """
            # starlint settings, read by `starlint check`, `score` and `practice` from this folder
            # and the folders below it. Flags on the command line win over this file.
            # Remove the "# " before a line to use it.

            # --- Pass or fail (check) ---
            # A file fails when its score is below this (0-100).
            min-score: \(minScore)
            # A file fails when one sub-score is below its minimum.
            # min:
            #   structure: 60
            #   specificity: 50
            #   ownership: 60
            #   clarity: 50
            #   concision: 50
            # A file fails on a finding of this severity or worse: error, warning, info or never.
            fail-on: error
            # A file fails when one of these rules fires (aliases: situation, task, action,
            # result, quantified-result).
            # require: [quantified-result]

            # --- What is checked ---
            # The candidates' level sets the target length in words: \(levels).
            level: \(level.rawValue)
            # Or set the range yourself (the level's is \(minWords)-\(maxWords)).
            # min-words: \(minWords)
            # max-words: \(maxWords)
            # Rules: off, on, or another severity (error, warning, info). Each rule's default:
            # rules:
            \(ruleLines)
            # Words to flag as fillers or hedges besides the built-in ones, and words never to flag.
            # filler-words: [totally]
            # hedge-words: [arguably]
            # allowed-words: [actually]
            # Whether answers may hide findings with <!-- starlint-disable RULE --> comments. A
            # hidden finding still takes its points; set false to report every finding too.
            inline-config: true
            # Answers larger than this many bytes are refused.
            # max-bytes: \(Analyzer.defaultMaxBytes)

            # --- Which files (check, when given folders) ---
            # include: ["*.md", "*.txt"]
            # exclude: [drafts]

            """
    }
}
