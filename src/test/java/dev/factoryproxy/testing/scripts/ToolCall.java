package dev.factoryproxy.testing.scripts;

import java.util.ArrayList;
import java.util.List;

/**
 * One tool call a scripted answer makes.
 *
 * @param id the call's id as the answer's API names it (toolu_…, call_…); every format uses it as is
 * @param name the tool's name
 * @param arguments the arguments as a JSON text, e.g. {@code {"city":"Paris"}}
 */
public record ToolCall(String id, String name, String arguments) {

  /**
   * The arguments in the pieces a streamed answer sends them in: three pieces that cut through
   * keys and strings, as real models do, so a decoder that parses each piece breaks visibly.
   */
  public List<String> argumentPieces() {
    List<String> pieces = new ArrayList<>();
    int step = Math.max(1, (arguments.length() + 2) / 3);
    for (int start = 0; start < arguments.length(); start += step) {
      pieces.add(arguments.substring(start, Math.min(arguments.length(), start + step)));
    }
    return pieces;
  }
}
