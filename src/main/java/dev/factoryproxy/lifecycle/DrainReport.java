package dev.factoryproxy.lifecycle;

/**
 * What a graceful shutdown did with the requests it found in flight.
 *
 * @param inFlight requests in progress when the shutdown began (or that began during it)
 * @param completed those whose response was sent in full
 * @param cut those closed by the shutdown deadline or that failed otherwise meanwhile
 */
public record DrainReport(int inFlight, int completed, int cut) {

  public static final DrainReport NONE = new DrainReport(0, 0, 0);

  public DrainReport plus(DrainReport other) {
    return new DrainReport(inFlight + other.inFlight, completed + other.completed, cut + other.cut);
  }
}
