/// The rules of records.md that concern a whole record rather than one field: what the
/// ID-card number implies, age limits of categories, and fields that only go with others.
public enum RecordRules {
    /// Checks and completes a record about to be stored (after `add` or `set`): fills `sex`
    /// and `born` of a child from its ID-card number, applies defaults, and enforces the rules.
    /// `isNew` says whether the record is being added: defaults and the age limit apply then
    /// (the age limit also when the category changes, `checkAgeLimit`).
    public static func complete(_ record: inout Record, isNew: Bool, checkAgeLimit: Bool = false, today: Day) throws(Message) {
        let schema = Schema.of(record.noun)
        if isNew {
            for field in schema.fields where field.isStored && record[field.key].isNull {
                if let text = field.defaultValue { record[field.key] = try FieldReader.read(text, for: field, today: today) }
            }
        }
        switch record.noun {
        case .child: try completeChild(&record, checkAgeLimit: isNew || checkAgeLimit, today: today)
        case .family: try checkFamily(record)
        case .visit:
            if record["kind"].text == VisitKind.specialCare, record["occasion"].isNull { throw .occasionRequired }
        case .alert: try checkAlert(record)
        default: break
        }
        for field in schema.fields where field.required && field.isStored && field.origin == .entered {
            if record[field.key].isNull { throw .fieldRequired(field: FieldName(field)) }
        }
    }

    private static func completeChild(_ record: inout Record, checkAgeLimit: Bool, today: Day) throws(Message) {
        try checkPractice(record)
        guard case .text(let idnoText) = record["idno"] else { return }
        let idno: IdentityNumber
        do {
            idno = try IdentityNumber.parse(idnoText, today: today)
        } catch {
            throw FieldReader.message(for: error, value: idnoText)
        }
        let sex = idno.sex.label
        if case .text(let given) = record["sex"], given != sex {
            throw .idnoDisagrees(field: FieldName(key: "sex", label: "性别"), given: given, fromIdno: sex)
        }
        if case .date(let given) = record["born"], given != idno.born {
            throw .idnoDisagrees(field: FieldName(key: "born", label: "出生日期"), given: given.iso, fromIdno: idno.born.iso)
        }
        record["sex"] = .text(sex)
        record["born"] = .date(idno.born)
        if checkAgeLimit, case .text(let category) = record["category"] {
            let limit = ChildCategory.ageLimit(category)
            let age = idno.born.age(on: today)
            if age >= limit { throw .overAgeLimit(category: category, age: age, limit: limit) }
        }
    }

    /// practice.md: 残疾等级 only with 残疾类别; a risk other than 绿 says why (风险说明).
    private static func checkPractice(_ record: Record) throws(Message) {
        if !record["disability_grade"].isNull, record["disability_kind"].isNull { throw .disabilityGradeWithoutKind }
        if case .text(let risk) = record["risk"], risk != RiskLevel.green, record["risk_reason"].isNull {
            throw .riskReasonRequired(risk: risk)
        }
    }

    /// rules.md: 监护履责不到位 goes to the village for 劝诫; every other situation to at least one
    /// of 公安, 民政, 教育, 妇联 (方案 四(三)四). A late report is recorded, never refused.
    private static func checkAlert(_ record: Record) throws(Message) {
        guard case .text(let situation) = record["situation"], case .list(let to) = record["reported_to"] else { return }
        if situation == AlertSituation.guardianshipLacking {
            if !to.contains(ReportDepartment.village) { throw .alertNeedsVillage }
        } else if !to.contains(where: ReportDepartment.departments.contains) {
            throw .alertNeedsDepartment(situation: situation)
        }
        if let reported = record["reported"].dayValue, let found = record["date"].dayValue, reported < found {
            throw .reportedBeforeFound(reported: reported.iso, found: found.iso)
        }
    }

    /// records.md: 父亲外出时间 only with father = 外出务工 (likewise the mother).
    private static func checkFamily(_ record: Record) throws(Message) {
        for (parent, since, label) in [("father", "father_away_since", "父亲外出时间"), ("mother", "mother_away_since", "母亲外出时间")] {
            if !record[since].isNull, record[parent].text != ParentStatus.awayWorking {
                throw .awayWithoutWorking(field: FieldName(key: since, label: label), parent: parent == "father" ? "父亲情况" : "母亲情况")
            }
        }
    }
}
