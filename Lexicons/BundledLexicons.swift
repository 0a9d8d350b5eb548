// The lexicon files beside this one, embedded at build time by the EmbedData plugin.

/// The default lexicon files, by file name, as UTF-8 bytes.
public enum BundledLexicons {
    public static let files: [String: [UInt8]] = EmbeddedData.files.mapValues { Array($0.utf8) }

    /// The bundled file `name`'s bytes (a copy of that file only), or nil.
    public static func bytes(_ name: String) -> [UInt8]? {
        EmbeddedData.files[name].map { Array($0.utf8) }
    }

    /// Calls `body` with the bundled file `name`'s bytes where they are, without a copy (the
    /// model is 3.7 MB, read at every start-up), or gives nil when there is no such file.
    public static func withBytes<R>(_ name: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard var text = EmbeddedData.files[name] else { return nil }
        return text.withUTF8 { body($0) }
    }
}
