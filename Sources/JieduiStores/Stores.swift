import JieduiCore
import JieduiStore

/// The store factory: opens the store that `--db`'s value names. Nothing above this target
/// knows which database holds a town; it asks here, and gets the contract (`RecordStore`) and
/// whichever capabilities that store offers.
public enum Stores {
    /// Opens (making it on first use) the town at `location`: today always a file path, opened
    /// by `SQLiteStore`. A `postgres://` or `postgresql://` URL (district.md) is told apart here
    /// and opened by the PostgreSQL store, with its own dialect.
    public static func open(_ location: String) throws(StoreError) -> any RecordStore {
        do {
            return try SQLiteStore(path: location)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.cannotOpen, .cannotOpenDatabase(path: location, reason: FailureReason(error)))
        }
    }
}
