package dev.factoryproxy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Figures the reliability suite measures while it asserts (reset latency, heap per stream,
 * soak errors …), appended to {@code target/reliability-figures.tsv} so a run of
 * {@code mvn -B verify} leaves the numbers behind the report in {@code docs/reliability.md}.
 * Asserting stays the tests' job; this only records what they saw.
 */
public final class Figures {

  private static final Path FILE = Path.of("target", "reliability-figures.tsv");

  private Figures() {
  }

  /** Records one figure, e.g. {@code record("disconnect→upstream reset p99", "3.1 ms")}. */
  public static synchronized void record(String name, String value) {
    String line = Thread.currentThread().getStackTrace()[2].getClassName().replaceFirst(".*\\.", "")
        + '\t' + name + '\t' + value + System.lineSeparator();
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, line, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.print("FIGURE " + line);
  }
}
