import Foundation
import JieduiCore
import NIOCore
import PostgresNIO

/// One row of a result, read by column name as a rule reads its typed row.
///
/// Text-like columns read as `.text`, integers (`int2`, `int4`, `int8`, `oid`) as `.int`,
/// `bool` as `.bool`, `date` as `.date`, `void` as `.null`; `numeric` and floating-point columns read as their
/// decimal text, so that `sql SELECT avg(…)` can show them. Other types are an
/// `unsupportedType` error that says to cast the column to text.
public struct ServerRow: Sendable, Hashable {
    /// The result's column names, in order.
    public let columns: [String]
    public let values: [ServerValue]

    public init(columns: [String], values: [ServerValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of the first column named `column`. Asking for a column the statement does not
    /// return is a bug in that statement, not a user error.
    public subscript(column: String) -> ServerValue {
        guard let index = columns.firstIndex(of: column) else {
            preconditionFailure("the result has no column \(column); it has \(columns.joined(separator: ", "))")
        }
        return values[index]
    }

    public subscript(index: Int) -> ServerValue {
        values[index]
    }

    /// Reads a row postgres-nio received (always in binary format for an extended query).
    init(_ row: PostgresRow) throws {
        var columns: [String] = []
        var values: [ServerValue] = []
        columns.reserveCapacity(row.count)
        values.reserveCapacity(row.count)
        for cell in row {
            columns.append(cell.columnName)
            values.append(try Self.value(of: cell))
        }
        self.init(columns: columns, values: values)
    }

    private static func value(of cell: PostgresCell) throws -> ServerValue {
        // A `void` function's result (`SELECT pg_sleep(1)`) is no value.
        guard var bytes = cell.bytes, cell.dataType != .void else { return .null }
        if cell.format == .text { return .text(bytes.readString(length: bytes.readableBytes) ?? "") }
        switch cell.dataType {
        case .text, .varchar, .bpchar, .name, .json, .unknown, .xml:
            return .text(bytes.readString(length: bytes.readableBytes) ?? "")
        case .jsonb, .uuid:
            return .text(try cell.decode(String.self))
        case .int2:
            if let number = bytes.readInteger(as: Int16.self) { return .int(Int(number)) }
        case .int4:
            if let number = bytes.readInteger(as: Int32.self) { return .int(Int(number)) }
        case .int8:
            if let number = bytes.readInteger(as: Int64.self) { return .int(Int(number)) }
        case .oid:
            if let number = bytes.readInteger(as: UInt32.self) { return .int(Int(number)) }
        case .bool:
            if let flag = bytes.readInteger(as: UInt8.self) { return .bool(flag != 0) }
        case .date:
            if let days = bytes.readInteger(as: Int32.self) { return try date(days, cell) }
        case .numeric:
            return .text(try cell.decode(Decimal.self).description)
        case .float4, .float8:
            return .text(try cell.decode(Double.self).description)
        default:
            break
        }
        throw unsupported(cell)
    }

    /// Years 1…9999 as a `Day`; `infinity` and `-infinity` as the text PostgreSQL prints.
    private static func date(_ days: Int32, _ cell: PostgresCell) throws -> ServerValue {
        if days == .max { return .text("infinity") }
        if days == .min { return .text("-infinity") }
        let dayNumber = Int(days) + PostgresDay.epochOffset
        // Day(dayNumber:) keeps to years 1...9999: 0001-01-01 and 9999-12-31 as day numbers.
        guard (-719_162...2_932_896).contains(dayNumber) else { throw unsupported(cell) }
        return .date(Day(dayNumber: dayNumber))
    }

    private static func unsupported(_ cell: PostgresCell) -> ServerError {
        ServerError(.unsupportedType, .serverColumnType(column: cell.columnName, type: cell.dataType.knownSQLName?.lowercased() ?? "oid \(cell.dataType.rawValue)"))
    }
}
