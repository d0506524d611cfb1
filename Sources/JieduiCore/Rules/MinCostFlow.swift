/// The min-cost flow that `pair auto` solves (a generic algorithm, kept apart from the
/// programme's rules it serves): a binary heap, and a network solved by the primal–dual method.

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

    /// The flow on each of `items`' edges that carries some, by the number `to` gives its item.
    func amounts<Item>(_ items: [Item], edge: (Item) -> Int, to key: (Item) -> Int) -> [Int: Int] {
        var amounts: [Int: Int] = [:]
        for item in items {
            let amount = flow(on: edge(item))
            if amount > 0 { amounts[key(item)] = amount }
        }
        return amounts
    }

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
