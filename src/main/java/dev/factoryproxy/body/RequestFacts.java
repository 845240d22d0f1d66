package dev.factoryproxy.body;

/**
 * What the proxy learns from a request body without building a tree of it.
 *
 * @param model the top-level {@code model} string, or {@code null}
 * @param modelStart byte offset of the model's opening quote, or -1
 * @param modelEnd byte offset just past its closing quote, or -1
 * @param stream whether the top-level {@code stream} field is {@code true}
 */
public record RequestFacts(String model, int modelStart, int modelEnd, boolean stream) {

  public static final RequestFacts NONE = new RequestFacts(null, -1, -1, false);
}
