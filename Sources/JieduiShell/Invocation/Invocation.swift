import Foundation
import JieduiCore

/// The command line of language.md, read into values.
struct Invocation {
    enum Action: Equatable {
        case command(String)
        case script(String)
    }

    var db: String?
    var format: OutputFormat?
    var lang: Lang?
    var reveal = false
    var actions: [Action] = []
    var keepGoing = false
    var dryRun = false
    var demo = false
    var user: String?
    var help = false
    var version = false

    /// Parses the arguments (without the program name); a bad one is a usage error.
    static func parse(_ arguments: [String]) throws(ShellError) -> Invocation {
        var invocation = Invocation()
        var index = 0
        func value(_ option: String) throws(ShellError) -> String {
            index += 1
            guard index < arguments.count else { throw ShellError(.optionNeedsValue(option), status: .badInvocation) }
            return arguments[index]
        }
        while index < arguments.count {
            var argument = arguments[index]
            var inline: String?
            if argument.hasPrefix("--"), let eq = argument.firstIndex(of: "=") {
                inline = String(argument[argument.index(after: eq)...])
                argument = String(argument[..<eq])
            }
            func take(_ option: String) throws(ShellError) -> String {
                if let inline { return inline }
                return try value(option)
            }
            switch argument {
            case "--db": invocation.db = try take(argument)
            case "--format":
                let text = try take(argument)
                guard let format = OutputFormat(rawValue: text) else {
                    throw ShellError(.badOptionValue(option: "--format", value: text, choices: OutputFormat.allCases.map(\.rawValue)), status: .badInvocation)
                }
                invocation.format = format
            case "--lang":
                let text = try take(argument)
                guard let lang = Lang(rawValue: text) else {
                    throw ShellError(.badOptionValue(option: "--lang", value: text, choices: Lang.allCases.map(\.rawValue)), status: .badInvocation)
                }
                invocation.lang = lang
            case "--user": invocation.user = try take(argument)
            case "--reveal": invocation.reveal = true
            case "--keep-going": invocation.keepGoing = true
            case "--dry-run": invocation.dryRun = true
            case "--demo": invocation.demo = true
            case "-h", "--help": invocation.help = true
            case "-V", "--version": invocation.version = true
            case "-c": invocation.actions.append(.command(try value(argument)))
            case "-f": invocation.actions.append(.script(try value(argument)))
            default: throw ShellError(.badOption(argument), status: .badInvocation)
            }
            index += 1
        }
        return invocation
    }
}
