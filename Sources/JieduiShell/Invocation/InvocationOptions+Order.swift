import ArgumentParser

/// argument-parser keeps the order of one option's values but not the order across two options
/// (its issue 862): it gives the `-c` commands and the `-f` scripts as two lists. Their order is
/// read back from argument-parser itself, which reads the arguments from left to right, taking
/// every value unconditionally: where the arguments so far parse on their own, they read as they
/// do in the whole line, and so do the arguments after them.
extension InvocationOptions {
    /// The `-c` and `-f` actions in the order they were given: `-f a.jd -c 'x' -f b.jd` runs
    /// a.jd, then x, then b.jd.
    func actions(in arguments: [String]) -> [Invocation.Action] {
        if scripts.isEmpty { return commands.map(Invocation.Action.command) }
        if commands.isEmpty { return scripts.map(Invocation.Action.script) }
        let actions = Self.actionsByPieces(arguments)
        // The pieces must hold what the whole line holds; if not, the slow way, which cannot miss.
        if Self.commands(of: actions) == commands && Self.scripts(of: actions) == scripts { return actions }
        return Self.actionsByPrefixes(arguments, commands: commands, scripts: scripts)
    }

    /// The actions, the arguments cut into pieces before a `-c` or an `-f` wherever the piece
    /// before it parses on its own: each piece is read alone, so that a long line costs a parse
    /// of a few words for each action (argument-parser's time grows faster than the line).
    private static func actionsByPieces(_ arguments: [String]) -> [Invocation.Action] {
        var actions: [Invocation.Action] = []
        var start = 0
        for end in 1...arguments.count where end == arguments.count || arguments[end] == "-c" || arguments[end] == "-f" {
            let piece = Array(arguments[start..<end])
            guard let options = try? parse(piece) else { continue }
            actions += options.scripts.isEmpty || options.commands.isEmpty
                ? options.commands.map(Invocation.Action.command) + options.scripts.map(Invocation.Action.script)
                : actionsByPrefixes(piece, commands: options.commands, scripts: options.scripts)
            start = end
        }
        return actions
    }

    /// The actions, each script placed after as many commands as the shortest prefix of the
    /// arguments holding it holds (a binary search over the prefixes for each script).
    private static func actionsByPrefixes(_ arguments: [String], commands: [String], scripts: [String]) -> [Invocation.Action] {
        var actions: [Invocation.Action] = []
        var placed = 0
        for (index, script) in scripts.enumerated() {
            var low = 1, high = arguments.count
            while low < high {
                let middle = (low + high) / 2
                if prefix(middle, of: arguments).scripts.count > index { high = middle } else { low = middle + 1 }
            }
            let before = max(placed, min(commands.count, prefix(low, of: arguments).commands.count))
            actions += commands[placed..<before].map(Invocation.Action.command)
            actions.append(.script(script))
            placed = before
        }
        return actions + commands[placed...].map(Invocation.Action.command)
    }

    /// The options of the first `count` arguments, or of the longest shorter prefix that parses
    /// (one ending in an option still waiting for its value reads as the prefix without it).
    private static func prefix(_ count: Int, of arguments: [String]) -> InvocationOptions {
        for length in stride(from: count, through: 0, by: -1) {
            if let options = try? parse(Array(arguments.prefix(length))) { return options }
        }
        preconditionFailure("jiedui with no arguments does not parse")
    }

    private static func commands(of actions: [Invocation.Action]) -> [String] {
        actions.compactMap { if case .command(let text) = $0 { text } else { nil } }
    }

    private static func scripts(of actions: [Invocation.Action]) -> [String] {
        actions.compactMap { if case .script(let path) = $0 { path } else { nil } }
    }
}
