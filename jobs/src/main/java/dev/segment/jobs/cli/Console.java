package dev.segment.jobs.cli;

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

    void phase(String text) {
        out.println("> " + text);
    }

    void line(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
    }
}
