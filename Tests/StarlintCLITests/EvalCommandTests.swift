import Foundation
import Testing

/// `starlint eval --perturb`: the held-out answers rewritten before they are measured.
@Suite struct EvalCommandTests {
    func json(_ r: Harness.Output) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
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

    @Test func unknownPerturbationIsAUsageError() throws {
        let r = try Harness.run(["eval", "--perturb", "shuffle"], cwd: Harness.packageRoot)
        #expect(r.code == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("shuffle"))
    }
}
