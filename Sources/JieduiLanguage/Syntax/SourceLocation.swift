import JieduiCore

/// Where something is in the input: 1-based line and column, the column counted in Unicode
/// scalars (a Chinese character is one).
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: Self, b: Self) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A problem found in the input, as a value: where it is and what the catalogue says of it.
public struct Diagnostic: Error, Hashable, Sendable {
    public let location: SourceLocation
    public let message: JieduiCore.Message

    public init(_ message: JieduiCore.Message, at location: SourceLocation) {
        self.message = message
        self.location = location
    }
}
