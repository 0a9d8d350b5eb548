import GRDB
import StarlintCore

extension AttemptStore {
    /// Migration v5's rewrite of the content keys. Up to starlint 0.4 an attempt's `contentHash`
    /// was FNV-1a 64 of the file's bytes; from 0.5 it is XXH64 (see `XXH64`). A key is
    /// rewritten only where it is the FNV-1a of the attempt's stored text (the file's bytes,
    /// which were valid UTF-8), so a re-run of an unchanged file after the upgrade is still
    /// recognised as a duplicate. Any other key (written by a test aid or by hand) is left as
    /// it is. Part of a shipped migration: never change what it writes.
    static func rehashContentKeysToV5(_ db: Database) throws {
        let attempts = try RawStatement(db.makeStatement(sql: "SELECT id, contentHash, text FROM attempt ORDER BY id"))
        let update = try RawStatement(db.makeStatement(sql: "UPDATE attempt SET contentHash = ?2 WHERE id = ?1"))
        defer { attempts.reset(); update.reset() }
        // Collected first: updating rows while the SELECT walks the same table is avoided.
        var changes: [(id: Int64, key: String)] = []
        while try attempts.step() {
            let text = UnsafeRawBufferPointer(attempts.bytes(2))
            guard attempts.text(1) == XXH64.hex(fnv1a(text)) else { continue }
            changes.append((attempts.int64(0), XXH64.hex(XXH64.hash(text))))
        }
        for c in changes {
            update.reset()
            try update.bind(1, c.id)
            try update.bind(2, c.key)
            try update.run()
        }
    }

    /// FNV-1a 64 over bytes: the content key of schema v1 to v4, frozen here.
    static func fnv1a(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}
