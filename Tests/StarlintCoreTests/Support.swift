import Testing
@testable import StarlintCore

/// The package root, found from this file's path.
let packageRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)  // Tests/StarlintCoreTests/Support.swift
    return parts.joined(separator: "/")
}()

let analyzer = Analyzer()

func analyze(_ text: String, path: String = "answer.md") throws -> Analysis {
    try analyzer.analyze(bytes: Array(text.utf8), path: path)
}

func rules(_ a: Analysis) -> Set<String> { Set(a.findings.map(\.rule)) }
