#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every problem starlint reports to a user, each with a one-line message that names the
/// file or value at fault.
public enum StarlintError: Error, Equatable, Sendable, CustomStringConvertible {
    case fileNotFound(path: String)
    case isDirectory(path: String)
    case unreadable(path: String)
    case empty(path: String)
    case noAnswerText(path: String)
    /// Part labels (a template's headings) with nothing under any of them.
    case emptyTemplate(path: String)
    /// No answer text, in a file whose front matter (`---` on line 1) is never closed.
    case unclosedFrontMatter(path: String)
    case whitespaceOnly(path: String)
    case binary(path: String)
    /// No answer text, and control characters other than white space: a binary file without
    /// NUL bytes, or text saved in some other encoding.
    case controlCharacters(path: String)
    /// A word processor's or other document format (`kind`: "a Word document (.docx)", "a
    /// PDF", ...), told apart from other binary files so the message says what to do.
    case document(path: String, kind: String)
    case utf16(path: String)
    /// `line` and `column` (code points, 1-based) of the bad byte; 0 when not known.
    case invalidUTF8(path: String, offset: Int, line: Int = 0, column: Int = 0)
    /// Over the byte limit; `size` is nil when the input is a stream read only up to the limit.
    case tooLarge(path: String, size: Int?, limit: Int)
    case readFailed(path: String, code: Int32)
    /// A named pipe that nothing opened for writing within `seconds`.
    case noWriter(path: String, seconds: Int)
    /// A file or folder found in a folder whose name is not valid UTF-8 (shown with U+FFFD).
    case invalidFileName(path: String)
    /// A symbolic link found in a folder whose target does not exist.
    case brokenLink(path: String)
    /// A symbolic link found in a folder that points at a file outside the folders graded:
    /// not read, so a link committed among answers cannot put another file's text in a report.
    case linkOutsideFolder(path: String)
    /// A named pipe, socket or device found in a folder (`kind`: "a named pipe" ...): not
    /// read, since reading one could wait for ever or never end.
    case notRegularFile(path: String, kind: String)
    case lexicons(path: String, problem: String)
    case corpus(path: String, problem: String)
    case config(path: String, line: Int, problem: String)
    case usage(String)

    /// The C library's wording for an errno value, starting in lower case ("too many levels
    /// of symbolic links"), with the number only when it has none.
    static func reason(_ code: Int32) -> String {
        guard let p = strerror(code) else { return "error \(code)" }
        let text = String(cString: p)
        guard let first = text.first, !text.hasPrefix("Unknown error") else { return "error \(code)" }
        return first.lowercased() + text.dropFirst()
    }

    public var description: String {
        switch self {
        case .fileNotFound(let p): "\(p): no such file"
        case .isDirectory(let p): "\(p): is a directory, not a file (use 'starlint check' for folders)"
        case .unreadable(let p): "\(p): permission denied"
        case .empty(let p): p == "<stdin>" ? "<stdin>: input is empty; nothing to score" : "\(p): file is empty; write your answer in it first"
        case .noAnswerText(let p): "\(p): no answer text found (no words: only front matter, comments, tables, code, other markup or symbols)"
        case .emptyTemplate(let p): "\(p): no answer text yet: only part labels with nothing under them; write your answer under them first"
        case .unclosedFrontMatter(let p): "\(p): no answer text found: the front matter opened by '---' on line 1 is never closed; end it with a line '---' before the answer"
        case .whitespaceOnly(let p): p == "<stdin>" ? "<stdin>: input contains only whitespace; nothing to score" : "\(p): file contains only whitespace; write your answer in it first"
        case .binary(let p): "\(p): looks like a binary file (contains NUL bytes), not text"
        case .controlCharacters(let p): "\(p): looks like a binary file (control characters and no answer text), not text"
        case .document(let p, let kind): "\(p): is \(kind), not text; save the answer as plain text (.txt or .md)"
        case .utf16(let p): "\(p): is UTF-16 text; save it as UTF-8"
        case .invalidUTF8(let p, let off, let line, let column):
            line > 0 ? "\(p): not valid UTF-8 text (bad byte at line \(line), column \(column), byte offset \(off)); save it as UTF-8"
                : "\(p): not valid UTF-8 text (bad byte at offset \(off)); save it as UTF-8"
        case .tooLarge(let p, let size?, let limit): "\(p): file is \(size) bytes, over the \(limit)-byte limit (raise it with --max-bytes, or max-bytes in the settings file)"
        case .tooLarge(let p, nil, let limit): "\(p): input is more than \(limit) bytes, over the limit (raise it with --max-bytes, or max-bytes in the settings file)"
        case .readFailed(let p, let code): "\(p): cannot be read (\(Self.reason(code)))"
        case .noWriter(let p, let seconds): "\(p): is a named pipe that nothing wrote to within \(seconds) s"
        case .invalidFileName(let p): "\(p): its name is not valid UTF-8; rename it to grade it"
        case .brokenLink(let p): "\(p): is a symbolic link to a file that does not exist"
        case .linkOutsideFolder(let p): "\(p): is a symbolic link to a file outside the folders being graded, so it is not read; name the file itself to grade it"
        case .notRegularFile(let p, let kind): "\(p): is \(kind), not a regular file, so it is not read; name it on the command line to read it"
        case .lexicons(let p, let problem): "\(p): lexicon error: \(problem)"
        case .corpus(let p, let problem): "\(p): corpus error: \(problem)"
        case .config(let p, let line, let problem): line > 0 ? "\(p):\(line): \(problem)" : "\(p): \(problem)"
        case .usage(let m): m
        }
    }
}
