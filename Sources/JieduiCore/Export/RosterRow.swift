/// One active child's line of the 花名册 (practice.md, "export roster"), as the store reads it:
/// the child, the family's village and people, and the pair in force.
public struct RosterRow: Sendable, Hashable {
    public var childID = ""
    public var village = ""
    public var name = ""
    public var sex = ""
    public var ethnicity = ""
    public var born = ""
    public var idno = ""
    public var category = ""
    public var hukou = ""
    /// 现居住地: where the child lives now, the family's `residence`, or else its `address`.
    public var residence = ""
    public var disabilityKind = ""
    public var disabilityGrade: Int?
    /// 残疾情况, the disability in words, which 身体情况 names when no 残疾类别 is recorded.
    public var disability = ""
    public var illness = ""
    public var schooling = ""
    public var boarding = ""
    public var fatherName = ""
    public var fatherWorkplace = ""
    public var fatherPhone = ""
    public var motherName = ""
    public var motherWorkplace = ""
    public var motherPhone = ""
    public var guardian = ""
    public var guardianRelation = ""
    public var guardianPhone = ""
    public var guardianshipType = ""
    public var entrusted = ""
    public var dibao = ""
    public var risk = ""
    /// The helper's name, or `（包片）{unit}` for a unit pairing; empty when unpaired.
    public var helper = ""
    public var helperPhone = ""

    public init() {}

    /// 身体情况: `健康`, or `残疾 {类别}{等级}级`, or `患病 {illness}`. A child with both a
    /// disability and an illness has both, the disability first, joined by `；`, so that neither
    /// is lost from the form. Without a 残疾类别, the disability's words (残疾情况) stand for it.
    public var health: String {
        var parts: [String] = []
        if !disabilityKind.isEmpty {
            parts.append("残疾 \(disabilityKind)" + (disabilityGrade.map { "\($0)级" } ?? ""))
        } else if !disability.isEmpty {
            parts.append("残疾 \(disability)")
        }
        if !illness.isEmpty { parts.append("患病 \(illness)") }
        return parts.isEmpty ? "健康" : parts.joined(separator: "；")
    }

    /// 委托监护确认书: the day it was signed, or `未签`.
    public var entrustment: String { entrusted.isEmpty ? "未签" : entrusted }
}
