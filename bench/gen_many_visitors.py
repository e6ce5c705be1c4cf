#!/usr/bin/env python3
# Events for the RocksDB scale check: /usr/bin/python3 bench/gen_many_visitors.py OUT.jsonl
# 2,000,000 visitors, 3 rounds an hour apart (a new session each), 1 event per round: 6M events
# in event-time order, every visitor's profile live at once. A tenth of visitors are customers.
import json, sys, random
random.seed(7)
V = 2_000_000
types = ["page_view", "product_view", "search", "add_to_cart", "product_view"]
cats = ["shoes", "electronics", "books", "garden", "toys", "beauty"]
base = 1_700_000_000  # epoch seconds
from datetime import datetime, timezone
with open(sys.argv[1], "w") as out:
    n = 0
    for r in range(3):
        for i in range(V):
            ts = base + r * 3600 + (i * 1800) // V
            n += 1
            e = {"event_id": f"E{n}", "visitor_id": f"V{i:07d}",
                 "customer_id": f"C{i:07d}" if i % 10 == 0 else None,
                 "ts": datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                 "event_type": types[(i + r) % len(types)], "page": "/p",
                 "product_id": f"P{i % 5000}", "category": cats[(i + r) % len(cats)],
                 "device": "mobile" if i % 3 else "desktop", "referrer": "google",
                 "consent": True}
            out.write(json.dumps(e, separators=(",", ":")) + "\n")
