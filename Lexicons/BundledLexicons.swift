// The lexicon files beside this one, embedded at build time by the EmbedData plugin.

/// The default lexicon files, by file name, as UTF-8 bytes.
public enum BundledLexicons {
    public static let files: [String: [UInt8]] = EmbeddedData.files.mapValues { Array($0.utf8) }
}
