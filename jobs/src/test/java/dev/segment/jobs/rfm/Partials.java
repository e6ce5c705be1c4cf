package dev.segment.jobs.rfm;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: builds per-customer aggregates the way the job does, without Flink. */
final class Partials {
    private final Map<String, PartialBuilder> builders = new LinkedHashMap<>();
    private int orderSeq;

    /** One purchase (its own order). */
    Partials add(String customer, String date, double amount) {
        return add(customer, "o" + (orderSeq++), date, amount);
    }

    Partials add(String customer, String order, String date, double amount) {
        builders.computeIfAbsent(customer, PartialBuilder::new)
                .add(
                        CustomerPartial.orderKey(order),
                        (int) LocalDate.parse(date).toEpochDay(),
                        CustomerPartial.units(amount));
        return this;
    }

    List<CustomerPartial> build() {
        List<CustomerPartial> out = new ArrayList<>();
        builders.values().forEach(b -> out.add(b.build()));
        out.sort((a, b) -> a.customerId.compareTo(b.customerId));
        return out;
    }
}
