import JieduiCore

/// The settings of one run of the program that are not kept in the database.
struct Session {
    var lang: Lang
    var format: OutputFormat
    /// 个人信息保护: ID-card and phone numbers are masked unless this is turned off.
    var mask: Bool
    /// `JIEDUI_TODAY` or `set today`; otherwise the system clock.
    var fixedToday: Day?
    var user: String
    var colour: Bool
    /// What `--db` named (a file's path or a server's URL), for messages.
    var databaseName = ""

    var today: Day { fixedToday ?? Day.fromSystemClock() }

    var renderer: Renderer { Renderer(format: format, lang: lang, mask: mask, colour: colour) }
}

/// How the commands being run arrived: this decides whether `begin`/`commit` are allowed.
enum RunMode {
    case interactive
    case script
    case commandLine
}
