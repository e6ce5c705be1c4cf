package dev.segment.jobs.cli;

import dev.segment.common.store.Secrets;
import java.io.PrintStream;
import java.util.Locale;

/** What a command prints for people: phases, progress and a short closing summary. */
final class Console {
    private final PrintStream out;

    Console(PrintStream out) {
        this.out = out;
    }

    PrintStream out() {
        return out;
    }

    // every line passes Secrets.scrub: a password must never reach the console
    void phase(String text) {
        out.println(Secrets.scrub("> " + text));
    }

    void line(String format, Object... args) {
        out.println(Secrets.scrub(String.format(Locale.ROOT, format, args)));
    }
}
