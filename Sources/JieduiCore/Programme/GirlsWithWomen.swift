/// 方案 三(三): 8周岁以上的女童原则安排女性干部职工及其家庭结对 — girls aged 8 or more are paired
/// with women. The one statement of the rule: `pair add`, `pair auto` and `check`'s
/// girl-male-helper read it here (the store's query from `age`, `childSex` and `helperSex`).
public enum GirlsWithWomen {
    /// The age from which a girl is paired with a woman.
    public static let age = 8
    /// The sex of the children the rule is about.
    public static var childSex: String { Sex.female.label }
    /// The sex of the helper such a child is paired with.
    public static var helperSex: String { Sex.female.label }

    /// Whether a child of this sex and age must be paired with a woman.
    public static func applies(sex: String, age: Int) -> Bool {
        sex == childSex && age >= Self.age
    }

    /// Whether pairing the child with a helper of `helperSex` breaks the rule.
    public static func isBroken(childSex: String, age: Int, helperSex: String?) -> Bool {
        applies(sex: childSex, age: age) && helperSex != self.helperSex
    }
}
