import Foundation
import JieduiCore
import JieduiStore
#if District
import JieduiPostgres
#endif

/// The store factory: opens the store that `--db`'s value names. Nothing above this target
/// knows which database holds a town; it asks here, and gets the contract (`RecordStore`) and
/// whichever capabilities that store offers.
public enum Stores {
    /// Whether `location` names a town on a district's server (`postgres://` or `postgresql://`
    /// in any case, district.md) rather than a file: such a store names its clerks itself and
    /// holds no demo town.
    public static func isServer(_ location: String) -> Bool {
        let lower = location.prefix(13).lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// Opens (making it on first use) the town at `location`: a file path opens `SQLiteStore`;
    /// a server URL opens the town on the server (`PostgresStore`), the password taken from
    /// `environment` (`PGPASSWORD`, `~/.pgpass`) as libpq takes it.
    public static func open(_ location: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) -> any RecordStore {
        if isServer(location) { return try openServer(location, environment: environment) }
        do {
            return try SQLiteStore(path: location)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.cannotOpen, .cannotOpenDatabase(path: location, reason: FailureReason(error)))
        }
    }

    private static func openServer(_ location: String, environment: [String: String]) throws(StoreError) -> any RecordStore {
        #if District
        return try PostgresStore(location: location, environment: environment)
        #else
        throw StoreError(.badLocation, .serverNotBuiltIn)
        #endif
    }

    /// Opens an existing jiedui file, without making one where there is none.
    public static func openExistingFile(_ path: String) throws(StoreError) -> any RecordStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.failed, .cannotReadFile(path: path, reason: .system(errno: ENOENT)))
        }
        return try open(path)
    }

    /// Copies the whole town `source` holds, audit chain included, into `target`, which must
    /// hold nothing (`migrate`); `targetName` names it in messages. Returns the rows copied.
    public static func copyTown(from source: any RecordStore, to target: any RecordStore, targetName: String) throws -> Int {
        guard let from = source as? any TownTables, let to = target as? any TownTables else {
            throw StoreError(.refused, .notOffered(command: "migrate"))
        }
        return try TownCopy.copy(from: from, to: to, targetName: targetName)
    }
}
