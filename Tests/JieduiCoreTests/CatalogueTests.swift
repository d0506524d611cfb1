import JieduiCore
import Testing

/// What the catalogue's English says of several records.
struct CatalogueTests {
    @Test(arguments: [(Noun.child, "children"), (.family, "families"), (.helper, "helpers"), (.village, "villages")])
    func severalRecordsAreNamedInThePlural(_ noun: Noun, _ plural: String) {
        let text = Message.ambiguous(noun: noun, ref: "王小花", count: 2, keys: ["X0001", "X0002"]).text(.en)
        #expect(text == "2 \(plural) are named 王小花: X0001, X0002; use the id")
    }
}
