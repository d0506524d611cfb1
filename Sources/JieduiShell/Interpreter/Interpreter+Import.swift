import Foundation
import JieduiCore
import JieduiExport
import JieduiLanguage

/// `import child|family|helper FILE [keep-going] [update] [dry-run] [ignore=…]` (ledger.md):
/// the villages' survey sheets, each row validated exactly like `add`.
extension Interpreter {
    static let importKinds: [Noun] = [.child, .family, .helper]

    /// A column of the sheet: which record and field its heading names.
    private struct ImportColumn {
        let index: Int
        let heading: String
        let noun: Noun
        let field: String
    }

    /// Reads a CSV (UTF-8 or GB18030) or the first worksheet of an XLSX file into numbered rows.
    private func readSheet(_ path: String) throws -> [(row: Int, cells: [String])] {
        if path.lowercased().hasSuffix(".xlsx") {
            do {
                return try XLSXReader.readFirstSheet(path: path)
            } catch let error as SpreadsheetError {
                throw ShellError(.cannotReadSpreadsheet(path: path, reason: error.reason))
            }
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ShellError(.cannotReadFile(path: path, reason: .system(errno: errno)))
        }
        do {
            return try CSVReader.readNumbered(data).rows
        } catch let error as SpreadsheetError {
            throw ShellError(.cannotReadSpreadsheet(path: path, reason: error.reason))
        }
    }

    /// Headings of a sheet's own row numbers, which nearly every 摸排表 has: ignored by themselves.
    static let rowNumberHeadings: Set<String> = ["序号", "编号"]

    /// The field a heading names for an import of `noun` (child imports take family fields too).
    private static func column(for heading: String, noun: Noun) -> (Noun, String)? {
        let text = heading.trimmed.replacingOccurrences(of: "\n", with: "")
        guard !text.isEmpty else { return nil }
        if let field = Schema.of(noun).field(named: text), field.origin == .entered { return (noun, field.key) }
        if noun == .child {
            if let field = Schema.of(.family).field(named: text), field.origin == .entered { return (.family, field.key) }
        }
        return nil
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
            default: throw ShellError(.extraWord(word.text), at: word.location)
            }
        }
        let args = try onlyKeys(command, ["ignore"])
        let ignored = Set((args["ignore"]?.items ?? []).flatMap { FieldReader.splitList($0.text) })
        let path = (fileWord.text as NSString).expandingTildeInPath
        let fileName = (path as NSString).lastPathComponent
        let sheet: [(row: Int, cells: [String])]
        do {
            sheet = try readSheet(path)
        } catch let error as ShellError {
            throw ShellError(error.message, at: fileWord.location)
        }

        // The heading row: the first whose cells are mostly known keys or labels.
        var headingIndex: Int?
        for (i, line) in sheet.prefix(30).enumerated() {
            let filled = line.cells.filter { !$0.trimmed.isEmpty && !Self.rowNumberHeadings.contains($0.trimmed) }
            let known = filled.filter { Self.column(for: $0, noun: noun) != nil }.count
            if known >= 2, known * 2 >= filled.count { headingIndex = i; break }
        }
        guard let headingIndex else { throw ShellError(.noHeadingRow(file: fileName), at: fileWord.location) }
        let headings = sheet[headingIndex].cells
        var columns: [ImportColumn] = []
        var unknown: [String] = []
        for (index, heading) in headings.enumerated() {
            let text = heading.trimmed
            if text.isEmpty || ignored.contains(text) || Self.rowNumberHeadings.contains(text) { continue }
            if let (target, field) = Self.column(for: text, noun: noun) {
                columns.append(ImportColumn(index: index, heading: text, noun: target, field: field))
            } else {
                unknown.append(text)
            }
        }
        if !unknown.isEmpty { throw ShellError(.unknownHeadings(unknown), at: fileWord.location) }

        let rows = sheet[(headingIndex + 1)...].filter { !$0.cells.allSatisfy { $0.trimmed.isEmpty } }
        // Records touched (for the audit log) and rows that added one (for the summary).
        var added: [String] = [], updated: [String] = []
        var addedRows = 0
        var rejected: [(row: Int, cells: [String], reason: String)] = []
        var familyOfGroup: [String: String] = [:]
        let bar = rows.count >= Runner.progressThreshold ? ProgressBar(total: rows.count, lang: session.lang) : nil
        defer { bar?.finish() }
        struct RollBack: Error {}

        /// What a row will do, known before anything of it is written.
        enum Plan {
            case done  // an update, already applied
            case add(family: (record: Record, group: String)?, record: Record)
        }
        collectingAudit = []
        resolvedReferences = [:]
        defer { collectingAudit = nil; pendingKeys = []; resolvedReferences = nil }
        do {
            try store.bulkWrite { try store.atomically {
                for (done, line) in rows.enumerated() {
                    bar?.update(done + 1)
                    func value(_ column: ImportColumn) -> String {
                        column.index < line.cells.count ? line.cells[column.index].trimmed : ""
                    }
                    func assignment(_ column: ImportColumn, key: String? = nil, text: String? = nil) -> Assignment {
                        let at = SourceLocation(line: line.row, column: column.index + 1)
                        return Assignment(key: Word(key ?? column.field, at: at), items: [Word(text ?? value(column), at: at)], equalsLocation: at)
                    }
                    func synthesize(_ words: [String], _ assignments: [Assignment]) -> Command {
                        var c = Command(location: SourceLocation(line: line.row, column: 1))
                        c.words = words.map { Word($0, at: SourceLocation(line: line.row, column: 1)) }
                        c.assignments = assignments
                        return c
                    }
                    // Each row is checked in full before any of it is written, so that a bad row
                    // leaves nothing behind without a savepoint per row (which made the database copy
                    // every page a row touched into its statement journal).
                    let plan: Plan
                    do {
                        plan = try { () throws -> Plan in
                            let own = columns.filter { $0.noun == noun && !value($0).isEmpty }
                            if noun != .child {
                                return .add(family: nil, record: try checkedNewRecord(noun, synthesize([noun.rawValue, "add"], own.map { assignment($0) })))
                            }
                            // A spreadsheet keeps 15 digits of a number: say so instead of importing a wrong one.
                            if let idColumn = own.first(where: { $0.field == "idno" }) {
                                let text = value(idColumn)
                                if Self.lostDigits(text) {
                                    throw ShellError(.idnoLostDigits(value: IdentityNumber.maskedText(text)), at: SourceLocation(line: line.row, column: idColumn.index + 1))
                                }
                                if let idno = try? IdentityNumber.parse(text, today: today),
                                   let existing = try store.keys(.child, whereStored: "idno", equals: .text(idno.text), limit: 1).first {
                                    guard update else {
                                        throw ShellError(.alreadyRegistered(child: existing), at: SourceLocation(line: line.row, column: idColumn.index + 1))
                                    }
                                    // `set` checks everything before it writes its one update.
                                    let changes = own.filter { $0.field != "idno" && $0.field != "family" }.map { assignment($0) }
                                    if !changes.isEmpty {
                                        _ = try set(.child, synthesize(["child", "set", existing], changes))
                                    }
                                    updated.append(existing)
                                    return .done
                                }
                            }
                            // The family: `家庭=F0003` joins one; rows with the same 家庭 value, or
                            // else the same village, guardian and guardian phone, make one new family.
                            let familyColumn = own.first { $0.field == "family" }
                            let familyFields = columns.filter { $0.noun == .family && !value($0).isEmpty }
                            var family: String
                            var newFamily: (record: Record, group: String)?
                            if let familyColumn, let n = Noun.family.idNumber(value(familyColumn)) {
                                family = try resolve(.family, Word(Noun.family.formatID(n), at: SourceLocation(line: line.row, column: familyColumn.index + 1)))
                            } else {
                                let group = familyColumn.map { "家庭:" + value($0) }
                                    ?? ["village", "guardian", "guardian_phone"].map { key in familyFields.first { $0.field == key }.map(value) ?? "" }.joined(separator: "|")
                                if let known = familyOfGroup[group] {
                                    family = known
                                } else {
                                    // The family's id is known before it is added, for the child to name.
                                    family = try store.peekNextID(for: .family)
                                    newFamily = (try checkedNewRecord(.family, synthesize(["family", "add"], familyFields.map { assignment($0) })), group)
                                    pendingKeys = [family]
                                }
                            }
                            defer { pendingKeys = [] }
                            var assignments = own.filter { $0.field != "family" }.map { assignment($0) }
                            let at = familyColumn.map { SourceLocation(line: line.row, column: $0.index + 1) } ?? SourceLocation(line: line.row, column: 1)
                            assignments.append(Assignment(key: Word("family", at: at), items: [Word(family, at: at)], equalsLocation: at))
                            // The ID-card number was looked up above.
                            return .add(family: newFamily, record: try checkedNewRecord(.child, synthesize(["child", "add"], assignments), known: ["idno"]))
                        }()
                    } catch {
                        let shellError = ShellError.from(error, at: nil)
                        let column = shellError.location.map { $0.column - 1 }.flatMap { headings.indices.contains($0) ? headings[$0] : nil } ?? ""
                        let text = shellError.message.text(session.lang)
                        notes.append(Message.importRowError(file: fileName, row: line.row, column: column, message: text).text(session.lang))
                        rejected.append((line.row, line.cells, text))
                        continue
                    }
                    // A row that passed is written; a failure now is the database's, not the
                    // row's, and stops the whole import (the transaction undoes it).
                    guard case .add(let family, var record) = plan else { continue }
                    if var family {
                        try insertNew(&family.record)
                        guard family.record.key == record["family"].text else {
                            preconditionFailure("family id \(family.record.key) differs from the one checked")
                        }
                        familyOfGroup[family.group] = family.record.key
                        added.append(family.record.key)
                    }
                    try insertNew(&record)
                    added.append(record.key)
                    addedRows += 1
                }
                if dryRun || (!rejected.isEmpty && !keepGoing) { throw RollBack() }
            } }
        } catch is RollBack {
            if !dryRun { added = []; updated = []; addedRows = 0 }
        }

        collectingAudit = nil
        // The bad rows, with their reasons, to fix and import again.
        let base = (path as NSString).deletingPathExtension
        let errorsPath = base + ".errors.csv"
        if rejected.isEmpty {
            // An errors file from an earlier import no longer says anything true.
            try? FileManager.default.removeItem(atPath: errorsPath)
        } else {
            let writer = try CSVWriter(path: errorsPath)
            try writer.write(headings + ["错误原因"])
            for bad in rejected {
                let cells = bad.cells + Array(repeating: "", count: max(0, headings.count - bad.cells.count))
                try writer.write(Array(cells.prefix(headings.count)) + [bad.reason])
            }
            _ = try writer.finish()
        }
        // With dry-run the figures say what the import would do.
        let summary = Output.imported(read: rows.count, added: addedRows, updated: updated.count, rejected: rejected.count)
        if dryRun { notes.append(Message.importDryRun.text(session.lang)) }
        if !rejected.isEmpty && !keepGoing && !dryRun {
            throw ShellError(.importRowsRejected(rejected.count), at: fileWord.location)
        }
        if !dryRun, !added.isEmpty || !updated.isEmpty {
            collectingAudit = nil
            let refs = added + updated
            try audit(command, refs: refs.count > 200 ? Array(refs.prefix(200)) + ["…\(refs.count - 200)"] : refs)
        }
        return summary
    }

    /// A number a spreadsheet stored as a number: 15 significant digits then zeros, or an exponent.
    static func lostDigits(_ text: String) -> Bool {
        let t = text.trimmed
        if t.contains("E+") || t.contains("e+") { return true }
        guard t.utf8.count == 18, t.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), t.hasSuffix("000") else { return false }
        return (try? IdentityNumber.parse(t, today: Day(year: 2999, month: 12, day: 31)!)) == nil
    }
}
