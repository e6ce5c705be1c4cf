package dev.segment.common.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReadOnlyStatementTest {

    @Test
    void acceptsOneReadingStatementWithCommentsAndATrailingSemicolon() {
        assertEquals(
                "-- sizes per segment\n/* header */ SELECT 1",
                ReadOnlyStatement.check("-- sizes per segment\n/* header */ SELECT 1;  -- end\n"));
        assertEquals(
                "with a as (select 1) select * from a",
                ReadOnlyStatement.check("with a as (select 1) select * from a"));
        assertEquals("EXPLAIN SELECT 1", ReadOnlyStatement.check("EXPLAIN SELECT 1;"));
    }

    @Test
    void semicolonsAndKeywordsInsideQuotesDoNotCount() {
        String sql = "SELECT 'a;b', \"x;DROP\", $q$ ; DELETE $q$, E'it''s;' FROM runs";
        assertEquals(sql, ReadOnlyStatement.check(sql));
    }

    @Test
    void refusesASecondStatement() {
        ReadOnlyStatement.Refused e =
                assertThrows(
                        ReadOnlyStatement.Refused.class,
                        () -> ReadOnlyStatement.check("SELECT 1; DROP TABLE runs"));
        assertTrue(e.getMessage().contains("exactly one statement"), e.getMessage());
    }

    @Test
    void refusesWritesAndDdl() {
        for (String sql :
                new String[] {
                    "DROP TABLE runs",
                    "delete from runs",
                    "  UPDATE runs SET status = 'x'",
                    "INSERT INTO runs VALUES (1)",
                    "TRUNCATE runs",
                    "CREATE TABLE t (a int)",
                    "COPY runs TO '/tmp/x'",
                    "(DELETE FROM runs)",
                    "WITH gone AS (DELETE FROM runs RETURNING run_id) SELECT * FROM gone",
                    "SELECT * FROM OLD TABLE (DELETE FROM runs)"
                }) {
            ReadOnlyStatement.Refused e =
                    assertThrows(
                            ReadOnlyStatement.Refused.class,
                            () -> ReadOnlyStatement.check(sql),
                            sql);
            assertTrue(e.getMessage().contains("only reads"), e.getMessage());
        }
    }

    @Test
    void refusesEmptyAndUnterminatedText() {
        assertThrows(ReadOnlyStatement.Refused.class, () -> ReadOnlyStatement.check("  -- x\n"));
        assertThrows(ReadOnlyStatement.Refused.class, () -> ReadOnlyStatement.check(null));
        assertThrows(
                ReadOnlyStatement.Refused.class,
                () -> ReadOnlyStatement.check("SELECT 'x; DROP TABLE runs"));
        assertThrows(
                ReadOnlyStatement.Refused.class, () -> ReadOnlyStatement.check("SELECT 1 /* x"));
    }
}
