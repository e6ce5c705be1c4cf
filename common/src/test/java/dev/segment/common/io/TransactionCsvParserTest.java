package dev.segment.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.model.Channel;
import dev.segment.common.model.DeadLetter;
import dev.segment.common.model.Transaction;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionCsvParserTest {

    private static final String FILE = "/data/in/tx.csv";
    private static final int JAN_5 = (int) LocalDate.of(2024, 1, 5).toEpochDay();

    private final List<Transaction> accepted = new ArrayList<>();
    private final List<DeadLetter> rejected = new ArrayList<>();
    private final TransactionCsvParser.Output out =
            new TransactionCsvParser.Output() {
                @Override
                public void accepted(Transaction t) {
                    accepted.add(t);
                }

                @Override
                public void rejected(DeadLetter d) {
                    rejected.add(d);
                }
            };

    private void feed(CsvLayout layout, String... lines) {
        TransactionCsvParser p = TransactionCsvParser.forFile(layout, FILE);
        for (int i = 0; i < lines.length; i++) {
            p.accept(i + 1, lines[i], out);
        }
    }

    @Test
    void canonicalRowsWithAllColumnsInAnyOrder() {
        feed(
                CsvLayout.canonical(),
                "amount,timestamp,customer_id,order_id,quantity,currency,channel,product_id,category",
                "12.50,2024-01-05T10:06:04Z,C1,O1,2,EUR,online,P9,\"books, rare\"");
        Transaction t = accepted.get(0);
        assertEquals("C1", t.customerId);
        assertEquals("O1", t.orderId);
        assertEquals(Instant.parse("2024-01-05T10:06:04Z").toEpochMilli(), t.timestampMillis);
        assertEquals(JAN_5, t.purchaseDay);
        assertEquals(12.5, t.amount);
        assertEquals(2, t.quantity);
        assertEquals("EUR", t.currency);
        assertEquals(Channel.ONLINE, t.channel);
        assertEquals("books, rare", t.category);
    }

    @Test
    void isoDatesLocalDateTimesAndOffsetsAreAccepted() {
        feed(
                CsvLayout.canonical(),
                "customer_id,timestamp,amount",
                "C1,2024-01-05,1",
                "C1,2024-01-05 23:30:00,1",
                "C1,2024-01-05T23:30:00+01:00,1",
                "C1,2024-01-05T22:30:00.250Z,1");
        assertEquals(4, accepted.size(), rejected.toString());
        for (Transaction t : accepted) {
            assertEquals(JAN_5, t.purchaseDay);
        }
        assertEquals(
                Instant.parse("2024-01-05T22:30:00.250Z").toEpochMilli(),
                accepted.get(3).timestampMillis);
    }

    @Test
    void businessZoneDecidesThePurchaseDay() {
        // 23:30 UTC on Jan 5 is already Jan 6 in Berlin
        feed(
                CsvLayout.canonical().withZone("Europe/Berlin"),
                "customer_id,timestamp,amount",
                "C1,2024-01-05T23:30:00Z,1");
        assertEquals(JAN_5 + 1, accepted.get(0).purchaseDay);
    }

    @Test
    void missingOrderIdMeansOneOrderPerRow() {
        feed(
                CsvLayout.canonical(),
                "customer_id,timestamp,amount,order_id",
                "C1,2024-01-05,1,",
                "C1,2024-01-05,2,");
        assertEquals("tx.csv#2", accepted.get(0).orderId);
        assertEquals("tx.csv#3", accepted.get(1).orderId);
    }

    @Test
    void columnMappingAndDatePattern() {
        CsvLayout layout =
                CsvLayout.canonical()
                        .withColumns(
                                "customer_id=CustomerID,timestamp=InvoiceDate,amount=Total,order_id=InvoiceNo")
                        .withDateFormat("dd/MM/yyyy HH:mm")
                        .validate();
        feed(
                layout,
                "InvoiceNo,CustomerID,InvoiceDate,Total",
                "536365,17850,05/01/2024 08:26,15.30");
        assertEquals("17850", accepted.get(0).customerId);
        assertEquals(JAN_5, accepted.get(0).purchaseDay);
        assertEquals("536365", accepted.get(0).orderId);
    }

    @Test
    void cdnowLayoutSkipsHeaderStripsZerosAndHandlesCrlf() {
        feed(
                CsvLayout.cdnow(),
                " customer_id  date number_of_cds  dollar_value\r",
                " 00001 19970101  1   11.77\r",
                " 00002 19970112  2   12.00\r");
        assertEquals(2, accepted.size(), rejected.toString());
        assertEquals("1", accepted.get(0).customerId);
        assertEquals((int) LocalDate.of(1997, 1, 1).toEpochDay(), accepted.get(0).purchaseDay);
        assertEquals(11.77, accepted.get(0).amount);
        assertEquals(2, accepted.get(1).quantity);
        assertEquals("tx.csv#3", accepted.get(1).orderId, "CDNOW_master is one order per row");
    }

    @Test
    void badRowsBecomeDeadLettersNamingLineFieldAndReason() {
        feed(
                CsvLayout.canonical(),
                "customer_id,order_id,timestamp,amount,channel,quantity",
                "C1,O1,2024-13-45,1,online,1",
                "C1,O2,2024-01-05,abc,online,1",
                ",O3,2024-01-05,1,online,1",
                "C1,O4,2024-01-05,1,online",
                "C1,O5,2024-01-05,1,fax,1",
                "C1,O6,2024-01-05,1,store,two",
                "C1,O7,2024-01-05,NaN,store,1",
                "",
                "C1,O8,2024-01-05,1,store,1");
        assertEquals(1, accepted.size());
        assertEquals(7, rejected.size());
        assertDead(
                0,
                2,
                "timestamp",
                "timestamp '2024-13-45' is not a valid ISO-8601 date or date-time");
        assertDead(1, 3, "amount", "amount 'abc' is not a number");
        assertDead(2, 4, "customer_id", "customer_id is empty");
        assertDead(3, 5, null, "expected 6 fields but found 5");
        assertDead(4, 6, "channel", "unknown channel 'fax' (expected online or store)");
        assertDead(5, 7, "quantity", "quantity 'two' is not an integer");
        assertDead(6, 8, "amount", "amount 'NaN' is not finite");
        assertEquals(FILE, rejected.get(0).source);
        assertEquals("C1,O1,2024-13-45,1,online,1", rejected.get(0).original);
    }

    private void assertDead(int i, long line, String field, String reason) {
        DeadLetter d = rejected.get(i);
        assertEquals(line, d.position, d.toString());
        assertEquals(field, d.field, d.toString());
        assertEquals(reason, d.reason, d.toString());
    }

    @Test
    void returnsAreNettedByDefaultAndCanBeExcluded() {
        String[] lines = {
            "customer_id,order_id,timestamp,amount",
            "C1,536365,2024-01-05,10",
            "C1,C536379,2024-01-05,4",
            "C1,536380,2024-01-05,-3"
        };
        feed(CsvLayout.canonical(), lines);
        assertEquals(List.of(10.0, -4.0, -3.0), accepted.stream().map(t -> t.amount).toList());
        accepted.clear();
        feed(CsvLayout.canonical().withReturns(ReturnsPolicy.EXCLUDE), lines);
        assertEquals(1, accepted.size());
        assertEquals(2, rejected.size());
        assertEquals("return excluded by policy", rejected.get(0).reason);
    }

    @Test
    void headerWithoutRequiredColumnStopsTheRunWithAHint() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> feed(CsvLayout.canonical(), "client,date,total"));
        assertTrue(e.getMessage().contains("header has no column 'customer_id'"), e.getMessage());
        assertTrue(e.getMessage().contains("--columns customer_id="), e.getMessage());
    }

    @Test
    void invalidOptionsAreNamed() {
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> CsvLayout.canonical().withColumns("customer=Id"))
                        .getMessage()
                        .contains("unknown field 'customer'"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> CsvLayout.canonical().withZone("Mars/Base").validate())
                        .getMessage()
                        .contains("--zone"));
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> CsvLayout.Format.parse("xml"))
                        .getMessage()
                        .contains("--format"));
        assertNull(CsvLayout.canonical().dateFormat());
    }

    @Test
    void utf8ByteOrderMarkOnTheHeaderIsIgnored() {
        feed(CsvLayout.canonical(), "\uFEFFcustomer_id,timestamp,amount", "C1,2024-01-05,1");
        assertEquals(1, accepted.size());
    }

    @Test
    void amountsOutsideTheDocumentedRangeAreDeadLettersNotCapped() {
        feed(
                CsvLayout.canonical(),
                "customer_id,order_id,timestamp,amount",
                "C1,O1,2024-01-05,1e308",
                "C2,O2,2024-01-05,99999999999999999999.99",
                "C3,O3,2024-01-05,-1000000000.01",
                "C4,O4,2024-01-05,999999999.99",
                "C5,O5,2024-01-05,\"-1000000000\"");
        assertEquals(List.of("C4", "C5"), accepted.stream().map(t -> t.customerId).toList());
        assertEquals(999_999_999.99, accepted.get(0).amount);
        assertEquals(3, rejected.size());
        for (DeadLetter d : rejected) {
            assertEquals("amount", d.field);
            assertTrue(
                    d.reason.endsWith("is outside the supported range of ±1,000,000,000"),
                    d.reason);
        }
        assertEquals(
                "amount '1e308' is outside the supported range of ±1,000,000,000",
                rejected.get(0).reason);
    }
}
