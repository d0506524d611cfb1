import JieduiCore

/// A column of printed output: the English key, the Chinese label, and whether its values are
/// personal numbers to be masked.
struct Column: Sendable {
    let key: String
    let label: String
    let kind: Kind

    enum Kind: Sendable {
        case plain
        /// ID-card or phone numbers: masked unless revealed.
        case personal
        /// Free values of unknown shape (sql results): masked where they look personal.
        case unknown
        /// What the program computed, never typed (a digest): printed as it is, since a run of
        /// hex digits can look like a phone number.
        case digest
    }

    init(key: String, label: String, kind: Kind = .plain) {
        self.key = key
        self.label = label
        self.kind = kind
    }

    init(_ field: Field) {
        self.init(key: field.key, label: field.label, kind: field.isPersonal ? .personal : .plain)
    }

    func heading(_ lang: Lang) -> String { lang == .zh ? label : key }
}

/// What a command gives back, before it is formatted for the chosen output.
enum Output: Sendable {
    case nothing
    /// A record was added: its id (or name for a village or unit).
    case added(key: String, keyName: String, name: String?)
    /// One command added several records.
    case addedMany([String])
    case table(columns: [Column], rows: [[Value]])
    /// One record, every field: `show`.
    case record(columns: [Column], values: [Value])
    case count(Int)
    case counts(column: Column, counts: [(Value, Int)])
    /// A confirmation for the table format only; csv, tsv and json print nothing.
    case message(Message)
    /// Text for reading (help): lines in table, csv and tsv; one JSON string in json.
    case text(String)
    /// An export: the file, its rows and its SHA-256.
    case exported(path: String, rows: Int, sha256: String)
    /// An import's summary.
    case imported(read: Int, added: Int, updated: Int, rejected: Int)
}

/// The output formats of language.md.
enum OutputFormat: String, Sendable, CaseIterable {
    case table, csv, tsv, json
}
