// `pair auto`: the best pairing the rules allow (rules.md, "pair auto").
//
// A pure algorithm: families to pair and helpers with room in, one assignment per family out.
// Reading the records, the category filter, families already partly paired (they go to their
// helper or nowhere, so they never reach this optimiser), printing and `apply` belong to the
// callers.

/// A family to be paired: the unpaired active children of one household (criteria of rules.md).
public struct AutoFamily: Sendable, Hashable {
    /// "F0001"; ids order by their number (F10000 after F9999).
    public let id: String
    public let village: String
    /// A child of category 1–3 among those to pair.
    public let hasPriorityChild: Bool
    /// A girl aged 8 or more among those to pair: the family goes only to a female helper.
    public let needsFemaleHelper: Bool

    public init(id: String, village: String, hasPriorityChild: Bool, needsFemaleHelper: Bool) {
        self.id = id
        self.village = village
        self.hasPriorityChild = hasPriorityChild
        self.needsFemaleHelper = needsFemaleHelper
    }
}

/// A helper who may take families.
public struct AutoHelper: Sendable, Hashable {
    /// "H0001"; ids order by their number like family ids.
    public let id: String
    public let unit: String
    public let isFemale: Bool
    /// Families in all (1...10 in the records).
    public let capacity: Int
    /// Families paired already: they count against `capacity` and towards the load.
    public let currentFamilies: Int
    /// Villages the helper's unit is linked to (联系村).
    public let linkedVillages: Set<String>

    public init(id: String, unit: String, isFemale: Bool, capacity: Int, currentFamilies: Int,
                linkedVillages: Set<String>) {
        self.id = id
        self.unit = unit
        self.isFemale = isFemale
        self.capacity = capacity
        self.currentFamilies = currentFamilies
        self.linkedVillages = linkedVillages
    }
}

/// Why a family stays unpaired. After an optimal proposal every helper the family could go to is
/// full, so the reason is the family's own: a girl of 8 or more needs a woman, the others anyone.
public enum UnpairedReason: Sendable, Hashable {
    case noFemaleHelperWithRoom
    case noHelperWithRoom
}

/// The proposal for one family.
public struct AutoAssignment: Sendable, Hashable {
    public let family: String
    /// nil: the family stays unpaired.
    public let helper: String?
    /// The helper's unit is linked to the family's village (false when unpaired).
    public let linked: Bool
    /// Set exactly when `helper` is nil.
    public let reason: UnpairedReason?

    public init(family: String, helper: String?, linked: Bool, reason: UnpairedReason?) {
        self.family = family
        self.helper = helper
        self.linked = linked
        self.reason = reason
    }
}

/// The optimiser behind `pair auto`.
///
/// Among all proposals that meet the hard constraints (a helper takes at most `capacity`
/// families in all, `currentFamilies` included; a family that needs a female helper goes only
/// to a woman) `propose` returns one that is best, lexicographically, by
/// 1. the most families with a priority child paired,
/// 2. the most families paired,
/// 3. the most families paired with a helper whose `linkedVillages` hold the family's village,
/// 4. the smallest largest load (see `score`),
/// and it is exact on 1–4 for every input, not greedy. Ties (5), deterministically:
/// - which families are paired is exactly the rule: of all proposals best by 1–4, the one that
///   pairs the smallest family ids (compared from the smallest id up);
/// - which helper each gets: the families, in id order, each take the smallest-id helper with
///   room among the helper classes that the chosen optimal class flow sends their class to; then
///   any family that can move alone to a smaller-id helper with room, keeping 1–4, does, until
///   none can (`preferSmallestHelpers`). What only an exchange between several families would
///   reach is not searched for.
/// The output does not depend on the order of the input lists.
///
/// How: the objective and the constraints see a family only through its class (village,
/// priority, needs a woman) and a helper only through its class (woman, linked villages among
/// the families' villages), so the problem is a min-cost flow on a graph of classes:
///
///     source ─[count, A·(1−priority)]→ family class ─[∞, 0]→ village junction (v, woman?) ─[∞, 0]→ helper class ─[room, 0]→ sink
///                                           └────────[∞, 1]→ hub (woman?) ───────[∞, 0]→ helper class
///
/// A village junction reaches only the helper classes linked to its village (and only women's for
/// the "woman" junction); a hub reaches every helper class of the right sex. With A = n + 1
/// (n families), the cost of a flow of value F is A·(F − priority paired) + (F − linked paired).
///
/// Why it is optimal: every augmenting path pairs one more family and unpairs none, so a flow
/// that is not maximum can always be grown without losing a priority family; hence a maximum flow
/// reaches the largest possible number of priority families (1) and of families (2), and among
/// maximum flows the minimum cost maximises priority families first (A exceeds any difference in
/// linked families) and then linked families (3). The flow is solved exactly by the primal–dual
/// method (Dijkstra with potentials, then a blocking flow on the zero-reduced-cost edges, bulk
/// amounts, never one family at a time). For (4): with the load cap L, a helper's room is
/// max(0, min(capacity, L) − currentFamilies); a proposal has largest load ≤ L exactly when it
/// fits these rooms (L is never below the largest `currentFamilies`), and the optimum of 1–3
/// only grows with L, so a binary search finds the smallest L that still reaches the optimum of
/// 1–3 found without a cap. Then `preferSmallestFamilies` moves the flow, by cycles of cost 0
/// only, to the optimal flow that pairs the smallest family ids, and any concrete split of a
/// class flow into families and helpers keeps the score, so the tie-breaks of (5) cost nothing.
///
/// Size: at most 4 family classes per village, two junctions per village, and at most one helper
/// class per helper; 10,000 families and 5,000 helpers take about 10–150 ms (release build).
public enum PairingOptimizer {
    /// One assignment per family, in family-id order.
    public static func propose(families: [AutoFamily], helpers: [AutoHelper]) -> [AutoAssignment] {
        Solver(families: families, helpers: helpers).propose()
    }

    /// The objective of rules.md as a vector, to maximise `priority`, `paired` and `linked` and
    /// then minimise `maxLoad`, lexicographically:
    /// - `priority`: families with a priority child that have a helper;
    /// - `paired`: families that have a helper;
    /// - `linked`: families whose helper's `linkedVillages` contain the family's village
    ///   (computed from the records, not from `AutoAssignment.linked`);
    /// - `maxLoad`: the largest `currentFamilies` + new families over every helper that has any
    ///   family after the proposal, old or new (0 when no helper has one). A helper paired already
    ///   counts even if it receives nothing, so `maxLoad` is never below the largest
    ///   `currentFamilies` of all helpers.
    ///
    /// Assignments naming a family or helper that is not in the lists are ignored; the hard
    /// constraints are not checked here.
    public static func score(_ assignments: [AutoAssignment], families: [AutoFamily], helpers: [AutoHelper])
        -> (priority: Int, paired: Int, linked: Int, maxLoad: Int) {
        var familyByID: [String: AutoFamily] = [:]
        for family in families where familyByID[family.id] == nil { familyByID[family.id] = family }
        var helperIndex: [String: Int] = [:]
        for (index, helper) in helpers.enumerated() where helperIndex[helper.id] == nil { helperIndex[helper.id] = index }

        var priority = 0, paired = 0, linked = 0
        var added = [Int](repeating: 0, count: helpers.count)
        for assignment in assignments {
            guard let helperID = assignment.helper, let family = familyByID[assignment.family],
                  let index = helperIndex[helperID] else { continue }
            paired += 1
            if family.hasPriorityChild { priority += 1 }
            if helpers[index].linkedVillages.contains(family.village) { linked += 1 }
            added[index] += 1
        }
        var maxLoad = 0
        for (index, helper) in helpers.enumerated() {
            let load = helper.currentFamilies + added[index]
            if load > 0 { maxLoad = max(maxLoad, load) }
        }
        return (priority, paired, linked, maxLoad)
    }
}

// MARK: - Record ids

extension PairingOptimizer {
    /// Indices of `ids` in id order (stable for equal ids).
    static func idOrder(_ ids: [String]) -> [Int] {
        let keys = ids.map(IDOrder.init)
        return ids.indices.sorted { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
    }
}
