import Foundation
import GRDB
import StarlintCore
@testable import StarlintStore
import Testing

/// Migration v5: content keys go from FNV-1a 64 (starlint 0.4) to XXH64.
struct SchemaV5Tests {
    /// FNV-1a 64 as starlint 0.4 computed `contentHash`, written out here independently.
    static func oldKey(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    @Test func oldContentKeysAreRewrittenSoAnUnchangedFileIsStillADuplicate() throws {
        let dir = makeTempDir()
        defer { cleanUp(dir) }
        let path = dir + "/v4.sqlite"
        let texts = [try exampleText("strong"), "Na\u{00EF}ve caf\u{00E9} answer.\r\nWe fixed it, \u{201C}quickly\u{201D}.\n", try exampleText("filler-heavy")]
        // Given a v4 database as starlint 0.4 left it: two attempts keyed by the FNV-1a of their
        // text (one with non-ASCII bytes and CRLF), and one whose key is something else
        do {
            let old = try DatabaseQueue(path: path)
            try AttemptStore.makeMigrator().migrate(old, upTo: "v4")
            var items: [AttemptInput] = []
            for (i, text) in texts.enumerated() {
                var a = try analyze(text, path: "a\(i).md")
                a.contentHash = i == 2 ? "hand-written-key" : Self.oldKey(text)
                items.append(AttemptInput(a, text: text, questionKey: "q\(i)", questionText: nil))
            }
            let ids = try old.write { try insertAsV4(items, into: $0) }
            #expect(ids == [1, 2, 3])
            try old.close()
        }

        // When the current code opens it
        let store = try AttemptStore(path: path)
        #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14"])

        // Then the old keys are the XXH64 of the same bytes, the other key is untouched
        #expect(try store.attempt(id: 1).contentHash == XXH64.hex(Array(texts[0].utf8)))
        #expect(try store.attempt(id: 2).contentHash == XXH64.hex(Array(texts[1].utf8)))
        #expect(try store.attempt(id: 3).contentHash == "hand-written-key")
        // and the rest of each attempt is as it was
        #expect(try store.attempt(id: 2).text == texts[1])
        #expect(try store.attempt(id: 1).sentences.count == (try analyze(texts[0])).sentences.count)
        #expect(try store.integrityProblems().isEmpty)

        // and scoring the unchanged files again adds no attempt, while a changed one is saved
        let again = try analyze(texts[0], path: "a0.md")
        #expect(try store.save(again, text: texts[0], questionKey: "q0", questionText: nil) == .duplicate(id: 1))
        let again1 = try analyze(texts[1], path: "a1.md")
        #expect(try store.save(again1, text: texts[1], questionKey: "q1", questionText: nil) == .duplicate(id: 2))
        let changed = try analyze(texts[0] + "\nIt also cut costs.", path: "a0.md")
        #expect(try store.save(changed, text: texts[0] + "\nIt also cut costs.", questionKey: "q0", questionText: nil) == .saved(id: 4))
        #expect(try store.attemptCount() == 4)
    }
}
