package dev.segment.jobs.sessions;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * The context of a session, from its events' fields: device class, daypart and weekday/weekend in
 * the business time zone, referrer channel (from the referrer, or utm_source / utm_medium in the
 * landing page's URL).
 */
public final class Context {
    private Context() {}

    /** mobile, tablet, desktop or unknown (device names and common user-agent words). */
    public static String deviceClass(String device) {
        if (device == null || device.isBlank()) {
            return "unknown";
        }
        String d = device.toLowerCase(Locale.ROOT);
        if (d.contains("tablet") || d.contains("ipad")) {
            return "tablet";
        }
        if (d.contains("mobile") || d.contains("phone") || d.contains("android")) {
            return "mobile";
        }
        if (d.contains("desktop")
                || d.contains("windows")
                || d.contains("macintosh")
                || d.contains("linux")
                || d.equals("pc")) {
            return "desktop";
        }
        return "unknown";
    }

    /** night (0-5 h), morning (6-11), afternoon (12-17) or evening (18-23) in {@code zone}. */
    public static String daypart(long epochMillis, ZoneId zone) {
        int h = ZonedDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), zone).getHour();
        return h < 6 ? "night" : h < 12 ? "morning" : h < 18 ? "afternoon" : "evening";
    }

    /** True on Saturday and Sunday in {@code zone}. */
    public static boolean weekend(long epochMillis, ZoneId zone) {
        DayOfWeek d =
                ZonedDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), zone).getDayOfWeek();
        return d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY;
    }

    /**
     * search, social, email, paid, direct or referral. utm_medium / utm_source in the landing page
     * win over the referrer (a paid Google ad is paid, not search); no referrer and no utm is
     * direct; any other referrer is a referral.
     */
    public static String referrerChannel(String referrer, String landingPage) {
        String medium = utm(landingPage, "utm_medium");
        String source = utm(landingPage, "utm_source");
        if (medium != null) {
            String m = medium.toLowerCase(Locale.ROOT);
            if (m.equals("cpc") || m.equals("ppc") || m.contains("paid") || m.equals("display")) {
                return "paid";
            }
            if (m.equals("email") || m.equals("newsletter")) {
                return "email";
            }
            if (m.equals("social") || m.contains("social")) {
                return "social";
            }
            if (m.equals("organic")) {
                return "search";
            }
        }
        String r = referrer != null && !referrer.isBlank() ? referrer : source;
        if (r == null || r.isBlank() || r.equalsIgnoreCase("direct") || r.equals("(none)")) {
            return "direct";
        }
        String s = r.toLowerCase(Locale.ROOT);
        if (s.equals("ads")
                || s.contains("doubleclick")
                || s.contains("adwords")
                || s.equals("paid")) {
            return "paid";
        }
        if (s.equals("search")
                || s.contains("google.")
                || s.contains("bing.")
                || s.contains("duckduckgo")
                || s.contains("yahoo.")
                || s.contains("ecosia")
                || s.equals("google")
                || s.equals("bing")) {
            return "search";
        }
        if (s.equals("social")
                || s.contains("facebook")
                || s.contains("instagram")
                || s.contains("t.co")
                || s.contains("twitter")
                || s.contains("tiktok")
                || s.contains("linkedin")
                || s.contains("pinterest")
                || s.contains("reddit")) {
            return "social";
        }
        if (s.equals("email") || s.contains("mail.") || s.contains("newsletter")) {
            return "email";
        }
        return "referral";
    }

    private static String utm(String page, String key) {
        if (page == null) {
            return null;
        }
        int q = page.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String kv : page.substring(q + 1).split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals(key)) {
                return kv.substring(eq + 1);
            }
        }
        return null;
    }
}
