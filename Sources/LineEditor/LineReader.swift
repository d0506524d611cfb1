/// What reading a line gave.
public enum LineInput: Equatable, Sendable {
    case line(String)
    /// Ctrl-C: the line being typed was dropped.
    case interrupted
    /// Ctrl-D on an empty line, or the end of input.
    case end
}

/// Tab completion: how many characters before the cursor the candidates replace.
public struct Completion: Equatable, Sendable {
    public let replacing: Int
    public let candidates: [String]
    /// The candidates are some of the matches only (a town's records are too many to list):
    /// nothing is inserted, since what they share need not be what all matches share.
    public let more: Bool

    public init(replacing: Int, candidates: [String], more: Bool = false) {
        self.replacing = replacing
        self.candidates = candidates
        self.more = more
    }

    public static let none = Completion(replacing: 0, candidates: [])
}

/// Reads the lines of an interactive session. The shell sees only this.
public protocol LineReader: AnyObject {
    func readLine(prompt: String) -> LineInput
    /// Remembers a line the user entered (masked by the reader's sanitiser first).
    func addHistory(_ line: String)
}

/// A reader that plays back given inputs, for tests of the shell.
public final class ScriptedLineReader: LineReader {
    public private(set) var prompts: [String] = []
    public private(set) var history: [String] = []
    private var inputs: [LineInput]

    public init(_ inputs: [LineInput]) {
        self.inputs = inputs
    }

    public func readLine(prompt: String) -> LineInput {
        prompts.append(prompt)
        return inputs.isEmpty ? .end : inputs.removeFirst()
    }

    public func addHistory(_ line: String) {
        history.append(line)
    }
}
