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
/// - which helper each gets is close to it but not guaranteed to be the smallest-id order: the
///   families, in id order, each take the smallest-id helper with room among the helper classes
///   that the chosen optimal class flow sends their class to (exact within a helper class; an
///   equally good flow through another class with a smaller-id helper is not searched for).
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
    /// Sort key of a record id: the letters before the first digit, then the number (so F9999
    /// comes before F10000), then the rest, then the whole text; a total order on any strings.
    struct IDKey: Comparable {
        let prefix: String
        let number: String // the first run of ASCII digits, leading zeros removed
        let rest: String
        let whole: String

        init(_ id: String) {
            let bytes = Array(id.utf8)
            let isDigit: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 }
            var start = 0
            while start < bytes.count, !isDigit(bytes[start]) { start += 1 }
            var end = start
            while end < bytes.count, isDigit(bytes[end]) { end += 1 }
            var significant = start
            while significant < end, bytes[significant] == 0x30 { significant += 1 }
            prefix = String(decoding: bytes[0..<start], as: UTF8.self)
            number = String(decoding: bytes[significant..<end], as: UTF8.self)
            rest = String(decoding: bytes[end...], as: UTF8.self)
            whole = id
        }

        static func < (a: IDKey, b: IDKey) -> Bool {
            if a.prefix != b.prefix { return a.prefix < b.prefix }
            if a.number.utf8.count != b.number.utf8.count { return a.number.utf8.count < b.number.utf8.count }
            if a.number != b.number { return a.number < b.number }
            if a.rest != b.rest { return a.rest < b.rest }
            return a.whole < b.whole
        }
    }

    /// Indices of `ids` in id order (stable for equal ids).
    static func idOrder(_ ids: [String]) -> [Int] {
        let keys = ids.map(IDKey.init)
        return ids.indices.sorted { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
    }
}

// MARK: - Min-cost flow

extension PairingOptimizer {
    /// A binary min-heap of (key, value) pairs.
    struct MinHeap {
        private var items: [(key: Int, value: Int)] = []
        var isEmpty: Bool { items.isEmpty }
        var top: (key: Int, value: Int)? { items.first }

        mutating func push(_ key: Int, _ value: Int) {
            items.append((key, value))
            var child = items.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                if !Self.less(items[child], items[parent]) { break }
                items.swapAt(child, parent)
                child = parent
            }
        }

        @discardableResult
        mutating func pop() -> (key: Int, value: Int)? {
            guard let first = items.first else { return nil }
            let last = items.removeLast()
            if !items.isEmpty {
                items[0] = last
                var parent = 0
                while true {
                    let left = 2 * parent + 1, right = left + 1
                    var smallest = parent
                    if left < items.count, Self.less(items[left], items[smallest]) { smallest = left }
                    if right < items.count, Self.less(items[right], items[smallest]) { smallest = right }
                    if smallest == parent { break }
                    items.swapAt(parent, smallest)
                    parent = smallest
                }
            }
            return first
        }

        private static func less(_ a: (key: Int, value: Int), _ b: (key: Int, value: Int)) -> Bool {
            a.key < b.key || (a.key == b.key && a.value < b.value)
        }
    }

    /// Min-cost maximum flow with non-negative edge costs, by the primal–dual method: Dijkstra on
    /// reduced costs updates the potentials, then Dinic's blocking flows saturate every shortest
    /// path at once. Edge `e` and its reverse are `e` and `e ^ 1`.
    struct FlowNetwork {
        static let infinity = Int.max / 4
        private(set) var target: [Int] = []
        private(set) var residual: [Int] = []
        private var cost: [Int] = []
        private var adjacency: [[Int]]
        /// Node potentials: after `minCostMaxFlow` every residual edge has a reduced cost
        /// `cost + potential[from] - potential[to]` of at least 0, and a cycle of residual edges
        /// costs nothing exactly when all its edges have reduced cost 0.
        private(set) var potential: [Int]

        init(nodes: Int) {
            adjacency = Array(repeating: [], count: nodes)
            potential = Array(repeating: 0, count: nodes)
        }

        /// Adds an edge and returns its index; its flow is later `residual[index ^ 1]`.
        @discardableResult
        mutating func addEdge(from u: Int, to v: Int, capacity: Int, cost c: Int) -> Int {
            precondition(c >= 0, "costs must be non-negative")
            let index = target.count
            target.append(v); residual.append(capacity); cost.append(c); adjacency[u].append(index)
            target.append(u); residual.append(0); cost.append(-c); adjacency[v].append(index + 1)
            return index
        }

        func flow(on edge: Int) -> Int { residual[edge ^ 1] }

        func isTight(_ edge: Int) -> Bool {
            cost[edge] + potential[target[edge ^ 1]] - potential[target[edge]] == 0
        }

        /// A path of residual edges of reduced cost 0 from `start` to a node accepted by `isEnd`,
        /// never through `avoiding`; breadth first, so the same graph gives the same path.
        func tightPath(from start: Int, avoiding: Int, isEnd: (Int) -> Bool) -> [Int]? {
            var reachedBy = [Int](repeating: -1, count: adjacency.count)
            var visited = [Bool](repeating: false, count: adjacency.count)
            visited[start] = true
            visited[avoiding] = true
            var queue = [start], head = 0
            while head < queue.count {
                let u = queue[head]; head += 1
                if u != start, isEnd(u) {
                    var path: [Int] = []
                    var v = u
                    while v != start {
                        let e = reachedBy[v]
                        path.append(e)
                        v = target[e ^ 1]
                    }
                    return path.reversed()
                }
                for e in adjacency[u] where residual[e] > 0 && !visited[target[e]] && isTight(e) {
                    visited[target[e]] = true
                    reachedBy[target[e]] = e
                    queue.append(target[e])
                }
            }
            return nil
        }

        /// Pushes `amount` along `edges` (each must have that much residual capacity).
        mutating func push(_ amount: Int, along edges: [Int]) {
            for e in edges {
                precondition(residual[e] >= amount, "pushing beyond a residual capacity")
                residual[e] -= amount
                residual[e ^ 1] += amount
            }
        }

        /// Pushes a maximum flow from `source` to `sink` of least cost; returns (flow, cost).
        mutating func minCostMaxFlow(source: Int, sink: Int) -> (flow: Int, cost: Int) {
            let count = adjacency.count
            let inf = Self.infinity
            for v in 0..<count { potential[v] = 0 }
            var distance = [Int](repeating: inf, count: count)
            var level = [Int](repeating: -1, count: count)
            var nextEdge = [Int](repeating: 0, count: count)
            var queue = [Int](repeating: 0, count: count)
            var path: [Int] = []
            var totalFlow = 0, totalCost = 0

            while true {
                // Shortest distances in reduced costs (all non-negative).
                for v in 0..<count { distance[v] = inf }
                distance[source] = 0
                var heap = MinHeap()
                heap.push(0, source)
                while let (d, u) = heap.pop() {
                    if d > distance[u] { continue }
                    for e in adjacency[u] where residual[e] > 0 {
                        let v = target[e]
                        let candidate = d + cost[e] + potential[u] - potential[v]
                        if candidate < distance[v] {
                            distance[v] = candidate
                            heap.push(candidate, v)
                        }
                    }
                }
                let reach = distance[sink]
                if reach >= inf { break }
                // Capped update keeps every reduced cost non-negative and makes shortest paths tight.
                for v in 0..<count { potential[v] += min(distance[v], reach) }
                let pathCost = potential[sink] - potential[source]

                // Blocking flows on the edges of zero reduced cost, until none reaches the sink.
                while true {
                    for v in 0..<count { level[v] = -1 }
                    level[source] = 0
                    var head = 0, tail = 0
                    queue[tail] = source; tail += 1
                    while head < tail {
                        let u = queue[head]; head += 1
                        for e in adjacency[u] where residual[e] > 0 {
                            let v = target[e]
                            if level[v] < 0, cost[e] + potential[u] - potential[v] == 0 {
                                level[v] = level[u] + 1
                                queue[tail] = v; tail += 1
                            }
                        }
                    }
                    if level[sink] < 0 { break }
                    for v in 0..<count { nextEdge[v] = 0 }
                    // Iterative depth-first search with current-edge pointers.
                    path.removeAll(keepingCapacity: true)
                    var u = source
                    while true {
                        if u == sink {
                            var amount = inf
                            for e in path { amount = min(amount, residual[e]) }
                            for e in path { residual[e] -= amount; residual[e ^ 1] += amount }
                            totalFlow += amount
                            totalCost += amount * pathCost
                            var first = 0
                            while residual[path[first]] > 0 { first += 1 }
                            u = target[path[first] ^ 1]
                            path.removeSubrange(first...)
                            continue
                        }
                        var advanced = false
                        let edges = adjacency[u]
                        while nextEdge[u] < edges.count {
                            let e = edges[nextEdge[u]]
                            let v = target[e]
                            if residual[e] > 0, level[v] == level[u] + 1, cost[e] + potential[u] - potential[v] == 0 {
                                path.append(e)
                                u = v
                                advanced = true
                                break
                            }
                            nextEdge[u] += 1
                        }
                        if advanced { continue }
                        if u == source { break }
                        level[u] = -1 // a dead end for the rest of this phase
                        let e = path.removeLast()
                        u = target[e ^ 1]
                        nextEdge[u] += 1
                    }
                }
            }
            return (totalFlow, totalCost)
        }
    }
}

// MARK: - The solver

extension PairingOptimizer {
    struct FamilyClass {
        let village: Int
        let priority: Bool
        let needsWoman: Bool
        var members: [Int] = [] // family indices in id order
    }

    struct HelperClass {
        let isFemale: Bool
        let villages: [Int] // family villages the helpers are linked to, ascending
        var members: [Int] = [] // helper indices in id order
    }


    /// The optimal class flow at one load cap, with the network it lives in.
    struct ClassFlow {
        var network: FlowNetwork
        let source: Int
        /// Node of family class 0; the others follow.
        let firstFamilyNode: Int
        /// Per family class: its edge from the source (its flow: how many of its families are paired).
        let sourceEdges: [Int]
        /// Per family class: (junction, edge) for the junctions it may go through.
        let familyEdges: [[(junction: Int, edge: Int)]]
        /// Per junction: (helper class, edge).
        let junctionEdges: [[(helperClass: Int, edge: Int)]]
        let isPriority: [Bool]

        func paired(_ familyClass: Int) -> Int { network.flow(on: sourceEdges[familyClass]) }

        func familyClass(atNode node: Int) -> Int? {
            let c = node - firstFamilyNode
            return sourceEdges.indices.contains(c) ? c : nil
        }

        /// (families with a priority child paired, families paired, families paired linked).
        var objective: [Int] {
            var priority = 0, paired = 0, linked = 0
            for c in sourceEdges.indices {
                let count = self.paired(c)
                paired += count
                if isPriority[c] { priority += count }
                for item in familyEdges[c] where item.junction >= 2 { linked += network.flow(on: item.edge) }
            }
            return [priority, paired, linked]
        }
    }

    struct Solver {
        let families: [AutoFamily]
        let helpers: [AutoHelper]
        let familyOrder: [Int]
        let helperRank: [Int]
        let villageCount: Int
        let familyClasses: [FamilyClass]
        let familyClassOf: [Int]
        let helperClasses: [HelperClass]

        init(families: [AutoFamily], helpers: [AutoHelper]) {
            self.families = families
            self.helpers = helpers
            familyOrder = idOrder(families.map(\.id))
            let helperOrder = idOrder(helpers.map(\.id))
            var rank = [Int](repeating: 0, count: helpers.count)
            for (position, index) in helperOrder.enumerated() { rank[index] = position }
            helperRank = rank

            // Family classes, numbered by their smallest family id; villages by first appearance.
            var villageIndex: [String: Int] = [:]
            var classIndex: [Int: Int] = [:]
            var familyClasses: [FamilyClass] = []
            var familyClassOf = [Int](repeating: 0, count: families.count)
            for index in familyOrder {
                let family = families[index]
                let village: Int
                if let known = villageIndex[family.village] {
                    village = known
                } else {
                    village = villageIndex.count
                    villageIndex[family.village] = village
                }
                let key = village * 4 + (family.hasPriorityChild ? 2 : 0) + (family.needsFemaleHelper ? 1 : 0)
                if classIndex[key] == nil {
                    classIndex[key] = familyClasses.count
                    familyClasses.append(FamilyClass(village: village, priority: family.hasPriorityChild,
                                                     needsWoman: family.needsFemaleHelper))
                }
                familyClassOf[index] = classIndex[key]!
                familyClasses[familyClassOf[index]].members.append(index)
            }
            villageCount = villageIndex.count
            self.familyClasses = familyClasses
            self.familyClassOf = familyClassOf

            // Helper classes, numbered by their smallest helper id; helpers that can never take a
            // family (no room even at their full capacity) are left out.
            struct HelperKey: Hashable { let isFemale: Bool; let villages: [Int] }
            var helperClassIndex: [HelperKey: Int] = [:]
            var helperClasses: [HelperClass] = []
            if !families.isEmpty {
                for index in helperOrder {
                    let helper = helpers[index]
                    guard helper.capacity - helper.currentFamilies > 0 else { continue }
                    let villages = helper.linkedVillages.compactMap { villageIndex[$0] }.sorted()
                    let key = HelperKey(isFemale: helper.isFemale, villages: villages)
                    if helperClassIndex[key] == nil {
                        helperClassIndex[key] = helperClasses.count
                        helperClasses.append(HelperClass(isFemale: helper.isFemale, villages: villages))
                    }
                    helperClasses[helperClassIndex[key]!].members.append(index)
                }
            }
            self.helperClasses = helperClasses
        }

        /// Room of a helper under the load cap.
        func room(_ helper: Int, cap: Int) -> Int {
            max(0, min(helpers[helper].capacity, cap) - helpers[helper].currentFamilies)
        }

        /// Junctions: 0 the hub for everyone, 1 the hub for women, then per village v the linked
        /// junctions 2 + 2v (anyone) and 3 + 2v (women).
        var junctionCount: Int { 2 + 2 * villageCount }
        func villageJunction(_ village: Int, woman: Bool) -> Int { 2 + 2 * village + (woman ? 1 : 0) }

        /// The optimal class flow (criteria 1–3) when no helper may exceed the load `cap`.
        func classFlow(cap: Int) -> ClassFlow {
            let familyCount = familyClasses.count, helperCount = helperClasses.count
            let source = 0, sink = 1
            let familyNode = 2, junctionNode = 2 + familyCount, helperNode = junctionNode + junctionCount
            var network = FlowNetwork(nodes: helperNode + helperCount)
            let inf = FlowNetwork.infinity
            let big = families.count + 1 // A: more than any number of linked families

            var junctionUsed = [Bool](repeating: false, count: junctionCount)
            var junctionEdges: [[(helperClass: Int, edge: Int)]] = Array(repeating: [], count: junctionCount)
            for (g, helperClass) in helperClasses.enumerated() {
                let room = helperClass.members.reduce(0) { $0 + self.room($1, cap: cap) }
                guard room > 0 else { continue }
                network.addEdge(from: helperNode + g, to: sink, capacity: room, cost: 0)
                var junctions = [0]
                if helperClass.isFemale { junctions.append(1) }
                for village in helperClass.villages {
                    junctions.append(villageJunction(village, woman: false))
                    if helperClass.isFemale { junctions.append(villageJunction(village, woman: true)) }
                }
                for j in junctions {
                    junctionUsed[j] = true
                    let edge = network.addEdge(from: junctionNode + j, to: helperNode + g, capacity: inf, cost: 0)
                    junctionEdges[j].append((g, edge))
                }
            }
            var sourceEdges: [Int] = []
            var familyEdges: [[(junction: Int, edge: Int)]] = Array(repeating: [], count: familyCount)
            for (c, familyClass) in familyClasses.enumerated() {
                sourceEdges.append(network.addEdge(from: source, to: familyNode + c, capacity: familyClass.members.count,
                                                   cost: familyClass.priority ? 0 : big))
                let linked = villageJunction(familyClass.village, woman: familyClass.needsWoman)
                if junctionUsed[linked] {
                    let edge = network.addEdge(from: familyNode + c, to: junctionNode + linked, capacity: inf, cost: 0)
                    familyEdges[c].append((linked, edge))
                }
                let hub = familyClass.needsWoman ? 1 : 0
                if junctionUsed[hub] {
                    let edge = network.addEdge(from: familyNode + c, to: junctionNode + hub, capacity: inf, cost: 1)
                    familyEdges[c].append((hub, edge))
                }
            }

            _ = network.minCostMaxFlow(source: source, sink: sink)
            return ClassFlow(network: network, source: source, firstFamilyNode: familyNode, sourceEdges: sourceEdges,
                             familyEdges: familyEdges, junctionEdges: junctionEdges,
                             isPriority: familyClasses.map(\.priority))
        }

        func propose() -> [AutoAssignment] {
            // Criterion 4: the smallest load cap that still reaches the optimum of criteria 1–3.
            let floor = helpers.reduce(0) { max($0, $1.currentFamilies) }
            let ceiling = helpers.reduce(floor) { max($0, $1.capacity) }
            var chosen = classFlow(cap: ceiling)
            let best = chosen.objective
            var cap = ceiling
            if best[1] == 0 {
                cap = floor // nothing can be paired: the load is what exists already
            } else {
                var low = floor
                while low < cap {
                    let middle = low + (cap - low) / 2
                    let candidate = classFlow(cap: middle)
                    if candidate.objective == best {
                        cap = middle
                        chosen = candidate
                    } else {
                        low = middle + 1
                    }
                }
            }
            preferSmallestFamilies(&chosen)
            return assignments(for: chosen, cap: cap)
        }

        /// Criterion 5 for families: among the optimal class flows, the one that pairs the smallest
        /// family ids. The vectors "families paired per class" of the optimal flows are the bases
        /// of a polymatroid, so the greedy is exact: take the families in id order and keep each
        /// one paired if some optimal flow pairs it together with those kept before. A family not
        /// paired by the current flow gets paired by a cycle of cost 0 in the residual network,
        /// source → its class ⇝ another class → source, that unpairs the last family of a class
        /// with families not yet kept (all of whose ids are larger). Such a cycle exists exactly
        /// when an optimal flow pairs the family with the ones kept; if none does, no later family
        /// of its class can be paired either.
        func preferSmallestFamilies(_ flow: inout ClassFlow) {
            let classCount = familyClasses.count
            var kept = [Int](repeating: 0, count: classCount)
            var closed = [Bool](repeating: false, count: classCount)
            var seen = [Int](repeating: 0, count: classCount)
            var lastCycle = [[Int]?](repeating: nil, count: classCount)
            for index in familyOrder {
                let c = familyClassOf[index]
                seen[c] += 1
                if closed[c] { continue }
                if flow.paired(c) >= seen[c] {
                    kept[c] = seen[c]
                    continue
                }
                // The cycle used last time for this class often still serves (any one will do).
                if let path = lastCycle[c], isOpen(path, in: flow, kept: kept) {
                    flow.network.push(1, along: path)
                } else if let path = exchange(pairing: c, in: flow, kept: kept) {
                    flow.network.push(1, along: path)
                    lastCycle[c] = path
                } else {
                    closed[c] = true
                    continue
                }
                kept[c] = seen[c]
            }
        }

        /// Whether a cycle found by `exchange` can still take one unit: its edges have room and the
        /// class it unpairs a family of still has a paired family not kept.
        func isOpen(_ cycle: [Int], in flow: ClassFlow, kept: [Int]) -> Bool {
            guard let last = cycle.last, let d = flow.familyClass(atNode: flow.network.target[last ^ 1]) else { return false }
            return flow.paired(d) > kept[d] && cycle.allSatisfy { flow.network.residual[$0] > 0 }
        }

        /// The edges of a cycle of cost 0 through the source that pairs one more family of class `c`
        /// and one fewer of a class with paired families not yet kept.
        func exchange(pairing c: Int, in flow: ClassFlow, kept: [Int]) -> [Int]? {
            let network = flow.network
            let first = flow.sourceEdges[c]
            guard network.residual[first] > 0, network.isTight(first),
                  let path = network.tightPath(from: flow.firstFamilyNode + c, avoiding: flow.source, isEnd: { node in
                      guard let d = flow.familyClass(atNode: node) else { return false }
                      return flow.paired(d) > kept[d] && network.isTight(flow.sourceEdges[d] ^ 1)
                  }),
                  let last = path.last, let d = flow.familyClass(atNode: network.target[last]) else { return nil }
            return [first] + path + [flow.sourceEdges[d] ^ 1]
        }

        /// Turns a class flow into families and helpers: in each family class the smallest ids are
        /// paired (`preferSmallestFamilies` chose the flow for it); families in id order each take
        /// the smallest-id helper with room among the helper classes their flow reaches through
        /// its junctions.
        func assignments(for flow: ClassFlow, cap: Int) -> [AutoAssignment] {
            var helperOf = [Int?](repeating: nil, count: families.count)
            var paired = [Bool](repeating: false, count: families.count)
            for (c, familyClass) in familyClasses.enumerated() {
                let count = flow.paired(c)
                for (position, index) in familyClass.members.enumerated() { paired[index] = position < count }
            }

            var roomLeft = helpers.indices.map { room($0, cap: cap) }
            var head = [Int](repeating: 0, count: helperClasses.count) // first member with room
            func advance(_ g: Int) {
                let members = helperClasses[g].members
                while head[g] < members.count, roomLeft[members[head[g]]] == 0 { head[g] += 1 }
            }
            for g in helperClasses.indices { advance(g) }

            var toJunction: [[Int: Int]] = flow.familyEdges.map { edges in
                var amounts: [Int: Int] = [:]
                for item in edges where flow.network.flow(on: item.edge) > 0 { amounts[item.junction] = flow.network.flow(on: item.edge) }
                return amounts
            }
            var fromJunction: [[Int: Int]] = flow.junctionEdges.map { edges in
                var amounts: [Int: Int] = [:]
                for item in edges where flow.network.flow(on: item.edge) > 0 { amounts[item.helperClass] = flow.network.flow(on: item.edge) }
                return amounts
            }
            var junctionsOf: [[Int]] = Array(repeating: [], count: helperClasses.count)
            var heaps = [MinHeap](repeating: MinHeap(), count: junctionCount)
            for (j, outgoing) in fromJunction.enumerated() {
                for g in outgoing.keys.sorted() {
                    junctionsOf[g].append(j)
                    if head[g] < helperClasses[g].members.count {
                        heaps[j].push(helperRank[helperClasses[g].members[head[g]]], g)
                    }
                }
            }

            for index in familyOrder where paired[index] {
                let c = familyClassOf[index]
                var choice: (junction: Int, helperClass: Int, rank: Int)?
                for j in toJunction[c].keys.sorted(by: >) where toJunction[c][j]! > 0 {
                    // Drop stale entries: no flow left to that class, or its first helper changed.
                    while let (rank, g) = heaps[j].top {
                        let members = helperClasses[g].members
                        if (fromJunction[j][g] ?? 0) > 0, head[g] < members.count, helperRank[members[head[g]]] == rank { break }
                        heaps[j].pop()
                    }
                    guard let (rank, g) = heaps[j].top else { continue }
                    if choice == nil || rank < choice!.rank { choice = (j, g, rank) }
                }
                guard let (j, g, _) = choice else {
                    preconditionFailure("pair auto: the class flow does not decompose")
                }
                let helper = helperClasses[g].members[head[g]]
                helperOf[index] = helper
                toJunction[c][j]! -= 1
                fromJunction[j][g]! -= 1
                roomLeft[helper] -= 1
                if roomLeft[helper] == 0 {
                    advance(g)
                    if head[g] < helperClasses[g].members.count {
                        let rank = helperRank[helperClasses[g].members[head[g]]]
                        for k in junctionsOf[g] where (fromJunction[k][g] ?? 0) > 0 { heaps[k].push(rank, g) }
                    }
                }
            }

            return familyOrder.map { index in
                let family = families[index]
                if let helper = helperOf[index] {
                    return AutoAssignment(family: family.id, helper: helpers[helper].id,
                                          linked: helpers[helper].linkedVillages.contains(family.village), reason: nil)
                }
                return AutoAssignment(family: family.id, helper: nil, linked: false,
                                      reason: family.needsFemaleHelper ? .noFemaleHelperWithRoom : .noHelperWithRoom)
            }
        }
    }
}
