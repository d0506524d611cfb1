import JieduiCore

/// A page of `help`, composed from the command table and the schema in the user's language: the
/// general list, a noun's fields and examples, or one command's usage, keys and examples.
enum HelpPage {
    case general
    case noun(Noun)
    /// A noun's verb or a command of its own.
    case command(CommandSpec)

    func text(_ lang: Lang) -> String {
        switch self {
        case .general: Self.general(lang)
        case .noun(let noun): Self.noun(noun, lang)
        case .command(let spec): Self.command(spec, lang)
        }
    }

    /// Where the general help's descriptions start (short usages are padded to it).
    private static let summaryColumn = 24

    /// Every noun with its verbs, then the other commands with what they do.
    private static func general(_ lang: Lang) -> String {
        var lines = [HelpText.commandsHeading.text(lang)]
        for noun in Noun.allCases {
            let verbs = CommandTable.verbs(of: noun).map(\.word)
            lines.append("  \(noun.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(verbs.joined(separator: " "))   \(noun.label)")
        }
        lines.append("")
        // Commands that say the same and take nothing share a line: `begin / commit / rollback`.
        var groups: [[CommandSpec]] = []
        for spec in CommandTable.all.filter(\.featured) + CommandTable.commands {
            if let last = groups.last?.last, last.summary == spec.summary, last.usage.isEmpty, spec.usage.isEmpty {
                groups[groups.count - 1].append(spec)
            } else {
                groups.append([spec])
            }
        }
        for group in groups {
            let synopsis = group.count == 1 ? group[0].synopsis : group.map(\.name).joined(separator: " / ")
            let width = synopsis.displayWidth
            let gap = width <= summaryColumn - 2 ? summaryColumn - width : 2
            lines.append("  " + synopsis + String(repeating: " ", count: gap) + group[0].summary.text(lang))
        }
        lines += ["", HelpText.queriesFooter.text(lang)]
        return lines.joined(separator: "\n")
    }

    /// A noun's fields with their Chinese labels and notes, and an example of each of its verbs.
    private static func noun(_ noun: Noun, _ lang: Lang) -> String {
        let schema = Schema.of(noun)
        var lines = ["\(noun.rawValue) \(noun.label)", HelpText.fieldsHeading.text(lang)]
        let width = schema.fields.map { $0.key.count }.max() ?? 0
        let labelWidth = schema.fields.map { $0.label.displayWidth }.max() ?? 0
        for field in schema.fields {
            let notes = notes(field, lang) + [HelpText.note(noun, field.key)?.text(lang)].compactMap { $0 }
            let line = "  \(field.key.padding(toLength: width, withPad: " ", startingAt: 0))  \(field.label.padded(toWidth: labelWidth))  \(notes.joined(separator: "；"))"
            lines.append(String(line.reversed().drop(while: { $0 == " " }).reversed()))
        }
        lines.append(HelpText.examplesHeading.text(lang))
        lines += CommandTable.verbs(of: noun).flatMap(\.examples).map { "  " + $0 }
        return lines.joined(separator: "\n")
    }

    /// What the fields page says of a field besides its key and label.
    private static func notes(_ field: Field, _ lang: Lang) -> [String] {
        var notes: [String] = []
        if field.required { notes.append(HelpText.noteRequired.text(lang)) }
        if field.unique { notes.append(HelpText.noteUnique.text(lang)) }
        if let value = field.defaultValue { notes.append(HelpText.noteDefault.text(lang) + value) }
        switch field.origin {
        case .derived: notes.append(HelpText.noteComputed.text(lang))
        case .command: notes.append(HelpText.noteSetByCommand.text(lang))
        case .assigned: notes.append(HelpText.noteAssigned.text(lang))
        case .entered: break
        }
        switch field.type {
        case .enumeration(let e), .enumList(let e): notes.append(FieldReader.shortened(e.labels).joined(separator: "/"))
        case .date: notes.append(HelpText.noteDate.text(lang))
        case .phone: notes.append(HelpText.notePhone.text(lang))
        case .idno: notes.append(HelpText.noteIdno.text(lang))
        default: break
        }
        return notes
    }

    /// One command: its usage, what it does, the keys of `add` and `set`, and its examples.
    private static func command(_ spec: CommandSpec, _ lang: Lang) -> String {
        var lines = [spec.synopsis, "  " + account(of: spec, lang)]
        if case .fields(let extra, let new) = spec.keys {
            let fields = spec.entered
            let width = (fields.map { $0.key.count } + extra.map { $0.name.count }).max() ?? 0
            lines.append(HelpText.keysHeading.text(lang))
            for field in fields {
                let mark = field.required && new ? HelpText.requiredMark.text(lang) : ""
                lines.append("  \(field.key.padding(toLength: width, withPad: " ", startingAt: 0))  \(field.label)\(mark)")
            }
            for key in extra {
                lines.append("  \(key.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(key.note?.text(lang) ?? "")")
            }
        }
        if !spec.examples.isEmpty {
            lines.append(HelpText.examplesHeading.text(lang))
            lines += spec.examples.map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    /// What a command's own page says it does. `check`'s account is to be made from the rules'
    /// own help lines once the rules have a registry (issue 13, the rules' half): this is the one
    /// place to join them; until then the catalogue words it.
    private static func account(of spec: CommandSpec, _ lang: Lang) -> String {
        (spec.details ?? spec.summary).text(lang)
    }
}

extension Message {
    /// The general help page. Help pages are composed from the command table, which the shell
    /// owns, so they are no longer cases of the catalogue; this keeps the name the general page
    /// had as one.
    static var helpGeneral: HelpPage { .general }
}
