package dev.segment.common.store;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * What a batch job must know of the store before it reads its input, whose files may still hold
 * customers the store has dealt with: who was erased ({@code forget}: the audit's keyed hashes and
 * the key, never the ids; {@link Erasure.Erased}) and who has withdrawn consent ({@code
 * customers.consent}). The job leaves erased customers out of everything it computes and writes,
 * and gives customers who withdrew the {@code generic} segment without learning from them, in its
 * files as in the store. Read once at start-up and shipped with the job.
 */
public final class Suppression implements Serializable {
    private static final long serialVersionUID = 1L;

    /** No store: nobody is suppressed. */
    public static final Suppression NONE = new Suppression(Erasure.Erased.NOBODY, Set.of());

    private final Erasure.Erased erased;
    private final Set<String> withdrawn;

    private Suppression(Erasure.Erased erased, Set<String> withdrawn) {
        this.erased = erased;
        this.withdrawn = withdrawn;
    }

    /**
     * Reads the erased customers and the customers who withdrew consent from {@code config}'s
     * store; {@link #NONE} when there is no store (null).
     */
    public static Suppression of(StoreConfig config) {
        if (config == null) {
            return NONE;
        }
        try (Connection c = Store.connect(config)) {
            Set<String> withdrawn = new HashSet<>();
            try (Statement s = c.createStatement();
                    ResultSet rs =
                            s.executeQuery(
                                    "SELECT customer_id FROM customers WHERE consent = 'withdrawn'")) {
                while (rs.next()) {
                    withdrawn.add(rs.getString(1));
                }
            }
            return new Suppression(Erasure.erased(c), withdrawn);
        } catch (SQLException e) {
            throw new Store.StoreException(
                    "cannot read the erased customers and consent of "
                            + config.describe()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** Whether nobody was erased and nobody withdrew consent: nothing to do. */
    public boolean nobody() {
        return erased.nobody() && withdrawn.isEmpty();
    }

    /** Whether nobody was ever erased (then no id needs hashing). */
    public boolean nobodyErased() {
        return erased.nobody();
    }

    /** Whether customer {@code customerId} was erased. */
    public boolean erased(String customerId) {
        return erased.test(customerId);
    }

    /** Whether customer {@code customerId} has withdrawn consent, as the store knows it. */
    public boolean withdrawn(String customerId) {
        return withdrawn.contains(customerId);
    }
}
