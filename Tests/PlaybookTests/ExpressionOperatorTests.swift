import Testing
import Playbook

@Suite struct ExpressionOperatorTests {
    typealias T = TemplateTestSupport

    @Test func arithmetic() throws {
        #expect(try T.value("{{ port + 1 }}") == .int(8081))
        #expect(try T.value("{{ port - 80 }}") == .int(8000))
        #expect(try T.value("{{ 6 * 7 }}") == .int(42))
        #expect(try T.value("{{ 7 / 2 }}") == .double(3.5))
        #expect(try T.value("{{ 7 // 2 }}") == .int(3))
        #expect(try T.value("{{ -7 // 2 }}") == .int(-4))
        #expect(try T.value("{{ 7 % 3 }}") == .int(1))
        #expect(try T.value("{{ -7 % 3 }}") == .int(2))
        #expect(try T.value("{{ ratio * 2 }}") == .double(3.0))
        #expect(try T.value("{{ 1 + 2 * 3 }}") == .int(7))
        #expect(try T.value("{{ (1 + 2) * 3 }}") == .int(9))
        #expect(try T.value("{{ -port }}") == .int(-8080))
        #expect(try T.value("{{ 'a' + 'b' }}") == .string("ab"))
        #expect(try T.value("{{ ports + [8443] }}") == .list([.int(80), .int(443), .int(8443)]))
        #expect(try T.value("{{ name ~ ':' ~ port }}") == .string("web1:8080"))
    }

    @Test func comparison() throws {
        #expect(try T.holds("port == 8080"))
        #expect(try T.holds("port == 8080.0"))
        #expect(try T.holds("name != 'web2'"))
        #expect(try T.holds("port < 9000"))
        #expect(try T.holds("port <= 8080"))
        #expect(try T.holds("port > 80"))
        #expect(try T.holds("port >= 8080"))
        #expect(try !T.holds("port > 8080"))
        #expect(try T.holds("'abc' < 'abd'"))
        #expect(try T.holds("ports == [80, 443]"))
        #expect(try !T.holds("name == 1"))
    }

    @Test func booleanOperators() throws {
        #expect(try T.holds("enabled and port == 8080"))
        #expect(try !T.holds("enabled and port == 1"))
        #expect(try T.holds("port == 1 or enabled"))
        #expect(try !T.holds("port == 1 or not enabled"))
        #expect(try T.holds("not (port == 1)"))
        #expect(try T.holds("not port == 1"))
        #expect(try T.holds("true or false and false"))
    }

    @Test func andStopsBeforeAnUndefinedRightSide() throws {
        #expect(try !T.holds("missing is defined and missing > 1"))
        #expect(try T.holds("missing is undefined or missing > 1"))
    }

    @Test func membership() throws {
        #expect(try T.holds("80 in ports"))
        #expect(try T.holds("22 not in ports"))
        #expect(try T.holds("'host' in db"))
        #expect(try T.holds("'eb' in name"))
        #expect(try !T.holds("'x' in name"))
        #expect(try T.holds("ports contains 443"))
        #expect(try T.holds("name contains 'web'"))
        #expect(try T.holds("db contains 'port'"))
    }

    @Test func definedAndUndefinedTests() throws {
        #expect(try T.holds("name is defined"))
        #expect(try T.holds("missing is undefined"))
        #expect(try T.holds("missing is not defined"))
        #expect(try T.holds("db.nope is undefined"))
        #expect(try T.holds("ports[5] is undefined"))
        #expect(try T.holds("nothing is defined"))
    }

    @Test func stringOperators() throws {
        #expect(try T.holds("name matches '^web[0-9]+$'"))
        #expect(try T.holds(#"path matches '\.tar\.gz$'"#))
        #expect(try !T.holds("name matches '^db'"))
        #expect(try T.holds("path startswith '/srv/'"))
        #expect(try T.holds("path endswith '.gz'"))
        #expect(try !T.holds("path endswith '.zip'"))
    }

    @Test func conditionsMustBeBooleans() {
        #expect(T.conditionError("name") == "play.yml:3:10: error: condition must be true or false, but 'name' is "
            + "string \"web1\" (use '| bool' to convert text)")
    }

    @Test func aConditionWrittenAsATemplateIsExplained() {
        #expect(T.conditionError("{{ enabled }}")
            == "play.yml:3:10: error: a condition is already an expression: write it without '{{ }}'")
    }

    @Test func typeErrorsPointAtTheOperator() {
        #expect(T.renderError("{{ name + 1 }}")
            == "play.yml:3:18: error: cannot apply '+' to string \"web1\" and int 1")
        #expect(T.renderError("{{ port / 0 }}") == "play.yml:3:18: error: division by zero")
        #expect(T.conditionError("ports < 3")
            == "play.yml:3:16: error: cannot compare list of 2 items and int 3 with '<'")
        #expect(T.conditionError("port startswith 'x'")
            == "play.yml:3:15: error: 'startswith' needs two strings, got int 8080 and string \"x\"")
        #expect(T.conditionError("name matches '(['")
            == "play.yml:3:23: error: invalid regular expression '([': unterminated character set at character 2")
        #expect(T.conditionError("1 in port") == "play.yml:3:12: error: 'in' cannot look for int 1 in int 8080")
        #expect(T.renderError("{{ 9223372036854775807 + 1 }}")
            == "play.yml:3:33: error: integer overflow in '+'")
    }
}

@Suite struct ConditionLiteralTests {
    @Test func yamlBooleanWordsAreConditionsOnTheirOwn() throws {
        for (word, expected) in [("yes", true), ("no", false), ("On", true), ("OFF", false), ("true", true), ("False", false)] {
            #expect(try TemplateTestSupport.holds(word) == expected, "\(word)")
        }
        #expect(TemplateTestSupport.conditionError("yes and no") == "play.yml:3:10: error: undefined variable 'yes'")
    }
}
