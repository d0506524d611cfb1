import JieduiCore
import JieduiLanguage

/// One command of the language as `CommandTable` declares it: its words, what `help` says of it,
/// what Tab offers after it, whether it may write, and what runs it. Modelled on
/// swift-argument-parser, whose command declarations drive parsing, help and completion alike.
struct CommandSpec: Sendable {
    /// Whose command it is.
    enum Scope: Sendable, Hashable {
        /// A verb of one noun: `child review`.
        case noun(Noun)
        /// A command of its own: `check`, `sql`, `begin`.
        case command
    }

    /// A positional word after the command's own words, in order.
    enum Operand: Sendable, Hashable {
        /// A record of the noun, by id or name (REF).
        case record
        /// One of these words: `export ledger|book|quarter`.
        case choice([String])
        /// A file's path.
        case file
        /// A setting's name.
        case setting
        /// A noun or a command, then one of that noun's verbs: `help NOUN VERB`.
        case topic
        /// Free text, such as `sql`'s query or `export quarter`'s quarter (`2024Q4`), which may
        /// be left out: nothing to offer but the keys that may come instead.
        case text
    }

    /// A `key=value` the command takes, other than the noun's own fields.
    struct Key: Sendable {
        let name: String
        /// How its value is read, for Tab; nil for text.
        let type: FieldType?
        /// What `help` says of it, where the key is not a field of the noun.
        let note: HelpText?

        init(_ name: String, _ type: FieldType? = nil, note: HelpText? = nil) {
            self.name = name
            self.type = type
            self.note = note
        }

        /// A key read as the field of the same name of `noun`.
        init(_ name: String, like noun: Noun) {
            guard let field = Schema.of(noun).field(named: name) else { preconditionFailure("\(noun) has no field \(name)") }
            self.init(name, field.type)
        }
    }

    /// The `key=value`s a command takes.
    enum Keys: Sendable {
        /// The fields of the noun that are entered (`add`, `set`), by key or Chinese label, and
        /// these besides; `new` when the record is new, so that its required fields must be given.
        case fields(extra: [Key], new: Bool)
        /// The noun's fields in the clauses of `list` and `count`.
        case clauses
        /// Exactly these.
        case named([Key])

        static let none = Keys.named([])
    }

    /// Whether a command may write to the database (an audit entry included). One that cannot
    /// runs without taking the town's write lock, so that it never waits for another clerk.
    enum Access: Sendable {
        case reads
        /// Writes only the audit entry of an unmasked output (个人信息保护).
        case readsUnlessRevealing
        case writes
        /// Depends on the words given and on whether output is unmasked.
        case depends(@Sendable (_ command: Command, _ revealing: Bool) -> Bool)
    }

    /// The commands the runner carries out itself, since they act on its transactions and
    /// on the scripts it is running.
    enum RunnerAction: Sendable, Hashable {
        case begin, commit, rollback, run, quit
    }

    /// What carries a command out.
    enum Handler: Sendable {
        case interpreter(@Sendable (Interpreter, Command) throws -> Output)
        case runner(RunnerAction)
    }

    let scope: Scope
    /// The verb after the noun, or the command's own word.
    let word: String
    /// What follows the words, as `help` shows it: `REF [date=D]`.
    let usage: String
    /// What it does, in the general help and on its own page.
    let summary: HelpText
    /// A longer account for its own page, where the summary is not enough.
    let details: HelpText?
    /// Whole command lines, as a user would type them.
    let examples: [String]
    let operands: [Operand]
    let keys: Keys
    /// Bare words it takes after its operands: `apply`, `reveal`, `keep-going`.
    let flags: [String]
    let access: Access
    let handler: Handler
    /// Listed among the commands of the general help although it is a noun's verb.
    let featured: Bool

    init(_ scope: Scope, _ word: String, usage: String, summary: HelpText, details: HelpText? = nil,
         examples: [String], operands: [Operand] = [], keys: Keys = .none, flags: [String] = [],
         access: Access, featured: Bool = false, handler: Handler) {
        self.scope = scope
        self.word = word
        self.usage = usage
        self.summary = summary
        self.details = details
        self.examples = examples
        self.operands = operands
        self.keys = keys
        self.flags = flags
        self.access = access
        self.handler = handler
        self.featured = featured
    }

    /// Its noun, if it is a noun's verb.
    var noun: Noun? {
        if case .noun(let noun) = scope { return noun }
        return nil
    }

    /// The words that name it: `child review`, `check`.
    var name: String { noun.map { "\($0.rawValue) \(word)" } ?? word }

    /// How many words name it.
    var wordCount: Int { noun == nil ? 1 : 2 }

    /// Its usage line: `child review REF [date=D]`.
    var synopsis: String { usage.isEmpty ? name : "\(name) \(usage)" }

    /// Whether `command`, an instance of this declaration, may write to the database.
    func mayWrite(_ command: Command, revealing: Bool) -> Bool {
        switch access {
        case .reads: false
        case .readsUnlessRevealing: revealing
        case .writes: true
        case .depends(let decide): decide(command, revealing)
        }
    }

    /// The names of its keys, the noun's fields included.
    func keyNames() -> [String] {
        switch keys {
        case .fields(let extra, _): entered.flatMap { [$0.key, $0.label] } + extra.map(\.name)
        case .clauses: noun.map { Schema.of($0).fields.flatMap { [$0.key, $0.label] } } ?? []
        case .named(let keys): keys.map(\.name)
        }
    }

    /// The noun's fields a user enters, for `add` and `set`.
    var entered: [Field] {
        noun.map { Schema.of($0).fields.filter { $0.origin == .entered } } ?? []
    }

    /// How the value of `key` is read: a key it declares, else the noun's field of that name.
    func valueType(of key: String) -> FieldType? {
        let extra: [Key] = switch keys {
        case .fields(let extra, _): extra
        case .named(let keys): keys
        case .clauses: []
        }
        if let declared = extra.first(where: { $0.name.lowercased() == key.lowercased() }) { return declared.type }
        return noun.flatMap { Schema.of($0).field(named: key)?.type }
    }
}
