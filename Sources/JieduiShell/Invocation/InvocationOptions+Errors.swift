import ArgumentParser
import JieduiCore

extension InvocationOptions {
    /// The catalogue's words for an error that argument-parser found in the arguments.
    ///
    /// argument-parser words its errors in English only (its issue 203), and the cases it throws
    /// are its own internal values: what it tells of an error is its message. The message quotes
    /// the option or value at fault, so it is read for them: which option, and whether it is
    /// unknown, lacks its value, or was given a value it cannot take. A message of any other
    /// shape is passed on in argument-parser's words.
    static func problem(in error: Error) -> Message {
        let text = message(for: error)
        func quoted(after lead: String) -> String? {
            guard let start = text.range(of: lead + "'") else { return nil }
            let rest = text[start.upperBound...]
            return rest.firstIndex(of: "'").map { String(rest[..<$0]) }
        }
        /// `--db <PATH>` names the option `--db`.
        func option(_ synopsis: String) -> String { String(synopsis.prefix { $0 != " " }) }

        if let name = quoted(after: "Unknown option ") ?? quoted(after: "Unexpected argument ") ?? quoted(after: "unexpected arguments: ") {
            return .badOption(name)
        }
        if let synopsis = quoted(after: "Missing value for ") {
            return .optionNeedsValue(option(synopsis))
        }
        // "The value 'V' is invalid for '--format <format>'": the value may itself hold a quote.
        if text.hasPrefix("The value '"), let middle = text.range(of: "' is invalid for '", options: .backwards) {
            let value = String(text[text.index(text.startIndex, offsetBy: "The value '".count)..<middle.lowerBound])
            let name = option(String(text[middle.upperBound...].prefix { $0 != "'" }))
            return .badOptionValue(option: name, value: value, choices: choices(of: name))
        }
        if let name = quoted(after: "The option "), let value = quoted(after: "but ") {
            return .optionTakesNoValue(option: name, value: value)
        }
        if let shell = quoted(after: "Can't generate completion scripts for ") {
            return .badOptionValue(option: "--generate-completion-script", value: shell, choices: CompletionShell.allCases.map(\.rawValue))
        }
        return .badInvocation(text)
    }

    /// The values an option takes, for the message that says its value is not one of them.
    private static func choices(of option: String) -> [String] {
        switch option {
        case "--format": OutputFormat.allValueStrings
        case "--lang": Lang.allValueStrings
        default: []
        }
    }
}
