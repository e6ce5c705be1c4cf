package dev.segment.jobs.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.segment.common.serialization.FlatTypeInfo;
import dev.segment.jobs.testkit.FieldsEqual;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

/**
 * Flink's own serializer test suite (round trips, copies, snapshots and restore, concurrent use) on
 * the event serializer, with every field set, none set, and random mixes.
 */
class EventSerializerTest extends SerializerTestBase<Event> {

    EventSerializerTest() {
        super(FieldsEqual.checker(Event.class));
    }

    @Override
    protected TypeSerializer<Event> createSerializer() {
        return new EventSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<Event> getTypeClass() {
        return Event.class;
    }

    @Override
    protected Event[] getTestData() {
        Random r = new Random(3);
        Event[] data = new Event[40];
        data[0] = full();
        data[1] = new Event();
        for (int i = 2; i < data.length; i++) {
            Event e = full();
            e.ts = r.nextLong();
            e.type =
                    r.nextInt(4) == 0
                            ? null
                            : EventType.values()[r.nextInt(EventType.values().length)];
            e.customerId = r.nextBoolean() ? null : "C" + r.nextInt() + "\u00e9\u4e2d";
            e.price = r.nextBoolean() ? null : r.nextDouble();
            e.amount = r.nextBoolean() ? null : -r.nextDouble();
            e.consent = r.nextInt(3) == 0 ? null : r.nextBoolean();
            e.page = r.nextBoolean() ? null : "";
            e.country = r.nextBoolean() ? null : e.country;
            data[i] = e;
        }
        return data;
    }

    @Override
    protected void deepEquals(String message, Event should, Event is) {
        FieldsEqual.assertFieldsEqual(message, should, is);
    }

    @Test
    void flinkPicksThisSerializerForEventsAndEventFields() {
        assertInstanceOf(FlatTypeInfo.class, TypeInformation.of(Event.class));
        assertEquals(
                "FlatTypeInfo<Event>",
                ((org.apache.flink.api.java.typeutils.PojoTypeInfo<?>)
                                TypeInformation.of(KafkaEvents.Parsed.class))
                        .getTypeAt("event")
                        .toString());
    }

    private static Event full() {
        Event e = new Event();
        e.eventId = "E1";
        e.ts = 1_700_000_000_123L;
        e.type = EventType.PURCHASE;
        e.visitorId = "V1";
        e.customerId = "C1";
        e.sessionId = "S1";
        e.page = "/checkout?utm_source=news";
        e.productId = "P1";
        e.category = "shoes";
        e.price = 10.5;
        e.orderId = "O1";
        e.amount = 21.0;
        e.device = "mobile";
        e.referrer = "https://google.com";
        e.country = "DE";
        e.consent = Boolean.FALSE;
        return e;
    }
}
