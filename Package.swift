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
    ],
    targets: [
        // The programme itself: records, validation, rules. No I/O.
        .target(name: "JieduiCore"),
        // Persistence on SQLite through GRDB.
        .target(name: "JieduiStore", dependencies: [
            "JieduiCore",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // Lexer, parser, command AST, diagnostics as values.
        .target(name: "JieduiLanguage", dependencies: ["JieduiCore"]),
        // Interpreter, output, script runner, error reporting.
        .target(name: "JieduiShell", dependencies: ["JieduiCore", "JieduiStore", "JieduiLanguage"]),
        .executableTarget(name: "jiedui", dependencies: ["JieduiShell"]),

        .testTarget(name: "JieduiCoreTests", dependencies: ["JieduiCore"]),
        .testTarget(name: "JieduiLanguageTests", dependencies: ["JieduiLanguage"]),
        .testTarget(name: "JieduiStoreTests", dependencies: ["JieduiStore"]),
        .testTarget(name: "JieduiShellTests", dependencies: ["JieduiShell"]),
        .testTarget(name: "EndToEndTests", dependencies: ["jiedui"]),
    ]
)
