import JieduiCore
import NIOCore
import PostgresNIO

/// A statement argument or a result cell, in the few types the store uses.
///
/// As an argument, each is sent with its own type (`text`, `int8`, `bool`, `date`) and `null`
/// with none, so that the server infers it from where it stands; SQL that compares a text
/// argument with a date column casts it (`$1::date`) or, better, is given a `.date`.
public enum ServerValue: Sendable, Hashable {
    case null
    case text(String)
    case int(Int)
    case bool(Bool)
    case date(Day)

    public var isNull: Bool { self == .null }

    public var textValue: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    public var intValue: Int? {
        if case .int(let number) = self { return number }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    public var dayValue: Day? {
        if case .date(let day) = self { return day }
        return nil
    }

    /// Adds the value to a statement's arguments.
    func bind(to bindings: inout PostgresBindings) {
        switch self {
        case .null: bindings.appendNull()
        case .text(let text): bindings.append(text)
        case .int(let number): bindings.append(number)
        case .bool(let flag): bindings.append(flag)
        case .date(let day): bindings.append(PostgresDay(day: day))
        }
    }
}

/// A `Day` in PostgreSQL's binary `date` form: days since 2000-01-01, as a 32-bit integer.
struct PostgresDay: PostgresNonThrowingEncodable {
    let day: Day

    /// `Day.dayNumber` counts from 1970-01-01; PostgreSQL from 2000-01-01.
    static let epochOffset = Day(year: 2000, month: 1, day: 1)!.dayNumber

    static var psqlType: PostgresDataType { .date }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        byteBuffer.writeInteger(Int32(day.dayNumber - Self.epochOffset))
    }
}
