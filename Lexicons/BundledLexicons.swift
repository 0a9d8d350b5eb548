// The lexicon files beside this one, embedded at build time (see Package.swift).

/// The default lexicon files, by file name, as UTF-8 bytes.
public enum BundledLexicons {
    public static let files: [String: [UInt8]] = [
        "fillers.txt": PackageResources.fillers_txt,
        "hedges.txt": PackageResources.hedges_txt,
        "weak-verbs.txt": PackageResources.weak_verbs_txt,
        "vague-result.txt": PackageResources.vague_result_txt,
        "cues.txt": PackageResources.cues_txt,
        "abbreviations.txt": PackageResources.abbreviations_txt,
        "change-verbs.txt": PackageResources.change_verbs_txt,
        "part-labels.txt": PackageResources.part_labels_txt,
        "rubric.txt": PackageResources.rubric_txt,
        "model.txt": PackageResources.model_txt,
    ]
}
