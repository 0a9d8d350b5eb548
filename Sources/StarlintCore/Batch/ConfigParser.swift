/// A parsed config value with the line it came from, so errors can name `file:line`.
///
/// Why a hand-written parser instead of Yams: the config is a flat list of thresholds,
/// word lists and globs. A ~250-line subset parser covers it, keeps line numbers for every
/// key, and spares every CI build a C YAML library (libyaml) plus a second package to
/// fetch and compile. Anything outside the subset is rejected with a clear message rather
/// than half-understood.
public struct ConfigValue: Sendable, Equatable {
    public enum Node: Sendable, Equatable {
        /// A scalar; `quoted` is true for "..." / '...' (always a string).
        case scalar(String, quoted: Bool)
        case list([ConfigValue])
        case map([ConfigEntry])
        /// `key:` with nothing after it.
        case null
    }

    public var node: Node
    public var line: Int
}

public struct ConfigEntry: Sendable, Equatable {
    public var key: String
    public var line: Int
    public var value: ConfigValue
}

/// The YAML subset of `.starlint.yml`:
/// block mappings (`key: value`, nested by indentation), block lists (`- item`, also at the
/// key's own indentation), inline lists (`[a, b, "c, d"]`), plain, single- and double-quoted
/// scalars, `#` comments, a leading `---` and a closing `...`. Not supported (rejected with a message):
/// anchors and aliases, tags, block scalars (`|`, `>`), inline mappings (`{a: 1}`), mappings
/// inside lists, multi-line inline lists, tabs in indentation.
enum YAMLSubset {
    struct Line {
        var number: Int
        var indent: Int
        var text: String
    }

    static func parse(_ source: String, path: String) throws(StarlintError) -> ConfigValue {
        var lines: [Line] = []
        var sawContent = false, ended = false
        for (k, raw) in source.textLines().enumerated() {
            let number = k + 1
            var s = Substring(raw)
            if number == 1, s.hasPrefix("\u{FEFF}") { s = s.dropFirst() }
            let body = try stripComment(s, path: path, line: number)
            var indent = 0
            for ch in body {
                if ch == " " { indent += 1 } else if ch == "\t" {
                    throw .config(path: path, line: number, problem: "tabs are not allowed for indentation; use spaces")
                } else { break }
            }
            let text = String(body.dropFirst(indent)).trimmingTrailingSpaces()
            if text.isEmpty { continue }
            if !sawContent, indent == 0, text == "---" { sawContent = true; continue }
            // "..." ends the document; only blank lines and comments may follow it.
            if ended || text == "---" || (text == "..." && indent > 0) {
                throw .config(path: path, line: number, problem: "only one YAML document is allowed")
            }
            if text == "..." { ended = true; continue }
            sawContent = true
            lines.append(Line(number: number, indent: indent, text: text))
        }
        guard let first = lines.first else { return ConfigValue(node: .map([]), line: 1) }
        if first.indent != 0 {
            throw .config(path: path, line: first.number, problem: "unexpected indentation at the top of the file")
        }
        var parser = YAMLSubset.Parser(lines: lines, path: path)
        let value = try parser.block(indent: 0)
        if parser.pos < lines.count {
            let l = lines[parser.pos]
            throw .config(path: path, line: l.number, problem: "unexpected indentation")
        }
        return value
    }

    /// Removes a `#` comment (at line start or after a space, outside quotes).
    static func stripComment(_ s: Substring, path: String, line: Int) throws(StarlintError) -> Substring {
        var quote: Character?
        var prev: Character = " "
        var idx = s.startIndex
        while idx < s.endIndex {
            let ch = s[idx]
            if let q = quote {
                if ch == q { quote = nil }
                else if ch == "\\", q == "\"" {
                    idx = s.index(after: idx)
                    if idx == s.endIndex { break }
                }
            } else if ch == "\"" || ch == "'" {
                // A quote opens a string only at the start of a scalar.
                if prev == " " || prev == ":" || prev == "[" || prev == "," || prev == "-" { quote = ch }
            } else if ch == "#", prev == " " || prev == "\t" {
                return s[s.startIndex..<idx]
            }
            prev = ch
            idx = s.index(after: idx)
        }
        return s
    }

    struct Parser {
        let lines: [Line]
        let path: String
        var pos = 0

        func fail(_ line: Int, _ problem: String) -> StarlintError {
            .config(path: path, line: line, problem: problem)
        }

        static func isListItem(_ t: String) -> Bool { t == "-" || t.hasPrefix("- ") }

        mutating func block(indent: Int) throws(StarlintError) -> ConfigValue {
            let l = lines[pos]
            return Parser.isListItem(l.text) ? try list(indent: l.indent) : try map(indent: l.indent)
        }

        mutating func map(indent: Int) throws(StarlintError) -> ConfigValue {
            var entries: [ConfigEntry] = []
            let startLine = lines[pos].number
            while pos < lines.count {
                let l = lines[pos]
                if l.indent < indent { break }
                if l.indent > indent { throw fail(l.number, "unexpected indentation") }
                if Parser.isListItem(l.text) { throw fail(l.number, "a list item where a 'key: value' line was expected") }
                guard let (key, rest) = try splitKey(l) else {
                    throw fail(l.number, "expected 'key: value', found '\(l.text)'")
                }
                if entries.contains(where: { $0.key == key }) { throw fail(l.number, "duplicate key '\(key)'") }
                pos += 1
                let value: ConfigValue
                if rest.isEmpty {
                    if pos < lines.count, lines[pos].indent > indent {
                        value = try block(indent: lines[pos].indent)
                    } else if pos < lines.count, lines[pos].indent == indent, Parser.isListItem(lines[pos].text) {
                        value = try list(indent: indent)
                    } else {
                        value = ConfigValue(node: .null, line: l.number)
                    }
                } else {
                    value = try inline(rest, line: l.number)
                    if pos < lines.count, lines[pos].indent > indent {
                        throw fail(lines[pos].number, "unexpected indentation (multi-line values are not supported)")
                    }
                }
                entries.append(ConfigEntry(key: key, line: l.number, value: value))
            }
            return ConfigValue(node: .map(entries), line: startLine)
        }

        mutating func list(indent: Int) throws(StarlintError) -> ConfigValue {
            var items: [ConfigValue] = []
            let startLine = lines[pos].number
            while pos < lines.count {
                let l = lines[pos]
                if l.indent < indent || !Parser.isListItem(l.text) { break }
                if l.indent > indent { throw fail(l.number, "unexpected indentation") }
                let rest = String(l.text.dropFirst()).trimmingLeadingSpaces()
                pos += 1
                if rest.isEmpty {
                    if pos < lines.count, lines[pos].indent > indent, Parser.isListItem(lines[pos].text) {
                        items.append(try list(indent: lines[pos].indent))
                    } else {
                        throw fail(l.number, "empty list item")
                    }
                    continue
                }
                if Parser.isListItem(rest) { throw fail(l.number, "nested lists on one line are not supported") }
                if try splitKey(Line(number: l.number, indent: 0, text: rest)) != nil, !rest.hasPrefix("\""), !rest.hasPrefix("'") {
                    throw fail(l.number, "mappings inside lists are not supported")
                }
                items.append(try inline(rest, line: l.number))
                if pos < lines.count, lines[pos].indent > indent {
                    throw fail(lines[pos].number, "unexpected indentation (multi-line values are not supported)")
                }
            }
            return ConfigValue(node: .list(items), line: startLine)
        }

        /// `key: rest` where the colon is followed by a space or ends the line.
        func splitKey(_ l: Line) throws(StarlintError) -> (String, String)? {
            let t = l.text
            if t.hasPrefix("\"") || t.hasPrefix("'") {
                let (key, after) = try YAMLSubset.quoted(Substring(t), path: path, line: l.number)
                let rest = after.trimmingLeadingSpaces()
                guard rest.hasPrefix(":") else { return nil }
                return (key, String(rest.dropFirst()).trimmingLeadingSpaces())
            }
            var idx = t.startIndex
            while idx < t.endIndex {
                if t[idx] == ":" {
                    let next = t.index(after: idx)
                    if next == t.endIndex || t[next] == " " {
                        let key = String(t[t.startIndex..<idx]).trimmingTrailingSpaces()
                        if key.isEmpty { return nil }
                        return (key, String(t[next...]).trimmingLeadingSpaces())
                    }
                }
                idx = t.index(after: idx)
            }
            return nil
        }

        func inline(_ text: String, line: Int) throws(StarlintError) -> ConfigValue {
            guard let c = text.first else { return ConfigValue(node: .null, line: line) }
            switch c {
            case "[":
                return ConfigValue(node: .list(try inlineList(text, line: line)), line: line)
            case "{":
                throw fail(line, "inline mappings ({...}) are not supported; write one 'key: value' per line")
            case "|", ">":
                throw fail(line, "block scalars (| and >) are not supported; write the value on one line")
            case "&", "*", "!":
                throw fail(line, "anchors, aliases and tags are not supported")
            case "\"", "'":
                let (s, rest) = try YAMLSubset.quoted(Substring(text), path: path, line: line)
                if !rest.trimmingLeadingSpaces().isEmpty { throw fail(line, "unexpected text after the closing quote") }
                return ConfigValue(node: .scalar(s, quoted: true), line: line)
            default:
                return ConfigValue(node: .scalar(text, quoted: false), line: line)
            }
        }

        func inlineList(_ text: String, line: Int) throws(StarlintError) -> [ConfigValue] {
            guard text.hasSuffix("]") else { throw fail(line, "an inline list must close with ']' on the same line") }
            var body = Substring(text.dropFirst().dropLast())
            var items: [ConfigValue] = []
            body = Substring(String(body).trimmingLeadingSpaces())
            if body.allSatisfy({ $0 == " " }) { return [] }
            while true {
                body = Substring(String(body).trimmingLeadingSpaces())
                if body.first == "\"" || body.first == "'" {
                    let (s, rest) = try YAMLSubset.quoted(body, path: path, line: line)
                    items.append(ConfigValue(node: .scalar(s, quoted: true), line: line))
                    let r = rest.trimmingLeadingSpaces()
                    if r.isEmpty { break }
                    guard r.hasPrefix(",") else { throw fail(line, "expected ',' between list items") }
                    body = Substring(r.dropFirst())
                    continue
                }
                let end = body.firstIndex(of: ",") ?? body.endIndex
                let item = String(body[body.startIndex..<end]).trimmingTrailingSpaces()
                if item.isEmpty { throw fail(line, "empty item in inline list") }
                if item.hasPrefix("[") || item.hasPrefix("{") { throw fail(line, "nested inline lists are not supported") }
                items.append(ConfigValue(node: .scalar(item, quoted: false), line: line))
                if end == body.endIndex { break }
                body = body[body.index(after: end)...]
            }
            return items
        }
    }

    /// Reads a quoted scalar at the start of `s`; returns it and the text after the quote.
    static func quoted(_ s: Substring, path: String, line: Int) throws(StarlintError) -> (String, String) {
        guard let q = s.first else { return ("", "") }
        var out = ""
        var idx = s.index(after: s.startIndex)
        while idx < s.endIndex {
            let ch = s[idx]
            if ch == q {
                let next = s.index(after: idx)
                if q == "'", next < s.endIndex, s[next] == "'" {
                    out.append("'")
                    idx = s.index(after: next)
                    continue
                }
                return (out, String(s[next...]))
            }
            if q == "\"", ch == "\\" {
                idx = s.index(after: idx)
                guard idx < s.endIndex else { break }
                switch s[idx] {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "\\": out.append("\\")
                case "\"": out.append("\"")
                case "/": out.append("/")
                default:
                    throw .config(path: path, line: line, problem: "unsupported escape '\\\(s[idx])' in a quoted string")
                }
                idx = s.index(after: idx)
                continue
            }
            out.append(ch)
            idx = s.index(after: idx)
        }
        throw .config(path: path, line: line, problem: "unterminated quoted string")
    }
}

/// A small JSON parser for `.starlint.json` that keeps line numbers (JSONDecoder does not).
struct JSONConfigParser {
    let bytes: [UInt8]
    let path: String
    var i = 0
    var line = 1

    static func parse(_ bytes: [UInt8], path: String) throws(StarlintError) -> ConfigValue {
        var p = JSONConfigParser(bytes: bytes, path: path)
        p.i = UTF8Check.byteOrderMarkLength(bytes)
        p.skipSpace()
        if p.i == bytes.count { return ConfigValue(node: .map([]), line: 1) }
        let v = try p.value(depth: 0)
        p.skipSpace()
        if p.i < bytes.count { throw p.fail("unexpected text after the JSON value") }
        return v
    }

    func fail(_ problem: String) -> StarlintError { .config(path: path, line: line, problem: problem) }

    mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x0A: line += 1; i += 1
            case 0x20, 0x09, 0x0D: i += 1
            default: return
            }
        }
    }

    mutating func value(depth: Int) throws(StarlintError) -> ConfigValue {
        guard depth < 32 else { throw fail("nesting too deep") }
        skipSpace()
        guard i < bytes.count else { throw fail("unexpected end of file") }
        let start = line
        switch bytes[i] {
        case 0x7B:  // {
            i += 1
            var entries: [ConfigEntry] = []
            skipSpace()
            if i < bytes.count, bytes[i] == 0x7D { i += 1; return ConfigValue(node: .map([]), line: start) }
            while true {
                skipSpace()
                let keyLine = line
                guard i < bytes.count, bytes[i] == 0x22 else { throw fail("expected a quoted key") }
                let key = try string()
                if entries.contains(where: { $0.key == key }) {
                    throw StarlintError.config(path: path, line: keyLine, problem: "duplicate key '\(key)'")
                }
                skipSpace()
                guard i < bytes.count, bytes[i] == 0x3A else { throw fail("expected ':' after key '\(key)'") }
                i += 1
                let v = try value(depth: depth + 1)
                entries.append(ConfigEntry(key: key, line: keyLine, value: v))
                skipSpace()
                guard i < bytes.count else { throw fail("unexpected end of file (missing '}')") }
                if bytes[i] == 0x2C { i += 1; continue }
                if bytes[i] == 0x7D { i += 1; break }
                throw fail("expected ',' or '}'")
            }
            return ConfigValue(node: .map(entries), line: start)
        case 0x5B:  // [
            i += 1
            var items: [ConfigValue] = []
            skipSpace()
            if i < bytes.count, bytes[i] == 0x5D { i += 1; return ConfigValue(node: .list([]), line: start) }
            while true {
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard i < bytes.count else { throw fail("unexpected end of file (missing ']')") }
                if bytes[i] == 0x2C { i += 1; continue }
                if bytes[i] == 0x5D { i += 1; break }
                throw fail("expected ',' or ']'")
            }
            return ConfigValue(node: .list(items), line: start)
        case 0x22:
            return ConfigValue(node: .scalar(try string(), quoted: true), line: start)
        default:
            var j = i
            while j < bytes.count, !(bytes[j] == 0x2C || bytes[j] == 0x5D || bytes[j] == 0x7D || bytes[j] == 0x20 || bytes[j] == 0x0A || bytes[j] == 0x0D || bytes[j] == 0x09) {
                j += 1
            }
            let word = String(decoding: bytes[i..<j], as: UTF8.self)
            i = j
            if word == "null" { return ConfigValue(node: .null, line: start) }
            guard word == "true" || word == "false" || isNumber(word) else { throw fail("unexpected '\(word)'") }
            return ConfigValue(node: .scalar(word, quoted: false), line: start)
        }
    }

    func isNumber(_ w: String) -> Bool {
        !w.isEmpty && w.allSatisfy { $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." || $0 == "e" || $0 == "E" }
    }

    mutating func string() throws(StarlintError) -> String {
        i += 1
        var out: [UInt8] = []
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x22 { i += 1; return String(decoding: out, as: UTF8.self) }
            if b == 0x0A { throw fail("unterminated string") }
            if b == 0x5C {
                i += 1
                guard i < bytes.count else { break }
                switch bytes[i] {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x2F: out.append(0x2F)
                case 0x6E: out.append(0x0A)
                case 0x74: out.append(0x09)
                case 0x72: out.append(0x0D)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x75:
                    guard i + 4 < bytes.count, let v = UInt32(String(decoding: bytes[(i + 1)...(i + 4)], as: UTF8.self), radix: 16),
                          let scalar = Unicode.Scalar(v) else { throw fail("bad \\u escape") }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    i += 4
                default: throw fail("bad escape in string")
                }
                i += 1
                continue
            }
            out.append(b)
            i += 1
        }
        throw fail("unterminated string")
    }
}

extension String {
    func trimmingLeadingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" })
    }

    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
