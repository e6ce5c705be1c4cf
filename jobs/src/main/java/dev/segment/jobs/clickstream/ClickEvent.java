package dev.segment.jobs.clickstream;

import java.io.Serializable;

/** The fields of one clickstream event that behavioural features need. */
public class ClickEvent implements Serializable {
    private static final long serialVersionUID = 1L;

    public String customerId;
    public String sessionId;
    public String eventType;
    public boolean consent;

    public ClickEvent() {}
}
