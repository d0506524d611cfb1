import JieduiCore
import Testing

@Suite struct MaskingTests {
    @Test(arguments: [
        ("电话13800001111，身份证511304201405010121", "电话138****1111，身份证511304********0121"),
        ("身份证号：51130420150607006X。", "身份证号：511304********006X。"),
        ("身份证号：51130420150607006x。", "身份证号：511304********006x。"),
        ("13800001111", "138****1111"),
        ("座机0817-2222222，手机19912345678", "座机0817-***2222，手机199****5678"),
        ("(010-12345678)", "(010-****5678)"),
        ("tel:+8613800001111", "tel:+86138****1111"),
        ("ID511304201405010121abc", "ID511304********0121abc"),
        ("家长王某（13800001111）、（13900002222）", "家长王某（138****1111）、（139****2222）"),
        ("电话１３８００００１１１１", "电话１３８****１１１１"),
        ("😀13800001111😀", "😀138****1111😀"),
        // A mobile written in groups, as people type it.
        ("父亲电话 138 0000 1234，母亲 139-1234-5678", "父亲电话 138 **** 1234，母亲 139-****-5678"),
        ("+86 138 0000 1234", "+86 138 **** 1234"),
        // A landline with its area code in brackets.
        ("家里电话(0817)2222222", "家里电话(0817)***2222"), ("（010）12345678", "（010）****5678"),
        // An ID-card number in groups, a mobile after 86 with no +, a landline by a space or in one run.
        ("身份证 510000 2015 0302 0128。", "身份证 510000 **** **** 0128。"), ("510000-20150302-0128", "510000-********-0128"),
        ("51130 42014 05010 12X", "51130 4**** ****0 12X"), ("8613800004444", "86138****4444"), ("+86 138 0000 4444", "+86 138 **** 4444"),
        ("座机 0817 2222222", "座机 0817 ***2222"), ("08172222222", "0817***2222"), ("010 12345678", "010 ****5678"),
        ("138 0000 1234 5678", "138 **** 1234 5678"),
        // Whatever a phone field takes (11 digits from 1) is masked in text too.
        ("编号12800001111", "编号128****1111"), ("128 0000 1234", "128 **** 1234"), ("12345678901元", "123****8901元"),
        // One run a digit or so off an ID-card number (or one of the old 15 digits) or a mobile:
        // a mistyped reference that an error or the history would otherwise keep as typed.
        ("没有儿童“51130420140501012”", "没有儿童“511304*******1012”"), ("5113042014050101211", "511304*********1211"),
        ("511304201405010121X", "511304********0121X"), ("511304140501012", "511304*****1012"),
        ("残疾证号51130420140501012142", "残疾证号511304**********2142"), ("6222020200112233445566", "622202************5566"),
    ])
    func masksNumbersInsideText(text: String, masked: String) {
        #expect(Masking.maskPersonalNumbers(in: text) == masked)
        #expect(Masking.looksPersonal(text))
    }

    @Test(arguments: [
        "",
        "走访发现孩子学习进步，需要文具。",
        "2024-01-05 走访",
        "20240105",
        "10086",
        // Not a mobile's start, or too short to be anyone's number.
        "2380000111", "51130420140501", "订单号 20240105123",
        // Runs of 10–12 digits from 1 that are no one's number: a timestamp, a statistics code.
        "ledger_1733030401.csv", "130102001001", "1380000111", "138000011112",
        "0817-222222",
        "0817-222222222",
        "08172-2222222",
        "C0001 H0002",
        // Groups that are not a mobile number's: mixed separators, a longer tail.
        "138 0000-1234", "138 0000 12345", "138  0000 1234", "2024-01-05 至 2024-12-31",
        "138 0000 123", "138 0000 ", "138 0000", "138－0000－1234",
        "(0817)222222", "(1817)2222222", "0817)2222222", "(08172)2222222",
    ])
    func leavesOtherTextAlone(text: String) {
        #expect(Masking.maskPersonalNumbers(in: text) == text)
        #expect(!Masking.looksPersonal(text))
    }

    @Test func masksEveryOccurrence() {
        let text = "511304201405010121和511304201609120218，13800001111/13800002222"
        let expected = "511304********0121和511304********0218，138****1111/138****2222"
        #expect(Masking.maskPersonalNumbers(in: text) == expected)
    }

    @Test func longTextIsScannedInLinearTime() {
        // Runs that almost match (an area code and a local number a digit short, 14 digits
        // then text, digits then a hyphen) are the inputs a backtracking matcher would choke on.
        let chunk = "0817-222222" + "号" + "51130420140501" + "号" + String(repeating: "1", count: 14) + "-号"
        let text = String(repeating: chunk, count: 5_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = Masking.maskPersonalNumbers(in: text) }
        let unchanged = Masking.maskPersonalNumbers(in: text) == text
        #expect(unchanged, "a near miss was masked: \(Masking.maskPersonalNumbers(in: chunk))")
        #expect(elapsed < .seconds(5))
    }
}
