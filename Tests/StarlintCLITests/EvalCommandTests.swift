import Foundation
import Testing

/// `starlint eval --perturb`: the held-out answers rewritten before they are measured.
@Suite struct EvalCommandTests {
    func json(_ r: Harness.Output) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    /// The dev answers a001 to a`last` (not the multiples of 5, which are held out).
    func devIDs(through last: Int) -> [String] { (1...last).filter { $0 % 5 != 0 }.map { String(format: "a%03d", $0) } }

    /// The answers `ids` in `folder` grouped by each value of a sidecar key (`styles:` lists
    /// several, comma-separated; `type:` one).
    func grouped(_ ids: [String], in folder: URL, by key: String) throws -> [String: [String]] {
        var groups: [String: [String]] = [:]
        for id in ids {
            let labels = try String(contentsOf: folder.appendingPathComponent("\(id).labels"), encoding: .utf8)
            let line = try #require(labels.split(separator: "\n").first { $0.hasPrefix("\(key):") })
            for v in line.dropFirst(key.count + 1).split(separator: ",") { groups[v.trimmingCharacters(in: .whitespaces), default: []].append(id) }
        }
        return groups
    }

    /// Copies answers (both files of each) from `source` (the corpus by default) into `folder`,
    /// creating it.
    func copyAnswers(_ ids: [String], from source: URL = Harness.packageRoot.appendingPathComponent("Corpus/answers"), to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for id in ids {
            for ext in ["md", "labels"] {
                try FileManager.default.copyItem(at: source.appendingPathComponent("\(id).\(ext)"), to: folder.appendingPathComponent("\(id).\(ext)"))
            }
        }
    }

    @Test func perturbedEvaluationNamesTheRewriteAndCountsOnlyWhatItApplies() throws {
        let plain = try json(Harness.run(["eval", "--format", "json"], cwd: Harness.packageRoot))
        let r = try Harness.run(["eval", "--format", "json", "--perturb", "no-labels"], cwd: Harness.packageRoot)
        #expect(r.code == 0, "\(r.stderr)")
        let stripped = try json(r)
        #expect(stripped["split"] as? String == "heldout, no-labels")
        let with = try #require(plain["withPartLabels"] as? [String: Any])
        let without = try #require(stripped["withoutPartLabels"] as? [String: Any])
        // Exactly the labelled held-out answers, all now counted as unlabelled.
        #expect(stripped["answers"] as? Int == with["answers"] as? Int)
        #expect(without["answers"] as? Int == with["answers"] as? Int)
        #expect((stripped["withPartLabels"] as? [String: Any])?["answers"] as? Int == 0)
    }

    /// The labelled answers measured again without their labels (and paragraphs): the same
    /// figures as `--perturb no-labels` gives for them, on exactly the labelled answers.
    @Test func labelDependenceMeasuresTheLabelledAnswersWithoutTheirLabels() throws {
        let plain = try json(Harness.run(["eval", "--format", "json"], cwd: Harness.packageRoot))
        let stripped = try json(Harness.run(["eval", "--format", "json", "--perturb", "no-labels"], cwd: Harness.packageRoot))
        let d = try #require(plain["labelDependence"] as? [String: Any])
        func subset(_ o: [String: Any]?, _ key: String) throws -> [String: Any] { try #require(o?[key] as? [String: Any]) }
        let asWritten = try subset(d, "asWritten"), removed = try subset(d, "labelsRemoved")
        let flat = try subset(d, "labelsRemovedOneParagraph"), flatWritten = try subset(d, "flattenedAsWritten")
        #expect(NSDictionary(dictionary: asWritten) == NSDictionary(dictionary: try subset(plain, "withPartLabels")))
        #expect(NSDictionary(dictionary: removed) == NSDictionary(dictionary: try subset(stripped, "withoutPartLabels")))
        // The joined answers are some of the labelled ones, the same ones in both figures.
        let n = try #require(asWritten["answers"] as? Int), m = try #require(flat["answers"] as? Int)
        #expect(m > 0 && m < n)
        #expect(flatWritten["answers"] as? Int == m)
        // The same answers, so nearly the same sentences: only a line with no full stop
        // before a part label reads as one sentence with the next once the label is gone
        // ("... the owner was fuming" / "R: I had to go back ...", a3885: one of 2,110).
        let written = try #require(flatWritten["sentences"] as? Int), joined = try #require(flat["sentences"] as? Int)
        #expect(joined <= written && written - joined <= written / 200)
        // A perturbed run has no such figures (its answers are rewritten already).
        #expect(stripped["labelDependence"] == nil)
        let text = try Harness.run(["eval"], cwd: Harness.packageRoot).stdout
        #expect(text.contains("  labels removed          \(String(format: "%.3f", try #require(removed["macroF1"] as? Double)))  (the same \(n) labelled answers"))
        #expect(text.contains("  and paragraphs joined   \(String(format: "%.3f", try #require(flat["macroF1"] as? Double)))  (\(m) of them, those with no list; "))
    }

    /// The answers without part labels get their own confusion counts, and the text report
    /// their F1 per part, which average to the macro-F1 it prints for them.
    @Test func answersWithoutPartLabelsAreBrokenDownByPart() throws {
        let report = try json(Harness.run(["eval", "--format", "json"], cwd: Harness.packageRoot))
        let without = try #require(report["withoutPartLabels"] as? [String: Any])
        let confusion = try #require(report["withoutPartLabelsConfusion"] as? [[Int]])
        let all = try #require(report["confusion"] as? [[Int]])
        #expect(confusion.joined().reduce(0, +) == without["sentences"] as? Int)
        #expect(zip(confusion.joined(), all.joined()).allSatisfy { $0 <= $1 })
        func f1(_ i: Int) -> Double {
            let predicted = confusion.reduce(0) { $0 + $1[i] }, gold = confusion[i].reduce(0, +)
            return 2 * Double(confusion[i][i]) / Double(predicted + gold)
        }
        let parts = (0..<4).map(f1)
        let macro = try #require(without["macroF1"] as? Double)
        #expect(abs(parts.reduce(0, +) / 4 - macro) < 0.002)
        let text = try Harness.run(["eval"], cwd: Harness.packageRoot).stdout
        let line = try #require(text.split(separator: "\n").first { $0.contains("without part labels") })
        let shown = zip("STAR", parts).map { "\($0) " + String(format: "%.3f", $1) }.joined(separator: " ")
        #expect(line.hasSuffix("answers; F1 \(shown))"), "\(line)")
    }

    @Test func unknownPerturbationIsAUsageError() throws {
        let r = try Harness.run(["eval", "--perturb", "shuffle"], cwd: Harness.packageRoot)
        #expect(r.code == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("shuffle"))
    }

    @Test func repeatsNeedCrossValidationAndAtLeastOneRound() throws {
        for args in [["eval", "--repeats", "2"], ["eval", "--cross-validate", "--repeats", "0"]] {
            let r = try Harness.run(args, cwd: Harness.packageRoot)
            #expect(r.code == 2, "\(args)")
            #expect(r.stdout.isEmpty)
            #expect(r.stderr.contains("--repeats"))
        }
    }

    /// The answers are evaluated again with each one's question named, as `score --question`
    /// would: every answer's question is looked up, and its kind counted when known.
    @Test func evaluatesAgainWithTheQuestionNamed() throws {
        let report = try json(Harness.run(["eval", "--format", "json"], cwd: Harness.packageRoot))
        let given = try #require(report["questionGiven"] as? [String: Any])
        let kinds = try #require(given["kinds"] as? [String: Int])
        let answers = try #require(report["answers"] as? Int)
        #expect(kinds["answers"] == answers)
        #expect((kinds["right"] ?? -1) <= (kinds["known"] ?? -1) && (kinds["known"] ?? -1) <= answers)
        for key in ["macroF1", "withPartLabelsMacroF1", "withoutPartLabelsMacroF1", "presenceAccuracy", "quantifiedAccuracy", "spearman"] {
            let v = try #require(given[key] as? Double, "\(key)")
            #expect(v > 0.5 && v <= 1, "\(key)")
        }
        #expect(report["questionKinds"] == nil)
        let text = try Harness.run(["eval"], cwd: Harness.packageRoot).stdout
        #expect(text.contains("with each answer's question named: macro-F1 \(String(format: "%.3f", try #require(given["macroF1"] as? Double)))"))
        #expect(text.contains("question kind known for \(kinds["known"]!) of \(answers) answers, right for \(kinds["right"]!)"))
    }

    /// Every round tests each dev answer exactly once, on its own fold assignment.
    @Test func repeatedCrossValidationReportsEachRoundAndTheSpread() throws {
        let dir = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try copyAnswers(devIDs(through: 24), to: dir)
        let r = try Harness.run(["eval", dir.path, "--split", "dev", "--cross-validate", "--repeats", "2", "--format", "json"], cwd: Harness.packageRoot)
        #expect(r.code == 0, "\(r.stderr)")
        let report = try json(r)
        let rounds = try #require(report["crossValidationRounds"] as? [String: Any])
        let each = try #require(rounds["rounds"] as? [[String: Any]])
        #expect(each.map { $0["shuffle"] as? Int } == [0, 1])
        let sentences = report["sentences"] as? Int
        for cv in each {
            let confusion = try #require(cv["confusion"] as? [[Int]])
            #expect(confusion.joined().reduce(0, +) == sentences)
            #expect(cv["folds"] as? Int == 5)
        }
        let f1 = each.compactMap { $0["macroF1Mean"] as? Double }
        let mean = f1.reduce(0, +) / Double(f1.count)
        #expect(abs((rounds["macroF1Mean"] as? Double ?? -1) - mean) < 0.0006)
        // Round 0 is the plain --cross-validate result.
        #expect((report["crossValidation"] as? [String: Any])?["shuffle"] as? Int == 0)
        // Each fold is tested again with its questions named; questions no training answer
        // was asked (and not in the bank) are counted apart.
        let given = try #require((report["crossValidation"] as? [String: Any])?["questionGiven"] as? [String: Any])
        #expect((given["kinds"] as? [String: Int])?["answers"] == report["answers"] as? Int)
        let unseen = try #require(given["unseenKinds"] as? [String: Int])
        #expect((unseen["answers"] ?? -1) >= 0 && (unseen["known"] ?? -1) <= (unseen["answers"] ?? -1))
    }

    /// `--by-style`: per writing style (the sidecars' `styles:` tags), the same figures as
    /// evaluating that style's answers alone; with cross-validation, every style's sentences
    /// are each tested once, pooled over the folds.
    @Test func byStyleMeasuresEachStyleAsItsAnswersAlone() throws {
        let root = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = root.appendingPathComponent("answers")
        let ids = devIDs(through: 29)
        try copyAnswers(ids, to: dir)
        let styles = try grouped(ids, in: dir, by: "styles")
        let r = try Harness.run(["eval", dir.path, "--split", "all", "--by-style", "--format", "json"], cwd: Harness.packageRoot)
        #expect(r.code == 0, "\(r.stderr)")
        let byStyle = try #require(try json(r)["byStyle"] as? [[String: Any]])
        #expect(byStyle.compactMap { $0["style"] as? String } == styles.keys.sorted())
        // The commonest style, measured alone.
        let (style, members) = try #require(styles.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) })
        let alone = root.appendingPathComponent("alone")
        try copyAnswers(members, from: dir, to: alone)
        let only = try json(Harness.run(["eval", alone.path, "--split", "all", "--format", "json"], cwd: Harness.packageRoot))
        let row = try #require(byStyle.first { $0["style"] as? String == style })
        for key in ["withPartLabels", "withoutPartLabels"] {
            let a = try #require(row[key] as? [String: Any]), b = try #require(only[key] as? [String: Any])
            #expect(a["answers"] as? Int == b["answers"] as? Int, "\(style) \(key)")
            #expect(a["sentences"] as? Int == b["sentences"] as? Int, "\(style) \(key)")
            #expect(a["macroF1"] as? Double == b["macroF1"] as? Double, "\(style) \(key)")
        }
        #expect(members.count >= 3)
        // Labels removed, within a style: its labelled answers as `--perturb no-labels`
        // measures them alone; a style with no labelled answer has no such figure.
        let labelledRow = try #require(byStyle.first { ($0["withPartLabels"] as? [String: Any])?["answers"] as? Int ?? 0 > 0 })
        let labelledStyle = try #require(labelledRow["style"] as? String)
        let styleDir = root.appendingPathComponent("labelled-style")
        try copyAnswers(try #require(styles[labelledStyle]), from: dir, to: styleDir)
        let stripped = try json(Harness.run(["eval", styleDir.path, "--split", "all", "--perturb", "no-labels", "--format", "json"], cwd: Harness.packageRoot))
        let removed = try #require(labelledRow["labelsRemoved"] as? [String: Any]), strippedPlain = try #require(stripped["withoutPartLabels"] as? [String: Any])
        #expect(NSDictionary(dictionary: removed) == NSDictionary(dictionary: strippedPlain), "\(labelledStyle)")
        #expect(removed["answers"] as? Int == (labelledRow["withPartLabels"] as? [String: Any])?["answers"] as? Int)
        for row in byStyle where (row["withPartLabels"] as? [String: Any])?["answers"] as? Int == 0 { #expect(row["labelsRemoved"] == nil, "\(row["style"] ?? "")") }
        // Without the flag, no such key.
        #expect(try json(Harness.run(["eval", dir.path, "--split", "all", "--format", "json"], cwd: Harness.packageRoot))["byStyle"] == nil)
        // Cross-validated: each style's sentences, pooled over the folds, once each.
        let cvRun = try Harness.run(["eval", dir.path, "--split", "dev", "--cross-validate", "--by-style", "--format", "json"], cwd: Harness.packageRoot)
        #expect(cvRun.code == 0, "\(cvRun.stderr)")
        let cvStyles = try #require((try json(cvRun)["crossValidation"] as? [String: Any])?["byStyle"] as? [[String: Any]])
        func sentences(_ rows: [[String: Any]]) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: rows.map { row in
                (row["style"] as! String, ["withPartLabels", "withoutPartLabels"].reduce(0) { $0 + (((row[$1] as? [String: Any])?["sentences"] as? Int) ?? 0) })
            })
        }
        #expect(sentences(cvStyles) == sentences(byStyle))
        // Pooled over the folds, each labelled answer is measured without its labels once.
        for row in cvStyles {
            let written = (row["withPartLabels"] as? [String: Any])?["answers"] as? Int ?? 0
            #expect((row["labelsRemoved"] as? [String: Any])?["answers"] as? Int == (written > 0 ? written : nil), "\(row["style"] ?? "")")
        }
        let text = try Harness.run(["eval", dir.path, "--split", "all", "--by-style"], cwd: Harness.packageRoot)
        #expect(text.stdout.contains("by writing style"))
        #expect(text.stdout.contains("labels removed"))
        #expect(text.stdout.contains("  \(style) "))
    }

    /// Every report has figures per question type (the sidecars' `type:`), with and without
    /// part labels: the same figures as evaluating that type's answers alone, so the gap can
    /// be compared kind with kind; with cross-validation, pooled over the folds, each
    /// sentence once.
    @Test func byQuestionTypeMeasuresEachTypeAsItsAnswersAlone() throws {
        let root = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = root.appendingPathComponent("answers")
        let ids = devIDs(through: 29)
        try copyAnswers(ids, to: dir)
        let types = try grouped(ids, in: dir, by: "type")
        #expect(types.count >= 3)
        let r = try Harness.run(["eval", dir.path, "--split", "all", "--format", "json"], cwd: Harness.packageRoot)
        #expect(r.code == 0, "\(r.stderr)")
        let report = try json(r)
        let rows = try #require(report["byQuestionType"] as? [[String: Any]])
        #expect(rows.compactMap { $0["type"] as? String } == types.keys.sorted())
        func count(_ row: [String: Any], _ key: String, _ field: String) -> Int { ((row[key] as? [String: Any])?[field] as? Int) ?? -1 }
        #expect(rows.reduce(0) { $0 + count($1, "withPartLabels", "answers") + count($1, "withoutPartLabels", "answers") } == ids.count)
        #expect(rows.reduce(0) { $0 + count($1, "withPartLabels", "sentences") + count($1, "withoutPartLabels", "sentences") } == report["sentences"] as? Int)
        // Each type with both kinds of answer, measured alone.
        let labelled = Set(try grouped(ids, in: dir, by: "labelled")["true"] ?? [])
        let mixed = types.filter { _, members in
            let n = members.filter(labelled.contains).count
            return n > 0 && n < members.count
        }
        #expect(mixed.count >= 2)
        for (type, members) in mixed {
            let alone = root.appendingPathComponent("alone-\(type)")
            try copyAnswers(members, from: dir, to: alone)
            let only = try json(Harness.run(["eval", alone.path, "--split", "all", "--format", "json"], cwd: Harness.packageRoot))
            let row = try #require(rows.first { $0["type"] as? String == type })
            for key in ["withPartLabels", "withoutPartLabels"] {
                let a = try #require(row[key] as? [String: Any]), b = try #require(only[key] as? [String: Any])
                #expect(NSDictionary(dictionary: a) == NSDictionary(dictionary: b), "\(type) \(key)")
            }
            #expect(count(row, "withPartLabels", "answers") > 0 && count(row, "withoutPartLabels", "answers") > 0)
        }
        // Cross-validated: each type's sentences, pooled over the folds, once each.
        let cvRun = try Harness.run(["eval", dir.path, "--split", "dev", "--cross-validate", "--format", "json"], cwd: Harness.packageRoot)
        #expect(cvRun.code == 0, "\(cvRun.stderr)")
        let cvRows = try #require((try json(cvRun)["crossValidation"] as? [String: Any])?["byQuestionType"] as? [[String: Any]])
        func sentences(_ rows: [[String: Any]]) -> [String: [Int]] {
            Dictionary(uniqueKeysWithValues: rows.map { ($0["type"] as! String, [count($0, "withPartLabels", "sentences"), count($0, "withoutPartLabels", "sentences")]) })
        }
        #expect(sentences(cvRows) == sentences(rows))
        let text = try Harness.run(["eval", dir.path, "--split", "all"], cwd: Harness.packageRoot)
        #expect(text.stdout.contains("by question type (the gap kind with kind)"))
        #expect(text.stdout.contains("  career-progression "))
    }

    /// `--by-round`: the folds are the rounds of rounds.txt beside the answers folder, each dev
    /// answer of a round tested once, the others always training; a missing file is one line.
    @Test func byRoundLeavesOneWritingRoundOutAtATime() throws {
        let root = try Harness.tempDir()
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = root.appendingPathComponent("answers")
        let ids = devIDs(through: 29)
        try copyAnswers(ids, to: dir)
        let args = ["eval", dir.path, "--split", "dev", "--cross-validate", "--by-round", "--format", "json"]
        let missing = try Harness.run(args, cwd: Harness.packageRoot)
        #expect(missing.code == 2)
        #expect(missing.stdout.isEmpty)
        #expect(missing.stderr.contains("rounds.txt: no such file"))
        #expect(missing.stderr.split(separator: "\n").count == 1)
        try "# two rounds\na011-a019\na021-a029\n".write(to: root.appendingPathComponent("rounds.txt"), atomically: true, encoding: .utf8)
        let r = try Harness.run(args, cwd: Harness.packageRoot)
        #expect(r.code == 0, "\(r.stderr)")
        let cv = try #require(try json(r)["crossValidation"] as? [String: Any])
        #expect(cv["byRound"] as? Bool == true)
        #expect(cv["folds"] as? Int == 2)
        // Only the rounds' answers (a011-a029) are tested, each once: as many sentences as
        // evaluating those answers alone.
        let tested = root.appendingPathComponent("tested")
        try copyAnswers(ids.filter { Int($0.dropFirst())! >= 11 }, from: dir, to: tested)
        let alone = try json(Harness.run(["eval", tested.path, "--split", "all", "--format", "json"], cwd: Harness.packageRoot))
        let confusion = try #require(cv["confusion"] as? [[Int]])
        #expect(confusion.joined().reduce(0, +) == alone["sentences"] as? Int)
        let plain = try #require(cv["withoutPartLabelsConfusion"] as? [[Int]])
        #expect(plain.joined().reduce(0, +) == (alone["withoutPartLabels"] as? [String: Any])?["sentences"] as? Int)
        // The labelled answers without their labels, pooled over the rounds: as many as the
        // rounds' labelled answers.
        let dependence = try #require(cv["labelDependence"] as? [String: Any])
        let labelledAlone = try #require((alone["withPartLabels"] as? [String: Any])?["answers"] as? Int)
        #expect(labelledAlone > 0)
        #expect((dependence["labelsRemoved"] as? [String: Any])?["answers"] as? Int == labelledAlone)
        #expect((dependence["asWritten"] as? [String: Any])?["sentences"] as? Int == (alone["withPartLabels"] as? [String: Any])?["sentences"] as? Int)
        // Pooled as the confusion is: the labelled answers as written are the whole confusion
        // less the unlabelled answers', and their macro-F1 is that matrix's.
        let labelledConfusion = (0..<5).map { i in (0..<5).map { j in confusion[i][j] - plain[i][j] } }
        func macroF1(_ c: [[Int]]) -> Double {
            (0..<4).map { i -> Double in
                let predicted = c.reduce(0) { $0 + $1[i] }, gold = c[i].reduce(0, +)
                return predicted + gold > 0 ? 2 * Double(c[i][i]) / Double(predicted + gold) : 0
            }.reduce(0, +) / 4
        }
        let pooled = try #require((dependence["asWritten"] as? [String: Any])?["macroF1"] as? Double)
        #expect(abs(pooled - macroF1(labelledConfusion)) < 0.0015, "\(pooled) against \(macroF1(labelledConfusion))")
        #expect((dependence["labelsRemoved"] as? [String: Any])?["macroF1"] as? Double != nil)
        let text = try Harness.run(Array(args.dropLast(2)), cwd: Harness.packageRoot)
        #expect(text.stdout.contains("2 writing rounds, each left out in turn, on dev"))
        #expect(text.stdout.contains(" (pooled F1 S "))
        #expect(text.stdout.contains("  labelled answers, pooled: as written "))
        // Presence errors by part, missed and found where absent, summed over the rounds.
        let missed = try #require(cv["presenceMissed"] as? [Int]), spurious = try #require(cv["presenceSpurious"] as? [Int])
        // The rounds' 16 dev answers: a011 and a019 (rambling, all O) have no part, a028 only an
        // Action, a013, a016 and a027 no Task; so gold has S in 13, T in 10, A in 14 and R in 13.
        // The fold models find no part where gold has none, and miss 1 S, 1 T and 1 R (2 T
        // before 0.15, when a sentence under a part label could only be that part or Other).
        #expect(missed == [1, 1, 0, 1], "\(missed)")
        #expect(spurious == [0, 0, 0, 0], "\(spurious)")
        // Each round has 8 answers (32 part decisions), so the mean presence accuracy of the two
        // folds is 1 - errors / 64 (each fold's figure and their mean rounded to 3 decimals).
        let presence = try #require(cv["presenceAccuracyMean"] as? Double)
        #expect(abs(presence - (1 - Double((missed + spurious).reduce(0, +)) / 64)) <= 0.001, "\(presence)")
        #expect(text.stdout.contains("(missed S T A R: \(missed.map(String.init).joined(separator: " ")); found where absent: \(spurious.map(String.init).joined(separator: " ")))"))
        // A malformed file, and a round with no dev answers, are one-line errors too.
        for (content, says) in [("a011-b019\n", "line 1: expected a range"), ("a011-a019\na900-a999\n", "a900-a999 has no dev answers")] {
            try content.write(to: root.appendingPathComponent("rounds.txt"), atomically: true, encoding: .utf8)
            let e = try Harness.run(args, cwd: Harness.packageRoot)
            #expect(e.code == 2, "\(content)")
            #expect(e.stdout.isEmpty)
            #expect(e.stderr.contains(says), "\(e.stderr)")
            #expect(e.stderr.split(separator: "\n").count == 1)
        }
        for bad in [["eval", "--by-round"], ["eval", "--cross-validate", "--by-round", "--repeats", "2"]] {
            let u = try Harness.run(bad, cwd: Harness.packageRoot)
            #expect(u.code == 2, "\(bad)")
            #expect(u.stderr.contains("--by-round"))
        }
    }
}

