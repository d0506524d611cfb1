// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "jiedui",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "jiedui", targets: ["jiedui"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
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
        // Lexer, parser, command AST, diagnostics as values.
        .target(name: "JieduiLanguage", dependencies: ["JieduiCore"]),
        // The ledger, the books, the quarterly report; XLSX and CSV writers and readers.
        .target(name: "JieduiExport", dependencies: [
            "JieduiCore",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Debian's libedit, the real C library, through a system-library target.
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // Reading lines: a protocol, its libedit implementation, and a scripted one for tests.
        .target(name: "LineEditor", dependencies: ["CLibEdit"]),
        // Interpreter, output, script runner, error reporting, the interactive shell.
        .target(name: "JieduiShell", dependencies: ["JieduiCore", "JieduiStore", "JieduiLanguage", "JieduiExport", "LineEditor"]),
        .executableTarget(name: "jiedui", dependencies: ["JieduiShell"]),

        .testTarget(name: "JieduiCoreTests", dependencies: ["JieduiCore"]),
        .testTarget(name: "JieduiLanguageTests", dependencies: ["JieduiLanguage", "JieduiCore"]),
        .testTarget(name: "JieduiStoreTests", dependencies: ["JieduiStore", "JieduiCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "JieduiShellTests", dependencies: ["JieduiShell", "JieduiCore"]),
        .testTarget(name: "LineEditorTests", dependencies: ["LineEditor"]),
        .testTarget(name: "JieduiExportTests", dependencies: ["JieduiExport", "JieduiCore"], exclude: ["check_xlsx.py"]),
        // The built binary, and GRDB only to read the database it leaves behind.
        .testTarget(name: "EndToEndTests", dependencies: ["jiedui", "JieduiCore", .product(name: "GRDB", package: "GRDB.swift")]),
    ]
)
