/// Everything the program says to a user, as values; `Message+Catalogue.swift` gives each its
/// Chinese and English text. No other place holds user-facing wording.
public enum Message: Sendable, Hashable, Error {
    // MARK: Invocation and files
    case usage
    case badOption(String)
    case optionNeedsValue(String)
    case badOptionValue(option: String, value: String, choices: [String])
    case optionTakesNoValue(option: String, value: String)
    /// An invocation error only described in the words of the argument parser (English).
    case badInvocation(String)
    case cannotReadFile(path: String, reason: FailureReason)
    case invalidUTF8(line: Int)
    case demoAt(String)

    // MARK: Database
    case notADatabase(path: String)
    case databaseTooNew(path: String)
    case cannotOpenDatabase(path: String, reason: FailureReason)
    case databaseBusy
    case databaseError(FailureReason)
    case databaseReadOnly(path: String)
    case townReadOnlyForLogin(user: String, town: String)
    case databaseBusyOpening(path: String)
    case databaseReadOnlyNeedsUpgrade(path: String)
    case sqlNotReadOnly
    case sqlOneStatement
    /// `sql` while masking is on named a column of a real table that holds personal data.
    case sqlMaskedColumn(table: String, column: String)
    /// `sql` while masking is on asked for the rowid of a table it sees through a view.
    case sqlMaskedRowid(table: String)
    /// `sql` while masking is on could not be checked for unmasked reads, so it did not run.
    case sqlUncheckable
    /// The database the town is in cannot do what the command asks (`sql`, `backup`).
    case notOffered(command: String)

    // MARK: District server (a postgresql:// URL)
    /// The URL is not of libpq's form `postgresql://[user@][host][:port]/database?param=value`.
    case serverURLMalformed(String)
    /// A query parameter the URL may not hold, with those it may.
    case serverURLUnknownParameter(String, choices: [String])
    /// A query parameter given twice.
    case serverURLRepeated(String)
    /// The URL holds a password. The URL is not repeated, so that the password is not either.
    case serverURLPassword
    /// `town=` is not a schema name jiedui accepts.
    case badTownName(String)
    /// Nothing listens at the server's address (`server` is a host:port or a socket file).
    case serverNotRunning(server: String)
    /// The server did not answer within the URL's connect_timeout.
    case serverTimedOut(server: String, seconds: Int)
    /// The URL's host name is unknown.
    case serverUnknownHost(String)
    /// The connection could not be made, for a system reason.
    case serverUnreachable(server: String, reason: FailureReason)
    /// The server ended an open connection (restart, shutdown, network).
    case serverConnectionLost(server: String)
    /// The server is starting, stopping or full.
    case serverNotAccepting(server: String)
    /// TLS could not be set up as the URL's sslmode asks.
    case serverTLSFailed(server: String, reason: FailureReason)
    /// The password was wrong.
    case loginRefused(user: String, server: String)
    /// No such login, or pg_hba.conf does not let it in.
    case loginNotAllowed(user: String, database: String, server: String)
    /// The server asks a password and none was found; `ignoredFile` is a password file that
    /// was skipped because others may read it (empty when none was).
    case loginNeedsPassword(user: String, ignoredFile: String)
    /// The URL's database does not exist.
    case serverNoDatabase(database: String, server: String)
    /// The login may not use the town's schema (district.md: one line naming the town).
    case noAccessToTown(String)
    /// Another transaction changed the same rows (serialization failure or deadlock).
    case serverConflict
    /// A unique constraint refused a row; only schema names, never the values.
    case serverDuplicate(table: String, constraint: String)
    /// A NOT NULL column was given no value.
    case serverMissingValue(table: String, column: String)
    /// A CHECK constraint refused a row.
    case serverBrokenRule(table: String, constraint: String)
    /// A foreign key refused a row, or the removal of one referred to.
    case serverBrokenReference(table: String, constraint: String)
    /// A write in a read-only transaction.
    case serverReadOnly
    /// The server's statement_timeout stopped the statement.
    case serverStatementTimeout
    /// A result column of a type the connection does not read.
    case serverColumnType(column: String, type: String)
    /// The schema the URL names holds tables of another program.
    case townNotJiedui(town: String, server: String)
    /// The town was made by a newer jiedui.
    case townTooNew(town: String, server: String)
    /// `--user` with a server URL: the server names the clerk.
    case userWithServer
    /// `--demo` with a server URL.
    case demoWithServer
    /// A server URL given to a jiedui built without the District trait.
    case serverNotBuiltIn
    /// `sql` while masking is on named a relation other than the town's tables by their names.
    case sqlServerRelation(String)
    /// `sql` while masking is on called a function that could read past the masking.
    case sqlServerFunction(String)
    /// A `district` command on a file.
    case districtNeedsServer(command: String)
    /// Towns on the server this login may not read, left out of a `district` command.
    case districtUnreadable(count: Int)
    case districtTownLeftOut(town: String, reason: String)
    /// `migrate` into a town or file that already holds records.
    case migrateTargetNotEmpty(String)
    /// `migrate to=` on a server, or `migrate from=` on a file, or a target of the wrong kind.
    case migrateToNeedsServer
    case migrateFromNeedsServer
    case migrateFromNeedsFile
    /// `export district` writes a workbook only (a sheet per town).
    case districtIsXLSX
    /// What `migrate` copied.
    case migrated(from: String, to: String, rows: Int)

    // MARK: Lexical and syntax
    case unclosedQuote
    case badEscape(String)
    case unexpectedToken(String)
    case expectedValue(after: String)
    case expectedField
    /// Marks that read as an operator of another language (`==`, `<>`).
    case notAnOperator(String)
    case expectedOperator(after: String)
    /// Two conditions of `where` with no `and` or `or` between them.
    case expectedJoin(String)
    /// A word after `NOUN list|count` close to a clause's keyword (`wher`).
    case unknownClause(String, suggestions: [String])
    /// Items of `show` or `sort` separated by a space instead of a comma.
    case expectedComma(clause: String)
    /// `key=a=b`: a value holding `=` that was not quoted.
    case quoteEquals(key: String)
    /// `is` followed by something other than `empty` or `not empty`.
    case expectedEmpty
    /// `sort age up`: a word where a sort direction would stand.
    case sortDirection(String)
    case expectedCloseParen
    case unknownCommand(String, suggestions: [String])
    case unknownVerb(noun: String, verb: String, suggestions: [String])
    case missingVerb(noun: String, verbs: [String])
    case missingRef(command: String)
    case extraWord(String)
    case badLimit(String)
    /// An id compared by order (`id > C0100`) that is no id of the noun.
    case badRecordID(value: String, example: String)
    case nestingTooDeep
    case clauseNotAllowed(String)
    case duplicateClause(String)

    // MARK: Fields and values
    case unknownField(noun: String, field: String, suggestions: [String])
    /// A field no close name suggests: the noun's fields are listed.
    case unknownFieldOf(noun: String, field: String, fields: [String])
    case duplicateField(String)
    case fieldRequired(field: FieldName)
    case fieldReadOnly(field: String, how: String)
    case fieldDerived(field: String)
    case textTooLong(field: FieldName, max: Int)
    /// A value holding a NUL character, which a database would cut the text at.
    case nulCharacter(field: FieldName)
    case badDate(field: FieldName, value: String)
    case dateInFuture(field: FieldName, value: String, today: String)
    case badEnum(field: FieldName, value: String, choices: [String])
    case badPhone(field: FieldName, value: String)
    case badInteger(field: FieldName, value: String, range: String)
    case idnoLength(value: String, count: Int)
    case idnoCharacters(value: String)
    case idnoRegion(value: String)
    case idnoBirthDate(value: String)
    case idnoBornInFuture(value: String)
    case idnoCheck(value: String, expected: String, found: String)
    case idnoDisagrees(field: FieldName, given: String, fromIdno: String)
    case overAgeLimit(category: String, age: Int, limit: Int)
    case awayWithoutWorking(field: FieldName, parent: String)
    /// practice.md: 残疾等级 was given (or kept) without 残疾类别.
    case disabilityGradeWithoutKind
    /// practice.md: a risk other than 绿 needs its 风险说明.
    case riskReasonRequired(risk: String)
    case uniqueTaken(field: FieldName, value: String, by: String)
    case alreadyExists(noun: Noun, value: String)
    case operatorNotForField(op: String, field: String, choices: [String])

    // MARK: References
    case noSuch(noun: Noun, ref: String, suggestions: [String])
    case ambiguous(noun: Noun, ref: String, count: Int, keys: [String])
    case childNotActive(ref: String)
    case exitedNamed(name: String, keys: [String])
    case cannotWriteFile(path: String, reason: FailureReason)
    case referencedBy(ref: String, by: [String])

    // MARK: Pairs, visits, trainings
    case alreadyPaired(child: String, pair: String)
    case unitForLowCategory(child: String, category: String)
    case helperAndUnit
    case helperOrUnitNeeded
    case girlNeedsFemaleHelper(child: String, age: Int, helper: String)
    case familySplit(child: String, family: String, helper: String, other: String)
    case helperFull(helper: String, capacity: Int, families: Int)
    case noUnpairedChildren(family: String)
    case childOrFamily
    case pairEnded(pair: String, date: String)
    case visitBeforePair(date: String, since: String)
    case noActivePair(child: String)
    case pairOrChild
    case occasionRequired
    case alreadyAttending(helper: String, training: String)
    case childAlreadyExited(child: String)
    case exitReasonRequired
    case dateBeforeSince(field: String, date: String, since: String)
    /// A pair ended (or a child exited) before a visit already recorded on the pair.
    case dateBeforeVisit(field: String, date: String, visit: String, visitDate: String)
    case alertNeedsVillage
    case alertNeedsDepartment(situation: String)
    case reportedBeforeFound(reported: String, found: String)
    case needAlreadyResolved(need: String, date: String)
    case unknownReferral(String, suggestions: [String])
    case orgRetired(org: String, date: String)
    case dateBeforeFound(date: String, found: String)
    /// A pair dated into the time of another pair of the same child (`ended` empty: still on).
    case pairsOverlap(child: String, pair: String, since: String, ended: String)
    /// A date of something that happened to a child (a pair begun, a need or report, a review,
    /// an exit) before the child was born.
    case dateBeforeBirth(field: FieldName, date: String, child: String, born: String)

    // MARK: Shell
    case notInScript(String)
    case noTransaction
    case transactionOpen
    case scriptIncludesItself(String)
    /// `run` nested deeper than `Runner.maxScriptDepth`.
    case scriptsTooDeep(Int)
    /// `--dry-run` with no `-c` or `-f` on a terminal.
    case dryRunInShell
    case unknownSetting(String, choices: [String])
    case settingNeedsValue(String)
    case removed(String)
    case exited(child: String, pairs: [String])
    case ended(String)
    case reviewed(child: String, date: String)
    /// `child review` with a date before the child's last review, which it replaces.
    case reviewMovedBack(child: String, from: String, to: String)
    case attended(training: String, helpers: [String])
    case updated(String)
    case backupWritten(path: String)
    case dryRunNotWritten(path: String, rows: Int?)
    case dryRunCannotMigrate
    /// An export or backup aimed at the town's own database file.
    case outputIsDatabase(path: String)
    /// An export or backup aimed at something other than a file (a device, a pipe, a folder).
    case outputNotAFile(path: String)
    /// `need resolve` of a need with no measures recorded and none given.
    case measuresNeeded(need: String)
    /// `migrate` given both `to=` and `from=`.
    case migrateOneWay
    case began, committed, rolledBack
    case keepGoingSummary(failed: Int, total: Int)
    case dryRunSummary(commands: Int, changes: Int, refs: [String], failed: Int)
    case interrupted
    // MARK: check
    case findingUncovered(name: String, category: String)
    case findingUncoveredOther(name: String, category: String)
    case findingGirlMaleHelper(child: String, age: Int, helper: String, override: String)
    case findingFamilySplit(helpers: String)
    case findingOverCapacity(helper: String, capacity: Int, families: Int)
    case findingFewVisits(visits: Int, year: Int, required: Int, months: Int)
    case findingNoSpecialCare(year: Int, child: String)
    case findingNoTraining(helper: String, year: Int)
    case findingOverAge(name: String, category: String, age: Int)
    case findingNotReviewed(name: String, last: String, year: Int)
    case findingAlertLate(found: String, reported: String, days: Int, override: String)
    case findingQuarterReport(quarter: String, deadline: String, filed: String)
    /// `last` is empty when the pair has had no visit (then `days` count from `since`).
    case findingVisitGap(child: String, risk: String, last: String, since: String, days: Int, gap: Int)
    case findingFirstVisitLate(child: String, since: String, first: String, days: Int)
    case findingFirstVisitNone(child: String, since: String, deadline: String, days: Int)
    /// A pair that ended never having been visited.
    case findingFirstVisitNoneEnded(child: String, since: String, ended: String, deadline: String, days: Int)
    case findingNoEntrustment(name: String, family: String)
    /// `last` is empty when the parents were never contacted (then `days` count from `since`).
    case findingNoParentContact(name: String, last: String, since: String, days: Int, limit: Int)
    case yearInFuture(year: Int, today: String)
    case periodReversed(from: String, to: String)
    // MARK: due
    case dueBirthday(name: String, age: Int)
    case dueFestival(festival: String, name: String)
    case dueVisit(name: String, last: String, overdueDays: Int)
    /// The next visit of a child whose `risk_now` is not 绿, within its gap.
    case dueVisitByRisk(name: String, risk: String, gap: Int, last: String, overdueDays: Int)
    /// A new pair's first visit, `days` working days after `since`.
    case dueFirstVisit(name: String, since: String, days: Int, overdueDays: Int)
    case dueQuarterReport(quarter: String)
    case dueReview(name: String)
    case dueAgeLimit(name: String, age: Int, category: String)
    case badDays(String)
    // MARK: help check, help due: each rule's and source's phrase
    case checkHelpUncovered, checkHelpGirlMaleHelper, checkHelpFamilySplit, checkHelpOverCapacity, checkHelpFewVisits
    case checkHelpNoSpecialCare, checkHelpNoTraining, checkHelpOverAge, checkHelpNotReviewed, checkHelpNeedOpen
    case checkHelpAlertLate, checkHelpQuarterReport
    case checkHelpVisitGap, checkHelpFirstVisit, checkHelpNoEntrustment, checkHelpNoParentContact
    case dueHelpBirthdays, dueHelpFestivals, dueHelpFirstVisits, dueHelpVisits, dueHelpDeadlines, dueHelpAgeLimits
    case noFemaleHelperWithRoom
    case noHelperWithRoom
    // MARK: export and import
    case exportedFile(path: String, rows: Int, sha256: String)
    case auditWhole(entries: Int, head: String)
    case auditAltered(seq: Int)
    case auditRemoved(seq: Int, from: Int)
    case auditInserted(seq: Int)
    case importSummary(read: Int, added: Int, updated: Int, rejected: Int)
    case exportKindNeeded(choices: [String])
    case badQuarter(String)
    case badFormat(String)
    /// An export's file name ends in what is no export format (`台账.pdf`), and no `format=` says one.
    case exportEndingUnknown(ending: String)
    /// An export's `format=` is not what its file name's ending says.
    case exportEndingDisagrees(ending: String, format: String)
    case badPaper(value: String, choices: [String])
    case bookIsXLSX
    case childOrVillage
    /// `export book` of a year (or village) with no child in its ledger: a workbook needs a sheet.
    case noBooks(year: Int, village: String?)
    case importKindNeeded(choices: [String])
    case importFileNeeded
    /// `export quarter` without the quarter.
    case quarterNeeded
    /// `run` without the script.
    case scriptFileNeeded
    case noHeadingRow(file: String)
    case unknownHeadings([String])
    /// Columns (by their letters) that hold cells under an empty heading, or right of the last.
    case unheadedColumns([String])
    /// An import row whose record an earlier row of the same sheet gives.
    case importRepeatsRow(Int)
    /// A bare word a command does not take, where it takes some (`import … keep-going`).
    case unknownFlag(String, choices: [String])
    /// A row joining a family gives a family cell that differs from what the family holds
    /// (empty where it holds nothing).
    case importFamilyDisagrees(family: String, field: FieldName, stored: String, given: String)
    case importRowsRejected(Int)
    /// The list of bad rows (`NAME.errors.csv`) could not be written beside the sheet; the rows
    /// are on standard error all the same.
    case importErrorsFileNotWritten(path: String, reason: FailureReason)
    /// An import cell holding a spreadsheet's error value (`#N/A`, `#REF!`, …): a formula that
    /// failed, not a value.
    case importCellIsFormulaError(String)
    /// Two or more columns of an import sheet fill one field.
    case duplicateHeading(field: FieldName, columns: [String])
    case importDryRun
    case importRowError(file: String, row: Int, column: String, message: String)
    case idnoLostDigits(value: String)
    case alreadyRegistered(record: String)
    /// An import row with `update` that matched a registered record.
    case importRowUpdated(file: String, row: Int, record: String)
    /// A child's import row whose family columns matched a registered family.
    case importRowJoinedFamily(file: String, row: Int, family: String)
    /// `family add`/`helper add` of a record registered under its natural key.
    case registeredUnderKey(noun: Noun, record: String)
    case overrideReasonNeeded
    case dupeSameNameAndBirth, dupeSameReadingAndBirth, dupeSameReadingInFamily, dupeSameGuardianPhone, dupeSamePhone
    case cannotReadSpreadsheet(path: String, reason: FailureReason)
    case familyHelperIsMan(helper: String)
    case findingNeedOpenChild(kind: String, days: Int, child: String)
    case badYear(String)
    case confirmRollback
    case historySearch
    case progress(done: Int, total: Int, rate: Int, secondsLeft: Int)

    /// Whether this says a reference matched nothing.
    public var isNoSuch: Bool {
        if case .noSuch = self { return true }
        return false
    }

    /// The field a record rule's message is about, so that the error can point at its value.
    public var fieldKey: String? {
        switch self {
        case .occasionRequired: "occasion"
        case .alertNeedsVillage, .alertNeedsDepartment: "reported_to"
        case .reportedBeforeFound: "reported"
        case .overAgeLimit: "category"
        case .idnoDisagrees(let field, _, _), .awayWithoutWorking(let field, _): field.key
        case .disabilityGradeWithoutKind: "disability_grade"
        case .riskReasonRequired: "risk"
        default: nil
        }
    }
}
