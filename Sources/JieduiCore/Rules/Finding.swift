/// How serious a finding is.
public enum Severity: String, Sendable, Comparable {
    case error, warning

    public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }

    public func label(_ lang: Lang) -> String {
        switch (self, lang) {
        case (.error, .zh): "错误"
        case (.warning, .zh): "警告"
        case (_, .en): rawValue
        }
    }
}

/// One shortfall: its rule's code, severity, the record it is about, and what it says.
public struct Finding: Sendable, Hashable {
    public let code: String
    public let severity: Severity
    public let ref: String
    public let message: Message

    public init<Rule: CheckRule>(_ rule: Rule.Type, _ severity: Severity, _ ref: String, _ message: Message) {
        code = rule.code
        self.severity = severity
        self.ref = ref
        self.message = message
    }
}
