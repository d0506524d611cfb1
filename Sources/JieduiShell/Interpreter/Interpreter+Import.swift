import Foundation
import JieduiCore
import JieduiExport
import JieduiLanguage

/// `import child|family|helper FILE [keep-going] [update] [dry-run] [ignore=…]` (ledger.md):
/// the villages' survey sheets, each row validated exactly like `add`.
extension Interpreter {
    static let importKinds: [Noun] = [.child, .family, .helper]

    /// The error values Excel, WPS and LibreOffice put in a cell whose formula failed.
    static let formulaErrors: Set<String> = ["#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!", "#CALC!",
                                              "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!", "ERR:502", "ERR:504", "ERR:522"]

    /// What a row will do, known before anything of it is written.
    enum ImportPlan {
        /// An update of a registered child, already applied (`update`).
        case updated(String)
        /// A new record, with the new family it names first where it makes one, or the
        /// registered family a child's row was recognised as.
        case add(family: (record: Record, group: String)?, record: Record, joined: String? = nil)
    }

    func importRecords(_ command: Command) throws -> Output {
        guard command.words.count >= 2, let noun = Noun(rawValue: command.words[1].text.lowercased()), Self.importKinds.contains(noun) else {
            throw ShellError(.importKindNeeded(choices: Self.importKinds.map(\.rawValue)), at: command.words.count >= 2 ? command.words[1].location : command.location)
        }
        guard command.words.count >= 3 else { throw ShellError(.importFileNeeded, at: command.words[1].location) }
        let fileWord = command.words[2]
        var keepGoing = false, update = false, dryRun = false
        for word in command.words.dropFirst(3) {
            switch word.text.lowercased() {
            case "keep-going": keepGoing = true
            case "update": update = true
            case "dry-run": dryRun = true
            default: throw unknownFlag(word, of: command)
            }
        }
        let args = try declaredKeys(command)
        let ignored = Set((args["ignore"]?.items ?? []).flatMap { FieldReader.splitList($0.text) })
        let path = (fileWord.text as NSString).expandingTildeInPath
        let fileName = FilePath.name(of: path)
        let sheet: ImportSheet
        do {
            sheet = try ImportSheet(path: path, noun: noun, ignored: ignored)
        } catch {
            throw ShellError(error.message, at: fileWord.location)
        }

        // Records touched (for the audit log) and rows that added one (for the summary).
        var added: [String] = [], updated: [String] = []
        var addedRows = 0
        var rejected: [(row: Int, cells: [String], reason: String)] = []
        var familyOfGroup: [String: String] = [:]
        // The row that added (or updated) each record, to tell a row repeated in the sheet from
        // one registered before.
        var rowOfRecord: [String: Int] = [:]
        // A column whose numbers a spreadsheet stored as numbers loses the digits of every row; a
        // row whose zeros happen to give a valid check character is refused with the others.
        let idnoColumnLostDigits = sheet.columns.first { $0.field == "idno" }.map { column in
            sheet.rows.contains { column.index < $0.cells.count && Self.lostDigits($0.cells[column.index]) }
        } ?? false
        // The notes that say what a row matched, which are not true of an import rolled back.
        let notesBefore = notes.count
        var matchNotes: Set<Int> = []
        let bar = sheet.rows.count >= Runner.progressThreshold ? ProgressBar(total: sheet.rows.count, lang: session.lang) : nil
        defer { bar?.finish() }
        struct RollBack: Error {}
        var failed: Bool { !rejected.isEmpty && !keepGoing }

        collectingAudit = CollectedAudit()
        resolvedReferences = [:]
        defer { collectingAudit = nil; pendingKeys = []; resolvedReferences = nil }
        do {
            try store.bulkWrite { try store.atomically {
                for (done, line) in sheet.rows.enumerated() {
                    bar?.update(done + 1)
                    if stopRequested() { throw ShellError(.interrupted) }
                    // Each row is checked in full before any of it is written, so that a bad row
                    // leaves nothing behind without a savepoint per row (which made the database copy
                    // every page a row touched into its statement journal).
                    let plan: ImportPlan
                    do {
                        plan = try planImportRow(line, of: sheet, noun: noun, update: update, familyOfGroup: familyOfGroup,
                                                 rowOfRecord: rowOfRecord, idnoColumnLostDigits: idnoColumnLostDigits)
                    } catch {
                        let shellError = ShellError.from(error, at: nil)
                        let column = shellError.location.map { $0.column - 1 }.flatMap { sheet.headings.indices.contains($0) ? sheet.headings[$0] : nil }
                            ?? sheet.heading(of: shellError.message) ?? ""
                        let text = shellError.message.text(session.lang)
                        notes.append(Message.importRowError(file: fileName, row: line.row, column: column, message: text).text(session.lang))
                        rejected.append((line.row, line.cells, text))
                        continue
                    }
                    // A row that passed is written; a failure now is the database's, not the
                    // row's, and stops the whole import (the transaction undoes it).
                    switch plan {
                    case .updated(let key):
                        updated.append(key)
                        rowOfRecord[key] = line.row
                        matchNotes.insert(notes.count)
                        notes.append(Message.importRowUpdated(file: fileName, row: line.row, record: key).text(session.lang))
                    case .add(let family, var record, let joined):
                        if let joined {
                            matchNotes.insert(notes.count)
                            notes.append(Message.importRowJoinedFamily(file: fileName, row: line.row, family: joined).text(session.lang))
                        }
                        if var family {
                            try insertNew(&family.record)
                            guard family.record.key == record["family"].text else {
                                preconditionFailure("family id \(family.record.key) differs from the one checked")
                            }
                            familyOfGroup[family.group] = family.record.key
                            added.append(family.record.key)
                        }
                        let inserted = try insertNew(&record)
                        added.append(record.key)
                        rowOfRecord[record.key] = line.row
                        collectingAudit?.new.merge(inserted) { first, _ in first }
                        addedRows += 1
                    }
                }
                if dryRun || failed { throw RollBack() }
            } }
        } catch is RollBack {
            // A dry run says what the import would do: nothing, where a bad row stops it.
            if failed {
                added = []; updated = []; addedRows = 0
                notes = notes.enumerated().filter { !matchNotes.contains($0.offset) || $0.offset < notesBefore }.map(\.element)
            }
        }

        let collected = collectingAudit ?? CollectedAudit()
        collectingAudit = nil
        do {
            try sheet.writeErrors(rejected, besides: path)
        } catch {
            // The sheet's folder may be one the clerk cannot write (a read-only stick): the
            // import stands, and the bad rows are on standard error.
            let reason = (error as? SpreadsheetError)?.reason ?? FailureReason(error)
            notes.append(Message.importErrorsFileNotWritten(path: ImportSheet.errorsPath(besides: path), reason: reason).text(session.lang))
        }
        // With dry-run the figures say what the import would do.
        let summary = Output.imported(read: sheet.rows.count, added: addedRows, updated: updated.count, rejected: rejected.count)
        if dryRun { notes.append(Message.importDryRun.text(session.lang)) }
        if failed {
            throw ShellError(.importRowsRejected(rejected.count), at: fileWord.location)
        }
        if !dryRun, !added.isEmpty || !updated.isEmpty {
            let refs = added + updated
            // The refs are cut short; the values `changes` reads are whole.
            try audit(command, refs: refs.count > 200 ? Array(refs.prefix(200)) + ["…\(refs.count - 200)"] : refs,
                      old: collected.old, new: collected.new)
        }
        return summary
    }

    /// Checks one row as `add` (or, for a registered record with `update`, `set`) would, and
    /// says what it will add; an update is applied here, since `set` checks everything first.
    /// `familyOfGroup` holds the families earlier rows made, by what groups rows into one.
    /// `rowOfRecord` holds the rows that added records; a row that gives one of those again is refused.
    private func planImportRow(_ line: (row: Int, cells: [String]), of sheet: ImportSheet, noun: Noun, update: Bool,
                               familyOfGroup: [String: String], rowOfRecord: [String: Int], idnoColumnLostDigits: Bool) throws -> ImportPlan {
        func value(_ column: ImportSheet.Column) -> String {
            column.index < line.cells.count ? line.cells[column.index].trimmed : ""
        }
        func at(_ column: ImportSheet.Column) -> SourceLocation { SourceLocation(line: line.row, column: column.index + 1) }
        func assignment(_ column: ImportSheet.Column) -> Assignment {
            Assignment(key: Word(column.field, at: at(column)), items: [Word(value(column), at: at(column))], equalsLocation: at(column))
        }
        func synthesize(_ words: [String], _ assignments: [Assignment]) -> Command {
            var c = Command(location: SourceLocation(line: line.row, column: 1))
            c.words = words.map { Word($0, at: SourceLocation(line: line.row, column: 1)) }
            c.assignments = assignments
            return c
        }
        if let failed = sheet.columns.first(where: { Self.formulaErrors.contains(value($0).uppercased()) }) {
            throw ShellError(.importCellIsFormulaError(value(failed)), at: at(failed))
        }
        let own = sheet.columns.filter { $0.noun == noun && !value($0).isEmpty }
        if noun != .child {
            // A family or helper is recognised by its natural key, as a child by its number.
            guard let existing = try registeredRow(noun, own.map { ($0.field, value($0)) }) else {
                return .add(family: nil, record: try checkedNewRecord(noun, synthesize([noun.rawValue, "add"], own.map(assignment))))
            }
            let keyFields = NaturalKey.fields(of: noun) ?? []
            let keyColumn = own.first { keyFields.contains($0.field) }
            let keyAt = keyColumn.map(at) ?? SourceLocation(line: line.row, column: 1)
            if let row = rowOfRecord[existing] { throw ShellError(.importRepeatsRow(row), at: keyAt) }
            guard update else { throw ShellError(.alreadyRegistered(record: existing), at: keyAt) }
            let changes = own.filter { !keyFields.contains($0.field) }.map(assignment)
            if !changes.isEmpty {
                _ = try set(noun, synthesize([noun.rawValue, "set", existing], changes))
            }
            return .updated(existing)
        }
        // A spreadsheet keeps 15 digits of a number: say so instead of importing a wrong one.
        if let idColumn = own.first(where: { $0.field == "idno" }) {
            let text = value(idColumn)
            if Self.lostDigits(text) || (idnoColumnLostDigits && Self.endsInSpreadsheetZeros(text)) {
                throw ShellError(.idnoLostDigits(value: Self.maskedLostDigits(text)), at: at(idColumn))
            }
            if let idno = try? IdentityNumber.parse(text, today: today),
               let existing = try store.keys(.child, whereStored: "idno", equals: .text(idno.text), limit: 1).first {
                if let row = rowOfRecord[existing] { throw ShellError(.importRepeatsRow(row), at: at(idColumn)) }
                guard update else { throw ShellError(.alreadyRegistered(record: existing), at: at(idColumn)) }
                // An update changes the child, and moves it to the family a `家庭=F0003` cell
                // names (as `child set family=` does); the family's cells must agree with the
                // family the child is then in. A 家庭 cell that is no id only groups new rows.
                let familyFields = sheet.columns.filter { $0.noun == .family && !value($0).isEmpty }
                let movedTo = own.first { $0.field == "family" && Noun.family.idNumber(value($0)) != nil }
                var changes = own.filter { $0.field != "idno" && $0.field != "family" }.map(assignment)
                var family = try fetchFields(.child, existing, ["family"])["family"].text
                if let movedTo {
                    let named = try resolve(.family, Word(Noun.family.formatID(Noun.family.idNumber(value(movedTo))!), at: at(movedTo)))
                    if named != family {
                        family = named
                        changes.append(Assignment(key: Word("family", at: at(movedTo)), items: [Word(named, at: at(movedTo))], equalsLocation: at(movedTo)))
                    }
                }
                try checkFamilyCells(familyFields, agreeWith: family, value: value, at: at)
                if !changes.isEmpty {
                    _ = try set(.child, synthesize(["child", "set", existing], changes))
                }
                return .updated(existing)
            }
        }
        // The family: `家庭=F0003` joins one; a registered family with the row's village,
        // guardian and guardian phone is joined; otherwise rows with the same 家庭 value, or
        // else the same village, guardian and guardian phone, make one new family.
        let familyColumn = own.first { $0.field == "family" }
        let familyFields = sheet.columns.filter { $0.noun == .family && !value($0).isEmpty }
        var family: String
        var newFamily: (record: Record, group: String)?
        var joinedFamily: String?
        if let familyColumn, let n = Noun.family.idNumber(value(familyColumn)) {
            family = try resolve(.family, Word(Noun.family.formatID(n), at: at(familyColumn)))
            try checkFamilyCells(familyFields, agreeWith: family, value: value, at: at)
        } else {
            // Without both a guardian and a phone nothing says two rows are one household.
            let keyCells = ["village", "guardian", "guardian_phone"].map { key in familyFields.first { $0.field == key }.map(value) ?? "" }
            let group = familyColumn.map { "家庭:" + value($0) }
                ?? (keyCells.dropFirst().contains("") ? "行:\(line.row)" : keyCells.joined(separator: "|"))
            if let known = familyOfGroup[group] {
                family = known
                try checkFamilyCells(familyFields, agreeWith: family, value: value, at: at)
            } else if let existing = try registeredRow(.family, familyFields.map { ($0.field, value($0)) }) {
                // A family registered before, by its village, guardian and guardian phone: the
                // child joins it.
                family = existing
                joinedFamily = existing
                try checkFamilyCells(familyFields, agreeWith: family, value: value, at: at)
            } else {
                // The family's id is known before it is added, for the child to name.
                family = try store.peekNextID(for: .family)
                newFamily = (try checkedNewRecord(.family, synthesize(["family", "add"], familyFields.map(assignment))), group)
                pendingKeys = [family]
            }
        }
        defer { pendingKeys = [] }
        var assignments = own.filter { $0.field != "family" }.map(assignment)
        let familyAt = familyColumn.map(at) ?? SourceLocation(line: line.row, column: 1)
        assignments.append(Assignment(key: Word("family", at: familyAt), items: [Word(family, at: familyAt)], equalsLocation: familyAt))
        // The ID-card number was looked up above.
        let record = try checkedNewRecord(.child, synthesize(["child", "add"], assignments), known: ["idno"])
        return .add(family: newFamily, record: record, joined: joinedFamily)
    }

    /// A row that joins a family (one an earlier row made, a registered one, or `家庭=F0003`)
    /// and gives the family's cells too: each must read as its field and agree with what the
    /// family holds, so that no cell of the row is dropped unseen.
    private func checkFamilyCells(_ columns: [ImportSheet.Column], agreeWith family: String, value: (ImportSheet.Column) -> String,
                                  at: (ImportSheet.Column) -> SourceLocation) throws {
        guard !columns.isEmpty else { return }
        let schema = Schema.of(.family)
        let stored = try fetchFields(.family, family, columns.map(\.field))
        for column in columns {
            let field = schema.field(column.field)
            let given: Value
            do {
                given = try FieldReader.read(value(column), for: field, today: today)
            } catch {
                throw ShellError.from(error, at: at(column))
            }
            let held = stored[column.field]
            guard given.text != held.text else { continue }
            // The reason goes into the errors file too: numbers in it are masked there as well.
            throw ShellError(.importFamilyDisagrees(family: family, field: FieldName(field), stored: Masking.maskPersonalNumbers(in: held.text),
                                                    given: Masking.maskPersonalNumbers(in: given.text)), at: at(column))
        }
    }

    /// The registered family or helper with the natural key a row's cells give, if they give
    /// all of it and each cell reads as its field (a bad cell is then the row's error as `add`
    /// reports it).
    private func registeredRow(_ noun: Noun, _ cells: [(field: String, text: String)]) throws -> String? {
        var record = Record(noun: noun)
        for key in NaturalKey.fields(of: noun) ?? [] {
            guard let text = cells.first(where: { $0.field == key })?.text, let field = Schema.of(noun).field(named: key),
                  let value = try? FieldReader.read(text, for: field, today: today) else { return nil }
            record[key] = value
        }
        return try registered(as: record)
    }

    /// A number a spreadsheet stored as a number: an exponent, or 15 significant digits then
    /// zeros that are no valid ID-card number (a valid one may end in zeros).
    static func lostDigits(_ text: String) -> Bool {
        let t = text.trimmed
        if t.contains("E+") || t.contains("e+") { return true }
        guard endsInSpreadsheetZeros(t) else { return false }
        return (try? IdentityNumber.parse(t, today: Day(year: 2999, month: 12, day: 31)!)) == nil
    }

    /// A damaged number as the message shows it: as an ID-card number is masked, or, in the
    /// exponent form a spreadsheet kept, its first 6 digits and then stars (`5.11304*********E+17`).
    static func maskedLostDigits(_ text: String) -> String {
        let t = text.trimmed
        guard t.count != 18 else { return IdentityNumber.maskedText(t) }
        var digits = 0
        var inExponent = false
        return String(t.map { c -> Character in
            if c == "E" || c == "e" { inExponent = true }
            guard c.isASCII, c.isNumber, !inExponent else { return c }
            digits += 1
            return digits > 6 ? "*" : c
        })
    }

    /// 18 digits of which the last three are zeros: what a spreadsheet keeps of a number's 15.
    static func endsInSpreadsheetZeros(_ text: String) -> Bool {
        let t = text.trimmed
        return t.utf8.count == 18 && t.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && t.hasSuffix("000")
    }
}
