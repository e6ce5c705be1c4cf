package dev.segment.jobs.cli;

import dev.segment.common.io.CsvLines;
import dev.segment.common.store.Erasure;
import dev.segment.common.store.Store;
import dev.segment.common.store.StoreConfig;
import dev.segment.jobs.runtime.Durations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code segment forget}: erases customers' personal data from the store. */
@Command(
        name = "forget",
        mixinStandardHelpOptions = true,
        header = "Erase customers' personal data from the store (right to erasure).",
        description = {
            "Deletes every row of each customer from every table: RFM and assignments of every"
                    + " run, segment history and changes, the golden record, consent, the live"
                    + " profile and live segment, and the sessions, late events and identity links"
                    + " of the customer and of the visitors linked to them. Records one"
                    + " erasure_audit row per customer without personal data (a keyed hash that"
                    + " keeps them out of later runs and exports, whose input files may still hold"
                    + " them). Idempotent: forgetting again deletes nothing and adds no row.",
            "Not reached: files written earlier (run outputs, exports a CRM already loaded) and a"
                    + " running stream's state; send the stream a consent withdrawal event for"
                    + " that. Customer ids are not printed or logged."
        })
final class ForgetCommand implements Callable<Integer> {

    @Option(
            names = "--customer",
            paramLabel = "ID",
            description = "Customer id to erase (repeatable).")
    List<String> customers = new ArrayList<>();

    @Option(
            names = "--file",
            paramLabel = "FILE",
            description = "File of customer ids: one per line, or a CSV with a customer_id column.")
    Path file;

    @Mixin StoreConnectionOptions store;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        Set<String> ids = new LinkedHashSet<>();
        for (String c : customers) {
            if (c.isBlank()) {
                throw new IllegalArgumentException("--customer must not be empty");
            }
            ids.add(c.strip());
        }
        if (file != null) {
            ids.addAll(readIds(file));
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("give --customer ID or --file FILE");
        }
        StoreConfig config = store.resolveExisting();
        System.out.printf(
                "> store: %s%n  schema version %s%n", config.describe(), Store.migrate(config));
        Map<String, Long> deleted = new LinkedHashMap<>();
        int[] outcome = new int[3]; // erased, not in the store, already erased
        Store.transaction(
                config,
                "erase " + ids.size() + " customer(s)",
                c -> {
                    for (String id : ids) {
                        Erasure.Forgotten f = Erasure.forget(c, id, Instant.now());
                        f.rowsDeleted().forEach((t, n) -> deleted.merge(t, n, Long::sum));
                        // not in the store: audited all the same, so later runs keep them out
                        outcome[f.already() ? 2 : f.total() == 0 ? 1 : 0]++;
                    }
                    return null;
                });
        int erased = outcome[0];
        int unknown = outcome[1];
        int already = outcome[2];
        System.out.printf(
                "%,d customer(s): %,d erased, %,d not in the store (audited, kept out of later"
                        + " runs), %,d already erased (nothing to do)%n",
                ids.size(), erased, unknown, already);
        deleted.forEach(
                (t, n) -> {
                    if (n > 0) {
                        System.out.printf("  %-26s %,d rows deleted%n", t, n);
                    }
                });
        System.out.printf("done in %s%n", Durations.format(System.nanoTime() - t0));
        return ExitCodes.OK;
    }

    private static List<String> readIds(Path file) throws java.io.IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--file " + file + " is not a readable file");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> ids = new ArrayList<>();
        int column = 0;
        int start = 0;
        if (!lines.isEmpty()) {
            List<String> header = CsvLines.split(lines.get(0).replace("\uFEFF", ""));
            int at = header.stream().map(String::strip).toList().indexOf("customer_id");
            if (at >= 0) {
                column = at;
                start = 1;
            }
        }
        for (int i = start; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> f = CsvLines.split(lines.get(i));
            if (f.size() <= column || f.get(column).isBlank()) {
                throw new IllegalArgumentException(
                        "--file " + file + ":" + (i + 1) + ": no customer id in column " + column);
            }
            ids.add(f.get(column).strip());
        }
        return ids;
    }
}
