import JieduiCore

/// The common invocation read without argument-parser.
///
/// argument-parser declares the options and is the authority on everything about them — help,
/// errors, completion scripts, every unusual form — but it builds its whole description of the
/// command by reflection on each run, which was half of jiedui's start-up (issue 17). So a line
/// made only of the common, valid forms (`--db X`, `--db=X`, `-c X`, `-f X`, a valid `--format`
/// or `--lang`, `--user`, the plain flags, each single option at most once) is read here; any
/// other argument hands the whole line to argument-parser. A test holds the two to the same
/// result on generated lines.
extension Invocation {
    /// The invocation, if every argument is in one of the common forms; nil otherwise.
    static func parseCommon(_ arguments: [String]) -> Invocation? {
        // argument-parser looks for a completion-script request anywhere, values included, and
        // takes `--` as the end of the options wherever it stands.
        if arguments.contains(where: { $0.hasPrefix("--generate-completion-script") || $0 == "--" }) { return nil }
        var invocation = Invocation()
        var seen: Set<String> = []
        var index = 0
        func value(_ argument: String) -> (name: String, value: String)? {
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                // `--db=` is argument-parser's to refuse.
                let text = String(argument[argument.index(after: equals)...])
                return text.isEmpty ? nil : (String(argument[..<equals]), text)
            }
            guard index + 1 < arguments.count else { return nil }
            index += 1
            return (argument, arguments[index])
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--reveal", "--keep-going", "--dry-run", "--demo":
                guard seen.insert(argument).inserted else { return nil }
                switch argument {
                case "--reveal": invocation.reveal = true
                case "--keep-going": invocation.keepGoing = true
                case "--dry-run": invocation.dryRun = true
                default: invocation.demo = true
                }
            case "-c", "-f":
                guard index + 1 < arguments.count else { return nil }
                index += 1
                invocation.actions.append(argument == "-c" ? .command(arguments[index]) : .script(arguments[index]))
            default:
                let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
                guard ["--db", "--format", "--lang", "--user"].contains(name), seen.insert(name).inserted,
                      let (_, text) = value(argument) else { return nil }
                switch name {
                case "--db": invocation.db = text
                case "--user": invocation.user = text
                case "--format":
                    guard let format = OutputFormat(rawValue: text) else { return nil }
                    invocation.format = format
                default:
                    guard let lang = Lang(rawValue: text) else { return nil }
                    invocation.lang = lang
                }
            }
            index += 1
        }
        return invocation
    }
}
