import JieduiCore
import JieduiStore

/// Opens a town's schema as it stands, or makes it: the steps of `SchemaHistory` through the
/// PostgreSQL dialect, and the store's own two tables, `jiedui_migrations` (the steps applied,
/// which is also what marks a schema as a jiedui town) and `audit_head` (the audit chain's head,
/// whose one row is the town's write lock).
///
/// Making and upgrading are one transaction each, under an advisory lock on the town's name, so
/// that two clerks opening a new town at once make it once; the second finds it made.
struct TownSchemaMaker {
    let connection: ServerConnection
    let town: String
    let server: String

    static let dialect = PostgreSQLDialect()

    /// What the server knows of the schema.
    private struct Found {
        let exists: Bool
        let usable: Bool
        let holdsTables: Bool
        let isTown: Bool
    }

    /// The store's own tables, made before the first step.
    static var storeTables: [String] {
        let d = dialect
        return [
            "CREATE TABLE jiedui_migrations (identifier \(d.textColumn) PRIMARY KEY)",
            """
            CREATE TABLE audit_head (
                one boolean PRIMARY KEY DEFAULT true CHECK (one),
                seq \(d.integerColumn) NOT NULL CHECK (seq >= 0),
                hash \(d.textColumn) NOT NULL
            )
            """,
            "INSERT INTO audit_head (one, seq, hash) VALUES (true, 0, '')",
        ]
    }

    /// Opens the town, making it when `createIfMissing` and it is not there (or is an empty
    /// schema); returns whether it was made now.
    func openOrMake(createIfMissing: Bool) throws -> Bool {
        let found = try find()
        if found.exists && !found.usable { throw StoreError(.unreachable, .noAccessToTown(town)) }
        if found.isTown {
            try upgradeIfOlder()
            return false
        }
        if found.holdsTables { throw StoreError(.notJiedui, .townNotJiedui(town: town, server: server)) }
        guard createIfMissing else { throw StoreError(.unreachable, .noAccessToTown(town)) }
        return try make()
    }

    private func find() throws -> Found {
        let rows = try connection.query("""
            SELECT has_schema_privilege(n.oid, 'USAGE') AS usable,
                   EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid) AS holds,
                   EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relname = 'jiedui_migrations' AND c.relkind = 'r') AS town
            FROM pg_namespace n WHERE n.nspname = $1
            """, [.text(town)])
        guard let row = rows.first else { return Found(exists: false, usable: false, holdsTables: false, isTown: false) }
        return Found(exists: true, usable: row["usable"].boolValue ?? false, holdsTables: row["holds"].boolValue ?? false,
                     isTown: row["town"].boolValue ?? false)
    }

    /// The steps this town has had, refusing a town of a newer program.
    private func applied() throws -> [String] {
        let rows = try connection.query("SELECT identifier FROM \(town).jiedui_migrations")
        let applied = rows.compactMap { $0["identifier"].textValue }
        let known = Set(SchemaHistory.migrations.map(\.identifier))
        if !Set(applied).isSubset(of: known) { throw StoreError(.newerSchema, .townTooNew(town: town, server: server)) }
        return applied
    }

    private func upgradeIfOlder() throws {
        if try applied().count == SchemaHistory.migrations.count { return }
        try inTownLock {
            try apply(Set(applied()))
        }
    }

    /// Makes the schema (or fills an empty one an administrator made) and applies every step.
    private func make() throws -> Bool {
        var made = false
        try inTownLock {
            let found = try find()
            if found.isTown {
                try apply(Set(applied()))
                return
            }
            if found.holdsTables { throw StoreError(.notJiedui, .townNotJiedui(town: town, server: server)) }
            if !found.exists {
                try connection.execute("CREATE SCHEMA \(town)")
                // district.md: nobody but its owner may use a new town until the administrator grants it.
                try connection.execute("REVOKE ALL ON SCHEMA \(town) FROM PUBLIC")
            }
            try connection.execute("SELECT set_config('search_path', $1, true)", [.text(town)])
            try connection.execute(statements: Self.storeTables)
            try apply([])
            made = true
        }
        return made
    }

    /// Applies the steps not yet applied, in order, each recorded as it is done.
    private func apply(_ done: Set<String>) throws {
        try connection.execute("SELECT set_config('search_path', $1, true)", [.text(town)])
        let schema = SchemaSQL(Self.dialect)
        for migration in SchemaHistory.migrations where !done.contains(migration.identifier) {
            // 联系父母 joined the visit kinds at v5: a town made before has the old closed set
            // in the check PostgreSQL named after its column.
            if migration.identifier == "v5", done.contains("v1") {
                try connection.execute("ALTER TABLE visit DROP CONSTRAINT visit_kind_check, ADD CONSTRAINT visit_kind_check \(schema.oneOf("kind", .visitKind))")
            }
            try connection.execute(statements: migration.statements(schema))
            try connection.execute("INSERT INTO jiedui_migrations (identifier) VALUES ($1)", [.text(migration.identifier)])
        }
    }

    /// Runs `body` in a transaction holding an advisory lock on the town's name, committed when
    /// it returns. A schema the login may not change is "no access"; a step that the server
    /// refuses for this login is an upgrade the town needs and this login cannot do.
    private func inTownLock(_ body: () throws -> Void) throws {
        try connection.execute("BEGIN")
        do {
            try connection.execute("SELECT pg_advisory_xact_lock(hashtext('jiedui town ' || $1))", [.text(town)])
            try body()
            try connection.execute("COMMIT")
        } catch {
            _ = try? connection.execute("ROLLBACK")
            if let error = error as? ServerError, error.kind == .noAccess {
                throw StoreError(.unreachable, .noAccessToTown(town))
            }
            throw error
        }
    }
}
