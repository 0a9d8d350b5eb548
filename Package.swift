// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "starlint",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "starlint", targets: ["starlint"]),
        .executable(name: "starlint-bench", targets: ["StarlintBench"]),
        .library(name: "StarlintCore", targets: ["StarlintCore"]),
        .library(name: "StarlintStore", targets: ["StarlintStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Word lists, cue phrases, rubric and model weights: data files embedded in the
        // binary as string literals by the EmbedData plugin.
        .target(
            name: "StarlintLexicons",
            path: "Lexicons",
            exclude: ["README.md", "fillers.txt", "hedges.txt", "weak-verbs.txt", "vague-result.txt", "cues.txt", "team-subjects.txt", "stock-phrases.txt", "jargon.txt", "misspellings.txt",
                      "abbreviations.txt", "change-verbs.txt", "part-labels.txt", "part-heading-words.txt", "rubric.txt", "model.txt"],
            sources: ["BundledLexicons.swift"],
            plugins: ["EmbedData"]
        ),
        // The question bank (Corpus/questions.tsv), embedded the same way.
        .target(
            name: "StarlintQuestionData",
            path: "Corpus",
            exclude: ["answers", "agreement", "examples", "tools", "README.md", "splits.txt", "heldout-floors.txt", "questions.tsv"],
            sources: ["QuestionData.swift"],
            plugins: ["EmbedData"]
        ),
        .executableTarget(name: "DataEmbedder"),
        .plugin(name: "EmbedData", capability: .buildTool(), dependencies: ["DataEmbedder"]),
        // Optimised in debug builds too: the test suite retrains the committed model from
        // the corpus (about 1,400 answers) and calibrates the rubric, which take minutes
        // unoptimised. `swift build` and `swift test` still build everything else as debug.
        .target(
            name: "StarlintCore",
            dependencies: ["StarlintLexicons", "StarlintQuestionData"],
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .target(
            name: "StarlintStore",
            dependencies: ["StarlintCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .executableTarget(
            name: "starlint",
            dependencies: [
                "StarlintCore",
                "StarlintStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "StarlintBench",
            dependencies: ["StarlintCore", "StarlintStore"]
        ),
        .testTarget(name: "StarlintCoreTests", dependencies: ["StarlintCore"]),
        .testTarget(name: "StarlintStoreTests", dependencies: ["StarlintStore", "StarlintCore"]),
        .testTarget(name: "StarlintCLITests", dependencies: ["StarlintCore"], exclude: ["Fixtures", "Golden", "FixtureLexicons"]),
    ],
    swiftLanguageModes: [.v6]
)
