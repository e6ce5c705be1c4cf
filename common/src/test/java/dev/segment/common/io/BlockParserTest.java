package dev.segment.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.model.DeadLetter;
import dev.segment.common.model.Transaction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Rows read in place ({@link BlockParser}, {@link TransactionCsvParser#acceptPlain}) must be what
 * the text parser makes of the same lines: the same transactions, dead letters, line numbers and
 * counts, in the same order. The lines are random mixes of plain and awkward values.
 */
class BlockParserTest {
    private static final String FILE = "/data/in/tx.csv";
    private static final String FULL_HEADER =
            "customer_id,order_id,timestamp,amount,quantity,currency,channel,product_id,category,consent";

    @Test
    void plainRowsAreReadInPlace() {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(
                    "C"
                            + (i % 37)
                            + ",O"
                            + (i / 3)
                            + ",2023-05-0"
                            + (1 + i % 9)
                            + "T09:20:3"
                            + (i % 10)
                            + "Z,"
                            + (i % 50)
                            + "."
                            + (i % 100)
                            + ","
                            + (1 + i % 3)
                            + ",EUR,online,P"
                            + i
                            + ",books,"
                            + (i % 7 == 0 ? "true" : ""));
        }
        Result r = compare(CsvLayout.canonical(), FULL_HEADER, rows);
        assertEquals(rows.size(), r.plain, "every plain row is read in place");
        assertEquals(1, r.text, "only the header is read as text");
    }

    @Test
    void randomRowsGiveWhatTheTextParserGives() {
        CsvLayout[] layouts = {
            CsvLayout.canonical(),
            CsvLayout.canonical().withReturns(ReturnsPolicy.EXCLUDE),
            CsvLayout.canonical().withZone("Europe/Berlin"),
            CsvLayout.canonical().withDelimiter(';'),
        };
        Random random = new Random(7);
        long plain = 0;
        long text = 0;
        for (CsvLayout layout : layouts) {
            for (int round = 0; round < 20; round++) {
                boolean full = random.nextBoolean();
                String header = full ? FULL_HEADER : "customer_id,order_id,timestamp,amount";
                int columns = header.split(",").length;
                List<String> rows = new ArrayList<>();
                for (int i = 0; i < 250; i++) {
                    rows.add(randomRow(random, columns, layout.delimiter()));
                }
                Result r = compare(layout, header.replace(',', layout.delimiter()), rows);
                plain += r.plain;
                text += r.text;
            }
        }
        // both paths must have been taken often, or the comparison proves little
        assertTrue(plain > 5_000, "rows read in place: " + plain);
        assertTrue(text > 5_000, "rows read as text: " + text);
    }

    private static final String[] CUSTOMERS = {
        "C1", "C2", "C0031982", "42", "Zoë", " C3", "C4 ", "", "\"C5\"", "C\"6", "  "
    };
    private static final String[] ORDERS = {
        "1", "O1", "ORD-77", "C123", "c9", "C", "Cx", "", "000000000000000000123", "\"O,2\"", " O3 "
    };
    private static final String[] TIMES = {
        "2023-05-01T09:20:35Z", "2023-05-01", "2023-02-30", "2023-05-01 09:20:35",
        "2023-05-01T25:00:00Z", "20230501", "2023-03-26T01:30:00Z", "2023-10-29T00:59:59Z",
        "2023-05-01T09:20:35+02:00", "yesterday", "", "2023-12-31T23:59:60Z"
    };
    private static final String[] AMOUNTS = {
        "9.07",
        "-3.5",
        "1e3",
        "+2",
        "abc",
        "",
        "1234567890123456",
        "2000000000",
        "0.1",
        "10",
        "999999999.99",
        " 4.5",
        "1.",
        ".5",
        "-0",
        "NaN",
        "1,5"
    };
    private static final String[] QUANTITIES = {"1", "007", "-1", "x", "", " 2", "1234567890", "3"};
    private static final String[] CURRENCIES = {"EUR", "", "usd", " GBP"};
    private static final String[] CHANNELS = {
        "online", "store", "", "WEB", " pos", "mail", "unknown"
    };
    private static final String[] PRODUCTS = {"P1", "", "Ünï", "P 2"};
    private static final String[] CONSENTS = {"", "true", "false", "yes", "N", "maybe", " 1"};

    private static String randomRow(Random r, int columns, char delimiter) {
        int shape = r.nextInt(40);
        if (shape == 0) {
            return "";
        }
        if (shape == 1) {
            return "   ";
        }
        // mostly plain values, sometimes an awkward one
        boolean odd = r.nextInt(3) == 0;
        List<String> f = new ArrayList<>();
        f.add(pick(r, CUSTOMERS, odd ? CUSTOMERS.length : 4));
        f.add(pick(r, ORDERS, odd ? ORDERS.length : 6));
        f.add(pick(r, TIMES, odd ? TIMES.length : 2));
        f.add(pick(r, AMOUNTS, odd ? AMOUNTS.length : 4));
        if (columns > 4) {
            f.add(pick(r, QUANTITIES, odd ? QUANTITIES.length : 3));
            f.add(pick(r, CURRENCIES, odd ? CURRENCIES.length : 2));
            f.add(pick(r, CHANNELS, odd ? CHANNELS.length : 3));
            f.add(pick(r, PRODUCTS, odd ? PRODUCTS.length : 2));
            f.add(pick(r, new String[] {"books", "", "toys"}, 3));
            f.add(pick(r, CONSENTS, odd ? CONSENTS.length : 3));
        }
        if (shape == 2) {
            f.remove(f.size() - 1);
        } else if (shape == 3) {
            f.add("extra");
        }
        String line = String.join(String.valueOf(delimiter), f);
        return shape == 4 ? line + "\r" : line;
    }

    private static String pick(Random r, String[] values, int bound) {
        return values[r.nextInt(Math.min(bound, values.length))];
    }

    private record Result(long plain, long text) {}

    private static Result compare(CsvLayout layout, String header, List<String> rows) {
        // the text path: one String per line, as ParseTransactions feeds it
        List<String> expected = new ArrayList<>();
        TransactionCsvParser textParser = TransactionCsvParser.forFile(layout, FILE);
        TransactionCsvParser.Output textOut = output(expected);
        textParser.accept(1, header, textOut);
        long rejected = 0;
        for (int i = 0; i < rows.size(); i++) {
            String line = rows.get(i);
            // the reader removes one final CR before the text path sees the line
            String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            textParser.accept(i + 2, text, textOut);
        }
        for (String e : expected) {
            rejected += e.startsWith("rejected") ? 1 : 0;
        }

        // the block path: the same lines as one block of bytes
        RecordBlock block = new RecordBlock();
        block.path = FILE;
        block.count = rows.size() + 1;
        block.offsets = new int[block.count + 1];
        block.lines = new long[block.count];
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < block.count; i++) {
            byte[] b = (i == 0 ? header : rows.get(i - 1)).getBytes(StandardCharsets.UTF_8);
            bytes.writeBytes(b);
            block.offsets[i + 1] = block.offsets[i] + b.length;
            block.lines[i] = i + 1;
        }
        block.bytes = bytes.toByteArray();
        List<String> actual = new ArrayList<>();
        InputCounters.Task counters = new InputCounters.Task();
        BlockParser parser = new BlockParser(layout, counters);
        TransactionCsvParser.Output blockOut = output(actual);
        parser.parse(
                block,
                new BlockParser.Rows() {
                    @Override
                    public void plain(PlainRow row) {
                        actual.add(describe(transactionOf(row), row));
                    }

                    @Override
                    public void accepted(Transaction t) {
                        blockOut.accepted(t);
                    }

                    @Override
                    public void rejected(DeadLetter d) {
                        blockOut.rejected(d);
                    }
                });
        assertEquals(String.join("\n", expected), String.join("\n", actual));
        InputCounters.Counts counts = counters.counts();
        assertEquals(textParser.rowsRead(), counts.read(), "rows read");
        assertEquals(rejected, counts.rejected() + counts.excluded(), "rows rejected");
        assertEquals(counts.read(), counts.accepted() + counts.rejected() + counts.excluded());
        return new Result(parser.plainRows(), parser.textRows());
    }

    private static TransactionCsvParser.Output output(List<String> into) {
        return new TransactionCsvParser.Output() {
            @Override
            public void accepted(Transaction t) {
                into.add(describe(t, null));
            }

            @Override
            public void rejected(DeadLetter d) {
                into.add(
                        "rejected "
                                + d.source
                                + ":"
                                + d.position
                                + " "
                                + d.field
                                + " "
                                + d.reason
                                + " ["
                                + d.original
                                + "]");
            }
        };
    }

    private static Transaction transactionOf(PlainRow r) {
        Transaction t = new Transaction();
        t.customerId = r.line.subSequence(r.customerFrom, r.customerTo);
        t.orderId = r.line.subSequence(r.orderFrom, r.orderTo);
        t.timestampMillis = r.millis;
        t.purchaseDay = r.day;
        t.amount = r.amount;
        t.quantity = r.quantity;
        t.channel = r.channel;
        t.consent = r.consent;
        t.currency = r.currencyFrom < 0 ? null : r.line.subSequence(r.currencyFrom, r.currencyTo);
        t.productId = r.productFrom < 0 ? null : r.line.subSequence(r.productFrom, r.productTo);
        t.category = r.categoryFrom < 0 ? null : r.line.subSequence(r.categoryFrom, r.categoryTo);
        t.orderGiven = true;
        t.sourcePath = r.path;
        t.sourceLine = r.lineNumber;
        return t;
    }

    // every field that reaches the aggregation, and the fingerprint: from the plain row's own
    // ranges when there is one, so that the in-place fingerprint is checked too
    private static String describe(Transaction t, PlainRow row) {
        long key = t.orderId.hashCode();
        long print = row == null ? t.fingerprint(key) : row.fingerprint(key);
        return "accepted "
                + t.sourcePath
                + ":"
                + t.sourceLine
                + " "
                + t
                + " day="
                + t.purchaseDay
                + " qty="
                + t.quantity
                + " currency="
                + t.currency
                + " channel="
                + t.channel
                + " product="
                + t.productId
                + " category="
                + t.category
                + " consent="
                + t.consent
                + " orderGiven="
                + t.orderGiven
                + " print="
                + print;
    }
}
