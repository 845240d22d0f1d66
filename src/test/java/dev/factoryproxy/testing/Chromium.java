package dev.factoryproxy.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless {@code chromium}, driven over the Chrome DevTools Protocol (a WebSocket to its
 * {@code --remote-debugging-port}): navigate, evaluate JavaScript, take a screenshot, and collect
 * what the page wrote to its console.
 */
public final class Chromium implements AutoCloseable {

  private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process process;
  private final Path profile;
  private final WebSocketClient client;
  private final WebSocket socket;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Promise<JsonObject>> pending = new ConcurrentHashMap<>();
  private final List<JsonObject> events = new CopyOnWriteArrayList<>();

  private Chromium(Process process, Path profile, WebSocketClient client, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(text -> {
      JsonObject message = new JsonObject(text);
      Long id = message.getLong("id");
      if (id == null) {
        events.add(message);
        return;
      }
      Promise<JsonObject> promise = pending.remove(id);
      if (promise != null) {
        if (message.containsKey("error")) {
          promise.fail(message.getJsonObject("error").encode());
        } else {
          promise.complete(message.getJsonObject("result"));
        }
      }
    });
  }

  /** Starts chromium with one blank page and attaches to that page. Fails when chromium is not installed. */
  public static Chromium start(Vertx vertx) throws IOException {
    String binary = binary();
    Path profile = Files.createTempDirectory("chromium-profile");
    Path log = profile.resolveSibling(profile.getFileName() + ".stderr");
    Process process = new ProcessBuilder(binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--remote-allow-origins=*", "--remote-debugging-port=0", "--window-size=1400,1000",
        "--user-data-dir=" + profile, "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log.toFile()).start();
    String[] browserUrl = new String[1];
    Await.condition("chromium's DevTools endpoint", Duration.ofSeconds(30), () -> {
      Matcher m = DEVTOOLS.matcher(read(log));
      if (m.find()) {
        browserUrl[0] = m.group(1);
        return true;
      }
      return !process.isAlive();
    });
    if (browserUrl[0] == null) {
      throw new IllegalStateException("chromium exited at start: " + read(log));
    }
    java.net.URI browser = java.net.URI.create(browserUrl[0]);
    String pageUrl = pageSocket(browser);
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(64 << 20).setMaxMessageSize(64 << 20));
    WebSocket socket = Await.result(client.connect(new WebSocketConnectOptions().setAbsoluteURI(pageUrl)));
    Chromium chromium = new Chromium(process, profile, client, socket);
    chromium.call("Runtime.enable", new JsonObject());
    chromium.call("Log.enable", new JsonObject());
    chromium.call("Page.enable", new JsonObject());
    return chromium;
  }

  private static String binary() {
    for (String name : List.of("chromium", "chromium-browser")) {
      for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
        if (Files.isExecutable(Path.of(dir, name))) {
          return Path.of(dir, name).toString();
        }
      }
    }
    throw new IllegalStateException("chromium is not installed: the dashboard test needs a real headless browser. "
        + "Install it with: apt-get install -y --no-install-recommends chromium (.ci/run does)");
  }

  /** The first page target's WebSocket, from {@code /json/list} beside the browser's endpoint. */
  private static String pageSocket(java.net.URI browser) throws IOException {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.URI list = java.net.URI.create("http://" + browser.getHost() + ":" + browser.getPort() + "/json/list");
    try {
      String body = http.send(java.net.http.HttpRequest.newBuilder(list).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      return new io.vertx.core.json.JsonArray(body).stream().map(JsonObject.class::cast)
          .filter(t -> "page".equals(t.getString("type"))).findFirst().orElseThrow()
          .getString("webSocketDebuggerUrl");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  public JsonObject call(String method, JsonObject params) {
    long id = ids.incrementAndGet();
    Promise<JsonObject> promise = Promise.promise();
    pending.put(id, promise);
    socket.writeTextMessage(new JsonObject().put("id", id).put("method", method).put("params", params).encode());
    Future<JsonObject> result = promise.future();
    return Await.result(result);
  }

  public void navigate(String url) {
    call("Page.navigate", new JsonObject().put("url", url));
  }

  /** The value of a JavaScript expression in the page (awaited when it is a promise). */
  public Object eval(String expression) {
    JsonObject result = call("Runtime.evaluate", new JsonObject().put("expression", expression)
        .put("returnByValue", true).put("awaitPromise", true));
    if (result.containsKey("exceptionDetails")) {
      throw new IllegalStateException("page threw: " + result.getJsonObject("exceptionDetails").encode());
    }
    return result.getJsonObject("result").getValue("value");
  }

  public String text(String selector) {
    // A JSON string is a JavaScript string literal.
    Object value = eval("(() => { const e = document.querySelector(" + io.vertx.core.json.Json.encode(selector)
        + "); return e ? e.textContent : null; })()");
    return value == null ? null : value.toString();
  }

  public void screenshot(Path file) throws IOException {
    JsonObject shot = call("Page.captureScreenshot", new JsonObject().put("format", "png"));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, Base64.getDecoder().decode(shot.getString("data")));
  }

  /**
   * What the page reported as errors: uncaught exceptions, {@code console.error}, and the
   * browser's own error entries (a failed load, a CSP refusal).
   */
  public List<String> consoleErrors() {
    List<String> errors = new ArrayList<>();
    for (JsonObject event : events) {
      JsonObject params = event.getJsonObject("params", new JsonObject());
      switch (event.getString("method", "")) {
        case "Runtime.exceptionThrown" -> errors.add("exception: " + params.getJsonObject("exceptionDetails").encode());
        case "Runtime.consoleAPICalled" -> {
          if ("error".equals(params.getString("type")) || "assert".equals(params.getString("type"))) {
            errors.add("console: " + params.getJsonArray("args").encode());
          }
        }
        case "Log.entryAdded" -> {
          JsonObject entry = params.getJsonObject("entry");
          if ("error".equals(entry.getString("level"))) {
            errors.add(entry.getString("source") + ": " + entry.getString("text") + " " + entry.getString("url", ""));
          }
        }
        default -> { }
      }
    }
    return errors;
  }

  public void forgetEvents() {
    events.clear();
  }

  private static String read(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    client.close();
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (var paths = Files.walk(profile)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
