import ArgumentParser
import JieduiCore

/// The command line of language.md, read into values.
struct Invocation: Equatable {
    enum Action: Equatable {
        case command(String)
        case script(String)
    }

    var db: String?
    var format: OutputFormat?
    var lang: Lang?
    var reveal = false
    /// The `-c` and `-f` actions, in the order given.
    var actions: [Action] = []
    var keepGoing = false
    var dryRun = false
    var demo = false
    var user: String?
    var help = false
    var version = false
    /// Text the argument parser was asked for instead of a run (a shell's completion script),
    /// to print as it is.
    var reply: String?

    /// Parses the arguments (without the program name); a bad one is a usage error, worded in
    /// `lang` (the environment's language: the arguments' own `--lang` may be the bad one).
    static func parse(_ arguments: [String], lang: Lang) throws(ShellError) -> Invocation {
        if let common = parseCommon(arguments) { return common }
        return try parseByArgumentParser(arguments, lang: lang)
    }

    /// The invocation as argument-parser reads it: any line, including help, errors and
    /// completion scripts.
    static func parseByArgumentParser(_ arguments: [String], lang: Lang) throws(ShellError) -> Invocation {
        do {
            return try InvocationOptions.$language.withValue(lang) {
                let options = try InvocationOptions.parse(arguments)
                return Invocation(options, actions: options.actions(in: arguments))
            }
        } catch {
            let status = InvocationOptions.exitCode(for: error)
            if status == .success {
                // A completion script (or argument-parser's own description of the options).
                let text = InvocationOptions.$language.withValue(lang) { InvocationOptions.fullMessage(for: error) }
                var invocation = Invocation()
                invocation.reply = text
                return invocation
            }
            throw ShellError(InvocationOptions.problem(in: error), status: .badInvocation)
        }
    }

    init() {}

    private init(_ options: InvocationOptions, actions: [Action]) {
        db = options.db
        format = options.format
        lang = options.lang
        reveal = options.reveal
        self.actions = actions
        keepGoing = options.keepGoing
        dryRun = options.dryRun
        demo = options.demo
        user = options.user
        help = options.help
        version = options.version
    }
}
