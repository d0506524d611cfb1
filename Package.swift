// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "jiedui",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "jiedui", targets: ["jiedui"]),
    ],
    traits: [
        // A district's PostgreSQL server (district.md). On by default; the demo builds without it
        // (`--disable-default-traits`), so that its first screen does not wait for postgres-nio.
        .trait(name: "District", description: "Open towns on a district's PostgreSQL server (postgresql:// URLs)."),
        .default(enabledTraits: ["District"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // postgres-nio's own dependencies, named because JieduiPostgres uses them directly.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // The programme itself: records, validation, rules. No I/O.
        .target(name: "JieduiCore"),
        // The stores: the SQL of the contract written once over a dialect, SQLite through GRDB,
        // and the factory that opens the one `--db` names. Nothing above it names a database.
        .target(name: "JieduiStore", dependencies: [
            "JieduiCore",
            .product(name: "GRDB", package: "GRDB.swift"),
            // SQLite's C API itself, for what GRDB does not offer: the authorizer that keeps
            // `sql` from reading personal numbers unmasked, and C-speed masking functions.
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // A district's PostgreSQL server: the URL, the one connection a clerk's process holds,
        // cancelling, what the server's errors mean, and the store on it, which speaks the SQL of
        // JieduiStore through its own dialect. A target of its own so that everything else builds
        // without postgres-nio.
        .target(name: "JieduiPostgres", dependencies: [
            "JieduiCore", "JieduiStore",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The store factory: the one place that knows every store, so that `--db` may name a file
        // or, with the District trait, a town on a server; and the copy of a town between them.
        .target(name: "JieduiStores", dependencies: [
            "JieduiCore", "JieduiStore",
            .target(name: "JieduiPostgres", condition: .when(traits: ["District"])),
        ]),
        // Lexer, parser, command AST, diagnostics as values.
        .target(name: "JieduiLanguage", dependencies: ["JieduiCore"]),
        // The ledger, the books, the quarterly report; XLSX and CSV writers and readers.
        .target(name: "JieduiExport", dependencies: [
            "JieduiCore",
            "CJieduiZlib",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Debian's libedit, the real C library, through a system-library target.
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // zlib's streaming deflate, for worksheets compressed while they are written.
        .systemLibrary(name: "CJieduiZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Reading lines: a protocol, its libedit implementation, and a scripted one for tests.
        .target(name: "LineEditor", dependencies: ["CLibEdit"]),
        // Interpreter, output, script runner, error reporting, the interactive shell.
        // The invocation's options, their errors and shell completion scripts: swift-argument-parser.
        .target(name: "JieduiShell", dependencies: [
            "JieduiCore", "JieduiStores", "JieduiLanguage", "JieduiExport", "LineEditor",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "jiedui", dependencies: ["JieduiShell"]),

        .testTarget(name: "JieduiCoreTests", dependencies: ["JieduiCore"]),
        .testTarget(name: "JieduiLanguageTests", dependencies: ["JieduiLanguage", "JieduiCore"]),
        .testTarget(name: "JieduiStoreTests", dependencies: ["JieduiStore", "JieduiStores", "JieduiCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "JieduiPostgresTests", dependencies: ["JieduiPostgres", "JieduiStore", "JieduiStores", "JieduiCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "JieduiShellTests", dependencies: ["JieduiShell", "JieduiCore"]),
        .testTarget(name: "LineEditorTests", dependencies: ["LineEditor"]),
        .testTarget(name: "JieduiExportTests", dependencies: ["JieduiExport", "JieduiCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                    exclude: ["check_xlsx.py"]),
        // The built binary, and GRDB (or the server's connection) only to read the database it
        // leaves behind.
        .testTarget(name: "EndToEndTests", dependencies: [
            "jiedui", "JieduiCore", .product(name: "GRDB", package: "GRDB.swift"),
            .target(name: "JieduiPostgres", condition: .when(traits: ["District"])),
        ]),
    ]
)
