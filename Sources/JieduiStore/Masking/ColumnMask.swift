import GRDBSQLite
import JieduiCore

/// How `sql` sees a stored column while masking is on, and the SQL function that masks it.
///
/// The masking itself is Core's (`Masking`), the same code every other output uses; SQLite
/// calls it through a C function registered on each connection that runs `sql`.
package enum ColumnMask: Int, CaseIterable, Sendable {
    /// An ID-card or phone field (`idno`, `phone` in the schema): always masked.
    case personalNumber = 1
    /// Text a person typed (notes, descriptions, the audit log's commands): the personal
    /// numbers in it are masked, as `Renderer` masks them in every other output.
    case freeText

    /// The name of the SQL function that masks a value this way.
    var function: String {
        switch self {
        case .personalNumber: "jiedui_mask_personal_number"
        case .freeText: "jiedui_mask_free_text"
        }
    }

    func masked(_ text: String) -> String {
        switch self {
        case .personalNumber: Masking.maskPersonalField(text)
        case .freeText: Masking.maskPersonalNumbers(in: text)
        }
    }

    // MARK: Which columns

    /// How a column of a table is masked, or nil if it holds nothing personal. A noun's
    /// table follows its schema: `idno` and `phone` fields are personal numbers, text fields
    /// free text (except keys and ids, which other tables copy and join on). Any other table
    /// masks every column as free text except those `plainColumnsOfOtherTables` names, so
    /// that a table added later is masked until someone says what it holds.
    package static func of(table: String, column: String) -> ColumnMask? {
        if let noun = Noun.allCases.first(where: { $0.table == table }) {
            guard let field = Schema.of(noun).fields.first(where: { $0.key == column && $0.isStored }) else { return nil }
            if field.isPersonal { return .personalNumber }
            switch field.type {
            case .text, .helperOrText, .referral:
                // Ids are the program's; a name that is a key (a village's, a unit's, an
                // org's) is typed text like any other, masked alike wherever it is copied.
                return field.origin == .assigned ? nil : .freeText
            case .reference(let target), .referenceList(let target):
                return Schema.of(target).field(target.keyField).origin == .assigned ? nil : .freeText
            default:
                return nil
            }
        }
        return plainColumnsOfOtherTables[table]?.contains(column) == true ? nil : .freeText
    }

    /// The columns of tables that are no noun's which hold ids, names of records, counters,
    /// dates and hashes — never text a person typed.
    static let plainColumnsOfOtherTables: [String: Set<String>] = [
        "setting": ["key"],
        "id_counter": ["noun", "last"],
        "unit_village": ["position"],
        "training_attendee": ["training", "helper", "position"],
        "quarter_report": ["quarter", "filed"],
        "audit": ["seq", "time", "hash"],
        "grdb_migrations": ["identifier"],
        // A server's town keeps its steps and the audit chain's head in tables of its own.
        "jiedui_migrations": ["identifier"],
        "audit_head": ["one", "seq", "hash"],
    ]

    // MARK: SQL functions

    /// Registers the masking functions on a connection. They are deterministic and innocuous
    /// (no side effects), so SQLite may use them in views and fold repeated calls.
    static func registerFunctions(on connection: OpaquePointer) {
        for mask in allCases {
            let code = sqlite3_create_function_v2(
                connection, mask.function, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                UnsafeMutableRawPointer(bitPattern: mask.rawValue), maskFunction, nil, nil, nil)
            precondition(code == SQLITE_OK, "cannot register \(mask.function): \(code)")
        }
    }
}

/// SQLite's marker for "copy the result text now".
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// The C body of both masking functions; which mask is the function's user data. NULL stays
/// NULL; numbers and blobs are masked as their text, so that no value passes unmasked. Text
/// without a run of seven digits is returned as it is without being copied, which keeps a
/// scan of tens of thousands of notes cheap.
private let maskFunction: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = { context, _, arguments in
    guard let context, let argument = arguments?[0] else { return }
    guard let mask = ColumnMask(rawValue: Int(bitPattern: sqlite3_user_data(context))) else {
        preconditionFailure("a masking function without its mask")
    }
    let type = sqlite3_value_type(argument)
    if type == SQLITE_NULL {
        sqlite3_result_null(context)
        return
    }
    guard let text = sqlite3_value_text(argument) else {
        sqlite3_result_error_nomem(context)
        return
    }
    let bytes = UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(argument)))
    if mask == .freeText, type == SQLITE_TEXT, !Masking.mayHoldPersonalNumber(utf8: bytes) {
        sqlite3_result_value(context, argument)
        return
    }
    var masked = mask.masked(String(decoding: bytes, as: UTF8.self))
    masked.withUTF8 { utf8 in
        utf8.withMemoryRebound(to: CChar.self) { chars in
            if let start = chars.baseAddress {
                sqlite3_result_text(context, start, Int32(chars.count), transient)
            } else {
                // An empty buffer may have no address, which SQLite would read as NULL.
                sqlite3_result_text(context, "", 0, transient)
            }
        }
    }
}
