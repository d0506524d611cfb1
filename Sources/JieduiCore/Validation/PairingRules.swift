/// What the pairing rules of records.md need to know about a proposed pair.
public struct PairFacts: Sendable {
    public var childID: String
    public var childName: String
    public var category: String
    public var age: Int
    public var sex: String
    public var family: String
    /// The child's active pair, if any.
    public var activePair: String?
    /// The helper of the proposed pair (nil for a unit pairing).
    public var helperID: String?
    public var helperName: String?
    public var helperSex: String?
    public var helperCapacity: Int
    /// Families the helper is paired with now, not counting this child's family.
    public var helperOtherFamilies: Int
    /// Whether the helper already pairs with this child's family.
    public var helperHasFamily: Bool
    /// The helper of the family's other active pairs (the first pair of a family decides).
    public var familyHelper: String?

    public init(
        childID: String, childName: String, category: String, age: Int, sex: String, family: String,
        activePair: String?, helperID: String?, helperName: String?, helperSex: String?, helperCapacity: Int,
        helperOtherFamilies: Int, helperHasFamily: Bool, familyHelper: String?
    ) {
        self.childID = childID
        self.childName = childName
        self.category = category
        self.age = age
        self.sex = sex
        self.family = family
        self.activePair = activePair
        self.helperID = helperID
        self.helperName = helperName
        self.helperSex = helperSex
        self.helperCapacity = helperCapacity
        self.helperOtherFamilies = helperOtherFamilies
        self.helperHasFamily = helperHasFamily
        self.familyHelper = familyHelper
    }
}

/// The pairing rules of records.md (方案 三(三)).
public enum PairingRules {
    /// Checks a proposed pair. Rules 1 and 2 are never excused; rules 3–5 are errors unless an
    /// override reason is given. Throws the first rule broken.
    public static func check(_ facts: PairFacts, override: String?) throws(Message) {
        // 避免重复结对: a child has at most one active pair.
        if let pair = facts.activePair { throw .alreadyPaired(child: facts.childID, pair: pair) }
        // Categories 1–3 must have a cadre family; only 4–6 may be paired with a unit (部门包片).
        guard let helper = facts.helperID else {
            if ChildCategory.isHelperOnly(facts.category) { throw .unitForLowCategory(child: facts.childID, category: facts.category) }
            return
        }
        let excused = !(override ?? "").isEmpty
        if excused { return }
        // 8周岁以上的女童原则安排女性干部职工及其家庭结对.
        if GirlsWithWomen.isBroken(childSex: facts.sex, age: facts.age, helperSex: facts.helperSex) {
            throw .girlNeedsFemaleHelper(child: facts.childID, age: facts.age, helper: facts.helperName ?? helper)
        }
        // 同一家庭有多名困境儿童原则上由同一户爱心家庭帮扶.
        if let other = facts.familyHelper, other != helper {
            throw .familySplit(child: facts.childID, family: facts.family, helper: helper, other: other)
        }
        // A helper pairs with at most `capacity` families.
        if !facts.helperHasFamily, facts.helperOtherFamilies + 1 > facts.helperCapacity {
            throw .helperFull(helper: facts.helperName ?? helper, capacity: facts.helperCapacity, families: facts.helperOtherFamilies)
        }
    }
}
