import Foundation
import JieduiShell

/// The `jiedui` executable: everything happens in JieduiShell.
@main
struct Entrypoint {
    static func main() {
        exit(Jiedui.main(arguments: Array(CommandLine.arguments.dropFirst())))
    }
}
