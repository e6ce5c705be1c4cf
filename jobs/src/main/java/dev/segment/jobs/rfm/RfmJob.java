package dev.segment.jobs.rfm;

import dev.segment.common.io.CsvLines;
import dev.segment.common.io.TransactionFiles;
import dev.segment.common.io.TransactionSource;
import dev.segment.common.io.TransactionStreams;
import dev.segment.common.model.CustomerRfm;
import dev.segment.common.model.DeadLetter;
import dev.segment.jobs.ranking.IdCuts;
import dev.segment.jobs.ranking.ParallelRanks;
import dev.segment.jobs.ranking.RangeLines;
import dev.segment.jobs.ranking.SortedCsvOutput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The RFM job: transactions -> per-task pre-aggregation -> per-customer merge (keyed by customer)
 * -> population ranks found in parallel ({@link ParallelRanks}) -> parallel scoring -> sinks. Runs
 * in BATCH mode.
 *
 * <p>Source and sinks are injected; {@link #build} adds the pipeline to an environment and returns
 * the result stream so callers (the segmentation pipeline, tests) can attach more.
 */
public final class RfmJob {

    /** Accumulator: the as-of date used (epoch day), given or derived from the data. */
    public static final String AS_OF_DAY = "rfm.as_of_day";

    private final TransactionSource source;
    private final RfmConfig config;
    private final List<Sink<CustomerRfm>> sinks = new ArrayList<>();
    private final List<Sink<CustomerRfm>> singleWriterSinks = new ArrayList<>();
    private final List<CsvFile> csvFiles = new ArrayList<>();
    private Sink<DeadLetter> deadLetterSink;
    private IdCuts idCuts;
    private dev.segment.common.io.DuplicatePolicy duplicates;
    private dev.segment.common.store.Suppression suppression =
            dev.segment.common.store.Suppression.NONE;

    public RfmJob(TransactionSource source, RfmConfig config) {
        this.source = source;
        this.config = config.validate();
        this.duplicates = source.duplicates();
    }

    /**
     * "consent stated in the transactions: ..." from a finished job's counters, or null when no row
     * stated consent.
     */
    public static String consentSummary(org.apache.flink.api.common.JobExecutionResult result) {
        long granted =
                dev.segment.common.io.InputCounters.count(result, MergePartials.CONSENT_GRANTED);
        long withdrawn =
                dev.segment.common.io.InputCounters.count(result, MergePartials.CONSENT_WITHDRAWN);
        if (granted + withdrawn == 0) {
            return null;
        }
        return String.format(
                java.util.Locale.ROOT,
                "consent stated in the transactions: %,d customers (%,d granted, %,d withdrawn)",
                granted + withdrawn,
                granted,
                withdrawn);
    }

    /**
     * Leaves out the customers the store has erased: their transactions may still be in the input
     * files, but they are neither scored, ranked nor written anywhere.
     */
    public RfmJob withSuppression(dev.segment.common.store.Suppression suppression) {
        this.suppression = suppression;
        return this;
    }

    /** Adds a sink that may run in parallel (a database). */
    public RfmJob withSink(Sink<CustomerRfm> sink) {
        sinks.add(sink);
        return this;
    }

    /** Adds a sink that must see every row in one task (a single Parquet file). */
    public RfmJob withSingleWriterSink(Sink<CustomerRfm> sink) {
        singleWriterSinks.add(sink);
        return this;
    }

    /** Adds a CSV file of the rows sorted by customer id, written in parallel. */
    public RfmJob withSortedCsv(Path file, String header, CsvLines.Formatter<CustomerRfm> format) {
        csvFiles.add(new CsvFile(file, header, format));
        return this;
    }

    private record CsvFile(Path file, String header, CsvLines.Formatter<CustomerRfm> format) {}

    /** Where rejected input rows go (one writer). */
    public RfmJob withDeadLetterSink(Sink<DeadLetter> sink) {
        this.deadLetterSink = sink;
        return this;
    }

    /** What to do with identical records (default: keep, counted). */
    public RfmJob withDuplicates(dev.segment.common.io.DuplicatePolicy policy) {
        this.duplicates = policy;
        return this;
    }

    /** Adds the pipeline to {@code env} and returns the per-customer results. */
    public DataStream<CustomerRfm> build(StreamExecutionEnvironment env) {
        DataStream<CustomerPartial> partials;
        DataStream<DeadLetter> dead;
        if (source instanceof TransactionFiles files
                && duplicates != dev.segment.common.io.DuplicatePolicy.DROP) {
            // CSV bytes parsed straight into the per-task aggregation
            TransactionFiles.Unparsed in = files.readUnparsed(env);
            partials = null;
            dead = null;
            if (in.csv() != null) {
                SingleOutputStreamOperator<CustomerPartial> fromCsv =
                        in.csv()
                                .transform(
                                        "Parse CSV and pre-aggregate per customer",
                                        TypeInformation.of(CustomerPartial.class),
                                        new PreAggregateBlocks(
                                                files.layout(), config.asOfDayOrMax()))
                                .uid("parse-csv-pre-aggregate");
                partials = fromCsv;
                dead = fromCsv.getSideOutput(dev.segment.common.io.ParseTransactions.DEAD_LETTERS);
            }
            if (in.parquet() != null) {
                DataStream<CustomerPartial> fromParquet =
                        preAggregate(in.parquet().transactions(), config, duplicates);
                partials = partials == null ? fromParquet : partials.union(fromParquet);
                dead =
                        dead == null
                                ? in.parquet().deadLetters()
                                : dead.union(in.parquet().deadLetters());
            }
        } else {
            TransactionStreams in = source.read(env);
            SingleOutputStreamOperator<CustomerPartial> aggregated =
                    preAggregate(in.transactions(), config, duplicates);
            partials = aggregated;
            dead = in.deadLetters();
            if (duplicates == dev.segment.common.io.DuplicatePolicy.DROP) {
                DataStream<DeadLetter> dropped = aggregated.getSideOutput(PreAggregate.DROPPED);
                dead = dead == null ? dropped : dead.union(dropped);
            }
        }
        if (deadLetterSink != null && dead != null) {
            dead.sinkTo(deadLetterSink).setParallelism(1).name("Dead letters").uid("dead-letters");
        }
        List<RangeLines<CustomerRfm>> files = new ArrayList<>();
        for (CsvFile f : csvFiles) {
            files.add(new RangeLines<>("RFM file " + files.size(), r -> r.customerId, f.format()));
        }
        Scored scored = mergeAndScore(partials, config, suppression, files);
        SingleOutputStreamOperator<CustomerRfm> rfm = scored.rows();
        this.idCuts = scored.idCuts();
        for (Sink<CustomerRfm> s : singleWriterSinks) {
            rfm.sinkTo(s).setParallelism(1).name("RFM file");
        }
        for (int i = 0; i < csvFiles.size(); i++) {
            CsvFile f = csvFiles.get(i);
            SortedCsvOutput.writeLines(
                    rfm, files.get(i), f.header(), f.file(), "RFM file", idCuts.parts());
        }
        for (Sink<CustomerRfm> s : sinks) {
            rfm.rebalance().sinkTo(s).name("RFM store");
        }
        return rfm;
    }

    /** The reusable core: aggregated and scored customers from read transactions. */
    public static DataStream<CustomerRfm> aggregateAndScore(
            TransactionStreams in, RfmConfig config) {
        return mergeAndScore(
                        preAggregate(
                                in.transactions(),
                                config,
                                dev.segment.common.io.DuplicatePolicy.KEEP),
                        config,
                        dev.segment.common.store.Suppression.NONE,
                        List.of())
                .rows();
    }

    /**
     * Per-task partial aggregates. To drop duplicates every customer's rows must meet in one task,
     * so the transactions are partitioned by customer first (a shuffle only that mode pays for).
     */
    private static SingleOutputStreamOperator<CustomerPartial> preAggregate(
            DataStream<dev.segment.common.model.Transaction> transactions,
            RfmConfig config,
            dev.segment.common.io.DuplicatePolicy duplicates) {
        boolean drop = duplicates == dev.segment.common.io.DuplicatePolicy.DROP;
        DataStream<dev.segment.common.model.Transaction> in =
                drop
                        ? transactions.partitionCustom(
                                (key, n) -> Math.floorMod(key.hashCode(), n), t -> t.customerId)
                        : transactions;
        return in.transform(
                        "Pre-aggregate per customer",
                        TypeInformation.of(CustomerPartial.class),
                        PreAggregate.ofTransactions(config.asOfDayOrMax(), drop))
                .uid("pre-aggregate");
    }

    /**
     * Where the customers' ids are cut into equal ranges for the job's parallel file writers (any
     * later per-customer output, the assignments, can use them); set by {@link #build}.
     */
    public IdCuts idCuts() {
        if (idCuts == null) {
            throw new IllegalStateException("build the job first");
        }
        return idCuts;
    }

    private record Scored(SingleOutputStreamOperator<CustomerRfm> rows, IdCuts idCuts) {}

    private static Scored mergeAndScore(
            DataStream<CustomerPartial> partials,
            RfmConfig config,
            dev.segment.common.store.Suppression suppression,
            List<RangeLines<CustomerRfm>> files) {
        DataStream<CustomerPartial> customers =
                partials.partitionCustom(
                                (key, n) -> Math.floorMod(key.hashCode(), n), p -> p.customerId)
                        .transform(
                                "Merge per customer",
                                TypeInformation.of(CustomerPartial.class),
                                new MergePartials(config.definition() != RfmDefinition.LIFETIMES))
                        .uid("merge-customer");
        if (!suppression.nobodyErased()) {
            // before the ranks: an erased customer's data moves nobody else's scores either
            customers =
                    customers
                            .filter(
                                    new dev.segment.jobs.runtime.LeaveOutErased<CustomerPartial>(
                                            suppression, p -> p.customerId))
                            .name("Leave out erased customers")
                            .uid("leave-out-erased");
        }
        // scores are ranks in the whole population: found in parallel, then broadcast; the same
        // sample gives where the ids are cut for the parallel file writers
        RfmRanking ranking = new RfmRanking(config.definition());
        ParallelRanks.Ranked ranked =
                ParallelRanks.withIdCuts(
                        customers, ranking, ranking, "RFM ranks", SortedCsvOutput.parts(partials));
        // the cuts come with the ranks: the scoring tasks tag the files' lines themselves
        SingleOutputStreamOperator<CustomerRfm> rows =
                customers
                        .connect(
                                (files.isEmpty()
                                                ? IdCuts.without(ranked.ranks())
                                                : ranked.cuts().alongside(ranked.ranks()))
                                        .broadcast())
                        .transform(
                                "Score RFM (" + config.definition().label() + ")",
                                TypeInformation.of(CustomerRfm.class),
                                new ScoreRanked(config, files))
                        .uid("score");
        return new Scored(rows, ranked.cuts());
    }
}
