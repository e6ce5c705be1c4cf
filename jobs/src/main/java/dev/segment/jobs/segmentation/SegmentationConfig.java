package dev.segment.jobs.segmentation;

import dev.segment.jobs.segmentation.kmeans.KMeansModel;
import dev.segment.jobs.segmentation.kmeans.KMeansParams;
import dev.segment.jobs.segmentation.personas.PersonaRules;
import java.io.Serializable;
import java.util.List;

/**
 * What a clustering run does.
 *
 * @param features feature names in vector order
 * @param log1p which features get the signed log1p before standardisation
 * @param scale standardise (false: use the raw values, {@code --no-scale})
 * @param params k-means parameters (k is ignored when {@code kAuto})
 * @param kAuto choose k by silhouette over {@code kMin..kMax}
 * @param kMin smallest k tried
 * @param kMax largest k tried
 * @param narrowKRange the range is the default one: on an input with too few customers for it, try
 *     only the k the customers allow instead of failing on an option the user never set
 * @param silhouetteSample at most this many customers for the silhouette
 * @param previous the previous model, for stable cluster ids and names (null: none)
 * @param rules persona rule table
 * @param codeVersion recorded in model.json
 */
public record SegmentationConfig(
        List<String> features,
        boolean[] log1p,
        boolean scale,
        KMeansParams params,
        boolean kAuto,
        int kMin,
        int kMax,
        boolean narrowKRange,
        int silhouetteSample,
        KMeansModel previous,
        PersonaRules rules,
        String codeVersion)
        implements Serializable {

    /** The RFM features of the {@code run} pipeline: all skewed, all log1p. */
    public static final List<String> RFM_FEATURES =
            List.of("recency_days", "frequency", "monetary", "avg_order_value", "tenure_days");
}
