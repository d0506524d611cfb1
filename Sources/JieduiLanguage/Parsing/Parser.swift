import JieduiCore

/// Turns a lexed command into a `Command`, or a diagnostic at the offending token.
///
/// The parser knows the shape of commands, not their meaning: which words are commands,
/// nouns, fields or refs is the interpreter's business, so that the language can grow
/// without the parser changing.
public struct Parser {
    /// Words that start a clause of `list`, `count` and `log`.
    public static let clauseKeywords: Set<String> = ["where", "sort", "limit", "show", "by"]
    /// How deep parentheses and `not` may nest: deeper input is refused, never a stack overflow.
    public static let maxDepth = 12

    private let tokens: [Token]
    private var position = 0
    private let endLocation: SourceLocation

    private init(_ lexed: LexedCommand) {
        tokens = lexed.tokens
        let last = lexed.tokens.last?.location ?? lexed.location
        endLocation = SourceLocation(line: last.line, column: last.column + (lexed.tokens.last?.spelling.count ?? 0))
    }

    /// Parses every command of a text; each is a command or the diagnostic that stopped it.
    public static func parse(_ text: String) -> [Result<Command, Diagnostic>] {
        Lexer.commands(in: text).map(parse)
    }

    public static func parse(_ lexed: LexedCommand) -> Result<Command, Diagnostic> {
        if let error = lexed.error { return .failure(error) }
        var parser = Parser(lexed)
        do {
            var command = try parser.parseCommand(at: lexed.location)
            command.text = lexed.text
            command.raw = lexed.raw
            return .success(command)
        } catch {
            return .failure(error)
        }
    }

    private var peek: Token? { position < tokens.count ? tokens[position] : nil }
    private var peekNext: Token? { position + 1 < tokens.count ? tokens[position + 1] : nil }

    private mutating func next() -> Token? {
        defer { position += 1 }
        return peek
    }

    private func unexpected(_ token: Token?) -> Diagnostic {
        guard let token else { return Diagnostic(.unexpectedToken(""), at: endLocation) }
        return Diagnostic(.unexpectedToken(token.spelling), at: token.location)
    }

    private static func keyword(_ token: Token?) -> String? {
        guard let token, case .word(let text, false) = token.kind else { return nil }
        return text.lowercased()
    }

    private static func operatorText(_ token: Token) -> String {
        switch token.kind {
        case .equals: "="
        case .op(let op): op.rawValue
        default: ""
        }
    }

    private static func isOperator(_ token: Token) -> Bool {
        switch token.kind {
        case .equals, .op: true
        default: false
        }
    }

    private static func word(_ token: Token) -> Word? {
        guard case .word(let text, let quoted) = token.kind else { return nil }
        return Word(text, at: token.location, quoted: quoted)
    }

    private func clausesAllowed(_ command: Command) -> Bool {
        guard let first = command.words.first?.text.lowercased() else { return false }
        if first == "log" { return true }
        guard command.words.count >= 2 else { return false }
        let verb = command.words[1].text.lowercased()
        return verb == "list" || verb == "count"
    }

    private mutating func parseCommand(at location: SourceLocation) throws(Diagnostic) -> Command {
        var command = Command(location: location)
        var seen: Set<String> = []
        while let token = peek {
            guard let word = Self.word(token) else { throw unexpected(token) }
            if let equals = peekNext, equals.kind == .equals {
                position += 2
                command.assignments.append(Assignment(key: word, items: try parseItems(), equalsLocation: equals.location))
                continue
            }
            if !word.quoted, clausesAllowed(command), Self.clauseKeywords.contains(word.text.lowercased()) {
                let clause = word.text.lowercased()
                guard seen.insert(clause).inserted else { throw Diagnostic(.duplicateClause(clause), at: word.location) }
                position += 1
                switch clause {
                case "where":
                    command.filter = try parseOr(depth: 0)
                    // `sex = 女 age > 8`: the next condition lacks its `and`.
                    if let token = peek, let word = Self.word(token), !isClauseKeyword(token), peekNext?.kind != .equals {
                        throw Diagnostic(.expectedJoin(word.text), at: token.location)
                    }
                case "sort":
                    command.sort = try parseSort()
                    try expectNoMoreItems(of: "sort")
                case "limit":
                    guard let value = next().flatMap(Self.word) else { throw Diagnostic(.expectedValue(after: "limit"), at: token.location) }
                    command.limit = value
                case "show":
                    command.show = try parseFieldList(after: "show", at: word.location)
                    try expectNoMoreItems(of: "show")
                default:
                    guard let field = next().flatMap(Self.word) else { throw Diagnostic(.expectedField, at: word.location) }
                    command.by = field
                }
                continue
            }
            // `child list wher …`: a misspelt clause, not a word of the command.
            if !word.quoted, command.words.count >= 2, clausesAllowed(command) {
                let close = Suggestions.closest(to: word.text, among: Self.clauseKeywords.sorted())
                if !close.isEmpty { throw Diagnostic(.unknownClause(word.text, suggestions: close), at: word.location) }
            }
            position += 1
            command.words.append(word)
        }
        return command
    }

    private func isClauseKeyword(_ token: Token) -> Bool {
        Self.keyword(token).map(Self.clauseKeywords.contains) ?? false
    }

    /// After the items of `show` or `sort`, another bare word is an item that lacks its comma.
    private func expectNoMoreItems(of clause: String) throws(Diagnostic) {
        guard let token = peek, Self.word(token) != nil, !isClauseKeyword(token), peekNext?.kind != .equals else { return }
        throw Diagnostic(.expectedComma(clause: clause), at: token.location)
    }

    /// The items of a value: words separated by commas; none when the value is left empty.
    private mutating func parseItems() throws(Diagnostic) -> [Word] {
        var items: [Word] = []
        guard let first = peek, let word = Self.word(first) else {
            if let token = peek, token.kind != .comma { throw unexpected(token) }
            return items
        }
        // `key=a b=c`: a word followed by `=` starts the next assignment, not this value; right
        // against it (`key=a=b`), it is a value holding `=` that needed quotes.
        if let after = peekNext, after.kind == .equals {
            if after.location.line == first.location.line, after.location.column == first.location.column + first.spelling.count {
                throw Diagnostic(.quoteEquals(key: tokens[position - 2].spelling), at: first.location)
            }
            return items
        }
        position += 1
        items.append(word)
        while let comma = peek, comma.kind == .comma {
            position += 1
            guard let token = peek, let item = Self.word(token) else { throw Diagnostic(.expectedValue(after: ","), at: comma.location) }
            position += 1
            items.append(item)
        }
        return items
    }

    private mutating func parseFieldList(after keyword: String, at location: SourceLocation) throws(Diagnostic) -> [Word] {
        var fields: [Word] = []
        repeat {
            guard let token = next(), let field = Self.word(token), !isClauseKeyword(token) else {
                throw Diagnostic(.expectedField, at: tokens.indices.contains(position - 1) ? tokens[position - 1].location : location)
            }
            fields.append(field)
        } while peek?.kind == .comma && { position += 1; return true }()
        return fields
    }

    /// Words a user may write for a sort's direction, answered with the two it has.
    private static let mistakenDirections: Set<String> = ["up", "down", "ascending", "descending", "reverse", "升序", "降序", "正序", "倒序"]

    private mutating func parseSort() throws(Diagnostic) -> [SortClause] {
        var keys: [SortClause] = []
        repeat {
            guard let token = next(), let field = Self.word(token), !isClauseKeyword(token) else {
                throw Diagnostic(.expectedField, at: tokens.indices.contains(position - 1) ? tokens[position - 1].location : endLocation)
            }
            var descending = false
            if let direction = Self.keyword(peek), direction == "desc" || direction == "asc" {
                descending = direction == "desc"
                position += 1
            } else if let token = peek, let word = Self.keyword(token), Self.mistakenDirections.contains(word), peekNext?.kind != .equals {
                throw Diagnostic(.sortDirection(word), at: token.location)
            }
            keys.append(SortClause(field: field, descending: descending))
        } while peek?.kind == .comma && { position += 1; return true }()
        return keys
    }

    // MARK: Expressions: or → and → not → primary

    private mutating func parseOr(depth: Int) throws(Diagnostic) -> WhereExpression {
        try parseChain("or", joinedBy: WhereExpression.or) { (parser: inout Parser) throws(Diagnostic) in try parser.parseAnd(depth: depth) }
    }

    private mutating func parseAnd(depth: Int) throws(Diagnostic) -> WhereExpression {
        try parseChain("and", joinedBy: WhereExpression.and) { (parser: inout Parser) throws(Diagnostic) in try parser.parseUnary(depth: depth) }
    }

    /// Terms that `term` parses, separated by the keyword `keyword`, joined by `join`.
    private mutating func parseChain(_ keyword: String, joinedBy join: (WhereExpression, WhereExpression) -> WhereExpression,
                                     term: (inout Parser) throws(Diagnostic) -> WhereExpression) throws(Diagnostic) -> WhereExpression {
        var terms = [try term(&self)]
        while Self.keyword(peek) == keyword {
            position += 1
            terms.append(try term(&self))
        }
        return Self.joined(terms[...], by: join)
    }

    /// Terms joined by one operator as a balanced tree: `and` and `or` are associative, and a
    /// generated chain of thousands of terms is then a dozen levels deep, not thousands, for
    /// every walk of the tree and for the SQL made from it.
    private static func joined(_ terms: ArraySlice<WhereExpression>, by join: (WhereExpression, WhereExpression) -> WhereExpression) -> WhereExpression {
        guard terms.count > 1 else { return terms[terms.startIndex] }
        let middle = terms.startIndex + terms.count / 2
        return join(joined(terms[..<middle], by: join), joined(terms[middle...], by: join))
    }

    private mutating func parseUnary(depth: Int) throws(Diagnostic) -> WhereExpression {
        guard depth <= Self.maxDepth else { throw Diagnostic(.nestingTooDeep, at: peek?.location ?? endLocation) }
        if Self.keyword(peek) == "not" {
            position += 1
            return .not(try parseUnary(depth: depth + 1))
        }
        if let open = peek, open.kind == .openParen {
            position += 1
            let inner = try parseOr(depth: depth + 1)
            // Point at the parenthesis that was left open.
            guard let close = next(), close.kind == .closeParen else { throw Diagnostic(.expectedCloseParen, at: open.location) }
            return inner
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(Diagnostic) -> WhereExpression {
        guard let token = next() else { throw Diagnostic(.expectedField, at: endLocation) }
        guard let field = Self.word(token), !(Self.keyword(token).map(Self.clauseKeywords.contains) ?? false) else {
            throw Diagnostic(.expectedField, at: token.location)
        }
        guard let opToken = next() else { throw Diagnostic(.expectedOperator(after: field.text), at: endLocation) }
        // `==` or `<>`, as other query languages write them: no operator of this one.
        if Self.isOperator(opToken), peek.map(Self.isOperator) == true {
            var written = ""
            while let token = peek, Self.isOperator(token), token.location.line == opToken.location.line { written += Self.operatorText(token); position += 1 }
            throw Diagnostic(.notAnOperator(Self.operatorText(opToken) + written), at: opToken.location)
        }
        switch opToken.kind {
        case .equals:
            return .comparison(field: field, op: .equal, opLocation: opToken.location, value: try parseValue(after: "="))
        case .op(let op):
            return .comparison(field: field, op: op, opLocation: opToken.location, value: try parseValue(after: op.rawValue))
        case .word(let text, false) where text.lowercased() == "in":
            return .membership(field: field, values: try parseValueList())
        case .word(let text, false) where text.lowercased() == "not" && Self.keyword(peek) == "in":
            position += 1
            return .not(.membership(field: field, values: try parseValueList()))
        case .word(let text, false) where text.lowercased() == "is":
            var negated = false
            if Self.keyword(peek) == "not" {
                negated = true
                position += 1
            }
            guard Self.keyword(peek) == "empty" else { throw Diagnostic(.expectedEmpty, at: peek?.location ?? endLocation) }
            position += 1
            return .emptiness(field: field, negated: negated)
        default:
            throw Diagnostic(.expectedOperator(after: field.text), at: opToken.location)
        }
    }

    private mutating func parseValue(after op: String) throws(Diagnostic) -> Word {
        guard let token = peek, let value = Self.word(token) else {
            throw Diagnostic(.expectedValue(after: op), at: peek?.location ?? endLocation)
        }
        position += 1
        return value
    }

    /// `in (a, b)`. A Chinese input method types the list `（孤儿，6）` or `(孤儿、 6)`: the lexer
    /// keeps full-width marks inside a word, so here `（` and `）` at a word's ends open and close
    /// the list as `(` and `)` do, and `，` and `、` in an unquoted word separate values as `,`
    /// does (records.md's list separators), wherever spaces fall around them.
    private mutating func parseValueList() throws(Diagnostic) -> [Word] {
        var values: [Word] = []
        var expectingValue = true
        var lastLocation = tokens.indices.contains(position - 1) ? tokens[position - 1].location : endLocation
        func value(_ word: Word) throws(Diagnostic) {
            guard expectingValue else { throw Diagnostic(.expectedCloseParen, at: word.location) }
            values.append(word)
            expectingValue = false
        }
        func separator(_ location: SourceLocation) throws(Diagnostic) {
            guard !expectingValue else { throw Diagnostic(.expectedValue(after: values.isEmpty ? "(" : ","), at: location) }
            expectingValue = true
        }
        func close(_ location: SourceLocation) throws(Diagnostic) -> [Word] {
            guard !expectingValue else { throw Diagnostic(.expectedValue(after: values.isEmpty ? "(" : ","), at: location) }
            return values
        }
        /// The values and separators of an unquoted word; true if it closed the list.
        func words(_ text: Substring, at location: SourceLocation) throws(Diagnostic) -> Bool {
            var text = text
            let closes = text.hasSuffix("）")
            if closes { text = text.dropLast() }
            var piece = ""
            for character in text {
                if character == "，" || character == "、" {
                    if !piece.isEmpty { try value(Word(piece, at: location)) }
                    piece = ""
                    try separator(location)
                } else {
                    piece.append(character)
                }
            }
            if !piece.isEmpty { try value(Word(piece, at: location)) }
            return closes
        }

        guard let open = next() else { throw Diagnostic(.expectedValue(after: "in"), at: lastLocation) }
        switch open.kind {
        case .openParen:
            break
        case .word(let text, false) where text.hasPrefix("（"):
            if try words(text.dropFirst(), at: open.location) { return try close(open.location) }
        default:
            throw Diagnostic(.expectedValue(after: "in"), at: lastLocation)
        }
        lastLocation = open.location
        while let token = next() {
            lastLocation = token.location
            switch token.kind {
            case .closeParen:
                return try close(token.location)
            case .comma:
                try separator(token.location)
            case .word(let text, let quoted):
                if quoted {
                    try value(Word(text, at: token.location, quoted: true))
                } else if try words(Substring(text), at: token.location) {
                    return try close(token.location)
                }
            default:
                throw Diagnostic(expectingValue ? .expectedValue(after: values.isEmpty ? "(" : ",") : .expectedCloseParen, at: token.location)
            }
        }
        throw Diagnostic(expectingValue ? .expectedValue(after: values.isEmpty ? "(" : ",") : .expectedCloseParen, at: endLocation)
    }
}
