import Crypto
import Foundation
import JieduiCore

/// The audit log's hash chain, which every store keeps the same way so that a town copied from
/// one to another (`migrate`, `backup`) verifies on both: each entry's hash is SHA-256 over the
/// previous entry's hash and this entry's content, as lowercase hex.
package enum AuditChain {
    package static func hash(_ entry: AuditEntry, previous: String) -> String {
        var fields = [String(entry.seq), entry.time, entry.user, entry.command, refsText(entry.refs), entry.old]
        // What schema v6 added is chained too; an entry without it hashes as it always did, so
        // that the chains of towns made before verify unchanged.
        if entry.describesChange { fields += [entry.day, entry.noun, entry.verb, entry.new] }
        let content = fields.joined(separator: "\u{1F}")
        let digest = SHA256.hash(data: Data((previous + "\n" + content).utf8))
        return digest.hexString
    }

    /// What separates an entry's refs in the column that stores them.
    package static let refsSeparator = ","

    /// The refs of an entry as a column stores them.
    package static func refsText(_ refs: [String]) -> String { refs.joined(separator: refsSeparator) }

    /// The refs of an entry from the column's text.
    package static func refs(_ text: String) -> [String] { text.isEmpty ? [] : text.components(separatedBy: refsSeparator) }

    /// SQL: whether the audit entry on row `a` names the record whose id is the expression `id`.
    package static func names(_ a: String, _ id: String, _ d: any SQLDialect) -> String {
        let separator = d.text(refsSeparator)
        return "\(separator) || \(a).refs || \(separator) LIKE '%' || \(separator) || \(id) || \(separator) || '%'"
    }

    /// Walks entries in order of their numbers and says whether the chain is whole: every number
    /// from 1 on, each hash what its content gives, and none missing at the end (`last` is the
    /// highest number the store ever gave).
    package struct Verifier {
        private var previous = ""
        private var expected = 1
        private var count = 0
        private(set) var problem: AuditVerification?

        package init() {}

        /// Takes the next entry and its stored hash; false once the chain is found broken.
        package mutating func take(_ entry: AuditEntry, storedHash: String?) -> Bool {
            guard problem == nil else { return false }
            if entry.seq != expected {
                problem = .broken(seq: entry.seq, problem: entry.seq > expected ? .removedBefore(expected) : .inserted)
                return false
            }
            let computed = AuditChain.hash(entry, previous: previous)
            guard storedHash == computed else {
                problem = .broken(seq: entry.seq, problem: .altered)
                return false
            }
            previous = computed
            expected += 1
            count += 1
            return true
        }

        /// The verdict, given the highest number the store ever gave.
        package func verdict(last: Int) -> AuditVerification {
            if let problem { return problem }
            // Entries removed from the end leave the store's counter ahead of the last entry.
            if last >= expected { return .broken(seq: expected, problem: .removedBefore(expected)) }
            return .whole(entries: count, head: previous)
        }
    }
}
