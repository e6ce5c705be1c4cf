package dev.segment.jobs.cli;

import dev.segment.common.io.CsvLines;
import dev.segment.common.store.ConsentLedger;
import dev.segment.common.store.Store;
import dev.segment.common.store.StoreConfig;
import dev.segment.jobs.runtime.Durations;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code segment consent}: consent changes from a CSV file into the store. */
@Command(
        name = "consent",
        mixinStandardHelpOptions = true,
        header = "Record consent changes from a CSV file (customer_id,consent,changed_at).",
        description = {
            "The file has a header with customer_id, consent (granted or withdrawn; true or false)"
                    + " and changed_at (YYYY-MM-DD, or an ISO-8601 instant with offset or Z);"
                    + " other columns are ignored. Each change is kept in the consent table; a"
                    + " customer's latest change (by changed_at) is their status in customers.",
            "A withdrawal takes effect at once: the customer's current segment becomes generic and"
                    + " their stored live profile is deleted; exports leave them out. A renewed"
                    + " grant takes effect with the next run. The file is applied in one"
                    + " transaction and only if every line is valid: a bad line is reported with"
                    + " its line number and field, and nothing is changed (exit 3)."
        })
final class ConsentCommand implements Callable<Integer> {

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "CSV file.")
    Path file;

    @Option(
            names = "--source",
            paramLabel = "NAME",
            description = "Where the changes come from, kept with each (default: the file name).")
    String source;

    @Mixin StoreConnectionOptions store;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--file " + file + " is not a readable file");
        }
        String from = source != null ? source : "file:" + file.getFileName();
        List<ConsentLedger.Change> changes = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        long lines = read(file, from, changes, errors);
        if (!errors.isEmpty()) {
            System.out.printf(
                    "%s: %,d of %,d lines invalid; nothing was changed%n",
                    file, errors.size(), lines);
            errors.stream().limit(20).forEach(e -> System.out.println("  " + e));
            if (errors.size() > 20) {
                System.out.printf("  ... and %,d more%n", errors.size() - 20);
            }
            return ExitCodes.DATA_QUALITY;
        }
        StoreConfig config = store.resolve();
        System.out.printf(
                "> store: %s%n  schema version %s%n", config.describe(), Store.migrate(config));
        ConsentLedger.Applied applied =
                Store.transaction(
                        config,
                        "record the consent changes of " + file,
                        c -> ConsentLedger.apply(c, changes, Instant.now()));
        System.out.printf(
                "%,d lines read: %,d changes recorded, %,d already recorded, %,d of erased"
                        + " customers not kept; %,d customers withdrew (now generic, live profile"
                        + " deleted), %,d granted again; in %s%n",
                lines,
                applied.recorded(),
                applied.duplicates(),
                applied.erased(),
                applied.withdrawnNow(),
                applied.grantedNow(),
                Durations.format(System.nanoTime() - t0));
        return ExitCodes.OK;
    }

    /** Parses the file into {@code changes}; bad lines into {@code errors}. Returns data lines. */
    static long read(
            Path file, String source, List<ConsentLedger.Change> changes, List<String> errors)
            throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) {
                errors.add(
                        file + ":1: empty file, expected a header customer_id,consent,changed_at");
                return 0;
            }
            List<String> names =
                    CsvLines.split(header.strip().replace("\uFEFF", "")).stream()
                            .map(n -> n.strip().toLowerCase(Locale.ROOT))
                            .toList();
            int id = names.indexOf("customer_id");
            int consent = names.indexOf("consent");
            int at = names.indexOf("changed_at");
            if (id < 0 || consent < 0 || at < 0) {
                errors.add(
                        file + ":1: header " + names + " lacks customer_id, consent or changed_at");
                return 0;
            }
            long lineNo = 1;
            long data = 0;
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                data++;
                List<String> f = CsvLines.split(line);
                String where = file + ":" + lineNo + ": ";
                if (f.size() <= Math.max(id, Math.max(consent, at))) {
                    errors.add(where + "expected " + names.size() + " fields, found " + f.size());
                    continue;
                }
                String customer = f.get(id).strip();
                if (customer.isEmpty()) {
                    errors.add(where + "customer_id is empty");
                    continue;
                }
                Boolean granted =
                        switch (f.get(consent).strip().toLowerCase(Locale.ROOT)) {
                            case "granted", "true" -> true;
                            case "withdrawn", "false" -> false;
                            default -> null;
                        };
                if (granted == null) {
                    errors.add(where + "consent is not granted, withdrawn, true or false");
                    continue;
                }
                Instant when = instant(f.get(at).strip());
                if (when == null) {
                    errors.add(
                            where
                                    + "changed_at is not YYYY-MM-DD or an ISO-8601 instant with offset");
                    continue;
                }
                if (when.isAfter(Instant.now().plusSeconds(300))) {
                    errors.add(where + "changed_at is in the future");
                    continue;
                }
                changes.add(new ConsentLedger.Change(customer, granted, when, source));
            }
            return data;
        }
    }

    private static Instant instant(String s) {
        try {
            return s.length() == 10
                    ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
