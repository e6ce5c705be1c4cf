package dev.segment.jobs.generate;

import dev.segment.common.io.TransactionParquetWriter;
import dev.segment.common.model.Channel;
import dev.segment.common.model.Transaction;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * Writes realistic synthetic customers with planted behaviour groups ({@link BehaviourGroup}):
 * {@code transactions.csv} (canonical columns), {@code transactions.parquet} (same rows, canonical
 * Avro schema), {@code clicks.jsonl} (web sessions), {@code truth.csv} (customer_id, group), {@code
 * customers.csv} and {@code generation.json}.
 *
 * <p>Deterministic: every customer draws from its own generator seeded from (seed, customer index),
 * so the same seed gives byte-identical files. Rows are written customer by customer (each
 * customer's orders in time order), streaming, so memory does not grow with size. About 8% of
 * customers decline data use ({@code consent=false} on all their clicks); about 20% of sessions are
 * anonymous visitors.
 */
public final class SyntheticDataGenerator {

    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final String[] CATEGORIES = {
        "books", "music", "electronics", "home", "fashion", "toys", "garden", "sports"
    };
    private static final String[] DEVICES = {"mobile", "desktop", "tablet"};
    private static final String[] REFERRERS = {"direct", "search", "social", "email", "ads"};

    /** Counts and files of one generation. */
    public record Summary(
            long customers, long orders, long rows, long clicks, List<Path> files, long nanos) {
        public String toHumanString() {
            return String.format(
                    Locale.ROOT,
                    "%,d customers, %,d orders, %,d transaction rows, %,d click events in %.1f s%n%s",
                    customers,
                    orders,
                    rows,
                    clicks,
                    nanos / 1e9,
                    String.join("\n", files.stream().map(p -> "  " + p).toList()));
        }
    }

    private final GeneratorConfig config;
    private final List<BehaviourGroup> groups;

    public SyntheticDataGenerator(GeneratorConfig config) {
        this(config, BehaviourGroup.defaults());
    }

    public SyntheticDataGenerator(GeneratorConfig config, List<BehaviourGroup> groups) {
        this.config = config.validate();
        double total = groups.stream().mapToDouble(BehaviourGroup::share).sum();
        if (Math.abs(total - 1) > 1e-9) {
            throw new IllegalArgumentException("group shares must sum to 1 but sum to " + total);
        }
        this.groups = List.copyOf(groups);
    }

    /** Writes all files; {@code progress} receives the number of customers done, every 100,000. */
    public Summary generate(LongConsumer progress) throws IOException {
        long t0 = System.nanoTime();
        Path out = config.out();
        Files.createDirectories(out);
        long[] groupEnds = groupBoundaries();
        long startDay = config.start().toEpochDay();
        long endDay = startDay + config.days() - 1;
        long orders = 0;
        long rows = 0;
        long clicks = 0;
        List<Path> files = new ArrayList<>();
        Path csvPath = out.resolve("transactions.csv");
        Path parquetPath = out.resolve("transactions.parquet");
        Path clicksPath = out.resolve("clicks.jsonl");
        Path truthPath = out.resolve("truth.csv");
        Path customersPath = out.resolve("customers.csv");
        try (BufferedWriter csv = Files.newBufferedWriter(csvPath, StandardCharsets.UTF_8);
                BufferedWriter truth = Files.newBufferedWriter(truthPath, StandardCharsets.UTF_8);
                BufferedWriter customers =
                        Files.newBufferedWriter(customersPath, StandardCharsets.UTF_8);
                BufferedWriter click =
                        config.clicks()
                                ? Files.newBufferedWriter(clicksPath, StandardCharsets.UTF_8)
                                : null;
                TransactionParquetWriter parquet =
                        config.parquet() ? new TransactionParquetWriter(parquetPath) : null) {
            csv.write(
                    "customer_id,order_id,timestamp,amount,quantity,currency,channel,product_id,category\n");
            truth.write("customer_id,group\n");
            customers.write("customer_id,signup_date,consent,preferred_device\n");
            Transaction t = new Transaction();
            long sessionSeq = 0;
            long eventSeq = 0;
            for (long i = 0; i < config.customers(); i++) {
                int g = 0;
                while (i >= groupEnds[g]) {
                    g++;
                }
                BehaviourGroup group = groups.get(g);
                SplittableRandom rnd =
                        new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + i);
                String id = String.format(Locale.ROOT, "C%07d", i + 1);
                boolean consent = rnd.nextDouble() >= 0.08;
                String device = DEVICES[pick(rnd, new double[] {0.55, 0.35, 0.10})];
                long[] days = orderDays(group, rnd, endDay, startDay);
                truth.write(id + "," + group.name() + "\n");
                customers.write(
                        id
                                + ","
                                + java.time.LocalDate.ofEpochDay(days[0])
                                + ","
                                + consent
                                + ","
                                + device
                                + "\n");
                for (long day : days) {
                    orders++;
                    String orderId = "O" + orders;
                    long second = rnd.nextLong(86_400);
                    long millis = (day * 86_400 + second) * 1000;
                    int lines = 1 + pick(rnd, new double[] {0.5, 0.3, 0.15, 0.05});
                    double orderValue =
                            group.meanOrderValue() * Math.exp(0.35 * rnd.nextGaussian() - 0.06125);
                    Channel channel =
                            rnd.nextDouble() < group.onlineShare() ? Channel.ONLINE : Channel.STORE;
                    String category = CATEGORIES[rnd.nextInt(CATEGORIES.length)];
                    long orderCents = 0;
                    for (int l = 0; l < lines; l++) {
                        double amount =
                                Math.max(0.5, orderValue / lines * (0.7 + 0.6 * rnd.nextDouble()));
                        if (config.returns() && rnd.nextDouble() < 0.01) {
                            amount = -amount;
                        }
                        amount = Math.round(amount * 100) / 100.0;
                        orderCents += Math.round(amount * 100);
                        int qty = 1 + (rnd.nextDouble() < 0.2 ? rnd.nextInt(3) : 0);
                        String product = "P" + (1000 + rnd.nextInt(5000));
                        t.customerId = id;
                        t.orderId = orderId;
                        t.timestampMillis = millis;
                        t.purchaseDay = (int) day;
                        t.amount = amount;
                        t.quantity = qty;
                        t.currency = "EUR";
                        t.channel = channel;
                        t.productId = product;
                        t.category = category;
                        csv.write(
                                id
                                        + ','
                                        + orderId
                                        + ','
                                        + TS.format(Instant.ofEpochMilli(millis))
                                        + ','
                                        + String.format(Locale.ROOT, "%.2f", amount)
                                        + ','
                                        + qty
                                        + ",EUR,"
                                        + channel.name().toLowerCase(Locale.ROOT)
                                        + ','
                                        + product
                                        + ','
                                        + category
                                        + '\n');
                        if (parquet != null) {
                            parquet.write(t);
                        }
                        rows++;
                    }
                    if (click != null && channel == Channel.ONLINE) {
                        // a buying session ending in the purchase, sometimes preceded by research
                        int research = rnd.nextDouble() < 0.4 ? 1 : 0;
                        for (int s = 0; s <= research; s++) {
                            long sessionStart =
                                    millis
                                            - (research - s) * 86_400_000L * (1 + rnd.nextInt(3))
                                            - 600_000L;
                            String intent = s < research ? "researching" : "buying";
                            eventSeq =
                                    session(
                                            click,
                                            rnd,
                                            ++sessionSeq,
                                            eventSeq,
                                            id,
                                            consent,
                                            device,
                                            category,
                                            sessionStart,
                                            intent,
                                            s == research
                                                    ? new Order(orderId, orderCents / 100.0)
                                                    : null);
                            clicks += lastSessionEvents;
                        }
                    }
                }
                if (click != null && rnd.nextDouble() < 0.1) {
                    long when = (days[days.length - 1] + 1 + rnd.nextInt(10)) * 86_400_000L;
                    eventSeq =
                            session(
                                    click,
                                    rnd,
                                    ++sessionSeq,
                                    eventSeq,
                                    id,
                                    consent,
                                    device,
                                    "support",
                                    when,
                                    "support",
                                    null);
                    clicks += lastSessionEvents;
                }
                if (click != null && rnd.nextDouble() < 0.25) {
                    long when =
                            (startDay + rnd.nextLong(config.days())) * 86_400_000L
                                    + rnd.nextLong(86_400_000L);
                    eventSeq =
                            session(
                                    click,
                                    rnd,
                                    ++sessionSeq,
                                    eventSeq,
                                    null,
                                    true,
                                    DEVICES[rnd.nextInt(3)],
                                    CATEGORIES[rnd.nextInt(CATEGORIES.length)],
                                    when,
                                    "researching",
                                    null);
                    clicks += lastSessionEvents;
                }
                if ((i + 1) % 100_000 == 0 && progress != null) {
                    progress.accept(i + 1);
                }
            }
        }
        files.add(csvPath);
        if (config.parquet()) {
            files.add(parquetPath);
        }
        if (config.clicks()) {
            files.add(clicksPath);
        }
        files.add(truthPath);
        files.add(customersPath);
        Path manifest = out.resolve("generation.json");
        Files.writeString(manifest, manifest(orders, rows, clicks), StandardCharsets.UTF_8);
        files.add(manifest);
        return new Summary(config.customers(), orders, rows, clicks, files, System.nanoTime() - t0);
    }

    private int lastSessionEvents;

    /** The order a buying session ends in: its purchase event carries the id and the total. */
    private record Order(String id, double amount) {}

    /** Writes one session; returns the last event sequence number. */
    private long session(
            BufferedWriter w,
            SplittableRandom rnd,
            long sessionId,
            long eventSeq,
            String customer,
            boolean consent,
            String device,
            String category,
            long startMillis,
            String intent,
            Order order)
            throws IOException {
        List<String> types = new ArrayList<>();
        types.add("page_view");
        switch (intent) {
            case "buying":
                types.addAll(Arrays.asList("product_view", "add_to_cart", "checkout", "purchase"));
                break;
            case "support":
                // the canonical event types only (a contact form is a support view of /help)
                types.addAll(Arrays.asList("support_view", "support_view", "support_view"));
                break;
            default:
                types.add("search");
                for (int i = 0, n = 1 + rnd.nextInt(5); i < n; i++) {
                    types.add("product_view");
                }
                if (rnd.nextDouble() < 0.3) {
                    types.add("add_to_cart");
                }
        }
        String referrer = REFERRERS[rnd.nextInt(REFERRERS.length)];
        long ts = startMillis;
        for (String type : types) {
            ts += 5_000 + rnd.nextInt(120_000);
            eventSeq++;
            StringBuilder sb = new StringBuilder(240);
            sb.append("{\"event_id\":\"E")
                    .append(eventSeq)
                    .append("\",\"visitor_id\":\"V")
                    .append(customer == null ? "a" + sessionId : customer.substring(1))
                    .append("\",\"customer_id\":")
                    .append(customer == null ? "null" : "\"" + customer + "\"")
                    .append(",\"ts\":\"")
                    .append(TS.format(Instant.ofEpochMilli(ts)))
                    .append("\",\"session_id\":\"S")
                    .append(sessionId)
                    .append("\",\"event_type\":\"")
                    .append(type)
                    .append("\",\"page\":\"/")
                    .append(
                            type.startsWith("support") || type.equals("contact")
                                    ? "help"
                                    : category)
                    .append("\",\"product_id\":")
                    .append(
                            type.equals("product_view") || type.equals("add_to_cart")
                                    ? "\"P" + (1000 + rnd.nextInt(5000)) + "\""
                                    : "null")
                    .append(
                            order != null && type.equals("purchase")
                                    ? ",\"order_id\":\""
                                            + order.id()
                                            + "\",\"amount\":"
                                            + String.format(Locale.ROOT, "%.2f", order.amount())
                                    : "")
                    .append(",\"category\":\"")
                    .append(category)
                    .append("\",\"device\":\"")
                    .append(device)
                    .append("\",\"referrer\":\"")
                    .append(referrer)
                    .append("\",\"consent\":")
                    .append(consent)
                    .append("}\n");
            w.write(sb.toString());
        }
        lastSessionEvents = types.size();
        return eventSeq;
    }

    /** Order days of one customer, ascending, within the window. */
    private long[] orderDays(BehaviourGroup g, SplittableRandom rnd, long endDay, long startDay) {
        int window = config.days();
        long first;
        long last;
        int n;
        if (g.newcomerDays() > 0) {
            first = endDay - rnd.nextInt(g.newcomerDays());
            last = first + rnd.nextInt((int) (endDay - first) + 1);
            n = rnd.nextDouble() < (g.meanOrders() - 1) ? 2 : 1;
        } else {
            last =
                    endDay
                            - Math.round(
                                    (g.lastFrom() + (g.lastTo() - g.lastFrom()) * rnd.nextDouble())
                                            * (window - 1));
            first =
                    endDay
                            - Math.round(
                                    (g.firstFrom()
                                                    + (g.firstTo() - g.firstFrom())
                                                            * rnd.nextDouble())
                                            * (window - 1));
            if (first > last) {
                long x = first;
                first = last;
                last = x;
            }
            n = Math.max(1, Math.min(g.maxOrders(), poisson(rnd, g.meanOrders())));
        }
        first = Math.max(first, startDay);
        long[] days = new long[n];
        days[0] = first;
        if (n > 1) {
            days[n - 1] = last;
            for (int i = 1; i < n - 1; i++) {
                days[i] = first + rnd.nextLong(last - first + 1);
            }
            Arrays.sort(days);
        }
        return days;
    }

    private long[] groupBoundaries() {
        long[] ends = new long[groups.size()];
        double cum = 0;
        for (int i = 0; i < groups.size(); i++) {
            cum += groups.get(i).share();
            ends[i] =
                    i == groups.size() - 1 ? Long.MAX_VALUE : Math.round(cum * config.customers());
        }
        return ends;
    }

    private static int poisson(SplittableRandom rnd, double mean) {
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * rnd.nextGaussian()));
        }
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > l);
        return k - 1;
    }

    private static int pick(SplittableRandom rnd, double[] probabilities) {
        double u = rnd.nextDouble();
        double c = 0;
        for (int i = 0; i < probabilities.length; i++) {
            c += probabilities[i];
            if (u < c) {
                return i;
            }
        }
        return probabilities.length - 1;
    }

    private String manifest(long orders, long rows, long clicks) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n  \"generator\": \"segment generate\",\n");
        sb.append(
                String.format(
                        Locale.ROOT,
                        "  \"customers\": %d,\n  \"days\": %d,\n  \"seed\": %d,\n  \"start\": \"%s\",\n  \"end\": \"%s\",\n"
                                + "  \"orders\": %d,\n  \"transaction_rows\": %d,\n  \"click_events\": %d,\n  \"returns\": %b,\n",
                        config.customers(),
                        config.days(),
                        config.seed(),
                        config.start(),
                        config.end(),
                        orders,
                        rows,
                        clicks,
                        config.returns()));
        sb.append(
                "  \"row_order\": \"customer by customer, each customer's orders in time order\",\n");
        sb.append("  \"groups\": [\n");
        for (int i = 0; i < groups.size(); i++) {
            BehaviourGroup g = groups.get(i);
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "    {\"name\": \"%s\", \"share\": %.2f, \"mean_orders\": %.1f, \"mean_order_value\": %.0f,"
                                    + " \"last_order_fraction_ago\": [%.2f, %.2f], \"first_order_fraction_ago\": [%.2f, %.2f], \"newcomer_days\": %d}%s\n",
                            g.name(),
                            g.share(),
                            g.meanOrders(),
                            g.meanOrderValue(),
                            g.lastFrom(),
                            g.lastTo(),
                            g.firstFrom(),
                            g.firstTo(),
                            g.newcomerDays(),
                            i < groups.size() - 1 ? "," : ""));
        }
        sb.append("  ]\n}\n");
        return sb.toString();
    }
}
