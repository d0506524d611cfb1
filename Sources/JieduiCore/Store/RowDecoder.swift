/// Reads the rows of a result by column name into a `Decodable` type, each property a column:
/// what a store answers for a rule becomes the rule's typed row whatever order the columns come
/// in, and a column the query does not give is an error, never a silent nil.
struct RowDecoder {
    /// The columns' names, in their places in a row. A row has a handful: finding one by
    /// comparing names costs less than hashing, at every property of every row.
    private let columns: [String]

    init(columns: [String]) {
        self.columns = columns
    }

    func decode<T: Decodable>(_ type: T.Type, from row: [Value]) throws -> T {
        try T(from: Reader(columns: columns, row: row))
    }

    private struct Reader: Decoder {
        let columns: [String]
        let row: [Value]
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedDecodingContainer<Key> {
            KeyedDecodingContainer(Columns<Key>(columns: columns, row: row))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Value].self, .init(codingPath: [], debugDescription: "a row is read by column name"))
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer {
            throw DecodingError.typeMismatch(Value.self, .init(codingPath: [], debugDescription: "a row is read by column name"))
        }
    }

    /// The columns of one row, by name.
    private struct Columns<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let columns: [String]
        let row: [Value]
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { columns.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { columns.contains(key.stringValue) }

        private func value(_ key: Key) throws -> Value {
            let name = key.stringValue
            guard let index = columns.firstIndex(of: name), row.indices.contains(index) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: [key], debugDescription: "the query gives no column \(key.stringValue)"))
            }
            return row[index]
        }

        private func missing<T>(_ type: T.Type, _ key: Key) -> DecodingError {
            .valueNotFound(type, .init(codingPath: [key], debugDescription: "column \(key.stringValue) is NULL"))
        }

        private func mismatch<T>(_ type: T.Type, _ key: Key, _ value: Value) -> DecodingError {
            .typeMismatch(type, .init(codingPath: [key], debugDescription: "column \(key.stringValue) holds \(value)"))
        }

        func decodeNil(forKey key: Key) throws -> Bool { try value(key).isNull }

        func decode(_ type: String.Type, forKey key: Key) throws -> String {
            let value = try value(key)
            if value.isNull { throw missing(type, key) }
            return value.text
        }

        func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
            let value = try value(key)
            switch value {
            case .int(let n): return n
            case .text(let s): if let n = Int(s) { return n }
            case .null: throw missing(type, key)
            default: break
            }
            throw mismatch(type, key, value)
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
            try decode(Int.self, forKey: key) != 0
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            guard type == Day.self else { throw mismatch(type, key, try value(key)) }
            let value = try value(key)
            if value.isNull { throw missing(type, key) }
            guard let day = value.dayValue ?? Day.parse(value.text) else { throw mismatch(type, key, value) }
            return day as! T
        }

        // An optional property still needs its column: a misspelt one is an error, not nil.
        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
            try value(key).isNull ? nil : decode(type, forKey: key)
        }

        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
            try value(key).isNull ? nil : decode(type, forKey: key)
        }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            try value(key).isNull ? nil : decode(type, forKey: key)
        }

        // Rows hold text, whole numbers and dates only.
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { throw mismatch(type, key, try value(key)) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw mismatch(type, key, try value(key)) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { throw mismatch(type, key, try value(key)) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { throw mismatch(type, key, try value(key)) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { throw mismatch(type, key, try value(key)) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { throw mismatch(type, key, try value(key)) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { throw mismatch(type, key, try value(key)) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { throw mismatch(type, key, try value(key)) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { throw mismatch(type, key, try value(key)) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { throw mismatch(type, key, try value(key)) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { throw mismatch(type, key, try value(key)) }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw mismatch([String: Value].self, key, try value(key))
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw mismatch([Value].self, key, try value(key))
        }

        func superDecoder() throws -> any Decoder { Reader(columns: columns, row: row) }
        func superDecoder(forKey key: Key) throws -> any Decoder { Reader(columns: columns, row: row) }
    }
}

extension Day: Decodable {
    /// A day from its ISO text (`2024-01-05`).
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day.parse(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a date"))
        }
        self = day
    }
}
