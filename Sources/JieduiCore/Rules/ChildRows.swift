/// Rows that more than one rule or `due` source reads in the same shape.
public enum ChildRows {
    /// An active child and its category (`uncovered`, `uncovered-other`).
    public struct Categorised: Decodable, Sendable, Hashable {
        public let child: String
        public let name: String
        public let category: String
    }

    /// An active child and its last review, if any (`not-reviewed`, the annual review due).
    public struct Reviewed: Decodable, Sendable, Hashable {
        public let child: String
        public let name: String
        public let reviewed: Day?
    }

    /// An active child whose birthday may fall in a `due` window, with its category (the
    /// birthdays and age limits due; the query may give more, the dates are worked out there).
    public struct Born: Decodable, Sendable, Hashable {
        public let child: String
        public let name: String
        public let born: Day
        public let category: String
    }
}
