import JieduiCore
import JieduiStore

/// The district's view: the towns on the server.
extension PostgresStore {
    public func districtTowns() throws -> (readable: [String], unreadable: Int) {
        // A town is a schema with jiedui's own table of steps; readable when this login may use
        // the schema and read every table in it.
        let rows = try query("""
            SELECT n.nspname AS town,
                   has_schema_privilege(n.oid, 'USAGE') AND bool_and(has_table_privilege(c.oid, 'SELECT')) AS readable
            FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind = 'r'
            WHERE EXISTS (SELECT 1 FROM pg_class m WHERE m.relnamespace = n.oid AND m.relname = 'jiedui_migrations' AND m.relkind = 'r')
            GROUP BY n.oid, n.nspname
            ORDER BY n.nspname COLLATE "C"
            """)
        var readable: [String] = []
        var unreadable = 0
        for row in rows {
            guard let town = row["town"].textValue else { continue }
            if row["readable"].boolValue == true { readable.append(town) } else { unreadable += 1 }
        }
        return (readable, unreadable)
    }

    public func openTown(_ name: String) throws -> any RecordStore {
        guard let schema = TownSchema(name) else { throw StoreError(.unreachable, .noAccessToTown(name)) }
        var townURL = url
        townURL.town = schema
        return try PostgresStore(url: townURL, environment: environment, createIfMissing: false)
    }
}
