package dev.segment.jobs.profiles;

import dev.segment.common.store.LiveErasures;
import dev.segment.jobs.events.Event;
import dev.segment.jobs.sessions.Session;
import dev.segment.jobs.sessions.SessionOperator;
import dev.segment.jobs.sessions.Sessionizer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The clickstream pipeline both modes run: identity and consent per visitor, sessions of the
 * profiled events, visitor-level profiles, golden records. Files (BATCH) and Kafka (STREAMING)
 * differ only in the source and the sinks.
 */
public final class ProfilePipeline {
    private ProfilePipeline() {}

    /**
     * What the pipeline produces; late events and links are side outputs of the stages. {@code
     * sessionRows} are the sessions with the tombstones of erased customers' visitors, for the
     * store's sink; {@code sessions} are the sessions alone. Likewise {@code lateRows} hold the
     * erasure markers that delete such a visitor's late events, {@code lateEvents} not.
     */
    public record Outputs(
            DataStream<Session> sessions,
            DataStream<Session> sessionRows,
            DataStream<Event> lateEvents,
            DataStream<Event> lateRows,
            DataStream<IdentityLink> links,
            DataStream<IdentityLink> linkRows,
            SingleOutputStreamOperator<ProfileChange> profiles,
            DataStream<dev.segment.common.store.ConsentLedger.Change> consentChanges,
            DataStream<ProfileChange> unconsented) {}

    /** Builds the pipeline on events that already carry event-time timestamps and watermarks. */
    public static Outputs build(
            DataStream<Event> events, Sessionizer.Config sessionConfig, ProfileRules rules) {
        return build(events, sessionConfig, rules, RfmBaselineLookup.NONE);
    }

    /** The same, with live RFM on top of the batch baselines {@code baselines} finds. */
    public static Outputs build(
            DataStream<Event> events,
            Sessionizer.Config sessionConfig,
            ProfileRules rules,
            RfmBaselineLookup baselines) {
        return build(events, sessionConfig, rules, baselines, LiveErasures.NONE);
    }

    /**
     * The same, leaving out the visitors seen with the customers {@code erasures} names, as they
     * become known (a running stream; a batch leaves them out before, {@link LeaveOutSuppressed}).
     */
    public static Outputs build(
            DataStream<Event> events,
            Sessionizer.Config sessionConfig,
            ProfileRules rules,
            RfmBaselineLookup baselines,
            LiveErasures erasures) {
        rules.validate();
        SingleOutputStreamOperator<ProfileInput> identified =
                events.keyBy(e -> e.visitorId)
                        .transform(
                                "Identity and consent",
                                TypeInformation.of(ProfileInput.class),
                                new IdentityConsentOperator(new IdentityConsent(rules, erasures)))
                        .uid("identity-consent");
        // identity and consent is keyed by visitor and keeps each input's visitor: its output is
        // still partitioned by visitor, so sessions and the visitor-level profiles need no shuffle.
        // STREAMING chains them in the same task; BATCH gives each keyed stage its own sorted
        // input (by visitor, then timestamp), as it did when the profiles were keyed by slot
        SingleOutputStreamOperator<ProfileInput> withSessions =
                DataStreamUtils.reinterpretAsKeyedStream(
                                identified, in -> in.visitorId, Types.STRING)
                        .process(
                                new SessionOperator<>(sessionConfig, new ProfileSessions()),
                                TypeInformation.of(ProfileInput.class))
                        .name("Sessions per visitor")
                        // the uid and state of the sessions-only form: checkpoints carry over
                        .uid("sessions");
        DataStream<Session> sessions = withSessions.getSideOutput(ProfileSessions.SESSIONS);
        SingleOutputStreamOperator<ProfileChange> profiles =
                DataStreamUtils.reinterpretAsKeyedStream(
                                withSessions, in -> in.visitorId, Types.STRING)
                        .process(
                                new VisitorProfiles(rules), TypeInformation.of(ProfileUpdate.class))
                        .name("Visitor profiles")
                        // v2: keyed by visitor since the twenty-first session (by slot before);
                        // a checkpoint of the old layout is refused, not restored wrongly
                        .uid("visitor-profiles-v2")
                        .keyBy(u -> u.target)
                        .transform(
                                "Golden records",
                                TypeInformation.of(ProfileChange.class),
                                new GoldenProfilesOperator(
                                        new GoldenProfiles(rules, baselines, erasures)))
                        // v2: one value per record since the fourteenth session; a checkpoint of
                        // the old layout is refused, not restored without its consent state
                        .uid("golden-records-v2");
        SingleOutputStreamOperator<Session> closed =
                sessions.filter(s -> !s.isTombstone()).name("Sessions without tombstones");
        DataStream<Event> lateRows = withSessions.getSideOutput(Sessionizer.LATE);
        // the links, with the deletes of erased customers' links (for the store)
        DataStream<IdentityLink> linkRows = identified.getSideOutput(IdentityConsent.LINKS);
        return new Outputs(
                closed,
                sessions,
                lateRows.filter(e -> !e.isErasure()).name("Late events without markers"),
                lateRows,
                linkRows.filter(l -> !l.erased).name("Links without deletes"),
                linkRows,
                profiles,
                // a customer's consent statements, for the store's consent table
                identified
                        .filter(in -> in.kind == ProfileInput.Kind.CONSENT && in.customerId != null)
                        .name("Customers' consent changes")
                        .map(
                                in ->
                                        new dev.segment.common.store.ConsentLedger.Change(
                                                in.customerId,
                                                in.granted,
                                                java.time.Instant.ofEpochMilli(in.ts),
                                                "stream"),
                                TypeInformation.of(
                                        dev.segment.common.store.ConsentLedger.Change.class))
                        .name("Consent change"),
                // customers clicking without consent, for the live segments only
                identified.getSideOutput(IdentityConsent.UNCONSENTED));
    }
}
