package dev.segment.jobs.segmentation;

import dev.segment.jobs.segmentation.kmeans.KMeansModel;
import dev.segment.jobs.segmentation.personas.Persona;
import java.io.Serializable;
import java.util.List;

/**
 * The result of training: the model (with stable cluster ids and persona names) and the personas.
 *
 * @param model trained model
 * @param personas one per cluster, ordered by cluster id
 */
public record TrainedSegmentation(KMeansModel model, List<Persona> personas)
        implements Serializable {

    /** Persona of a cluster id. */
    public Persona persona(int clusterId) {
        for (Persona p : personas) {
            if (p.clusterId() == clusterId) {
                return p;
            }
        }
        throw new IllegalStateException("no persona for cluster " + clusterId);
    }
}
