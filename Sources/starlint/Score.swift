import ArgumentParser
import StarlintCore

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "score",
        abstract: "Analyse one answer: STAR labels, findings and a score out of 100.",
        discussion: "Reads a text or Markdown file, or standard input with '-'.")

    @Argument(help: "The answer file (.md, .txt or any text), or '-' for standard input.")
    var file: String

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "Do not save this attempt to the progress database.")
    var noSave = false

    @Option(help: "The question this answers: a bank id such as q012, or its text (default: the front matter 'question', else the file path).")
    var question: String?

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Refuse files larger than this many bytes (default: the settings file's max-bytes, else \(Analyzer.defaultMaxBytes)).", valueName: "N"))
    var maxBytes: Int?

    @OptionGroup var colors: ColorOptions

    @OptionGroup var settingsFile: ConfigOptions

    @OptionGroup var lexicons: LexiconOptions

    func validate() throws {
        if let maxBytes, maxBytes <= 0 { throw ValidationError("--max-bytes must be a positive number of bytes") }
        try StoreOptions.validateQuestionID(question)
    }

    func run() throws {
        try guardedStore {
            let (analyzer, settings) = try settingsFile.analyzerAndSettings(lexicons: lexicons)
            let bytes = try readAnswer(file, maxBytes: settings.byteLimit(flag: maxBytes))
            var analysis = try analyzer.analyze(bytes: bytes, path: file == "-" ? "<stdin>" : file, questionOverride: question)
            // Saved before the report is printed: a bad, locked or read-only database fails
            // with nothing on standard output.
            let db = noSave ? nil : try store.openForSaving()
            let saved = try db.map { try saveAttempt(analysis, bytes: bytes, question: question, to: $0) }
            analysis.savedAttempt = saved?.id
            switch format {
            case .json: Terminal.writeOut(JSONOutput.encode(analysis))
            case .text: Terminal.writeOut(TextReport.render(analysis, style: colors.style, sentenceWidth: Terminal.sentenceWidth()))
            }
            announce(saved?.message, format: format)
        }
    }
}
