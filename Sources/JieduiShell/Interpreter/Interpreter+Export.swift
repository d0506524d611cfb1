import Foundation
import JieduiCore
import JieduiExport
import JieduiLanguage
import JieduiStores

/// `export ledger|roster|book|quarter|district …` (ledger.md, practice.md): always in Chinese,
/// masked unless `reveal`.
extension Interpreter {
    static let exportKinds = ["ledger", "roster", "book", "quarter", "changes", "district"]

    /// The town's names for the title and the signature lines.
    func exportContext(reveal: Bool) throws -> ExportContext {
        let settings = try store.allSettings()
        let town = TownSettings.name(settings["town"])
        return ExportContext(town: town, filingUnit: TownSettings.filingUnit(settings["filing_unit"], town: town),
                             filer: settings["filer"] ?? "", today: today, reveal: reveal)
    }

    func export(_ command: Command) throws -> Output {
        guard command.words.count >= 2 else {
            throw ShellError(.exportKindNeeded(choices: Self.exportKinds), at: command.words[0].location)
        }
        let kindWord = command.words[1]
        let kind = kindWord.text.lowercased()
        guard Self.exportKinds.contains(kind) else {
            throw ShellError(.unknownVerb(noun: "export", verb: kindWord.text, suggestions: Suggestions.closest(to: kindWord.text, among: Self.exportKinds)), at: kindWord.location)
        }
        // Positional words: the quarter (for `export quarter`) and `reveal`.
        var reveal = false
        var quarterWord: Word?
        for word in command.words.dropFirst(2) {
            if word.text.lowercased() == "reveal", !reveal {
                reveal = true
            } else if kind == "quarter", quarterWord == nil {
                quarterWord = word
            } else {
                throw unknownFlag(word, of: command)
            }
        }
        // `export changes from=D to=D to=FILE` (practice.md): a `to=` that is a date ends the
        // period, the other names the file.
        var command = command
        var periodEnd: Assignment?
        if kind == "changes" {
            let ends = command.assignments.filter { $0.key.text.lowercased() == "to" && Day.parse($0.value.trimmed) != nil }
            if ends.count > 1 { throw ShellError(.duplicateField("to"), at: ends[1].key.location) }
            if let end = ends.first, command.assignments.contains(where: { $0.key.text.lowercased() == "to" && $0 != end }) {
                periodEnd = end
                command.assignments.removeAll { $0 == end }
            }
        }
        let keys: [String] = switch kind {
        case "ledger": ["to", "year", "village", "format", "paper"]
        case "roster": ["to", "format", "paper"]
        case "book": ["to", "year", "village", "child"]
        case "district": ["to", "year"]
        case "changes": ["to", "from", "format"]
        default: ["to", "format"]
        }
        let args = try onlyKeys(command, keys)
        guard let to = args["to"], !to.value.isEmpty else { throw ShellError(.fieldRequired(field: "to"), at: kindWord.location) }
        let asked = try outputPath(to)
        // A dry run makes the file all the same, so that whatever would stop it shows, but in a
        // folder of its own that goes with it.
        let scratch = dryRun ? try Self.scratchFolder() : nil
        defer { if let scratch { try? FileManager.default.removeItem(atPath: scratch) } }
        let path = scratch.map { FilePath.joined($0, FilePath.name(of: asked)) } ?? asked
        // The file's ending says its format; a name that says another (`台账.pdf`), or a
        // `format=` that contradicts it, would make a file nothing opens as its name promises.
        // Only letters make an ending (`.xlsx`, `.pdf`): `台账2024.12.31` or `台账v1.2` has none.
        let ending = FilePath.ending(of: asked).contains(where: \.isLetter) ? FilePath.ending(of: asked) : ""
        var format = ExportFormat.of(path: path) ?? .xlsx
        if let given = args["format"] {
            guard let f = ExportFormat(rawValue: given.value.lowercased()) else { throw ShellError(.badFormat(given.value), at: given.valueLocation) }
            if let named = ExportFormat.of(path: asked), named != f {
                throw ShellError(.exportEndingDisagrees(ending: ending, format: f.rawValue), at: given.valueLocation)
            }
            format = f
        } else if !ending.isEmpty, ExportFormat.of(path: asked) == nil {
            throw ShellError(.exportEndingUnknown(ending: ending), at: to.valueLocation)
        }
        var year = today.year
        if let given = args["year"] {
            guard let y = Int(given.value), Day.acceptedYears.contains(y) else { throw ShellError(.badYear(given.value), at: given.valueLocation) }
            guard y <= today.year else { throw ShellError(.yearInFuture(year: y, today: today.iso), at: given.valueLocation) }
            year = y
        }
        var paper = PageSetup.Paper.a4
        if let given = args["paper"] {
            guard let p = PageSetup.Paper(name: given.value) else {
                throw ShellError(.badPaper(value: given.value, choices: PageSetup.Paper.allCases.map(\.rawValue)), at: given.valueLocation)
            }
            paper = p
        }
        var village: String?
        if let given = args["village"] { village = try resolve(.village, Word(given.value, at: given.valueLocation)) }
        // Like the database itself, an export's folder is made on first use.
        let folder = FilePath.folder(of: path)
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let context = try exportContext(reveal: reveal)
        let result: ExportResult
        do {
            switch kind {
            case "ledger":
                result = try withChildrenProgress { progress in
                    try LedgerExport.write(to: path, format: format, year: year, village: village, paper: paper, store: store, context: context, progress: progress)
                }
            case "roster":
                result = try withChildrenProgress { progress in
                    try RosterExport.write(to: path, format: format, paper: paper, store: store, context: context, progress: progress)
                }
            case "changes":
                let (from, end) = try changesPeriod(from: args["from"], to: periodEnd)
                result = try ChangesExport.write(to: path, format: format, from: from, to: end, rows: try changeRows(from: from, to: end), context: context)
            case "district":
                guard format == .xlsx else { throw ShellError(.districtIsXLSX, at: args["format"]?.valueLocation ?? to.valueLocation) }
                result = try exportDistrict(year: year, path: path, context: context)
            case "book":
                guard format == .xlsx else { throw ShellError(.bookIsXLSX, at: args["format"]?.valueLocation ?? to.valueLocation) }
                var children: [String] = []
                if let given = args["child"] {
                    if village != nil { throw ShellError(.childOrVillage, at: given.key.location) }
                    children = [try resolve(.child, Word(given.value, at: given.valueLocation))]
                } else {
                    try store.forEachLedgerRow(year: year, village: village) { children.append($0.childID) }
                    guard !children.isEmpty else { throw ShellError(.noBooks(year: year, village: village), at: kindWord.location) }
                }
                let bar = children.count >= 50 ? ProgressBar(total: children.count, lang: session.lang) : nil
                defer { bar?.finish() }
                result = try BookExport.write(to: path, year: year, children: children, store: store, context: context) { bar?.update($0) }
            default:
                guard let word = quarterWord else { throw ShellError(.quarterNeeded, at: kindWord.location) }
                guard let quarter = Quarter(word.text) else { throw ShellError(.badQuarter(word.text), at: word.location) }
                guard quarter.first <= today else { throw ShellError(.yearInFuture(year: quarter.year, today: today.iso), at: word.location) }
                result = try QuarterExport.write(to: path, format: format, quarter: quarter, store: store, context: context)
                // Exporting the report files it: `check` reads the day it was filed.
                try store.recordQuarterReport(quarter, filed: today)
                try audit(command, refs: [quarter.description])
            }
        } catch let error as SpreadsheetError {
            throw ShellError(.cannotWriteFile(path: asked, reason: error.reason), at: to.valueLocation)
        } catch let error as ShellError {
            throw error
        } catch let error as StoreError {
            throw ShellError.from(error, at: to.valueLocation)
        } catch {
            throw ShellError(.cannotWriteFile(path: asked, reason: FailureReason(error)), at: to.valueLocation)
        }
        if scratch != nil { return .message(.dryRunNotWritten(path: asked, rows: result.rows)) }
        // 个人信息保护: every unmasked output is in the audit log.
        if reveal { try auditReveal(command, file: path) }
        return .exported(path: path, rows: result.rows, sha256: result.sha256)
    }

    /// Runs a filing of every child with a progress bar where they are many enough to wait for;
    /// `body` reports each row it writes through the closure it is given.
    private func withChildrenProgress<T>(_ body: (@escaping (Int) -> Void) throws -> T) throws -> T {
        let total = try store.count(Query(noun: .child, fields: []), today: today)
        let bar = total >= Runner.progressThreshold ? ProgressBar(total: total, lang: session.lang) : nil
        defer { bar?.finish() }
        return try body { bar?.update($0) }
    }

    /// A new private folder for a dry run's export.
    static func scratchFolder() throws -> String {
        let folder = FilePath.joined(NSTemporaryDirectory(), "jiedui-dry-run-" + UUID().uuidString)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return folder
    }
}
