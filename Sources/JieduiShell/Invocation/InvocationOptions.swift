import ArgumentParser
import JieduiCore

/// The options as swift-argument-parser declares them: it reads them (`--opt value` and
/// `--opt=value`), finds the errors, and writes the shells' completion scripts
/// (`--generate-completion-script bash|zsh|fish`). Values are taken unconditionally, as
/// `-c '-x'` needs. `jiedui` prints its own help, in the user's language, so the parser's
/// English one is switched off and `-h`/`--help` is an ordinary flag.
struct InvocationOptions: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "jiedui", helpNames: [])

    /// The language of the options' descriptions in a completion script: the environment's.
    @TaskLocal static var language = Lang.zh

    private static func describe(_ text: HelpText, _ valueName: String? = nil) -> ArgumentHelp {
        ArgumentHelp(text.text(language), valueName: valueName)
    }

    @Option(name: .long, parsing: .unconditional, help: describe(.optionDB, "PATH"), completion: .file(extensions: ["db"]))
    var db: String?

    @Option(name: .long, parsing: .unconditional, help: describe(.optionFormat))
    var format: OutputFormat?

    @Option(name: .long, parsing: .unconditional, help: describe(.optionLang))
    var lang: Lang?

    @Flag(name: .long, help: describe(.optionReveal))
    var reveal = false

    @Option(name: .long, parsing: .unconditional, help: describe(.optionUser, "NAME"))
    var user: String?

    @Option(name: .customShort("c"), parsing: .unconditionalSingleValue, help: describe(.optionCommand, "COMMAND"))
    var commands: [String] = []

    @Option(name: .customShort("f"), parsing: .unconditionalSingleValue, help: describe(.optionScript, "SCRIPT"),
            completion: .file(extensions: ["jd"]))
    var scripts: [String] = []

    @Flag(name: .long, help: describe(.optionKeepGoing))
    var keepGoing = false

    @Flag(name: .long, help: describe(.optionDryRun))
    var dryRun = false

    @Flag(name: .long, help: describe(.optionDemo))
    var demo = false

    @Flag(name: [.short, .long], help: describe(.optionHelp))
    var help = false

    @Flag(name: [.customShort("V"), .long], help: describe(.optionVersion))
    var version = false
}

extension OutputFormat: ExpressibleByArgument {}
extension Lang: ExpressibleByArgument {}
