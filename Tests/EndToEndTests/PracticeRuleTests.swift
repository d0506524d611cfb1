import Foundation
import Testing

/// practice.md's rules through the binary: visit-gap, first-visit, no-entrustment and
/// no-parent-contact fire on the day after their limit and not on it; `due` lists the next visit
/// by risk and a new pair's first visit; the demo town shows them all.
@Suite struct PracticeRuleTests {
    typealias Town = PracticeTests.Town

    /// `day` moved by `days`, as ISO text.
    static func day(_ day: String, plus days: Int) -> String { PracticeTests.day(day, plus: days) }

    // MARK: visit-gap

    /// (risk, days after the last visit, whether visit-gap fires, its severity).
    static let gaps: [(String, Int, Bool, String)] = [
        ("红", 30, false, "error"), ("红", 31, true, "error"), ("黄", 45, false, "warning"), ("黄", 46, true, "warning"),
        ("蓝", 60, false, "warning"), ("蓝", 61, true, "warning"), ("绿", 200, false, ""),
    ]

    @Test(arguments: gaps.indices)
    func visitGapFiresTheDayAfterTheGap(_ index: Int) {
        let (risk, days, fires, severity) = Self.gaps[index]
        let reason = risk == "绿" ? "" : " risk_reason=需重点关注"
        let town = Town(["pair add family=F0001 helper=李芳 since=2024-01-02", "child set C0001 risk=\(risk)\(reason)",
                         "visit add pair=P0001 date=2024-03-01"])
        let today = Self.day("2024-03-01", plus: days)
        let expected = fires ? ["\(severity) P0001"] : []
        #expect(town.findings("visit-gap", today: today) == expected, "\(risk) on day \(days)")
    }

    @Test func visitGapCountsFromSinceAndByAnAlert() {
        let town = Town(["pair add family=F0001 helper=李芳 since=2024-01-02",
                         "alert add child=C0002 date=2024-01-20 situation=失踪 reported_to=公安 reported=2024-01-20"])
        // No visit: the red child's pair is 30 days old on 1 February, 31 on the 2nd.
        #expect(town.findings("visit-gap", today: "2024-02-01") == [])
        #expect(town.findings("visit-gap", today: "2024-02-02") == ["error P0002"])
        // A call to the parents is no visit.
        let call = town.run(["visit add pair=P0002 date=2024-02-02 kind=联系父母"], today: "2024-02-02")
        #expect(call.status == 0, "\(call.err)")
        #expect(town.findings("visit-gap", today: "2024-02-02") == ["error P0002"])
        // The town's own gap.
        #expect(town.run(["set gap_red 40"], today: "2024-02-02").status == 0)
        #expect(town.findings("visit-gap", today: "2024-02-11") == [])
        #expect(town.findings("visit-gap", today: "2024-02-12") == ["error P0002"])
        #expect(town.run(["set gap_red 0"], today: "2024-02-12").status == 1)
        #expect(town.run(["set first_visit_days 23"], today: "2024-02-12").status == 1)
        let listed = Harness.json(town.run(["set"], today: "2024-02-12").lines.last ?? "[]") as? [[String: Any]] ?? []
        #expect(listed.contains { $0["setting"] as? String == "gap_red" && $0["value"] as? Int == 40 })
        #expect(listed.contains { $0["setting"] as? String == "gap_yellow" && $0["value"] as? Int == 45 })
        // An empty value clears the setting: its default stands again.
        #expect(town.run(["set gap_red \"\""], today: "2024-02-12").status == 0)
        #expect(town.findings("visit-gap", today: "2024-02-12") == ["error P0002"])
        let cleared = Harness.json(town.run(["set"], today: "2024-02-12").lines.last ?? "[]") as? [[String: Any]] ?? []
        #expect(cleared.contains { $0["setting"] as? String == "gap_red" && $0["value"] as? Int == 30 }, "\(cleared)")
    }

    // MARK: first-visit

    /// (since, first visit or none, today, whether first-visit fires): five working days,
    /// Monday to Friday, after the day the pair began.
    static let firstVisits: [(String, String?, String, Bool)] = [
        // A Friday: the fifth working day after it is the next Friday.
        ("2024-07-05", "2024-07-12", "2024-12-31", false), ("2024-07-05", "2024-07-15", "2024-12-31", true),
        // A Monday: the next Monday.
        ("2024-07-01", "2024-07-08", "2024-12-31", false), ("2024-07-01", "2024-07-09", "2024-12-31", true),
        // A Saturday: the Friday after.
        ("2024-07-06", "2024-07-12", "2024-12-31", false), ("2024-07-06", "2024-07-15", "2024-12-31", true),
        // No visit: not before the deadline has passed.
        ("2024-07-05", nil, "2024-07-12", false), ("2024-07-05", nil, "2024-07-13", true),
        // A pair of an earlier year is that year's business.
        ("2023-07-05", "2023-08-15", "2024-12-31", false),
    ]

    @Test(arguments: firstVisits.indices)
    func firstVisitWithinFiveWorkingDays(_ index: Int) {
        let (since, first, today, fires) = Self.firstVisits[index]
        var commands = ["pair add child=C0003 helper=周敏 since=\(since)"]
        if let first { commands.append("visit add pair=P0001 date=\(first)") }
        let town = Town(commands)
        #expect(town.findings("first-visit", today: today) == (fires ? ["warning P0001"] : []), "since \(since), first \(first ?? "none"), on \(today)")
    }

    /// A pair that ended never visited says so, rather than "not visited to this day".
    @Test func anEndedPairNeverVisitedSaysWhenItEnded() {
        let town = Town(["pair add child=C0003 helper=周敏 since=2024-07-05", "pair end P0001 date=2024-08-01 reason=调动"])
        #expect(town.findings("first-visit", today: "2024-12-31") == ["warning P0001"])
        let shown = town.run(["check"], today: "2024-12-31", format: "table")
        let line = shown.lines.first { $0.hasPrefix("first-visit") } ?? ""
        #expect(line.contains("2024-08-01") && line.contains("ended"), "\(line)")
    }

    @Test func aCallToTheParentsIsNoFirstVisitNorAnyVisitCounted() {
        let town = Town(["pair add family=F0001 helper=李芳 since=2024-07-05",
                         "visit add pair=P0001 date=2024-07-08 kind=联系父母 found=父亲身体健康 note=视频通话"])
        #expect(town.findings("first-visit", today: "2024-12-31").contains("warning P0001"))
        let child = town.show("child", "C0001")
        #expect(child["visits"] as? Int == 0, "本年走访 counts no call: \(child)")
        #expect(town.show("pair", "P0001")["visits"] as? Int == 0)
        #expect(town.findings("few-visits", today: "2024-12-31").contains("error P0001"))
        let visits = town.run(["visit list where kind = parent-contact show id,kind,found"], today: "2024-12-31")
        #expect(visits.lines.last?.contains("联系父母") == true, "\(visits.out)")
    }

    // MARK: no-entrustment, no-parent-contact

    @Test func aLeftBehindChildWithoutEntrustmentIsFound() {
        let town = Town()
        #expect(town.findings("no-entrustment", today: "2024-12-31") == ["warning C0001", "warning C0002"])
        #expect(town.run(["family set F0001 委托监护确认书=2024/3/1"], today: "2024-12-31").status == 0)
        #expect(town.findings("no-entrustment", today: "2024-12-31") == [])
        #expect(town.show("family", "F0001")["entrusted"] as? String == "2024-03-01")
    }

    /// (days from since to today, days from the last call to today or nil, whether it fires).
    static let contacts: [(Int, Int?, Bool)] = [
        (90, nil, false), (91, nil, true), (200, 90, false), (200, 91, true),
        // A call before the pair began counts from the pair's since.
        (60, 100, false),
    ]

    @Test(arguments: contacts.indices)
    func parentsAreContactedEvery90Days(_ index: Int) {
        let (sinceDays, callDays, fires) = Self.contacts[index]
        let today = "2024-12-31"
        let since = Self.day(today, plus: -sinceDays)
        var commands: [String] = []
        if let callDays, callDays > sinceDays {
            // The call was made by an earlier pair.
            let earlier = Self.day(today, plus: -callDays - 10)
            commands += ["pair add child=C0001 helper=李芳 since=\(earlier)",
                         "visit add pair=P0001 date=\(Self.day(today, plus: -callDays)) kind=联系父母",
                         "pair end P0001 date=\(Self.day(today, plus: -callDays)) reason=调整",
                         "pair add child=C0001 helper=李芳 since=\(since)"]
        } else {
            commands.append("pair add child=C0001 helper=李芳 since=\(since)")
            if let callDays {
                commands.append("visit add child=C0001 date=\(Self.day(today, plus: -callDays)) kind=parent-contact")
            }
        }
        let town = Town(commands)
        let found = town.findings("no-parent-contact", today: today)
        #expect(found.contains("warning C0001") == fires, "since \(sinceDays) days, call \(callDays.map(String.init) ?? "none"): \(found)")
        #expect(!found.contains("warning C0003"), "only left-behind children")
    }

    // MARK: due

    @Test func dueListsTheFirstVisitAndTheNextVisitByRisk() {
        let town = Town(["pair add family=F0001 helper=李芳 since=2024-07-05", "child set C0001 risk=黄 risk_reason=需重点关注",
                         "visit add pair=P0001 date=2024-07-10"])
        let result = town.run(["due days=60"], today: "2024-07-10")
        #expect(result.status == 0, "\(result.err)")
        let rows = Harness.json(result.lines.last ?? "[]") as? [[String: Any]] ?? []
        func item(_ ref: String, _ kind: String) -> String? {
            rows.first { $0["ref"] as? String == ref && $0["kind"] as? String == kind }?["date"] as? String
        }
        #expect(item("P0002", "首次走访") == "2024-07-12", "P0002 has no visit: five working days after Friday 5 July")
        #expect(item("P0001", "走访") == "2024-08-24", "a yellow child 45 days after the last visit, before the two months")
        #expect(item("P0001", "首次走访") == nil, "P0001 has had its first visit")
        #expect(item("P0002", "走访") == nil)
    }

    // MARK: The demo town

    /// On days through the year, the demo town shows every rule of practice.md (first-visit from
    /// February: in January no pair has begun in the year yet), keeps the pairing rules, and has
    /// the new fields filled in.
    @Test(arguments: ["2024-12-31", "2025-02-28", "2025-07-15", "2026-11-29"])
    func theDemoTownShowsEveryNewRule(_ today: String) {
        let db = Harness.temporaryFolder().appendingPathComponent("demo.db").path
        func run(_ commands: String...) -> [String] {
            let result = Harness.run(["--db", db, "--demo", "--format", "json", "--lang", "en"] + commands.flatMap { ["-c", $0] }, environment: ["JIEDUI_TODAY": today])
            #expect(result.status == 0, "\(result.err)")
            return result.lines
        }
        let findings = Harness.json(run("check").last ?? "[]") as? [[String: Any]] ?? []
        let codes = Set(findings.compactMap { $0["code"] as? String })
        for code in ["visit-gap", "first-visit", "no-entrustment", "no-parent-contact"] {
            #expect(codes.contains(code), "\(code) on \(today)")
        }
        #expect(findings.contains { $0["code"] as? String == "visit-gap" && $0["severity"] as? String == "error" }, "a red child")
        for code in ["girl-male-helper", "family-split", "over-capacity", "uncovered"] {
            #expect(!codes.contains(code), "the demo breaks a pairing rule: \(code)")
        }
        let counts = run("child count", "child count where ethnicity is not empty and hukou is not empty and schooling is not empty",
                         "child count where risk in (红, 黄) and risk_reason is not empty", "family count where guardianship_type is empty",
                         "family count where father_phone is not empty", "visit count where kind = 联系父母")
        #expect(counts.count == 6 && counts[0] == counts[1], "every child has the survey form's fields: \(counts)")
        #expect((Int(counts[2]) ?? 0) >= 3 && counts[3] == "0" && (Int(counts[4]) ?? 0) > 0 && (Int(counts[5]) ?? 0) > 0, "\(counts)")
    }
}
