/// What a registry's entries (`Check.rules`, `Due.sources`) make of the store's answers to their
/// queries, in order. An answer whose columns are not an entry's row is a bug in that entry's
/// query, not a user's error.
func collect<Entry, Item>(
    _ entries: [Entry], answers: [SQLResult], named name: (Entry) -> String, _ make: (Entry, SQLResult) throws -> [Item]
) -> [Item] {
    precondition(answers.count == entries.count, "the store answered \(answers.count) of \(entries.count) queries")
    var items: [Item] = []
    for (entry, rows) in zip(entries, answers) {
        do {
            items += try make(entry, rows)
        } catch {
            preconditionFailure("the query of \(name(entry)) does not give its row: \(error)")
        }
    }
    return items
}
