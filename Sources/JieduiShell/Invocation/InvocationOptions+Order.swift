import ArgumentParser

/// argument-parser keeps the order of one option's values but not the order across two options
/// (its issue 862): it gives the `-c` commands and the `-f` scripts as two lists. Their order is
/// read from the arguments in one pass that takes them as argument-parser does: every option
/// that takes a value takes the next argument, whatever it looks like, unless it was joined to
/// it by `=`. The pass only says which list each action comes from; the values are the parser's.
extension InvocationOptions {
    /// The long options that take a value, besides `-c` and `-f` (a test holds this to the
    /// declarations).
    static let optionsWithValues: Set<String> = ["--db", "--format", "--lang", "--user", "--generate-completion-script"]

    /// The `-c` and `-f` actions in the order they were given: `-f a.jd -c 'x' -f b.jd` runs
    /// a.jd, then x, then b.jd.
    func actions(in arguments: [String]) -> [Invocation.Action] {
        var commands = self.commands[...], scripts = self.scripts[...]
        var actions: [Invocation.Action] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            switch argument {
            case "-c", "-f":
                index += 1
                fallthrough
            case _ where argument.hasPrefix("-c=") || argument.hasPrefix("-f="):
                if argument.hasPrefix("-c") {
                    guard let command = commands.popFirst() else { preconditionFailure("more -c than argument-parser read") }
                    actions.append(.command(command))
                } else {
                    guard let script = scripts.popFirst() else { preconditionFailure("more -f than argument-parser read") }
                    actions.append(.script(script))
                }
            case _ where Self.optionsWithValues.contains(argument):
                index += 1
            default:
                break
            }
        }
        precondition(commands.isEmpty && scripts.isEmpty, "argument-parser read -c or -f where the order pass did not")
        return actions
    }
}
