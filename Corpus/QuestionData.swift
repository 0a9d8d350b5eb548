// The question bank (questions.tsv beside this file), embedded at build time by the
// EmbedData plugin.

/// The bundled question bank as UTF-8 bytes of a tab-separated file.
public enum BundledQuestions {
    public static var tsv: [UInt8] { Array((EmbeddedData.files["questions.tsv"] ?? "").utf8) }
}
