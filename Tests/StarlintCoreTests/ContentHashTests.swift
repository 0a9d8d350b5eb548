import StarlintCore
import Testing

/// The content key is XXH64 with seed 0; the expected values are the reference
/// implementation's (Python `xxhash.xxh64(data).hexdigest()`).
struct ContentHashTests {
    /// Bytes (i * 7 + 3) mod 256, so every length exercises the 32-byte stripes and the 8-,
    /// 4- and 1-byte tails differently.
    static func pattern(_ n: Int) -> [UInt8] { (0..<n).map { UInt8((($0 * 7) + 3) % 256) } }

    @Test(arguments: [
        (0, "ef46db3751d8e999"), (1, "1f25c8d0bc1f4bb6"), (3, "31d2363f52e564c9"), (4, "9bb64b7d66ee9fda"),
        (7, "9a7b149959ce60d8"), (8, "dab99d95c6f90092"), (12, "d52e407833af5133"), (31, "a2aa5f33cc4a6119"),
        (32, "23c3c17ef790fd97"), (33, "50a7cfc7ba588784"), (39, "880bbeea606e4b37"), (63, "5e3e54b431c7493c"),
        (100, "a61f8d4c170fe531"), (1000, "5f235fa033f1a3fb"),
    ])
    func xxh64MatchesTheReferenceAtEveryTailLength(length: Int, expected: String) {
        #expect(XXH64.hex(Self.pattern(length)) == expected)
    }

    @Test func anAnswersContentHashIsTheXXH64OfItsBytes() throws {
        let text = "Situation: our café’s till broke.\r\nI fixed it."
        #expect(Analyzer.contentHash(Array(text.utf8)) == "54f5ad7d65057270")
        let analysis = try Analyzer().analyze(bytes: Array(text.utf8), path: "a.md")
        #expect(analysis.contentHash == "54f5ad7d65057270")
        // One byte more is another key.
        #expect(Analyzer.contentHash(Array((text + " ").utf8)) != "54f5ad7d65057270")
    }
}
