package dev.segment.common.store;

import java.util.Locale;
import java.util.Set;

/**
 * Checks that a SQL text is exactly one read-only statement, before it reaches a database. A small
 * lexer skips string literals, quoted identifiers, dollar quotes and comments, so a {@code ;} or a
 * keyword inside them does not count; a writing keyword anywhere outside them (a data-modifying
 * CTE, an H2 data-change delta table) refuses the statement. This is the first of two guards: the
 * console also runs the statement in a read-only transaction on a read-only session that is always
 * rolled back (see {@link SqlConsole}), so a write hidden where the lexer cannot see it (inside a
 * function) is refused or undone by the database itself.
 */
public final class ReadOnlyStatement {
    private ReadOnlyStatement() {}

    /** First keywords of statements that only read. */
    public static final Set<String> READ_KEYWORDS =
            Set.of("SELECT", "WITH", "VALUES", "TABLE", "EXPLAIN", "SHOW");

    /** Words that write or change the schema, refused wherever they appear outside quotes. */
    public static final Set<String> WRITE_KEYWORDS =
            Set.of(
                    "INSERT",
                    "UPDATE",
                    "DELETE",
                    "MERGE",
                    "UPSERT",
                    "TRUNCATE",
                    "DROP",
                    "CREATE",
                    "ALTER",
                    "GRANT",
                    "REVOKE",
                    "COPY",
                    "CALL",
                    "EXECUTE",
                    "LOCK",
                    "VACUUM",
                    "REINDEX",
                    "REFRESH");

    /** Why a statement is refused; the message says what was found. */
    public static final class Refused extends IllegalArgumentException {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * The statement without a trailing {@code ;}.
     *
     * @throws Refused when the text is empty, holds more than one statement, or does not start with
     *     one of {@link #READ_KEYWORDS}
     */
    public static String check(String sql) {
        if (sql == null) {
            throw new Refused("no SQL statement given");
        }
        int n = sql.length();
        int i = 0;
        int firstToken = -1;
        int end = -1; // position of the terminating ';'
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                if (close < 0) {
                    throw new Refused("unterminated /* comment");
                }
                i = close + 2;
                continue;
            }
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (end >= 0) {
                throw new Refused(
                        "sql runs exactly one statement, but more follows the ';' at character "
                                + (end + 1));
            }
            if (firstToken < 0) {
                firstToken = i;
            }
            if (c == '\'' || c == '"') {
                i = skipQuoted(sql, i, c);
            } else if (c == '$') {
                i = skipDollar(sql, i);
            } else if (c == ';') {
                end = i;
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int w = i;
                while (i < n
                        && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                    i++;
                }
                String word = sql.substring(w, i).toUpperCase(Locale.ROOT);
                if (WRITE_KEYWORDS.contains(word)) {
                    // also inside a reading statement: PostgreSQL's data-modifying CTEs and H2's
                    // data-change delta tables (SELECT * FROM OLD TABLE (DELETE ...)) write
                    throw new Refused(
                            "sql only reads: "
                                    + word
                                    + " is not allowed anywhere in the statement (quote an"
                                    + " identifier of that name)");
                }
            } else {
                i++;
            }
        }
        if (firstToken < 0) {
            throw new Refused("no SQL statement given (only comments or blanks)");
        }
        int k = firstToken;
        while (k < n && (Character.isLetter(sql.charAt(k)))) {
            k++;
        }
        String keyword = sql.substring(firstToken, k).toUpperCase(Locale.ROOT);
        if (!READ_KEYWORDS.contains(keyword)) {
            throw new Refused(
                    "sql only reads: "
                            + (keyword.isEmpty() ? "this statement" : keyword)
                            + " is not allowed (allowed: SELECT, WITH, VALUES, TABLE, EXPLAIN,"
                            + " SHOW)");
        }
        String body = end >= 0 ? sql.substring(0, end) : sql;
        return body.strip();
    }

    private static int skipQuoted(String sql, int i, char q) {
        int n = sql.length();
        i++;
        while (i < n) {
            if (sql.charAt(i) == q) {
                if (i + 1 < n && sql.charAt(i + 1) == q) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new Refused("unterminated " + (q == '\'' ? "string literal" : "quoted identifier"));
    }

    /** PostgreSQL dollar quoting: $tag$ ... $tag$ (a lone $ or $1 parameter is just skipped). */
    private static int skipDollar(String sql, int i) {
        int n = sql.length();
        int j = i + 1;
        while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        if (j < n
                && sql.charAt(j) == '$'
                && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
            String tag = sql.substring(i, j + 1);
            int close = sql.indexOf(tag, j + 1);
            if (close < 0) {
                throw new Refused("unterminated dollar-quoted string " + tag);
            }
            return close + tag.length();
        }
        return i + 1;
    }
}
