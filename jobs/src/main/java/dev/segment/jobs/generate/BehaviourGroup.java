package dev.segment.jobs.generate;

import java.util.List;

/**
 * A planted behaviour group of synthetic customers. Timings are fractions of the window (0 = its
 * end, 1 = its start), so groups stay apart for any window length.
 *
 * <table>
 *   <caption>Default groups</caption>
 *   <tr><th>group</th><th>share</th><th>orders</th><th>order value</th><th>last order (days ago)</th><th>first order</th></tr>
 *   <tr><td>champions</td><td>10%</td><td>~30</td><td>~150</td><td>0-3% of window</td><td>first 15% of window</td></tr>
 *   <tr><td>loyal_regulars</td><td>25%</td><td>~10</td><td>~45</td><td>4-15%</td><td>first 30%</td></tr>
 *   <tr><td>big_spenders_lapsed</td><td>15%</td><td>~3</td><td>~350</td><td>55-90%</td><td>90-100% ago</td></tr>
 *   <tr><td>newcomers</td><td>20%</td><td>1-2</td><td>~40</td><td>last 20 days</td><td>last 20 days</td></tr>
 *   <tr><td>bargain_occasional</td><td>30%</td><td>~3</td><td>~12</td><td>20-45%</td><td>50-85% ago</td></tr>
 * </table>
 *
 * @param name label written to truth.csv
 * @param share of all customers
 * @param meanOrders mean number of orders (Poisson, at least 1)
 * @param maxOrders cap on orders
 * @param meanOrderValue mean order value (log-normal, sigma 0.35)
 * @param lastFrom last order at least this fraction of the window ago
 * @param lastTo last order at most this fraction ago
 * @param firstFrom first order at least this fraction ago (when not anchored to the last order)
 * @param firstTo first order at most this fraction ago
 * @param onlineShare probability that an order is online
 * @param newcomerDays for newcomers: first and last order within this many days (0 = not a newcomer
 *     group)
 */
public record BehaviourGroup(
        String name,
        double share,
        double meanOrders,
        int maxOrders,
        double meanOrderValue,
        double lastFrom,
        double lastTo,
        double firstFrom,
        double firstTo,
        double onlineShare,
        int newcomerDays) {

    /** The five default groups, shares summing to 1. */
    public static List<BehaviourGroup> defaults() {
        return List.of(
                new BehaviourGroup("champions", 0.10, 30, 120, 150, 0.0, 0.03, 0.85, 1.0, 0.7, 0),
                new BehaviourGroup(
                        "loyal_regulars", 0.25, 10, 40, 45, 0.04, 0.15, 0.70, 1.0, 0.5, 0),
                new BehaviourGroup(
                        "big_spenders_lapsed", 0.15, 3, 8, 350, 0.55, 0.90, 0.90, 1.0, 0.3, 0),
                new BehaviourGroup("newcomers", 0.20, 1.3, 2, 40, 0, 0, 0, 0, 0.8, 20),
                new BehaviourGroup(
                        "bargain_occasional", 0.30, 3, 8, 12, 0.20, 0.45, 0.50, 0.85, 0.4, 0));
    }
}
