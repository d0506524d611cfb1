import JieduiCore
enum DemoTown { static func script(today: Day) -> String { "set town 青禾镇\nvillage add name=示范村" } }
