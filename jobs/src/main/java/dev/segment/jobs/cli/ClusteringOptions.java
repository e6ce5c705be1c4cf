package dev.segment.jobs.cli;

import dev.segment.jobs.segmentation.kmeans.KMeansModel;
import dev.segment.jobs.segmentation.kmeans.KMeansParams;
import dev.segment.jobs.segmentation.personas.PersonaRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** k-means options shared by {@code run} and {@code cluster}. */
public final class ClusteringOptions {

    @Option(
            names = "--k",
            defaultValue = "auto",
            paramLabel = "N|auto",
            description =
                    "Number of clusters, or auto: the largest k of --k-range whose silhouette is"
                            + " within 0.01 of the best (the finest partition that is about as"
                            + " well separated). Default: ${DEFAULT-VALUE}.")
    String k;

    @Option(
            names = "--k-range",
            paramLabel = "MIN..MAX",
            description =
                    "k tried by --k auto. Default: "
                            + DEFAULT_K_RANGE
                            + ", narrowed on an input of fewer than 9 customers (k below the"
                            + " number of customers).")
    String kRange;

    static final String DEFAULT_K_RANGE = "3..8";

    @Option(
            names = "--silhouette-sample",
            defaultValue = "50000",
            paramLabel = "N",
            description =
                    "At most this many customers (seeded sample) for the silhouette. Default: ${DEFAULT-VALUE}.")
    int silhouetteSample;

    @Option(
            names = "--init",
            defaultValue = "k-means++",
            paramLabel = "MODE",
            description = "k-means++, k-means|| or given. Default: ${DEFAULT-VALUE}.")
    String init;

    @Option(
            names = "--init-centroids",
            paramLabel = "FILE",
            description =
                    "CSV of initial centroids (header, one row per centroid) for --init given.")
    Path initCentroids;

    @Option(
            names = "--max-iter",
            defaultValue = "20",
            paramLabel = "N",
            description = "Maximum Lloyd iterations. Default: ${DEFAULT-VALUE}.")
    int maxIter;

    @Option(
            names = "--tol",
            defaultValue = "1e-4",
            paramLabel = "X",
            description =
                    "Stop when the squared centroid movement is <= X (0: all iterations). Default: ${DEFAULT-VALUE}.")
    double tol;

    @Option(
            names = "--store-features",
            description =
                    "Also store each customer's features in customer_features (per run; costs"
                            + " about as much store time as the assignments at 1M customers, see"
                            + " BENCHMARKS.md). Default: off; the RFM features of 'run' are in"
                            + " customer_rfm anyway.")
    boolean storeFeatures;

    /** The run's per-customer result tables: {@code base}, and customer_features when stored. */
    String[] resultTables(String... base) {
        java.util.List<String> tables = new java.util.ArrayList<>(java.util.List.of(base));
        if (storeFeatures) {
            tables.add(tables.size() - 1, "customer_features");
        }
        return tables.toArray(new String[0]);
    }

    @Option(
            names = "--seed",
            defaultValue = "42",
            paramLabel = "S",
            description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--distance",
            defaultValue = "euclidean",
            paramLabel = "D",
            description = "euclidean or cosine. Default: ${DEFAULT-VALUE}.")
    String distance;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Threads of the training operator. Default: cores.")
    Integer threads;

    @Option(
            names = "--max-training-rows",
            defaultValue = "5000000",
            paramLabel = "N",
            description =
                    "Train on a seeded sample above this many customers. Default: ${DEFAULT-VALUE}.")
    long maxTrainingRows;

    @Option(
            names = "--persona-rules",
            paramLabel = "FILE",
            description =
                    "Persona rule table (JSON, same layout as the bundled personas/rules.json).")
    Path personaRules;

    @Option(
            names = "--max-exited-share",
            paramLabel = "SHARE",
            description =
                    "Refuse to publish (exit code 3, nothing changes in the store) when more than"
                            + " this share of the customers with a current segment would exit:"
                            + " a truncated or wrong input must not empty the CRM's segments."
                            + " Default: 0.5; 1 turns it off.")
    double maxExitedShare = 0.5;

    @Option(
            names = "--previous-model",
            paramLabel = "FILE",
            description =
                    "Model to keep cluster ids and persona names stable against. Default:"
                            + " OUT/model.json when it exists (a nightly run into a new folder:"
                            + " pass the previous night's model.json).")
    Path previousModel;

    boolean auto() {
        return "auto".equalsIgnoreCase(k);
    }

    int[] range() {
        String kRange = this.kRange == null ? DEFAULT_K_RANGE : this.kRange;
        String[] p = kRange.split("\\.\\.");
        try {
            if (p.length != 2) {
                throw new NumberFormatException();
            }
            int min = Integer.parseInt(p[0].trim());
            int max = Integer.parseInt(p[1].trim());
            if (min < 2 || max < min) {
                throw new IllegalArgumentException(
                        "--k-range must run from at least 2 up to a larger or equal k (e.g."
                                + " 3..8) but was '"
                                + kRange
                                + "'");
            }
            return new int[] {min, max};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--k-range must look like 3..8 but was '" + kRange + "'");
        }
    }

    KMeansParams params() throws IOException {
        KMeansParams p =
                new KMeansParams()
                        .setMaxIter(maxIter)
                        .setTol(tol)
                        .setSeed(seed)
                        .setInitMode(init)
                        .setDistance(distance)
                        .setMaxTrainingRows(maxTrainingRows);
        if (threads != null) {
            p.setThreads(threads);
        }
        if (!auto()) {
            int kValue;
            try {
                kValue = Integer.parseInt(k.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "--k must be a number or auto but was '" + k + "'");
            }
            if (kValue < 2) {
                throw new IllegalArgumentException(
                        "--k must be at least 2 (or auto) but was " + kValue);
            }
            p.setK(kValue);
        }
        if ("given".equals(init)) {
            if (initCentroids == null) {
                throw new IllegalArgumentException("--init given needs --init-centroids FILE");
            }
            p.setInitCentroids(readMatrix(initCentroids));
            if (!auto() && p.getK() != Integer.parseInt(k)) {
                throw new IllegalArgumentException(
                        "--k " + k + " but --init-centroids holds " + p.getK() + " centroids");
            }
        }
        return p.validate();
    }

    PersonaRules rules() {
        return personaRules == null ? PersonaRules.defaults() : PersonaRules.load(personaRules);
    }

    KMeansModel previous(Path outDir) throws IOException {
        Path f = previousModel != null ? previousModel : outDir.resolve("model.json");
        if (previousModel != null && !Files.exists(f)) {
            throw new IllegalArgumentException("--previous-model " + f + " does not exist");
        }
        return Files.exists(f) ? KMeansModel.load(f) : null;
    }

    /** The segmentation these options ask for, over {@code features}. */
    dev.segment.jobs.segmentation.SegmentationConfig config(
            List<String> features, boolean[] log1p, boolean scale, Path outDir) throws IOException {
        InputOptions.requireShare("--max-exited-share", maxExitedShare);
        int[] r = range();
        return new dev.segment.jobs.segmentation.SegmentationConfig(
                features,
                log1p,
                scale,
                params(),
                auto(),
                r[0],
                r[1],
                kRange == null,
                silhouetteSample,
                previous(outDir),
                rules(),
                SegmentCli.codeVersion());
    }

    static double[][] readMatrix(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(file + " does not exist");
        }
        List<String> lines = Files.readAllLines(file);
        double[][] m = new double[lines.size() - 1][];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            m[i - 1] = new double[f.length];
            for (int t = 0; t < f.length; t++) {
                try {
                    m[i - 1][t] = Double.parseDouble(f[t].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            file
                                    + " line "
                                    + (i + 1)
                                    + " column "
                                    + (t + 1)
                                    + ": '"
                                    + f[t]
                                    + "' is not a number");
                }
            }
        }
        return m;
    }
}
