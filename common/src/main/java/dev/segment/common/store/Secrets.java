package dev.segment.common.store;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of everything a run writes: console, logs, the runs table, files. URLs are
 * masked by {@link #maskUrl}; secrets that arrive as values ({@code --jdbc-password}, a password in
 * a URL) are {@link #register registered} once, and {@link #scrub} replaces any of them in a text
 * (exception messages can quote what a driver received).
 */
public final class Secrets {
    private Secrets() {}

    public static final String MASK = "***";

    // password-like parameters of JDBC URLs: ?password=x&..., ;PASSWORD=x;..., user:pass@host
    private static final Pattern PARAM =
            Pattern.compile(
                    "(?i)([?&;](?:password|pwd|pass|sslpassword|sslkey|token|secret|access_?key)=)([^&;\\s'\"]*)");
    private static final Pattern USERINFO = Pattern.compile("(//[^/@:?;]*:)([^@/]*)(@)");

    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

    /** {@code url} with every password-like value replaced by {@value #MASK}. */
    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String s = PARAM.matcher(url).replaceAll("$1" + Matcher.quoteReplacement(MASK));
        return USERINFO.matcher(s).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "$3");
    }

    /** Remembers a secret value (and those inside a URL) so that {@link #scrub} removes it. */
    public static void register(String secret) {
        if (secret != null && secret.length() >= 3) {
            KNOWN.add(secret);
        }
    }

    /** Registers the password-like values found in {@code url}. */
    public static void registerFrom(String url) {
        if (url == null) {
            return;
        }
        Matcher m = PARAM.matcher(url);
        while (m.find()) {
            register(m.group(2));
        }
        Matcher u = USERINFO.matcher(url);
        while (u.find()) {
            register(u.group(2));
        }
    }

    /** {@code text} with masked URLs and every registered secret replaced by {@value #MASK}. */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String s = maskUrl(text);
        for (String k : KNOWN) {
            if (s.contains(k)) {
                s = s.replace(k, MASK);
            }
        }
        return s;
    }
}
