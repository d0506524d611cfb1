/// The exact optimizer behind `pair auto`: families and helpers grouped into classes, a
/// min-cost flow per criterion, and the tie-break of rules.md (criterion 5).
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

        /// Criterion 5 for helpers, across helper classes: a family (in id order) moves to a
        /// helper of smaller id with room left under the cap who may take it and is linked to its
        /// village exactly when its helper is, until no family can move. Each move keeps criteria
        /// 1–4 (the same families paired, as many linked, no load over the cap) and lowers the
        /// sum of the helpers' ranks, so it ends.
        func preferSmallestHelpers(_ helperOf: inout [Int?], roomLeft: inout [Int]) {
            var moved = true
            while moved {
                moved = false
                // Per helper class, its first member with room: room only shrinks within a pass
                // but where a family leaves, which the next pass sees.
                var head = [Int](repeating: 0, count: helperClasses.count)
                for index in familyOrder {
                    guard let current = helperOf[index] else { continue }
                    let family = families[index]
                    let village = familyClasses[familyClassOf[index]].village
                    let linked = helpers[current].linkedVillages.contains(family.village)
                    var best: Int?
                    for (g, helperClass) in helperClasses.enumerated()
                    where (helperClass.isFemale || !family.needsFemaleHelper) && helperClass.villages.contains(village) == linked {
                        let members = helperClass.members
                        while head[g] < members.count, roomLeft[members[head[g]]] == 0 { head[g] += 1 }
                        guard head[g] < members.count else { continue }
                        let helper = members[head[g]]
                        if helperRank[helper] < helperRank[best ?? current] { best = helper }
                    }
                    guard let best else { continue }
                    helperOf[index] = best
                    roomLeft[best] -= 1
                    roomLeft[current] += 1
                    moved = true
                }
            }
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

            var toJunction = flow.familyEdges.map { flow.network.amounts($0, edge: { $0.edge }, to: { $0.junction }) }
            var fromJunction = flow.junctionEdges.map { flow.network.amounts($0, edge: { $0.edge }, to: { $0.helperClass }) }
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

            preferSmallestHelpers(&helperOf, roomLeft: &roomLeft)
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
