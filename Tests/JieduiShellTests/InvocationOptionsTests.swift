import Foundation
import JieduiCore
import Testing
@testable import JieduiShell

/// The invocation read by swift-argument-parser: the `-c` and `-f` actions keep the order they
/// were given in, whatever the values look like, and the usage names exactly the options declared.
@Suite struct InvocationOptionsTests {
    static func actions(_ arguments: [String]) throws -> [Invocation.Action] {
        try Invocation.parse(arguments, lang: .en).actions
    }

    @Test(arguments: [
        (["-c", "a", "-f", "x.jd", "-c", "b", "-f", "y.jd", "-c", "c"],
         [Invocation.Action.command("a"), .script("x.jd"), .command("b"), .script("y.jd"), .command("c")]),
        (["-f", "x.jd", "-f", "y.jd", "-c", "a"], [.script("x.jd"), .script("y.jd"), .command("a")]),
        (["-c", "a", "-c", "b", "-f", "-"], [.command("a"), .command("b"), .script("-")]),
        (["-f", "x.jd", "-c", "a", "-c", "b"], [.script("x.jd"), .command("a"), .command("b")]),
        (["-c", "a", "-c", "b"], [.command("a"), .command("b")]),
        // Values that look like options are values.
        (["-c", "-f", "-f", "-c"], [.command("-f"), .script("-c")]),
        (["-f", "-c", "-c", "-f"], [.script("-c"), .command("-f")]),
        (["--db", "-c", "-f", "x.jd", "-c", "a"], [.script("x.jd"), .command("a")]),
        (["--db=-f", "-c", "a", "--keep-going", "-f", "x.jd", "--user", "-f", "-c", "b"], [.command("a"), .script("x.jd"), .command("b")]),
        (["-c", "--help", "--lang", "en", "-f", "--version"], [.command("--help"), .script("--version")]),
        // A value joined to its option: no piece can be cut before it, so the piece is ordered whole.
        (["-f", "a.jd", "-c=x", "-f", "b.jd", "-c", "y"], [.script("a.jd"), .command("x"), .script("b.jd"), .command("y")]),
        ([], []),
    ])
    func actionsKeepTheirOrder(arguments: [String], expected: [Invocation.Action]) throws {
        #expect(try Self.actions(arguments) == expected, "\(arguments)")
    }

    /// Many actions, interleaved at random, come back in their order (a few parses each).
    @Test func manyInterleavedActionsKeepTheirOrder() throws {
        var generator = SplitMix64(seed: 13)
        var arguments: [String] = []
        var expected: [Invocation.Action] = []
        for index in 0..<300 {
            if generator.next() % 3 == 0 {
                arguments += ["-f", "s\(index).jd"]
                expected.append(.script("s\(index).jd"))
            } else {
                arguments += ["-c", "village list \(index)"]
                expected.append(.command("village list \(index)"))
            }
            if generator.next() % 7 == 0 { arguments.append("--reveal") }
        }
        #expect(try Self.actions(arguments) == expected)
    }

    @Test func valuesAndFlagsAreRead() throws {
        let invocation = try Invocation.parse(["--db=town.db", "--format", "json", "--lang=en", "--reveal", "--user", "王丽",
                                               "--keep-going", "--dry-run", "--demo"], lang: .zh)
        #expect(invocation.db == "town.db" && invocation.format == .json && invocation.lang == .en && invocation.user == "王丽")
        #expect(invocation.reveal && invocation.keepGoing && invocation.dryRun && invocation.demo)
        #expect(!invocation.help && !invocation.version && invocation.reply == nil)
        #expect(try Invocation.parse(["-h"], lang: .zh).help && Invocation.parse(["-V"], lang: .zh).version)
    }

    /// Bad arguments are worded from the catalogue, naming the option at fault.
    @Test(arguments: [
        (["--bogus"], Message.badOption("--bogus")),
        (["-x"], .badOption("-x")),
        (["stray"], .badOption("stray")),
        (["--db"], .optionNeedsValue("--db")),
        (["-c", "a", "-f"], .optionNeedsValue("-f")),
        (["--format", "xml"], .badOptionValue(option: "--format", value: "xml", choices: ["table", "csv", "tsv", "json"])),
        (["--lang=fr"], .badOptionValue(option: "--lang", value: "fr", choices: ["zh", "en"])),
        (["--format", "it's"], .badOptionValue(option: "--format", value: "it's", choices: ["table", "csv", "tsv", "json"])),
        (["--reveal=yes"], .optionTakesNoValue(option: "--reveal", value: "yes")),
        (["--generate-completion-script", "tcsh"], .badOptionValue(option: "--generate-completion-script", value: "tcsh", choices: ["zsh", "bash", "fish"])),
    ])
    func badArgumentsAreWordedFromTheCatalogue(arguments: [String], expected: Message) {
        #expect(throws: (any Error).self) { try Invocation.parse(arguments, lang: .zh) }
        do {
            _ = try Invocation.parse(arguments, lang: .zh)
        } catch {
            #expect(error.message == expected, "\(arguments)")
            #expect(error.status == .badInvocation)
        }
    }

    /// The catalogue's usage line and argument-parser's declarations name the same options.
    @Test(arguments: Lang.allCases)
    func theUsageNamesEveryDeclaredOption(lang: Lang) {
        let declared = Set(InvocationOptions.usageString().split(whereSeparator: { " []|.".contains($0) }).filter { $0.hasPrefix("-") }.map(String.init))
        let usage = Message.usage.text(lang)
        let named = Set(usage.split(whereSeparator: { " []|.\n".contains($0) }).filter { $0.hasPrefix("-") }.map(String.init))
        #expect(!declared.isEmpty)
        // `-h` and `-V` are the short names of --help and --version; argument-parser adds the
        // completion scripts' option itself.
        #expect(declared.subtracting(["-h", "-V"]) == named.subtracting(["-h", "-V", "--generate-completion-script"]),
                "\(InvocationOptions.usageString())")
        #expect(named.contains("--generate-completion-script"))
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsNameTheOptions(shell: String) throws {
        let invocation = try Invocation.parse(["--generate-completion-script", shell], lang: .en)
        let script = try #require(invocation.reply)
        // fish names them without their dashes.
        for option in ["db", "format", "keep-going", "dry-run", "demo", "version"] {
            #expect(script.contains(option), "\(shell): \(option)")
        }
        #expect(script.contains("json") && script.contains("tsv"), "the formats are offered")
    }
}

/// The order pass knows which options take a value: each of those, given last, lacks its value;
/// each flag, given last, does not.
@Suite struct InvocationOptionsValueTests {
    @Test func theOptionsWithValuesAreTheDeclaredOnes() throws {
        let flags = ["--reveal", "--keep-going", "--dry-run", "--demo", "-h", "--help", "-V", "--version"]
        for option in InvocationOptions.optionsWithValues.sorted() + ["-c", "-f"] {
            #expect(throws: (any Error).self, "\(option) takes a value") { _ = try InvocationOptions.parse([option]) }
        }
        for flag in flags {
            #expect(throws: Never.self, "\(flag) is a flag") { _ = try InvocationOptions.parse([flag]) }
        }
    }
}

/// The common lines read without argument-parser read exactly as argument-parser reads them;
/// anything else goes to argument-parser.
@Suite struct CommonInvocationTests {
    static let tokens = [
        "--db", "--db=town.db", "--format", "--format=json", "--lang", "--lang=en", "--user", "--user=王丽",
        "-c", "-f", "--reveal", "--keep-going", "--dry-run", "--demo", "-h", "--help", "-V", "--version",
        "--generate-completion-script", "--bogus", "--", "-c=x", "--db=", "json", "csv", "tsv", "table", "zh", "en", "fr",
        "village list", "town.db", "-", "x.jd", "", "-x", "--format=xml",
    ]

    @Test func commonLinesReadAsArgumentParserReadsThem() throws {
        var random = SplitMix64(seed: UInt64(ProcessInfo.processInfo.environment["JIEDUI_SEED"] ?? "") ?? 2026)
        var common = 0
        for _ in 0..<(Int(ProcessInfo.processInfo.environment["JIEDUI_ROUNDS"] ?? "") ?? 4_000) {
            let count = Int(random.next() % 7)
            let arguments = (0..<count).map { _ in Self.tokens[Int(random.next() % UInt64(Self.tokens.count))] }
            guard let fast = Invocation.parseCommon(arguments) else { continue }
            common += 1
            do {
                let full = try Invocation.parseByArgumentParser(arguments, lang: .en)
                #expect(fast == full, "\(arguments)")
            } catch {
                Issue.record("argument-parser refuses what the common path reads: \(arguments): \(error)")
            }
        }
        #expect(common > 300, "the generated lines reach the common path often enough to say something")
    }

    @Test(arguments: [
        ["--db", "t.db", "--format", "json", "-c", "village list", "-f", "x.jd", "--keep-going"],
        ["--db=t.db", "--lang=en", "--reveal", "-c", "-f", "-f", "-c"],
        [],
    ])
    func usualLinesTakeTheCommonPath(arguments: [String]) throws {
        let fast = try #require(Invocation.parseCommon(arguments))
        #expect(fast == (try Invocation.parseByArgumentParser(arguments, lang: .en)))
    }

    @Test(arguments: [["--help"], ["-V"], ["--format", "xml"], ["--db"], ["--db=a", "--db=b"], ["--generate-completion-script", "bash"], ["--db="]])
    func everythingElseGoesToArgumentParser(arguments: [String]) {
        #expect(Invocation.parseCommon(arguments) == nil)
    }
}
