import JieduiCore
import Testing

@Suite struct SuggestionsTests {
    @Test func suggestsTheHomophoneOfAMistypedName() {
        #expect(Suggestions.closest(to: "王小华", among: ["李明", "王小花", "张伟"]) == ["王小花"])
    }

    @Test func pinyinFindsHomophonesFarApartInCharacters() {
        // Every character differs, so only the pinyin (zhang xiao hua) can connect them.
        #expect(Suggestions.closest(to: "张晓华", among: ["李明", "章小花", "赵敏"]) == ["章小花"])
    }

    @Test func latinPinyinFindsAChineseName() {
        let villages = ["新华村", "金宝村", "石桥社区"]
        #expect(Suggestions.closest(to: "jinbao", among: villages) == ["金宝村"])
        #expect(Suggestions.closest(to: "Jin Bao Cun", among: villages) == ["金宝村"])
        #expect(Suggestions.closest(to: "shiqiao", among: villages) == ["石桥社区"])
    }

    @Test func oneLatinLetterDoesNotMatchEveryChineseName() {
        #expect(Suggestions.closest(to: "w", among: ["王小花", "吴涛", "魏巍"]).isEmpty)
    }

    @Test func prefixOfAName() {
        #expect(Suggestions.closest(to: "金宝", among: ["新华村", "金宝村"]) == ["金宝村"])
        #expect(Suggestions.closest(to: "金宝村村委会", among: ["新华村", "金宝村"]) == ["金宝村"])
    }

    @Test func latinIsCaseInsensitive() {
        #expect(Suggestions.closest(to: "PAIR", among: ["visit", "pair", "child"]) == ["pair"])
        #expect(Suggestions.closest(to: "chlid", among: ["visit", "pair", "Child"]) == ["Child"])
    }

    @Test func sortsByDistanceThenByGivenOrder() {
        let candidates = ["paid", "visit", "pairs", "fair", "pair"]
        #expect(Suggestions.closest(to: "pair", among: candidates, limit: 5) == ["pair", "paid", "pairs", "fair"])
        #expect(Suggestions.closest(to: "pair", among: candidates) == ["pair", "paid", "pairs"])
        #expect(Suggestions.closest(to: "pair", among: candidates, limit: 1) == ["pair"])
        // A swapped pair costs one edit like a missing letter, so order decides; the prefix
        // `train` is three letters short and comes last.
        #expect(Suggestions.closest(to: "training", among: ["train", "trainnig", "trainin"])
            == ["trainnig", "trainin", "train"])
        #expect(Suggestions.closest(to: "training", among: ["train", "trainin", "trainnig"])
            == ["trainin", "trainnig", "train"])
    }

    @Test func rejectsDistantNames() {
        #expect(Suggestions.closest(to: "visit", among: ["pair", "child", "training"]).isEmpty)
        #expect(Suggestions.closest(to: "王小华", among: ["李明", "张伟", "刘芳"]).isEmpty)
        #expect(Suggestions.closest(to: "abcdefghij", among: ["abcdwxyzij"]).isEmpty)
        #expect(Suggestions.closest(to: "abcdefghij", among: ["abcdexghij"]) == ["abcdexghij"])
    }

    @Test func emptyInputsGiveNothingAndDuplicatesCountOnce() {
        #expect(Suggestions.closest(to: "", among: ["a", "b"]).isEmpty)
        #expect(Suggestions.closest(to: "  ", among: ["a", "b"]).isEmpty)
        #expect(Suggestions.closest(to: "王小华", among: []).isEmpty)
        #expect(Suggestions.closest(to: "王小华", among: ["王小花", "王小花", ""]) == ["王小花"])
        #expect(Suggestions.closest(to: "王小华", among: ["王小花"], limit: 0).isEmpty)
    }

    @Test func tenThousandNamesAreQuick() {
        let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文")
        let given = Array("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉飞")
        var names: [String] = []
        var index = 0
        while names.count < 10_000 {
            let name = String(surnames[index % surnames.count]) + String(given[index / surnames.count % given.count])
                + String(given[(index * 7) % given.count])
            if name != "王小花" { names.append(name) }
            index += 1
        }
        names.append("王小花")
        let clock = ContinuousClock()
        var found: [String] = []
        let elapsed = clock.measure { found = Suggestions.closest(to: "王小华", among: names) }
        #expect(found.first == "王小花")
        #expect(elapsed < .seconds(5))
    }
}
