package dev.segment.jobs.profiles;

import dev.segment.common.io.InputCounters;
import dev.segment.common.store.Erasure;
import dev.segment.common.store.LiveErasures;
import dev.segment.jobs.events.Event;
import dev.segment.jobs.events.EventType;
import java.io.Serializable;
import java.util.Locale;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * First stage of live profiles, keyed by visitor: decides which events may be profiled (consent)
 * and whom they belong to (identity).
 *
 * <ul>
 *   <li>Consent: the visitor's status is the {@code consent} value of its latest event (by event
 *       time) that states one, else {@link ProfileRules#consentDefault()}. A withdrawal ({@code
 *       consent=false}) also sets a floor: events at or before it are never profiled again, even
 *       after a later grant, and an event that itself says false is never profiled. Events not
 *       profiled are only counted ({@link #NOT_PROFILED}), and a withdrawal is passed on so the
 *       profiles built so far are deleted.
 *   <li>Identity: a profiled event with both visitor and customer id links them ({@link #LINKS},
 *       the earliest such event per pair; nothing is recorded for events without consent). From the
 *       first link on, the visitor's anonymous history belongs to that customer (a MOVE to the
 *       visitor's anonymous profile), and its anonymous events go to the customer of its latest
 *       login.
 *   <li>Erasure: a visitor seen with a customer the store has erased ({@link LiveErasures}: the
 *       event's customer, the latest login, or any linked customer) is left out from then on, every
 *       event counted in {@link #ERASED_EVENTS}, and an ERASE per slot of the visitor empties what
 *       it built (for the erased customer's record and the visitor's own: wiped for good), the
 *       batch's {@link LeaveOutSuppressed} rule for a running stream. Ids are hashed only when the
 *       list or the customer changed since the visitor's last check.
 * </ul>
 *
 * <p>Emits the profiled events (customer id filled in from the link), consent changes and moves.
 */
public final class IdentityConsent extends KeyedProcessFunction<String, Event, ProfileInput> {
    private static final long serialVersionUID = 1L;

    /** Links between visitors and customers. */
    public static final OutputTag<IdentityLink> LINKS =
            new OutputTag<>("identity-links", TypeInformation.of(IdentityLink.class));

    /**
     * Customers seen in clicks without consent, when the visitor never stated it and silence means
     * no ({@link ProfileChange#NO_CONSENT}), for their generic live segment.
     */
    public static final OutputTag<ProfileChange> UNCONSENTED =
            new OutputTag<>("unconsented-customers", TypeInformation.of(ProfileChange.class));

    /** Accumulator: events kept out of profiles for lack of consent (counted, nothing else). */
    public static final String NOT_PROFILED = "profiles.events_not_profiled";

    /** Accumulator: events profiled. */
    public static final String PROFILED = "profiles.events_profiled";

    /** Accumulator: events of visitors seen with an erased customer, left out. */
    public static final String ERASED_EVENTS = "profiles.events_of_erased";

    /** Accumulator: withdrawals of a consent that was granted. */
    public static final String WITHDRAWALS = "profiles.consent_withdrawals";

    /** "events profiled N | not profiled (no consent) N | consent withdrawals N" of a run. */
    public static String consentSummary(JobExecutionResult result) {
        return String.format(
                Locale.ROOT,
                "events profiled %,d | not profiled (no consent) %,d | consent withdrawals %,d",
                InputCounters.count(result, PROFILED),
                InputCounters.count(result, NOT_PROFILED),
                InputCounters.count(result, WITHDRAWALS));
    }

    /** Name of the per-visitor state, whose keys are the visitors a sweep visits. */
    static final String VISITOR_STATE = "visitor";

    private final ProfileRules rules;
    private final LiveErasures erasures;
    private transient ValueState<VisitorState> visitor;
    private transient MapState<String, Long> links;
    private transient LongCounter notProfiled;
    private transient LongCounter profiled;
    private transient LongCounter withdrawals;
    private transient LongCounter erasedEvents;

    public IdentityConsent(ProfileRules rules) {
        this(rules, LiveErasures.NONE);
    }

    public IdentityConsent(ProfileRules rules, LiveErasures erasures) {
        this.rules = rules;
        this.erasures = erasures;
    }

    /** What is known about one visitor. A Flink POJO. */
    public static class VisitorState implements Serializable {
        private static final long serialVersionUID = 1L;
        public String latestCustomer;
        public long latestCustomerTs = Long.MIN_VALUE;
        public long consentTs = Long.MIN_VALUE;

        /** Null until an event states consent. */
        public Boolean granted;

        /** Events at or before this time are never profiled (the latest withdrawal). */
        public long floor = Long.MIN_VALUE;

        /** Seen with an erased customer: nothing of this visitor is used any more. */
        public boolean erased;

        /** The customer last tested against the erasure list, and the list's size then. */
        public String checkedCustomer;

        public int checkedErasures;

        /**
         * The customer of the visitor's last looked-up link and that link's time: a copy of one
         * entry of the links map, so that the customer's next events need no map read (one per
         * profiled event before, about 3% of the stream job's CPU).
         */
        public String linkedCustomer;

        public long linkedAt = Long.MAX_VALUE;

        public VisitorState() {}
    }

    @Override
    public void open(OpenContext ctx) {
        StateTtlConfig ttl = ProfileState.ttl(rules);
        ValueStateDescriptor<VisitorState> v =
                new ValueStateDescriptor<>(VISITOR_STATE, TypeInformation.of(VisitorState.class));
        v.enableTimeToLive(ttl);
        visitor = getRuntimeContext().getState(v);
        MapStateDescriptor<String, Long> l =
                new MapStateDescriptor<>("links", Types.STRING, Types.LONG);
        l.enableTimeToLive(ttl);
        links = getRuntimeContext().getMapState(l);
        notProfiled = counter(NOT_PROFILED);
        profiled = counter(PROFILED);
        withdrawals = counter(WITHDRAWALS);
        erasedEvents = counter(ERASED_EVENTS);
    }

    private LongCounter counter(String name) {
        LongCounter c = new LongCounter();
        getRuntimeContext().addAccumulator(name, c);
        return c;
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<ProfileInput> out) throws Exception {
        VisitorState st = visitor.value();
        if (st == null) {
            st = new VisitorState();
        }
        if (st.erased || erase(e, st, out, ctx)) {
            erasedEvents.add(1);
            visitor.update(st); // keeps the mark alive while the visitor is active
            return;
        }
        if (e.customerId != null) {
            if (st.latestCustomer == null) {
                // the anonymous history so far belongs to the first customer seen
                out.collect(ProfileInput.move(e.visitorId, e.customerId, e.ts));
            }
            if (e.ts >= st.latestCustomerTs) {
                st.latestCustomer = e.customerId;
                st.latestCustomerTs = e.ts;
            }
        }
        String customer = e.customerId != null ? e.customerId : st.latestCustomer;
        if (e.consent != null) {
            boolean newest = e.ts >= st.consentTs;
            Boolean before = st.granted;
            if (newest) {
                st.consentTs = e.ts;
                st.granted = e.consent;
            }
            boolean floorMoved = false;
            if (!e.consent && e.ts > st.floor) {
                // a withdrawal counts even when a later statement arrived first: what came
                // before it must go
                st.floor = e.ts;
                floorMoved = true;
            }
            if (!e.consent && newest && Boolean.TRUE.equals(before)) {
                withdrawals.add(1);
            }
            // every move of the floor is passed on, even with nothing profiled since the last: a
            // session open now may hold events from between the two withdrawals
            if ((newest && !e.consent.equals(before)) || floorMoved) {
                // the anonymous profile and the customer's both learn of it
                out.collect(ProfileInput.consent(e.visitorId, null, e.ts, e.consent));
                if (customer != null) {
                    out.collect(ProfileInput.consent(e.visitorId, customer, e.ts, e.consent));
                }
            }
        }
        boolean allowed = st.granted != null ? st.granted : rules.consentDefault();
        boolean behaviour = e.type != EventType.CONSENT; // a consent event is a statement
        boolean profile =
                behaviour && allowed && e.ts > st.floor && !Boolean.FALSE.equals(e.consent);
        visitor.update(st); // once per event: it also refreshes the state's time-to-live
        if (!behaviour) {
            return;
        }
        if (!profile) {
            notProfiled.add(1);
            if (e.customerId != null && st.granted == null && !rules.consentDefault()) {
                // silence where it means no: the customer is greeted generically, as after a
                // decline (a decline itself reaches the golden record as a consent statement)
                ctx.output(
                        UNCONSENTED,
                        ProfileChange.delete(e.customerId, ProfileChange.NO_CONSENT, e.ts));
            }
            return;
        }
        profiled.add(1);
        if (e.customerId != null
                && !e.customerId.equals(e.visitorId)
                && !(e.customerId.equals(st.linkedCustomer) && e.ts >= st.linkedAt)) {
            // links are kept for consenting events only, like everything else about a person;
            // a visitor id that is the customer id (REES46's user_id is both) links nothing
            if (st.linkedCustomer != null) {
                // the copy is left: rewrite its entry (no event touched it while the copy
                // answered), so that it lives a time-to-live from the visitor's switch away
                links.put(st.linkedCustomer, st.linkedAt);
            }
            Long known = links.get(e.customerId);
            if (known == null || e.ts < known) {
                links.put(e.customerId, e.ts);
                ctx.output(
                        LINKS, new IdentityLink(e.visitorId, e.customerId, e.ts, e.type.label()));
                known = e.ts;
            }
            st.linkedCustomer = e.customerId;
            st.linkedAt = known;
            visitor.update(st);
        }
        e.customerId = customer;
        out.collect(ProfileInput.event(e));
    }

    /**
     * Whether event {@code e} shows that the visitor was seen with an erased customer; if so, marks
     * it and sends an ERASE for each of its slots.
     */
    private boolean erase(Event e, VisitorState st, Collector<ProfileInput> out, Context ctx)
            throws Exception {
        Erasure.Erased erased = erasures.current();
        if (erased.nobody()) {
            return false;
        }
        String customer = e.customerId != null ? e.customerId : st.latestCustomer;
        boolean newList = erased.size() != st.checkedErasures;
        if (!newList && (customer == null || customer.equals(st.checkedCustomer))) {
            return false; // nothing new to test
        }
        st.checkedCustomer = customer;
        st.checkedErasures = erased.size();
        String hit = customer != null && erased.test(customer) ? customer : null;
        java.util.Set<String> seenWith = null;
        if (hit == null && newList) {
            // the list grew: any customer the visitor was seen with may be among the new ones
            seenWith = seenWith(e.customerId, st);
            hit = firstErased(seenWith, erased);
        }
        if (hit == null) {
            return false;
        }
        if (seenWith == null) {
            seenWith = seenWith(e.customerId, st);
        }
        markErased(e.visitorId, st, hit, seenWith, erased, e.ts, out, l -> ctx.output(LINKS, l));
        return true;
    }

    /**
     * The sweep of a running stream ({@link IdentityConsentOperator}), for the current key: when
     * visitor {@code visitorId} was seen with a customer in {@code erased}, marks it and empties
     * what it built as an event would, at {@code now}, and deletes its stored links with erased
     * customers. So rows written for a customer between the {@code forget} and the job's next read
     * of the list are deleted too, even when the customer never comes back.
     */
    void sweep(
            String visitorId,
            Erasure.Erased erased,
            long now,
            Collector<ProfileInput> out,
            java.util.function.Consumer<IdentityLink> unlink)
            throws Exception {
        VisitorState st = visitor.value();
        if (st == null || st.erased) {
            return;
        }
        // read only: a visitor nobody erased is left as it was, its time-to-live untouched
        java.util.Set<String> seenWith = seenWith(null, st);
        String hit = firstErased(seenWith, erased);
        if (hit != null) {
            markErased(visitorId, st, hit, seenWith, erased, now, out, unlink);
            visitor.update(st);
        }
    }

    /** The erasure list this stage consults (its sweep reads it again). */
    LiveErasures erasures() {
        return erasures;
    }

    private static String firstErased(java.util.Set<String> customers, Erasure.Erased erased) {
        for (String c : customers) {
            if (erased.test(c)) {
                return c;
            }
        }
        return null;
    }

    /**
     * Marks the visitor erased for good and sends an ERASE for its anonymous slot (with the
     * sessions' marker) and for each customer slot; the links to erased customers are deleted.
     */
    private void markErased(
            String visitorId,
            VisitorState st,
            String hit,
            java.util.Set<String> seenWith,
            Erasure.Erased erased,
            long ts,
            Collector<ProfileInput> out,
            java.util.function.Consumer<IdentityLink> unlink)
            throws Exception {
        links.clear();
        st.erased = true;
        out.collect(ProfileInput.erase(visitorId, null, hit, ts));
        for (String c : seenWith) {
            out.collect(ProfileInput.erase(visitorId, c, hit, ts));
            if (erased.test(c)) {
                // the stored link too: one written after the forget would name them
                unlink.accept(IdentityLink.erased(visitorId, c));
            }
        }
    }

    /** The customers the visitor has a slot with: the event's, the latest login's, the linked. */
    private java.util.Set<String> seenWith(String eventCustomer, VisitorState st) throws Exception {
        java.util.Set<String> customers = new java.util.LinkedHashSet<>();
        if (eventCustomer != null) {
            customers.add(eventCustomer);
        }
        if (st.latestCustomer != null) {
            customers.add(st.latestCustomer);
        }
        if (st.linkedCustomer != null) {
            // its map entry is not rewritten while the copy answers: it may have expired
            customers.add(st.linkedCustomer);
        }
        for (String linked : links.keys()) {
            customers.add(linked);
        }
        return customers;
    }
}
