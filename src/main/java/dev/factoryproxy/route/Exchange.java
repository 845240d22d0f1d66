package dev.factoryproxy.route;

import dev.factoryproxy.body.RequestFacts;
import dev.factoryproxy.catalog.ModelSpec;
import dev.factoryproxy.translate.Translation;
import dev.factoryproxy.upstream.Upstream;
import dev.factoryproxy.keys.KeySpec;
import dev.factoryproxy.translate.model.Usage;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * What the stages of one request learn and hand on: the body for the forwarder, and the
 * facts the access log prints. One object per request, kept in the {@link RoutingContext}.
 */
public final class Exchange {

  private static final String KEY = Exchange.class.getName();

  private final String requestId;
  private final long startNanos;
  private String route = "-";
  private Buffer body;
  private String model;
  private String requestedModel;
  private int upstreamStatus;
  private long upstreamHeadersNanos;
  private String upstreamRequestId;
  private String outcome = "ok";
  private RequestFacts facts = RequestFacts.NONE;
  private Upstream upstream;
  private Translation translation;
  private ModelSpec translateTo;
  private boolean hideUsageChunk;
  private KeySpec key;
  private Usage usage = Usage.NONE;
  private int attempts;
  private String token;
  private long upstreamSentNanos;
  private String rateLimited;
  private long responseHeadNanos;

  public Exchange(String requestId, long startNanos) {
    this.requestId = requestId;
    this.startNanos = startNanos;
  }

  public static Exchange of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  public void attach(RoutingContext ctx) {
    ctx.put(KEY, this);
  }

  public String requestId() {
    return requestId;
  }

  public long startNanos() {
    return startNanos;
  }

  public String route() {
    return route;
  }

  public void route(String route) {
    this.route = route;
  }

  /** The body as it goes upstream: the client's bytes, with at most the model rewritten. */
  public Buffer body() {
    return body;
  }

  public void body(Buffer body) {
    this.body = body;
  }

  /** The model sent upstream. */
  public String model() {
    return model;
  }

  /** The model the client named, when an alias turned it into another. */
  public String requestedModel() {
    return requestedModel;
  }

  public void model(String requested, String sent) {
    this.model = sent;
    this.requestedModel = requested != null && !requested.equals(sent) ? requested : null;
  }

  /** What the JSON check learnt of the body: the model and its offsets, {@code stream}. */
  public RequestFacts facts() {
    return facts;
  }

  public void facts(RequestFacts facts) {
    this.facts = facts;
  }

  /** Where the request goes, as the model routing stage chose; {@code null} before it ran. */
  public Upstream upstream() {
    return upstream;
  }

  public void upstream(Upstream upstream) {
    this.upstream = upstream;
  }

  /**
   * The catalog model of another API than the client's, when the model routing stage found one:
   * the translation stage then rewrites the request for it. {@code null} for same-API traffic.
   */
  public ModelSpec translateTo() {
    return translateTo;
  }

  public void translateTo(ModelSpec model) {
    this.translateTo = model;
  }

  /** Whether the proxy asked for the usage chunk of a Chat stream, and so hides it from the client. */
  public boolean hideUsageChunk() {
    return hideUsageChunk;
  }

  public void hideUsageChunk(boolean hide) {
    this.hideUsageChunk = hide;
  }

  /** How the request and its answer are translated; {@code null} for same-API traffic. */
  public Translation translation() {
    return translation;
  }

  public void translation(Translation translation) {
    this.translation = translation;
  }

  public int upstreamStatus() {
    return upstreamStatus;
  }

  public long upstreamHeadersNanos() {
    return upstreamHeadersNanos;
  }

  /** Factory's own id for the request, for a support ticket; {@code null} if it sent none. */
  public String upstreamRequestId() {
    return upstreamRequestId;
  }

  public void upstreamResponded(int status, long nanos, String requestId) {
    this.upstreamStatus = status;
    this.upstreamHeadersNanos = nanos;
    this.upstreamRequestId = requestId;
  }

  /** How the exchange ended, when not plainly: for example {@code client_closed}. */
  public String outcome() {
    return outcome;
  }

  public void outcome(String outcome) {
    if ("ok".equals(this.outcome)) {
      this.outcome = outcome;
    }
  }

  /** The client key the request was admitted with, or {@code null} when keys are not required. */
  public KeySpec key() {
    return key;
  }

  public void key(KeySpec key) {
    this.key = key;
  }

  /** The key's name for logs and usage: {@code -} when keys are not required. */
  public String keyName() {
    return key == null ? "-" : key.name();
  }

  /** Upstream attempts made: 0 when Factory was not contacted, more than 1 after retries. */
  public int attempts() {
    return attempts;
  }

  /** The name of the upstream token of the last attempt (never its value); {@code null} before one. */
  public String tokenName() {
    return token;
  }

  public void attempt(int attempts, String tokenName) {
    this.attempts = attempts;
    this.token = tokenName;
  }

  /** The tokens the answer reported, {@link Usage#NONE} until (and unless) it did. */
  public Usage usage() {
    return usage;
  }

  public void usage(Usage usage) {
    this.usage = usage == null ? Usage.NONE : this.usage.merge(usage);
  }

  /** When the first attempt's request went to Factory ({@link System#nanoTime()}); 0 if none did. */
  public long upstreamSentNanos() {
    return upstreamSentNanos;
  }

  public void upstreamSent(long nanos) {
    if (upstreamSentNanos == 0) {
      upstreamSentNanos = nanos;
    }
  }

  /** Which of the key's limits refused the request ({@code concurrency}, {@code rpm}, ...); {@code null} if none. */
  public String rateLimited() {
    return rateLimited;
  }

  public void rateLimited(String limit) {
    this.rateLimited = limit;
  }

  /** When the response head went to the client ({@link System#nanoTime()}); 0 before (or never). */
  public long responseHeadNanos() {
    return responseHeadNanos;
  }

  public void responseHead(long nanos) {
    this.responseHeadNanos = nanos;
  }
}
