package dev.segment.jobs.rfm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The rows one task reads, kept per customer in flat primitive arrays until the input ends, then
 * turned into one {@link CustomerPartial} per customer.
 *
 * <p>While reading nothing is allocated per row or per customer: customer ids are interned by their
 * UTF-8 bytes in an open-addressing table over one byte array, and each row appends its customer
 * number, order key, day, amount and fingerprint to column chunks. A task of a big input sees
 * nearly every customer, so a map of per-customer objects made every row a few cache misses; here a
 * row is one probe and a sequential append. At the end the rows are put in customer order (a stable
 * counting sort) and each customer's rows go through a {@link PartialBuilder}, so the partials are
 * exactly those of adding the rows one by one. Not thread-safe.
 */
final class CustomerRows {
    private static final int CHUNK_BITS = 16;
    private static final int CHUNK = 1 << CHUNK_BITS;

    // customer ids: customer c is idBytes[idStart[c], idStart[c + 1])
    private byte[] idBytes = new byte[1 << 16];
    private int[] idStart = new int[1 << 12];
    private int customers;

    // open addressing: a slot holds the high half of the id's hash and customer + 1 in the low
    // half (0: empty), so that a probe reads one array (one cache miss, not two)
    private long[] slots = new long[1 << 13];

    // row columns in chunks, so that growing never copies what is there
    private int[][] rowCustomer = new int[16][];
    private long[][] rowOrder = new long[16][];
    private int[][] rowDay = new int[16][];
    private long[][] rowUnits = new long[16][];
    private long[][] rowPrint = new long[16][];
    private long rows;

    // the latest consent statement per customer; allocated with the first statement
    private byte[] consent;
    private long[] consentAt;

    /** Rows added so far. */
    long rows() {
        return rows;
    }

    /** Customers seen so far. */
    int customers() {
        return customers;
    }

    /** The number of the customer with id {@code bytes[from, to)} (UTF-8), added when new. */
    int customer(byte[] bytes, int from, int to) {
        long h = hash(bytes, from, to);
        long high = h & 0xFFFFFFFF00000000L;
        int mask = slots.length - 1;
        int slot = (int) h & mask;
        while (true) {
            long s = slots[slot];
            if (s == 0) {
                return add(bytes, from, to, high, slot);
            }
            if ((s & 0xFFFFFFFF00000000L) == high) {
                int c = (int) s - 1;
                if (sameId(c, bytes, from, to)) {
                    return c;
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The number of the customer {@code id}, added when new. */
    int customer(String id) {
        byte[] b = id.getBytes(StandardCharsets.UTF_8);
        return customer(b, 0, b.length);
    }

    private boolean sameId(int c, byte[] bytes, int from, int to) {
        int a = idStart[c];
        int len = idStart[c + 1] - a;
        return len == to - from && Arrays.equals(idBytes, a, a + len, bytes, from, to);
    }

    private int add(byte[] bytes, int from, int to, long high, int slot) {
        int c = customers++;
        if (c + 2 > idStart.length) {
            idStart = Arrays.copyOf(idStart, idStart.length * 2);
        }
        int len = to - from;
        int at = idStart[c];
        if (at + len > idBytes.length) {
            idBytes = Arrays.copyOf(idBytes, Math.max(idBytes.length * 2, at + len));
        }
        System.arraycopy(bytes, from, idBytes, at, len);
        idStart[c + 1] = at + len;
        slots[slot] = high | (c + 1);
        if (consent != null && c >= consent.length) {
            consent = Arrays.copyOf(consent, consent.length * 2);
            consentAt = Arrays.copyOf(consentAt, consentAt.length * 2);
        }
        // at most half full: probes stay short
        if (customers * 2 > slots.length) {
            rehash();
        }
        return c;
    }

    private void rehash() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long s : old) {
            if (s != 0) {
                // the slot's position came from the low bits of the hash: recompute from the id
                int c = (int) s - 1;
                int slot = (int) hashOf(c) & mask;
                while (slots[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = s;
            }
        }
    }

    private long hashOf(int c) {
        return hash(idBytes, idStart[c], idStart[c + 1]);
    }

    // FNV-1a over the bytes, its high bits folded into the low ones that pick the slot
    private static long hash(byte[] bytes, int from, int to) {
        long h = 0xcbf29ce484222325L;
        for (int i = from; i < to; i++) {
            h ^= bytes[i];
            h *= 0x100000001b3L;
        }
        return h ^ (h >>> 29);
    }

    /** One row of {@code customer}: order key, day, amount in money units, fingerprint. */
    void add(int customer, long orderKey, int day, long units, long print) {
        int chunk = (int) (rows >>> CHUNK_BITS);
        int at = (int) (rows & (CHUNK - 1));
        if (at == 0) {
            newChunk(chunk);
        }
        rowCustomer[chunk][at] = customer;
        rowOrder[chunk][at] = orderKey;
        rowDay[chunk][at] = day;
        rowUnits[chunk][at] = units;
        rowPrint[chunk][at] = print;
        rows++;
    }

    private void newChunk(int chunk) {
        if (chunk == rowCustomer.length) {
            int n = chunk * 2;
            rowCustomer = Arrays.copyOf(rowCustomer, n);
            rowOrder = Arrays.copyOf(rowOrder, n);
            rowDay = Arrays.copyOf(rowDay, n);
            rowUnits = Arrays.copyOf(rowUnits, n);
            rowPrint = Arrays.copyOf(rowPrint, n);
        }
        rowCustomer[chunk] = new int[CHUNK];
        rowOrder[chunk] = new long[CHUNK];
        rowDay[chunk] = new int[CHUNK];
        rowUnits[chunk] = new long[CHUNK];
        rowPrint[chunk] = new long[CHUNK];
    }

    /** A consent statement of one row of {@code customer} (null: the row states none). */
    void stated(int customer, Boolean granted, long atMillis) {
        if (granted == null) {
            return;
        }
        if (consent == null) {
            consent = new byte[Math.max(idStart.length, customer + 1)];
            consentAt = new long[consent.length];
        }
        byte state = granted ? CustomerPartial.CONSENT_GRANTED : CustomerPartial.CONSENT_WITHDRAWN;
        if (CustomerPartial.later(state, atMillis, consent[customer], consentAt[customer])) {
            consent[customer] = state;
            consentAt[customer] = atMillis;
        }
    }

    /** Hands every customer's partial to {@code out} and forgets everything. */
    void emit(Consumer<CustomerPartial> out) {
        // counting sort of the row numbers by customer, stable: each customer's rows in read order
        int[] start = new int[customers + 1];
        for (long r = 0; r < rows; r++) {
            start[rowCustomer[(int) (r >>> CHUNK_BITS)][(int) (r & (CHUNK - 1))] + 1]++;
        }
        for (int c = 0; c < customers; c++) {
            start[c + 1] += start[c];
        }
        int[] next = Arrays.copyOf(start, customers);
        int[] byCustomer = new int[Math.toIntExact(rows)];
        for (long r = 0; r < rows; r++) {
            byCustomer[next[rowCustomer[(int) (r >>> CHUNK_BITS)][(int) (r & (CHUNK - 1))]]++] =
                    (int) r;
        }
        next = null;
        for (int c = 0; c < customers; c++) {
            int a = idStart[c];
            PartialBuilder b =
                    new PartialBuilder(
                            new String(idBytes, a, idStart[c + 1] - a, StandardCharsets.UTF_8));
            for (int i = start[c]; i < start[c + 1]; i++) {
                int r = byCustomer[i];
                int chunk = r >>> CHUNK_BITS;
                int at = r & (CHUNK - 1);
                b.add(
                        rowOrder[chunk][at],
                        rowDay[chunk][at],
                        rowUnits[chunk][at],
                        rowPrint[chunk][at]);
            }
            if (consent != null && consent[c] != CustomerPartial.CONSENT_NOT_STATED) {
                b.stated(consent[c] == CustomerPartial.CONSENT_GRANTED, consentAt[c]);
            }
            out.accept(b.build());
        }
        clear();
    }

    private void clear() {
        idBytes = null;
        idStart = null;
        slots = null;
        rowCustomer = null;
        rowOrder = null;
        rowDay = null;
        rowUnits = null;
        rowPrint = null;
        consent = null;
        consentAt = null;
    }
}
