/// The order of ids everywhere an output lists records: by prefix, then by number (so that
/// C9999 comes before C10000), then by what follows; any text sorts, an id or not.
struct IDOrder: Comparable {
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

    static func < (a: IDOrder, b: IDOrder) -> Bool {
        if a.prefix != b.prefix { return a.prefix < b.prefix }
        if a.number.utf8.count != b.number.utf8.count { return a.number.utf8.count < b.number.utf8.count }
        if a.number != b.number { return a.number < b.number }
        if a.rest != b.rest { return a.rest < b.rest }
        return a.whole < b.whole
    }

    /// Whether id `x` comes before id `y`.
    static func precedes(_ x: String, _ y: String) -> Bool { IDOrder(x) < IDOrder(y) }
}
