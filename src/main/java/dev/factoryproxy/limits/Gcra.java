package dev.factoryproxy.limits;

/**
 * The generic cell rate algorithm, in microseconds, over a one-minute window. The state is one
 * number per key, the theoretical arrival time (TAT): the moment by which everything admitted so
 * far would have been "paid off" at the limit's rate. A limit of {@code n} per minute costs
 * {@code 60 s / n} per unit; a request is admitted while the debt {@code TAT - now} stays within
 * the window, so up to {@code n} at once after an idle minute, then one per {@code 60 s / n}.
 * Unlike fixed windows there is no boundary at which twice the limit gets through in a moment.
 */
public final class Gcra {

  public static final long WINDOW_MICROS = 60_000_000L;

  private Gcra() {
  }

  /**
   * @param tat the stored TAT (0 when none)
   * @param newTat the TAT to store when admitted
   * @param waitMicros when refused, how long until the same request would be admitted
   * @param remaining how many more units the limit would admit right now (after this one)
   * @param resetMicros how long until the limit is back to its full allowance
   */
  public record Decision(boolean admitted, long tat, long newTat, long waitMicros, long remaining, long resetMicros) {
  }

  /** A request limit ({@code rpm}): one unit now, admitted if the debt stays within the window. */
  public static Decision request(long tat, long now, long perMinute) {
    // Beyond 60 million per minute a unit would cost nothing: one microsecond is the floor.
    long cost = Math.max(1, WINDOW_MICROS / perMinute);
    long base = Math.max(tat, now);
    long newTat = base + cost;
    if (newTat - now <= WINDOW_MICROS) {
      return new Decision(true, tat, newTat, 0, (WINDOW_MICROS - (newTat - now)) / cost, newTat - now);
    }
    return new Decision(false, tat, tat, newTat - WINDOW_MICROS - now, 0, base - now);
  }

  /**
   * A token limit ({@code tpm}): the tokens a request will use are not known before it runs, so
   * it is admitted while any allowance is left, and its usage is charged afterwards with
   * {@link #charge}. What requests in flight use can therefore overshoot the limit.
   */
  public static Decision tokens(long tat, long now, long perMinute) {
    long debt = Math.max(0, tat - now);
    long remaining = remainingTokens(debt, perMinute);
    if (debt < WINDOW_MICROS) {
      return new Decision(true, tat, tat, 0, remaining, debt);
    }
    return new Decision(false, tat, tat, debt - WINDOW_MICROS + 1, 0, debt);
  }

  /** The TAT after charging {@code tokens} at {@code now}. */
  public static long charge(long tat, long now, long tokens, long perMinute) {
    long cost;
    try {
      cost = Math.multiplyExact(tokens, WINDOW_MICROS) / perMinute;
    } catch (ArithmeticException absurd) {
      cost = WINDOW_MICROS * 1000;
    }
    return Math.max(tat, now) + Math.min(cost, WINDOW_MICROS * 1000);
  }

  private static long remainingTokens(long debt, long perMinute) {
    return Math.max(0, (WINDOW_MICROS - debt)) * perMinute / WINDOW_MICROS;
  }

  /** Whole seconds a client should wait: rounded up, and at least 1 (0 would invite a busy loop). */
  public static long retryAfterSeconds(long waitMicros) {
    return Math.max(1, (waitMicros + 999_999) / 1_000_000);
  }
}
