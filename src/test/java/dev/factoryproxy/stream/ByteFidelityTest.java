package dev.factoryproxy.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ClientExchange;
import dev.factoryproxy.testing.Figures;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.WireFormats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nothing lost, nothing invented, nothing re-encoded: over many bodies whose chunk boundaries
 * are random and cut through 2-, 3- and 4-byte UTF-8 characters, the SHA-256 of what arrives
 * equals the SHA-256 of what was sent, every time. Streams of all three wire formats, JSON
 * answers (chunked and with a length), and request bodies the client sends in random chunks.
 *
 * <p>The chunking is random but seeded: a failure names its seed, and
 * {@code -Dfidelity.seed=<seed>} replays exactly that run.
 */
class ByteFidelityTest {

  private static final int STREAMS = 200;
  private static final int JSON_ANSWERS = 60;
  private static final int REQUEST_BODIES = 60;
  private static final int CONCURRENCY = 16;
  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final String[] ROUTES = {"/v1/responses", "/v1/messages", "/v1/chat/completions"};
  /** Letters of every UTF-8 length: 1 byte, 2 bytes (é ß Ω ж), 3 bytes (世 界 € 語), 4 bytes (🚀 👍 𝄞 🌦). */
  private static final String[] LETTERS = {"a", "z", "Q", "7", "\u00e9", "\u00df", "\u03a9", "\u0436",
      "\u4e16", "\u754c", "\u20ac", "\u8a9e", "\ud83d\ude80", "\ud83d\udc4d", "\ud834\udd1e", "\ud83c\udf26"};

  private static final long SEED = Long.getLong("fidelity.seed", new SecureRandom().nextLong());

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.defaults();

  /** Bodies the mock sends, by the {@code n} query parameter of the request. */
  private final Map<String, Planned> plans = new ConcurrentHashMap<>();
  /** Where the planned cuts fell, by the UTF-8 length of the character cut (index 2, 3, 4). */
  private final int[] cutsInside = new int[5];

  /** One body, the chunks it is written in, and whether it goes out chunked or with a length. */
  private record Planned(Buffer whole, List<Buffer> chunks, String contentType, boolean withLength, long seed) {
  }

  @Test
  void everyStreamArrivesByteForByte() {
    proxy.upstream().reply(this::planned);
    Random random = new Random(SEED);

    List<String> failures = run(STREAMS, n -> {
      long seed = random.nextLong();
      Random r = new Random(seed);
      String route = ROUTES[n % ROUTES.length];
      String text = text(r, 20 + r.nextInt(200));
      List<String> events = switch (route) {
        case "/v1/responses" -> WireFormats.responsesEvents("gpt-5", text);
        case "/v1/messages" -> WireFormats.anthropicEvents("claude-sonnet-4-5", text);
        default -> WireFormats.chatChunks("glm-4.6", text);
      };
      plan(n, Buffer.buffer(String.join("", events).getBytes(StandardCharsets.UTF_8)), "text/event-stream",
          false, r, seed);
      return post(route + "?n=" + n, "{\"model\":\"m\",\"stream\":true}").map(body -> check(n, body));
    });

    assertThat(failures).as("streams whose bytes differ (seed %d; rerun with -Dfidelity.seed=%d)", SEED, SEED)
        .isEmpty();
    assertCutsInsideEveryCharacterLength();
    Figures.record("byte fidelity, SSE streams (3 wire formats, random chunks)", STREAMS + "/" + STREAMS
        + " SHA-256 equal; cuts inside 2/3/4-byte chars: " + cutsInside[2] + "/" + cutsInside[3] + "/" + cutsInside[4]);
  }

  @Test
  void everyJsonAnswerArrivesByteForByte() {
    proxy.upstream().reply(this::planned);
    Random random = new Random(SEED);

    List<String> failures = run(JSON_ANSWERS, n -> {
      long seed = random.nextLong();
      Random r = new Random(seed);
      String route = ROUTES[n % ROUTES.length];
      String text = text(r, 20 + r.nextInt(300));
      String json = switch (route) {
        case "/v1/responses" -> WireFormats.responsesResponse("gpt-5", text);
        case "/v1/messages" -> WireFormats.anthropicMessage("claude-sonnet-4-5", text);
        default -> WireFormats.chatCompletion("glm-4.6", text);
      };
      // Half chunked, half with a Content-Length written in as many random pieces.
      plan(n, Buffer.buffer(json.getBytes(StandardCharsets.UTF_8)), "application/json", n % 2 == 0, r, seed);
      return post(route + "?n=" + n, "{\"model\":\"m\"}").map(body -> check(n, body));
    });

    assertThat(failures).as("JSON answers whose bytes differ (seed %d; rerun with -Dfidelity.seed=%d)", SEED, SEED)
        .isEmpty();
    assertCutsInsideEveryCharacterLength();
    Figures.record("byte fidelity, JSON answers (chunked and Content-Length)",
        JSON_ANSWERS + "/" + JSON_ANSWERS + " SHA-256 equal");
  }

  @Test
  void everyRequestBodySentInRandomChunksReachesUpstreamByteForByte() {
    Random random = new Random(SEED);
    proxy.upstream().reply(Reply.json("{}"));

    List<String> failures = run(REQUEST_BODIES, n -> {
      long seed = random.nextLong();
      Random r = new Random(seed);
      String route = ROUTES[n % ROUTES.length];
      JsonArray messages = new JsonArray();
      for (int i = 0; i < 1 + r.nextInt(6); i++) {
        messages.add(new JsonObject().put("role", i % 2 == 0 ? "user" : "assistant").put("content", text(r, 50)));
      }
      Buffer whole = Buffer.buffer(new JsonObject().put("model", "m").put("max_tokens", 100)
          .put("messages", messages).encode().getBytes(StandardCharsets.UTF_8));
      List<Buffer> chunks = cut(whole, r);
      String uri = route + "?n=" + n;
      return proxy.client().request(new RequestOptions().setMethod(HttpMethod.POST).setURI(uri)
              .putHeader("content-type", "application/json"))
          .compose(request -> sendChunked(request, chunks))
          .compose(HttpClientResponse::body)
          .map(ignored -> {
            Recorded received = proxy.upstream().requests().stream()
                .filter(rec -> rec.uri().endsWith("?n=" + n)).findFirst().orElseThrow();
            String expected = sha256(whole);
            String got = sha256(received.body());
            return expected.equals(got) ? null
                : "request body " + n + " (seed " + seed + "): sent " + whole.length() + " bytes " + expected
                    + ", upstream got " + received.body().length() + " bytes " + got;
          });
    });

    assertThat(failures).as("request bodies whose bytes differ (seed %d; rerun with -Dfidelity.seed=%d)", SEED, SEED)
        .isEmpty();
    assertCutsInsideEveryCharacterLength();
    Figures.record("byte fidelity, request bodies (client chunks at random)",
        REQUEST_BODIES + "/" + REQUEST_BODIES + " SHA-256 equal");
  }

  // ---- the bodies and their cuts -----------------------------------------------------------

  /** Words of random letters of every UTF-8 length, separated by spaces (one delta per word). */
  private static String text(Random r, int letters) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < letters; i++) {
      text.append(i > 0 && r.nextInt(5) == 0 ? " " : "").append(LETTERS[r.nextInt(LETTERS.length)]);
    }
    return text.toString();
  }

  /** Random pieces of 1 to 48 bytes: most multibyte characters in the body end up cut somewhere. */
  private List<Buffer> cut(Buffer whole, Random r) {
    byte[] bytes = whole.getBytes();
    List<Buffer> chunks = new ArrayList<>();
    int from = 0;
    while (from < bytes.length) {
      int to = Math.min(bytes.length, from + 1 + r.nextInt(48));
      chunks.add(whole.getBuffer(from, to));
      countCut(bytes, to);
      from = to;
    }
    return chunks;
  }

  /** Notes the UTF-8 length of the character a cut before {@code at} splits, if it splits one. */
  private synchronized void countCut(byte[] bytes, int at) {
    if (at >= bytes.length || (bytes[at] & 0xC0) != 0x80) {
      return;
    }
    int lead = at;
    while ((bytes[lead] & 0xC0) == 0x80) {
      lead--;
    }
    int b = bytes[lead] & 0xFF;
    cutsInside[b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2]++;
  }

  private synchronized void assertCutsInsideEveryCharacterLength() {
    assertThat(cutsInside[2]).as("cuts inside 2-byte characters").isGreaterThan(0);
    assertThat(cutsInside[3]).as("cuts inside 3-byte characters").isGreaterThan(0);
    assertThat(cutsInside[4]).as("cuts inside 4-byte characters").isGreaterThan(0);
  }

  private void plan(int n, Buffer whole, String contentType, boolean withLength, Random r, long seed) {
    plans.put(String.valueOf(n), new Planned(whole, cut(whole, r), contentType, withLength, seed));
  }

  /** The mock's answer: the planned body in its planned chunks, now and then a millisecond apart. */
  private Reply planned(Recorded request) {
    String n = request.uri().substring(request.uri().indexOf("?n=") + 3);
    Planned plan = plans.get(n);
    return (vertx, recorded, response, done) -> {
      response.setStatusCode(200).putHeader("content-type", plan.contentType());
      if (plan.withLength()) {
        response.putHeader("content-length", String.valueOf(plan.whole().length()));
      } else {
        response.setChunked(true);
      }
      write(vertx, response, plan.chunks(), 0, new Random(plan.seed()), done);
    };
  }

  private static void write(Vertx vertx, HttpServerResponse response, List<Buffer> chunks, int index, Random r,
                            Runnable done) {
    for (int i = index; i < chunks.size(); i++) {
      response.write(chunks.get(i));
      if (r.nextInt(10) == 0 && i + 1 < chunks.size()) {
        // A pause now and then, so the proxy also reads the body in many separate reads.
        int next = i + 1;
        vertx.setTimer(1, id -> write(vertx, response, chunks, next, r, done));
        return;
      }
    }
    done.run();
    response.end();
  }

  private static Future<HttpClientResponse> sendChunked(HttpClientRequest request, List<Buffer> chunks) {
    request.setChunked(true);
    for (Buffer chunk : chunks) {
      request.write(chunk);
    }
    request.end();
    return request.response();
  }

  // ---- running and checking ----------------------------------------------------------------

  private Future<Buffer> post(String uri, String body) {
    return ClientExchange.post(proxy.client(), uri, body).body();
  }

  /** Null when the client got exactly the planned body, else what differs. */
  private String check(int n, Buffer received) {
    Planned plan = plans.get(String.valueOf(n));
    String expected = sha256(plan.whole());
    String got = sha256(received);
    return expected.equals(got) ? null
        : "body " + n + " (seed " + plan.seed() + ", " + plan.chunks().size() + " chunks): sent "
            + plan.whole().length() + " bytes " + expected + ", client got " + received.length() + " bytes " + got;
  }

  /**
   * Runs {@code count} exchanges, {@value #CONCURRENCY} at a time, each yielding null or a
   * failure description; returns the failures. Exchanges are created in order on this thread,
   * so their seeds follow from {@link #SEED} alone.
   */
  private static List<String> run(int count, Function<Integer, Future<String>> exchange) {
    System.out.println("ByteFidelityTest seed " + SEED + " (replay with -Dfidelity.seed=" + SEED + ")");
    List<String> failures = new ArrayList<>();
    for (int start = 0; start < count; start += CONCURRENCY) {
      List<Future<String>> batch = new ArrayList<>();
      for (int n = start; n < Math.min(count, start + CONCURRENCY); n++) {
        int index = n;
        batch.add(exchange.apply(n).recover(err -> Future.succeededFuture("exchange " + index + " failed: " + err)));
      }
      for (Future<String> result : batch) {
        String failure = Await.result(result, BOUND);
        if (failure != null) {
          failures.add(failure);
        }
      }
    }
    return failures;
  }

  private static String sha256(Buffer buffer) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(buffer.getBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
