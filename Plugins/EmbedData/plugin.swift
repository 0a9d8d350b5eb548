import Foundation
import PackagePlugin

/// Embeds a target's data files (`*.txt`, `*.tsv` at the top of its folder) as Swift
/// string literals, so the binary stands alone and the build stays fast (SwiftPM's
/// `.embedInCode` writes byte-array literals, which take minutes to type-check for
/// the 400 KB model file; a raw string literal compiles in well under a second).
@main
struct EmbedData: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let dir = target.directoryURL
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasSuffix(".txt") || $0.hasSuffix(".tsv") }
            .sorted()
        let inputs = names.map { dir.appendingPathComponent($0) }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedData.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(names.count) data files into \(target.name)",
                executable: try context.tool(named: "DataEmbedder").url,
                arguments: [output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
