import JieduiCore
import Testing

// MARK: - Fixtures

private func autoFamily(_ id: String, _ village: String = "金宝村", priority: Bool = false, girl: Bool = false) -> AutoFamily {
    AutoFamily(id: id, village: village, hasPriorityChild: priority, needsFemaleHelper: girl)
}

private func autoHelper(_ id: String, woman: Bool = false, capacity: Int = 3, current: Int = 0,
                    linked: Set<String> = [], unit: String = "区统计局") -> AutoHelper {
    AutoHelper(id: id, unit: unit, isFemale: woman, capacity: capacity, currentFamilies: current, linkedVillages: linked)
}

/// "F1→H2" for a pair, "F3 —" for a family left unpaired.
private func rows(_ assignments: [AutoAssignment]) -> [String] {
    assignments.map { assignment in
        assignment.helper.map { "\(assignment.family)→\($0)" } ?? "\(assignment.family) —"
    }
}

// MARK: - A reference, independent of the optimiser

/// The score vector of rules.md; `better` is the lexicographic order of the rules.
private struct Vector: Equatable, CustomStringConvertible {
    var priority = 0, paired = 0, linked = 0, maxLoad = 0

    func isBetter(than other: Vector) -> Bool {
        if priority != other.priority { return priority > other.priority }
        if paired != other.paired { return paired > other.paired }
        if linked != other.linked { return linked > other.linked }
        return maxLoad < other.maxLoad
    }

    var description: String { "(priority \(priority), paired \(paired), linked \(linked), max load \(maxLoad))" }
}

private func number(_ id: String) -> Int { Int(id.drop { !$0.isNumber })! }

/// Problems with a proposal: broken hard constraints, wrong bookkeeping, a score below the best,
/// or (criterion 5) other families paired than the smallest ids an optimal proposal can pair.
private func problems(_ assignments: [AutoAssignment], families: [AutoFamily], helpers: [AutoHelper],
                      best: (score: Vector, paired: [String])) -> [String] {
    var found: [String] = []
    let expectedOrder = families.map(\.id).sorted { number($0) < number($1) }
    if assignments.map(\.family) != expectedOrder {
        found.append("families \(assignments.map(\.family)), expected one each in id order \(expectedOrder)")
        return found
    }
    var vector = Vector()
    var added = [String: Int]()
    for assignment in assignments {
        let family = families.first { $0.id == assignment.family }!
        guard let helperID = assignment.helper else {
            if assignment.linked { found.append("\(family.id) unpaired but linked") }
            let expected: UnpairedReason = family.needsFemaleHelper ? .noFemaleHelperWithRoom : .noHelperWithRoom
            if assignment.reason != expected { found.append("\(family.id) reason \(String(describing: assignment.reason))") }
            continue
        }
        guard let helper = helpers.first(where: { $0.id == helperID }) else {
            found.append("\(family.id) to unknown helper \(helperID)")
            continue
        }
        if assignment.reason != nil { found.append("\(family.id) paired with a reason") }
        if family.needsFemaleHelper && !helper.isFemale { found.append("\(family.id) (a girl of 8+) to a man \(helper.id)") }
        let isLinked = helper.linkedVillages.contains(family.village)
        if assignment.linked != isLinked { found.append("\(family.id) linked flag \(assignment.linked)") }
        added[helper.id, default: 0] += 1
        vector.paired += 1
        if family.hasPriorityChild { vector.priority += 1 }
        if isLinked { vector.linked += 1 }
    }
    for helper in helpers {
        let new = added[helper.id] ?? 0
        if new > 0 && helper.currentFamilies + new > helper.capacity {
            found.append("\(helper.id) over capacity: \(helper.currentFamilies) + \(new) > \(helper.capacity)")
        }
        if helper.currentFamilies + new > 0 { vector.maxLoad = max(vector.maxLoad, helper.currentFamilies + new) }
    }
    // The reason given must be true after the proposal.
    for assignment in assignments where assignment.helper == nil {
        let family = families.first { $0.id == assignment.family }!
        if let open = helpers.first(where: { ($0.isFemale || !family.needsFemaleHelper)
            && $0.currentFamilies + (added[$0.id] ?? 0) < $0.capacity }) {
            found.append("\(family.id) unpaired while \(open.id) has room")
        }
    }
    if vector != best.score { found.append("score \(vector), best possible \(best.score)") }
    let paired = assignments.filter { $0.helper != nil }.map(\.family)
    if vector == best.score, paired != best.paired { found.append("pairs \(paired), not the smallest ids \(best.paired)") }
    let reported = PairingOptimizer.score(assignments, families: families, helpers: helpers)
    let mine = Vector(priority: reported.priority, paired: reported.paired, linked: reported.linked, maxLoad: reported.maxLoad)
    if mine != vector { found.append("PairingOptimizer.score says \(mine), the reference \(vector)") }
    return found
}

/// The best score vector over every assignment (each family to any helper, or none) that meets
/// the hard constraints, and among the assignments with that score the set of paired families
/// that pairs the smallest ids (criterion 5: decided at the smallest id where two sets differ).
private func exhaustiveBest(families unsorted: [AutoFamily], helpers: [AutoHelper]) -> (score: Vector, paired: [String]) {
    let families = unsorted.sorted { number($0.id) < number($1.id) }
    var best = Vector(priority: -1)
    var bestPaired: [Bool] = []
    var paired = [Bool](repeating: false, count: families.count)
    var added = [Int](repeating: 0, count: helpers.count)
    func visit(_ index: Int, _ partial: Vector) {
        if index == families.count {
            var complete = partial
            for (h, helper) in helpers.enumerated() where helper.currentFamilies + added[h] > 0 {
                complete.maxLoad = max(complete.maxLoad, helper.currentFamilies + added[h])
            }
            if complete.isBetter(than: best) {
                best = complete
                bestPaired = paired
            } else if complete == best, let first = paired.indices.first(where: { paired[$0] != bestPaired[$0] }), paired[first] {
                bestPaired = paired
            }
            return
        }
        let family = families[index]
        paired[index] = false
        visit(index + 1, partial)
        paired[index] = true
        for (h, helper) in helpers.enumerated() {
            guard helper.currentFamilies + added[h] < helper.capacity, helper.isFemale || !family.needsFemaleHelper else { continue }
            var next = partial
            next.paired += 1
            if family.hasPriorityChild { next.priority += 1 }
            if helper.linkedVillages.contains(family.village) { next.linked += 1 }
            added[h] += 1
            visit(index + 1, next)
            added[h] -= 1
        }
    }
    visit(0, Vector())
    return (best, families.indices.filter { bestPaired[$0] }.map { families[$0].id })
}

/// What the instances draw, on Core's seeded generator.
private extension SplitMix64 {
    mutating func coin() -> Bool { next() & 1 == 1 }
    mutating func subset(of values: [String]) -> Set<String> { Set(values.filter { _ in coin() }) }
    /// `count` distinct numbers from 1...20 in random order, so ids like F9 and F10 meet.
    mutating func ids(_ prefix: String, count: Int) -> [String] {
        var numbers = Array(1...20)
        for i in stride(from: numbers.count - 1, to: 0, by: -1) { numbers.swapAt(i, below(i + 1)) }
        return numbers.prefix(count).map { "\(prefix)\($0)" }
    }
}

/// ≤ 6 families, ≤ 4 helpers, capacities 1–3, 0–2 families already, 2–3 villages, two units linked
/// to random villages; in one instance of five every helper has linked villages of its own.
private func randomInstance(_ random: inout SplitMix64) -> (families: [AutoFamily], helpers: [AutoHelper]) {
    let villages = Array(["新华村", "金宝村", "石桥社区"].prefix(2 + random.below(2)))
    let units = [("区统计局", random.subset(of: villages)), ("镇中心校", random.subset(of: villages))]
    let ownLinks = random.below(5) == 0
    let families = random.ids("F", count: random.below(7)).map {
        AutoFamily(id: $0, village: villages[random.below(villages.count)],
                   hasPriorityChild: random.coin(), needsFemaleHelper: random.coin())
    }
    let helpers = random.ids("H", count: random.below(5)).map { id -> AutoHelper in
        let (unit, linked) = units[random.below(units.count)]
        return AutoHelper(id: id, unit: unit, isFemale: random.coin(), capacity: 1 + random.below(3),
                          currentFamilies: random.below(3), linkedVillages: ownLinks ? random.subset(of: villages) : linked)
    }
    return (families, helpers)
}

/// Families in id order, each to the first helper with room (linked first, then any): the
/// obvious greedy, which the property test must be able to tell from an optimum.
private func greedy(families: [AutoFamily], helpers: [AutoHelper]) -> [AutoAssignment] {
    var added = [String: Int]()
    let helpers = helpers.sorted { number($0.id) < number($1.id) }
    return families.sorted { number($0.id) < number($1.id) }.map { family in
        let open = helpers.filter { ($0.isFemale || !family.needsFemaleHelper)
            && $0.currentFamilies + (added[$0.id] ?? 0) < $0.capacity }
        guard let chosen = open.first(where: { $0.linkedVillages.contains(family.village) }) ?? open.first else {
            return AutoAssignment(family: family.id, helper: nil, linked: false,
                                  reason: family.needsFemaleHelper ? .noFemaleHelperWithRoom : .noHelperWithRoom)
        }
        added[chosen.id, default: 0] += 1
        return AutoAssignment(family: family.id, helper: chosen.id,
                              linked: chosen.linkedVillages.contains(family.village), reason: nil)
    }
}

// MARK: - Tests

@Suite struct PairingOptimizerTests {
    static let propertyRuns = 5_000

    @Test func matchesAnExhaustiveSearchOnThousandsOfSmallInstances() {
        var random = SplitMix64(seed: 0x6A69_6564_7569) // "jiedui"
        var failures: [String] = []
        for run in 0..<Self.propertyRuns {
            let (families, helpers) = randomInstance(&random)
            let best = exhaustiveBest(families: families, helpers: helpers)
            let proposal = PairingOptimizer.propose(families: families, helpers: helpers)
            let found = problems(proposal, families: families, helpers: helpers, best: best)
            if !found.isEmpty, failures.count < 5 {
                failures.append("run \(run): \(found)\n  families \(families)\n  helpers \(helpers)\n  proposal \(rows(proposal))")
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    /// The checker above is not vacuous: the same instances expose a greedy.
    @Test func theExhaustiveCheckCatchesAGreedy() {
        var random = SplitMix64(seed: 0x6A69_6564_7569)
        var caught = 0
        for _ in 0..<Self.propertyRuns {
            let (families, helpers) = randomInstance(&random)
            let best = exhaustiveBest(families: families, helpers: helpers)
            let proposal = greedy(families: families, helpers: helpers)
            if !problems(proposal, families: families, helpers: helpers, best: best).isEmpty { caught += 1 }
        }
        #expect(caught > 100)
    }

    @Test func aGirlOfEightOrMoreGoesOnlyToAWoman() {
        let girl = autoFamily("F1", girl: true)
        let man = autoHelper("H1", linked: ["金宝村"])
        let woman = autoHelper("H2", woman: true, capacity: 1)
        #expect(rows(PairingOptimizer.propose(families: [girl], helpers: [man, woman])) == ["F1→H2"])

        let alone = PairingOptimizer.propose(families: [girl], helpers: [man])
        #expect(rows(alone) == ["F1 —"])
        #expect(alone.first?.reason == .noFemaleHelperWithRoom)

        // The woman's one slot goes to the girl; the boy's family takes the man.
        let boy = autoFamily("F0")
        #expect(rows(PairingOptimizer.propose(families: [girl, boy], helpers: [woman, man])) == ["F0→H1", "F1→H2"])
    }

    @Test func aPriorityFamilyWinsTheLastSlot() {
        // One slot, linked to the village of two ordinary families with smaller ids.
        let families = [autoFamily("F1", "金宝村"), autoFamily("F2", "金宝村"), autoFamily("F3", "新华村", priority: true)]
        let proposal = PairingOptimizer.propose(families: families, helpers: [autoHelper("H1", capacity: 1, linked: ["金宝村"])])
        #expect(rows(proposal) == ["F1 —", "F2 —", "F3→H1"])
        #expect(proposal.map(\.reason) == [.noHelperWithRoom, .noHelperWithRoom, nil])
        #expect(proposal[2].linked == false)
    }

    @Test func moreFamiliesPairedBeatLinkedPairs() {
        // The woman H1 has one slot, linked to the boy's village; giving it to him would leave the
        // girl without a helper, so the boy goes to the unlinked man and the girl to H1.
        let families = [autoFamily("F1", "金宝村"), autoFamily("F2", "新华村", girl: true)]
        let helpers = [autoHelper("H1", woman: true, capacity: 1, linked: ["金宝村"]), autoHelper("H2", capacity: 1)]
        let proposal = PairingOptimizer.propose(families: families, helpers: helpers)
        #expect(rows(proposal) == ["F1→H2", "F2→H1"])
        #expect(proposal.map(\.linked) == [false, false])
    }

    @Test func aLinkedHelperIsPreferred() {
        let helpers = [autoHelper("H1", linked: ["新华村"]), autoHelper("H2", linked: ["金宝村"])]
        let proposal = PairingOptimizer.propose(families: [autoFamily("F1", "金宝村")], helpers: helpers)
        #expect(rows(proposal) == ["F1→H2"])
        #expect(proposal[0].linked)

        // Linked pairs come before the spread of the load: both families go to the linked helper.
        let two = PairingOptimizer.propose(families: [autoFamily("F1"), autoFamily("F2")],
                                           helpers: [autoHelper("H1"), autoHelper("H2", linked: ["金宝村"])])
        #expect(rows(two) == ["F1→H2", "F2→H2"])
    }

    @Test func theLoadIsSpread() {
        let helpers = [autoHelper("H1", capacity: 3), autoHelper("H2", capacity: 3)]
        let families = [autoFamily("F1"), autoFamily("F2")]
        let proposal = PairingOptimizer.propose(families: families, helpers: helpers)
        #expect(rows(proposal) == ["F1→H1", "F2→H2"])
        #expect(PairingOptimizer.score(proposal, families: families, helpers: helpers) == (0, 2, 0, 1))

        // Families paired already count: H1 has one, so the new ones go one to each (load 2), not both to H1.
        let busy = [autoHelper("H1", capacity: 3, current: 1), autoHelper("H2", capacity: 3)]
        let spread = PairingOptimizer.propose(families: families + [autoFamily("F3")], helpers: busy)
        #expect(rows(spread) == ["F1→H1", "F2→H2", "F3→H2"])
    }

    @Test func theLoadCountsHelpersWhoTakeNothingNew() {
        // H1 already holds 3 families (over its capacity of 2): the load can never be below 3.
        let helpers = [autoHelper("H1", capacity: 2, current: 3), autoHelper("H2", capacity: 5)]
        let three = (1...3).map { autoFamily("F\($0)") }
        let proposal = PairingOptimizer.propose(families: three, helpers: helpers)
        #expect(rows(proposal) == ["F1→H2", "F2→H2", "F3→H2"])
        #expect(PairingOptimizer.score(proposal, families: three, helpers: helpers) == (0, 3, 0, 3))
        let four = three + [autoFamily("F4")]
        #expect(PairingOptimizer.score(PairingOptimizer.propose(families: four, helpers: helpers),
                                       families: four, helpers: helpers) == (0, 4, 0, 4))
        #expect(PairingOptimizer.score([], families: [], helpers: helpers) == (0, 0, 0, 3))
        #expect(PairingOptimizer.score([], families: [], helpers: [autoHelper("H3")]) == (0, 0, 0, 0))
    }

    @Test func tiesGoToTheSmallestIdsAndTheOutputIsDeterministic() {
        // Ids order by number: F2 < F9 < F10; H3 < H20.
        let families = [autoFamily("F10"), autoFamily("F2"), autoFamily("F9")]
        let helpers = [autoHelper("H20", capacity: 1), autoHelper("H3", capacity: 1)]
        let proposal = PairingOptimizer.propose(families: families, helpers: helpers)
        #expect(rows(proposal) == ["F2→H3", "F9→H20", "F10 —"])
        #expect(PairingOptimizer.propose(families: families.reversed(), helpers: helpers.reversed()) == proposal)
        #expect(PairingOptimizer.propose(families: families, helpers: helpers) == proposal)
    }

    @Test func theSmallestFamilyIdWinsAcrossVillages() {
        // One slot, no link to either village: the families are equally good, F2 has the smaller id.
        let families = [autoFamily("F10", "金宝村"), autoFamily("F2", "新华村"), autoFamily("F3", "石桥社区", girl: true)]
        let proposal = PairingOptimizer.propose(families: families, helpers: [autoHelper("H1", woman: true, capacity: 1)])
        #expect(rows(proposal) == ["F2→H1", "F3 —", "F10 —"])
    }

    @Test func nothingToPairOrNoOneToPairWith() {
        #expect(PairingOptimizer.propose(families: [], helpers: [autoHelper("H1")]).isEmpty)
        #expect(PairingOptimizer.propose(families: [], helpers: []).isEmpty)
        let proposal = PairingOptimizer.propose(families: [autoFamily("F1"), autoFamily("F2", girl: true)], helpers: [])
        #expect(proposal.map(\.reason) == [.noHelperWithRoom, .noFemaleHelperWithRoom])
        let full = PairingOptimizer.propose(families: [autoFamily("F1")], helpers: [autoHelper("H1", capacity: 2, current: 2)])
        #expect(rows(full) == ["F1 —"])
    }

    @Test func aTownSizedInputMeetsTheRulesAndIsStable() {
        var random = SplitMix64(seed: 2024)
        let villages = (1...30).map { "村\($0)" }
        let units = (1...20).map { ("单位\($0)", Set((0..<2).map { _ in villages[random.below(villages.count)] })) }
        let families = (1...2_000).map {
            AutoFamily(id: "F\($0)", village: villages[random.below(villages.count)],
                       hasPriorityChild: random.below(3) == 0, needsFemaleHelper: random.below(3) == 0)
        }
        let helpers = (1...800).map { index -> AutoHelper in
            let (unit, linked) = units[random.below(units.count)]
            return AutoHelper(id: "H\(index)", unit: unit, isFemale: random.coin(), capacity: 1 + random.below(3),
                              currentFamilies: random.below(4) == 0 ? 1 : 0, linkedVillages: linked)
        }
        let proposal = PairingOptimizer.propose(families: families, helpers: helpers)
        #expect(proposal.count == families.count)
        // Hard constraints and bookkeeping (the score is not compared: no exhaustive search here).
        var added = [String: Int]()
        let helperByID = Dictionary(uniqueKeysWithValues: helpers.map { ($0.id, $0) })
        for (assignment, family) in zip(proposal, families) {
            #expect(assignment.family == family.id)
            guard let id = assignment.helper, let helper = helperByID[id] else { continue }
            added[id, default: 0] += 1
            #expect(helper.isFemale || !family.needsFemaleHelper)
            #expect(assignment.linked == helper.linkedVillages.contains(family.village))
        }
        for helper in helpers { #expect(helper.currentFamilies + (added[helper.id] ?? 0) <= max(helper.capacity, helper.currentFamilies)) }
        // Every family that stays unpaired has no helper of the right sex with room.
        let open = helpers.filter { $0.currentFamilies + (added[$0.id] ?? 0) < $0.capacity }
        for (assignment, family) in zip(proposal, families) where assignment.helper == nil {
            #expect(!open.contains { $0.isFemale || !family.needsFemaleHelper })
        }
        #expect(PairingOptimizer.propose(families: families.reversed(), helpers: helpers.reversed()) == proposal)
    }
}
