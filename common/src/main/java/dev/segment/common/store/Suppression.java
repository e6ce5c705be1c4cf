package dev.segment.common.store;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.Mac;

/**
 * What a batch job must know of the store before it reads its input, whose files may still hold
 * customers the store has dealt with: who was erased ({@code forget}: the audit's keyed hashes and
 * the key, never the ids) and who has withdrawn consent ({@code customers.consent}). The job leaves
 * erased customers out of everything it computes and writes, and gives customers who withdrew the
 * {@code generic} segment without learning from them, in its files as in the store. Read once at
 * start-up and shipped with the job.
 */
public final class Suppression implements Serializable {
    private static final long serialVersionUID = 1L;

    /** No store: nobody is suppressed. */
    public static final Suppression NONE = new Suppression(Set.of(), null, Set.of());

    private final Set<String> erasedSubjects;
    private final byte[] key;
    private final Set<String> withdrawn;
    private transient Mac mac;

    private Suppression(Set<String> erasedSubjects, byte[] key, Set<String> withdrawn) {
        this.erasedSubjects = erasedSubjects;
        this.key = key;
        this.withdrawn = withdrawn;
    }

    /** Reads the erased customers' hashes and the customers who withdrew consent. */
    public static Suppression load(StoreConfig config) {
        try (Connection c = Store.connect(config)) {
            Set<String> subjects = new HashSet<>();
            Set<String> withdrawn = new HashSet<>();
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT DISTINCT subject FROM erasure_audit")) {
                    while (rs.next()) {
                        subjects.add(rs.getString(1));
                    }
                }
                try (ResultSet rs =
                        s.executeQuery(
                                "SELECT customer_id FROM customers WHERE consent = 'withdrawn'")) {
                    while (rs.next()) {
                        withdrawn.add(rs.getString(1));
                    }
                }
            }
            return new Suppression(subjects, subjects.isEmpty() ? null : Erasure.key(c), withdrawn);
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
        return erasedSubjects.isEmpty() && withdrawn.isEmpty();
    }

    /** Whether nobody was ever erased (then no id needs hashing). */
    public boolean nobodyErased() {
        return erasedSubjects.isEmpty();
    }

    /** How many customers were erased and how many withdrew consent, for the console. */
    public String describe() {
        return String.format(
                "%,d erased, %,d withdrew consent", erasedSubjects.size(), withdrawn.size());
    }

    /** Whether customer {@code customerId} was erased. */
    public boolean erased(String customerId) {
        if (erasedSubjects.isEmpty()) {
            return false;
        }
        if (mac == null) {
            mac = Erasure.mac(key);
        }
        return erasedSubjects.contains(Erasure.hash(mac, customerId));
    }

    /** Whether customer {@code customerId} has withdrawn consent, as the store knows it. */
    public boolean withdrawn(String customerId) {
        return withdrawn.contains(customerId);
    }
}
