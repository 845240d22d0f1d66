package dev.factoryproxy.body;

/**
 * What the proxy learns from a request body without building a tree of it.
 *
 * @param model the top-level {@code model} string, or {@code null}
 * @param modelStart byte offset of the model's opening quote, or -1
 * @param modelEnd byte offset just past its closing quote, or -1
 * @param stream whether the top-level {@code stream} field is {@code true}
 * @param streamOptions whether the body has a top-level {@code stream_options} field
 * @param closeFromEnd where the top-level object's closing brace is, counted back from the
 *     body's end (so it stays right after the model string is spliced); -1 if unknown
 * @param sessionKey Anthropic's {@code metadata.user_id} or Responses' {@code prompt_cache_key}, or
 *     {@code null}: which upstream token the request sticks to (prompt caching is per account)
 */
public record RequestFacts(String model, int modelStart, int modelEnd, boolean stream, boolean streamOptions,
                           int closeFromEnd, String sessionKey) {

  public static final RequestFacts NONE = new RequestFacts(null, -1, -1, false, false, -1, null);
}
