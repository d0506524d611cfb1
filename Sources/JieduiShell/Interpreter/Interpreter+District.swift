import Foundation
import JieduiCore
import JieduiExport
import JieduiLanguage
import JieduiStores

/// A district's towns on one server (district.md): moving a town there or back, and the commands
/// that read every town the login may read.
extension Interpreter {
    // MARK: migrate

    /// `migrate to=URL` (on a file) copies the whole town, audit chain included, into the empty
    /// town the URL names; `migrate from=FILE` (on a server's town) copies a file's town here.
    func migrate(_ command: Command) throws -> Output {
        try expectWords(command, count: 1)
        let args = try declaredKeys(command)
        if let to = args["to"] {
            if let from = args["from"] { throw ShellError(.migrateOneWay, at: from.key.location) }
            let location = to.value.trimmed
            guard Stores.isServer(location), store as? any DistrictServing == nil else {
                throw ShellError(.migrateToNeedsServer, at: to.valueLocation)
            }
            // The copy is the server's, which the dry run's rollback of this file cannot undo.
            if dryRun { throw ShellError(.dryRunCannotMigrate, at: to.key.location) }
            let target = try Stores.open(location, environment: environment)
            defer { target.close() }
            let rows = try Stores.copyTown(from: store, to: target, targetName: location)
            return .message(.migrated(from: session.databaseName, to: location, rows: rows))
        }
        guard let from = args["from"] else { throw ShellError(.fieldRequired(field: "to"), at: command.location) }
        guard store is any DistrictServing else { throw ShellError(.migrateFromNeedsServer, at: from.key.location) }
        let path = (from.value.trimmed as NSString).expandingTildeInPath
        guard !Stores.isServer(path) else { throw ShellError(.migrateFromNeedsFile, at: from.valueLocation) }
        let source = try Stores.openExistingFile(path)
        defer { source.close() }
        let rows = try Stores.copyTown(from: source, to: store, targetName: session.databaseName)
        return .message(.migrated(from: path, to: session.databaseName, rows: rows))
    }

    // MARK: district

    static let districtWords = ["towns", "check"]

    func district(_ command: Command) throws -> Output {
        guard command.words.count >= 2 else {
            throw ShellError(.missingVerb(noun: "district", verbs: Self.districtWords), at: command.words[0].location)
        }
        let word = command.words[1]
        switch word.text.lowercased() {
        case "towns":
            try expectWords(command, count: 2)
            _ = try onlyKeys(command, [])
            return try districtTowns()
        case "check":
            try expectWords(command, count: 2)
            return try districtCheck(command)
        default:
            throw ShellError(.unknownVerb(noun: "district", verb: word.text, suggestions: Suggestions.closest(to: word.text, among: Self.districtWords)),
                             at: word.location)
        }
    }

    /// The server the current town is on, or the error that says a district command needs one.
    private func districtStore(_ name: String) throws -> any DistrictServing {
        guard let district = store as? any DistrictServing else { throw ShellError(.districtNeedsServer(command: name)) }
        return district
    }

    /// Calls `body` with each town the login may read, in order, each opened for reading and
    /// closed after; says on standard error how many it could not read, and which towns it
    /// could not open and why (one made by a newer jiedui, say): one such town does not hide
    /// the others. A server that cannot be reached stops the command.
    private func forEachTown(_ command: String, _ body: (String, any RecordStore) throws -> Void) throws {
        let district = try districtStore(command)
        let (towns, unreadable) = try district.districtTowns()
        for town in towns {
            let other: any RecordStore
            do {
                other = try district.openTown(town)
            } catch let error as StoreError where error.kind == .unusableDatabase && error.reason != .unreachable {
                notes.append(Message.districtTownLeftOut(town: town, reason: error.message.text(session.lang)).text(session.lang))
                continue
            }
            defer { other.close() }
            try body(town, other)
        }
        if unreadable > 0 { notes.append(Message.districtUnreadable(count: unreadable).text(session.lang)) }
    }

    /// `district towns`: one row per town, sorted by its schema.
    private func districtTowns() throws -> Output {
        let yearStart = Day(year: today.year, month: 1, day: 1)!, yearEnd = Day(year: today.year, month: 12, day: 31)!
        var rows: [[Value]] = []
        try forEachTown("district towns") { town, other in
            let children = try other.count(Query(noun: .child, predicate: .compare(field: "status", op: .equal, value: .text(ChildStatus.active)), fields: []), today: today)
            let pairs = try other.count(Query(noun: .pair, predicate: .isEmpty(field: "ended"), fields: []), today: today)
            let visits = try other.count(Query(noun: .visit, predicate: .and(
                .compare(field: "date", op: .greaterOrEqual, value: .date(yearStart)),
                .compare(field: "date", op: .lessOrEqual, value: .date(yearEnd))), fields: []), today: today)
            // A town not named yet is called what its own filings call it.
            let name = Value.text(TownSettings.name(try other.setting("town")))
            rows.append([.text(town), name, .int(children), .int(pairs), .int(visits)])
        }
        let columns = [
            Column(key: "town", label: "镇"), Column(key: "name", label: "镇名"), Column(key: "children", label: "在册儿童"),
            Column(key: "pairs", label: "结对"), Column(key: "visits", label: "本年走访"),
        ]
        return .table(columns: columns, rows: rows)
    }

    /// `district check [year=Y]`: `check` in every town, each ref prefixed with its town.
    private func districtCheck(_ command: Command) throws -> Output {
        let year = try checkYear(command)
        let lang = session.lang
        let severityLang: Lang = session.format == .table ? lang : .en
        var rows: [[Value]] = []
        try forEachTown("district check") { town, other in
            for finding in try findings(in: other, year: year) {
                rows.append([.text(finding.code), .text(finding.severity.label(severityLang)), .text("\(town)/\(finding.ref)"), .text(finding.message.text(lang))])
            }
        }
        let columns = [
            Column(key: "code", label: "代码"), Column(key: "severity", label: "级别"),
            Column(key: "ref", label: "记录"), Column(key: "message", label: "说明"),
        ]
        return .table(columns: columns, rows: rows)
    }

    // MARK: export district

    /// `export district year=Y to=FILE.xlsx`: each town's report of results for the year, and
    /// their totals.
    func exportDistrict(year: Int, path: String, context: ExportContext) throws -> ExportResult {
        var towns: [DistrictExport.Town] = []
        try forEachTown("export district") { town, other in
            let name = TownSettings.name(try other.setting("town"))
            let quarters = (1...4).compactMap { Quarter("\(year)Q\($0)") }.filter { $0.first <= today }
            towns.append(DistrictExport.Town(schema: town, name: name, statistics: try quarters.map { try other.quarterStatistics($0) }))
        }
        return try DistrictExport.write(to: path, year: year, towns: towns, context: context)
    }
}
