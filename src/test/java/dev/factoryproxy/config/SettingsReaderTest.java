package dev.factoryproxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import static org.assertj.core.api.Assertions.entry;

import dev.factoryproxy.catalog.ModelCatalog;
import dev.factoryproxy.catalog.ModelSpec;
import dev.factoryproxy.error.ErrorFormat;
import dev.factoryproxy.testing.ProxyHarness;
import dev.factoryproxy.translate.ReasoningBudgets;
import dev.factoryproxy.translate.WireApi;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SettingsReaderTest {

  private static final String TOKEN = "fk-SECRET-token-9f8e7d";
  private static final String KEY_1 = "ck-SECRET-client-one";
  private static final String KEY_2 = "ck-SECRET-client-two";

  /** The shipped route table with a token: what a typical start reads. */
  private static JsonObject valid() {
    return ProxyHarness.shippedConfig().put("FACTORY_AI_TOKEN", TOKEN);
  }

  /** Only what has no default: the token and the route table. */
  private static JsonObject minimal() {
    return new JsonObject()
        .put("FACTORY_AI_TOKEN", TOKEN)
        .put("ROUTES", ProxyHarness.shippedConfig().getJsonArray("ROUTES"));
  }

  private static JsonObject route(String name, String upstream, String... paths) {
    return new JsonObject().put("name", name).put("paths", new JsonArray(java.util.List.of(paths)))
        .put("upstream", upstream).put("provider", "anthropic").put("errors", "anthropic");
  }

  private static ConfigException failure(JsonObject config) {
    Throwable thrown = catchThrowable(() -> SettingsReader.read(config));
    assertThat(thrown).as("reading %s", config.encode()).isInstanceOf(ConfigException.class);
    return (ConfigException) thrown;
  }

  // ---- the token -------------------------------------------------------------------------

  @Test
  void missingTokenSaysToSetItInDotenvOrTheEnvironment() {
    JsonObject config = valid();
    config.remove("FACTORY_AI_TOKEN");

    ConfigException e = failure(config);

    assertThat(e.getMessage()).contains("FACTORY_AI_TOKEN").contains(".env").contains("environment")
        .doesNotContain("\n");
  }

  @Test
  void blankTokenCountsAsMissing() {
    assertThat(failure(valid().put("FACTORY_AI_TOKEN", "   ")).getMessage())
        .contains("FACTORY_AI_TOKEN is not set");
  }

  @Test
  void tokenWithSpacesIsRejectedWithoutPrintingIt() {
    ConfigException e = failure(valid().put("FACTORY_AI_TOKEN", "fk-SECRET part two"));

    assertThat(e.getMessage()).contains("FACTORY_AI_TOKEN").doesNotContain("SECRET").doesNotContain("part two");
  }

  // ---- defaults --------------------------------------------------------------------------

  @Test
  void defaultsWhenOnlyTokenAndRoutesAreSet() {
    ProxySettings s = SettingsReader.read(minimal());

    assertThat(s.port()).isEqualTo(7777);
    assertThat(s.baseUrl()).isEqualTo(URI.create("https://api.factory.ai/api/llm"));
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.responseTimeout()).isEqualTo(Duration.ofSeconds(600));
    assertThat(s.streamIdleTimeout()).isEqualTo(Duration.ofSeconds(300));
    assertThat(s.maxBodyBytes()).isEqualTo(32L * 1024 * 1024);
    assertThat(s.maxHeaderBytes()).isEqualTo(64 * 1024);
    assertThat(s.maxUriLength()).isEqualTo(8192);
    assertThat(s.host()).isEqualTo("127.0.0.1");
    assertThat(s.hostExplicit()).isFalse();
    assertThat(s.clientKeys().required()).isFalse();
    assertThat(s.modelAliases()).isEmpty();
    assertThat(s.instances()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(s.tokens().specs().get(0).token().value()).isEqualTo(TOKEN);
  }

  @Test
  void shippedConfFileAgreesWithTheDefaults() {
    ProxySettings shipped = SettingsReader.read(valid());
    ProxySettings defaults = SettingsReader.read(minimal());

    assertThat(shipped.port()).isEqualTo(defaults.port());
    assertThat(shipped.baseUrl()).isEqualTo(defaults.baseUrl());
    assertThat(shipped.connectTimeout()).isEqualTo(defaults.connectTimeout());
    assertThat(shipped.responseTimeout()).isEqualTo(defaults.responseTimeout());
    assertThat(shipped.streamIdleTimeout()).isEqualTo(defaults.streamIdleTimeout());
    assertThat(shipped.maxBodyBytes()).isEqualTo(defaults.maxBodyBytes());
    assertThat(shipped.maxHeaderBytes()).isEqualTo(defaults.maxHeaderBytes());
    assertThat(shipped.maxUriLength()).isEqualTo(defaults.maxUriLength());
  }

  @Test
  void shippedRouteTable() {
    ProxySettings s = SettingsReader.read(valid());

    assertThat(s.routes()).extracting(RouteSpec::name).containsExactly("responses", "messages", "chat");
    RouteSpec messages = s.routes().get(1);
    assertThat(messages.paths()).containsExactly("/anthropic", "/v1/messages");
    assertThat(messages.errorFormat()).isEqualTo(ErrorFormat.ANTHROPIC);
    assertThat(s.upstreamUrl(messages)).isEqualTo("https://api.factory.ai/api/llm/a/v1/messages");
    assertThat(s.routes().get(0).errorFormat()).isEqualTo(ErrorFormat.OPENAI);
  }

  // ---- HOST ------------------------------------------------------------------------------

  @Test
  void hostDefaultsToLoopbackWithoutClientKeys() {
    ProxySettings s = SettingsReader.read(valid());

    assertThat(s.host()).isEqualTo("127.0.0.1");
    assertThat(s.hostExplicit()).isFalse();
    assertThat(s.bindReason()).contains("PROXY_API_KEYS is not set");
  }

  @Test
  void hostDefaultsToAllInterfacesWithClientKeys() {
    ProxySettings s = SettingsReader.read(valid().put("PROXY_API_KEYS", KEY_1));

    assertThat(s.host()).isEqualTo("0.0.0.0");
    assertThat(s.hostExplicit()).isFalse();
    assertThat(s.bindReason()).contains("PROXY_API_KEYS is set");
  }

  @Test
  void explicitHostWinsEitherWay() {
    assertThat(SettingsReader.read(valid().put("HOST", "192.0.2.7")).host()).isEqualTo("192.0.2.7");
    ProxySettings s = SettingsReader.read(valid().put("HOST", "127.0.0.1").put("PROXY_API_KEYS", KEY_1));
    assertThat(s.host()).isEqualTo("127.0.0.1");
    assertThat(s.hostExplicit()).isTrue();
  }

  // ---- PROXY_API_KEYS --------------------------------------------------------------------

  @Test
  void clientKeysAsCommaSeparatedString() {
    ClientKeys keys = SettingsReader.read(valid().put("PROXY_API_KEYS", " " + KEY_1 + " , " + KEY_2 + ",, ")).clientKeys();

    assertThat(keys.required()).isTrue();
    assertThat(keys.count()).isEqualTo(2);
    assertThat(keys.matches(KEY_1)).isTrue();
    assertThat(keys.matches(KEY_2)).isTrue();
    assertThat(keys.matches(KEY_1 + "," + KEY_2)).isFalse();
    assertThat(keys.matches("ck-other")).isFalse();
    assertThat(keys.matches("")).isFalse();
  }

  @Test
  void clientKeysAsJsonArray() {
    ClientKeys keys = SettingsReader.read(valid().put("PROXY_API_KEYS", new JsonArray().add(KEY_1).add(KEY_2)))
        .clientKeys();

    assertThat(keys.count()).isEqualTo(2);
    assertThat(keys.matches(KEY_1)).isTrue();
    assertThat(keys.matches(KEY_2)).isTrue();
    assertThat(keys.matches("ck-other")).isFalse();
  }

  @Test
  void blankClientKeysMeanNoneRequired() {
    assertThat(SettingsReader.read(valid().put("PROXY_API_KEYS", " , ")).clientKeys().required()).isFalse();
    assertThat(SettingsReader.read(valid().put("PROXY_API_KEYS", new JsonArray())).clientKeys().required()).isFalse();
  }

  // ---- MODEL_ALIASES ---------------------------------------------------------------------

  @Test
  void modelAliasesAsJsonObject() {
    ProxySettings s = SettingsReader.read(valid().put("MODEL_ALIASES",
        new JsonObject().put("sonnet", "claude-sonnet-4-5-20250929").put("gpt", "gpt-5")));

    assertThat(s.modelAliases()).containsOnly(
        org.assertj.core.api.Assertions.entry("sonnet", "claude-sonnet-4-5-20250929"),
        org.assertj.core.api.Assertions.entry("gpt", "gpt-5"));
  }

  @Test
  void modelAliasesAsPairsString() {
    ProxySettings s = SettingsReader.read(valid().put("MODEL_ALIASES", "sonnet=claude-sonnet-4-5, fast = glm-4.6"));

    assertThat(s.modelAliases()).containsOnly(
        org.assertj.core.api.Assertions.entry("sonnet", "claude-sonnet-4-5"),
        org.assertj.core.api.Assertions.entry("fast", "glm-4.6"));
  }

  @Test
  void badModelAliasesNameTheSetting() {
    assertThat(failure(valid().put("MODEL_ALIASES", "sonnet")).getMessage()).startsWith("MODEL_ALIASES");
    assertThat(failure(valid().put("MODEL_ALIASES", "sonnet=")).getMessage()).startsWith("MODEL_ALIASES");
    assertThat(failure(valid().put("MODEL_ALIASES", new JsonObject().put("a", 5))).getMessage())
        .startsWith("MODEL_ALIASES");
  }

  // ---- durations and sizes that parse ----------------------------------------------------

  @ParameterizedTest
  @CsvSource({"300ms, 300", "10s, 10000", "2m, 120000", "1.5s, 1500", "5, 5000", "1h, 3600000", "250 MS, 250"})
  void durations(String text, long millis) {
    assertThat(SettingsReader.read(valid().put("RESPONSE_TIMEOUT", text)).responseTimeout())
        .isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @CsvSource({"1KiB, 1024", "2kb, 2048", "32MiB, 33554432", "512, 512", "1 GiB, 1073741824", "100b, 100"})
  void sizes(String text, long bytes) {
    assertThat(SettingsReader.read(valid().put("MAX_BODY_SIZE", text)).maxBodyBytes()).isEqualTo(bytes);
  }

  @Test
  void portAsNumberOrString() {
    assertThat(SettingsReader.read(valid().put("PORT", 8080)).port()).isEqualTo(8080);
    assertThat(SettingsReader.read(valid().put("PORT", "8081")).port()).isEqualTo(8081);
    assertThat(SettingsReader.read(valid().put("PORT", "0")).port()).isZero();
  }

  @Test
  void baseUrlLosesItsTrailingSlash() {
    ProxySettings s = SettingsReader.read(valid().put("FACTORY_BASE_URL", "http://127.0.0.1:9/api/llm/"));

    assertThat(s.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:9/api/llm"));
    assertThat(s.upstreamUrl(s.routes().get(2))).isEqualTo("http://127.0.0.1:9/api/llm/o/v1/chat/completions");
  }

  @Test
  void headerAndShutdownTimeoutsDefaultToNginxScaleAndThirtySecondsAndZeroMeansAtOnce() {
    ProxySettings defaults = SettingsReader.read(minimal());
    assertThat(defaults.headerTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.bodyTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));

    ProxySettings set = SettingsReader.read(minimal().put("HEADER_TIMEOUT", "2500ms").put("SHUTDOWN_TIMEOUT", "0"));
    assertThat(set.headerTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(set.shutdownTimeout()).isZero();
    assertThat(SettingsReader.read(minimal().put("SHUTDOWN_TIMEOUT", "0s")).shutdownTimeout()).isZero();
    assertThat(SettingsReader.read(minimal().put("SHUTDOWN_TIMEOUT", "100s")).shutdownTimeout())
        .isEqualTo(Duration.ofSeconds(100));
  }

  // ---- invalid values: one clear line naming the setting, never a secret -----------------

  static Stream<Arguments> invalid() {
    return Stream.of(
        bad("PORT", c -> c.put("PORT", "http")),
        bad("PORT", c -> c.put("PORT", 70000)),
        bad("PORT", c -> c.put("PORT", "-1")),
        bad("PORT", c -> c.put("PORT", "99999999999")),
        bad("PORT", c -> c.put("PORT", "80.5")),
        bad("CONNECT_TIMEOUT", c -> c.put("CONNECT_TIMEOUT", "soon")),
        bad("CONNECT_TIMEOUT", c -> c.put("CONNECT_TIMEOUT", "0s")),
        bad("RESPONSE_TIMEOUT", c -> c.put("RESPONSE_TIMEOUT", "-5s")),
        bad("RESPONSE_TIMEOUT", c -> c.put("RESPONSE_TIMEOUT", "10 fortnights")),
        bad("STREAM_IDLE_TIMEOUT", c -> c.put("STREAM_IDLE_TIMEOUT", "1000h")),
        bad("STREAM_IDLE_TIMEOUT", c -> c.put("STREAM_IDLE_TIMEOUT", "1e3")),
        bad("HEADER_TIMEOUT", c -> c.put("HEADER_TIMEOUT", "0s")),
        bad("HEADER_TIMEOUT", c -> c.put("HEADER_TIMEOUT", "later")),
        bad("BODY_TIMEOUT", c -> c.put("BODY_TIMEOUT", "0s")),
        bad("BODY_TIMEOUT", c -> c.put("BODY_TIMEOUT", "whenever")),
        bad("SHUTDOWN_TIMEOUT", c -> c.put("SHUTDOWN_TIMEOUT", "5m")),
        bad("SHUTDOWN_TIMEOUT", c -> c.put("SHUTDOWN_TIMEOUT", "-1s")),
        bad("SHUTDOWN_TIMEOUT", c -> c.put("SHUTDOWN_TIMEOUT", "graceful")),
        bad("MAX_BODY_SIZE", c -> c.put("MAX_BODY_SIZE", "huge")),
        bad("MAX_BODY_SIZE", c -> c.put("MAX_BODY_SIZE", "0")),
        bad("MAX_BODY_SIZE", c -> c.put("MAX_BODY_SIZE", "-1KiB")),
        bad("MAX_BODY_SIZE", c -> c.put("MAX_BODY_SIZE", "3GiB")),
        bad("MAX_BODY_SIZE", c -> c.put("MAX_BODY_SIZE", "1.5MiB")),
        bad("MAX_BODY_SIZE", c -> c.put("MAX_BODY_SIZE", "99999999999999999999")),
        // 2^34 + 1 GiB overflows a long shift to exactly 1 GiB: it must not be taken as 1 GiB.
        bad("MAX_BODY_SIZE", c -> c.put("MAX_BODY_SIZE", "17179869185GiB")),
        bad("MAX_BODY_SIZE", c -> c.put("MAX_BODY_SIZE", "8589934593kib")),
        bad("MAX_HEADER_SIZE", c -> c.put("MAX_HEADER_SIZE", "big")),
        bad("MAX_HEADER_SIZE", c -> c.put("MAX_HEADER_SIZE", "100")),
        bad("MAX_HEADER_SIZE", c -> c.put("MAX_HEADER_SIZE", "1GiB")),
        bad("MAX_URI_LENGTH", c -> c.put("MAX_URI_LENGTH", "10")),
        bad("MAX_URI_LENGTH", c -> c.put("MAX_URI_LENGTH", "2MiB")),
        bad("UPSTREAM_POOL_SIZE", c -> c.put("UPSTREAM_POOL_SIZE", "0")),
        bad("INSTANCES", c -> c.put("INSTANCES", "many")),
        bad("FACTORY_BASE_URL", c -> c.put("FACTORY_BASE_URL", "ftp://api.factory.ai/api/llm")),
        bad("FACTORY_BASE_URL", c -> c.put("FACTORY_BASE_URL", "api.factory.ai/api/llm")),
        bad("FACTORY_BASE_URL", c -> c.put("FACTORY_BASE_URL", "not a url")),
        bad("FACTORY_BASE_URL", c -> c.put("FACTORY_BASE_URL", "https://")),
        bad("FACTORY_BASE_URL", c -> c.put("FACTORY_BASE_URL", "https://api.factory.ai/api/llm?x=1")),
        bad("FACTORY_BASE_URL", c -> c.put("FACTORY_BASE_URL", "https://api.factory.ai/api/llm#frag")),
        bad("ROUTES", c -> c.remove("ROUTES")),
        bad("ROUTES", c -> c.put("ROUTES", new JsonArray())),
        bad("ROUTES", c -> c.put("ROUTES", "not a table")),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add("not an object")),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(route("dup", "a/v1/messages", "/v1/messages"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(route("dup2", "a/x", "/x", "/x"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(route("root", "a/v1/messages", "/"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(route("health", "a/v1/messages", "/health"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(route("relative", "a/v1/messages", "v1/x"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(route("wild", "a/v1/messages", "/v1/*"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(route("param", "a/v1/messages", "/v1/:id"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(route("nopaths", "a/v1/messages"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(route("abs", "https://evil.example/v1", "/evil"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(route("scheme", "a://x", "/evil"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(route("rooted", "/a/v1/messages", "/evil"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(route("query", "a/v1?x=1", "/evil"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(route("", "a/v1", "/evil"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(route("noupstream", "", "/evil"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(route("fmt", "a/v1", "/evil").put("errors", "xml"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(route("prov", "a/v1", "/evil").put("provider", " "))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(staticHeader("Authorization", "Bearer " + TOKEN))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(staticHeader("authorization", "x"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(staticHeader("Host", "evil.example"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(staticHeader("Content-Length", "1"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(staticHeader("Transfer-Encoding", "chunked"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(staticHeader("Connection", "close"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(staticHeader("X-Api-Provider", "other"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(staticHeader("bad name", "v"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(staticHeader("x-ok", "line\r\nInjected: 1"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(route("api", "a/v1/x", "/x").put("api", "soap"))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(route("api", "a/v1/x", "/x").put("api", 5))),
        bad("ROUTES", c -> c.getJsonArray("ROUTES").add(route("api", "a/v1/messages", "/x").put("api", "chat"))),
        bad("MODELS", c -> c.put("MODELS", "not json")),
        bad("MODELS", c -> c.put("MODELS", "{\"id\":\"m\"}")),
        bad("MODELS", c -> c.put("MODELS", new JsonObject())),
        bad("MODELS", c -> c.put("MODELS", 7)),
        bad("MODELS", c -> models(c).add("glm-9")),
        bad("MODELS", c -> models(c).add(model("m", "soap", "fireworks"))),
        bad("MODELS", c -> models(c).add(model("m", "chat", "fireworks").put("api", 3))),
        bad("MODELS", c -> models(c).add(model("m", "chat", "fireworks").putNull("api"))),
        bad("MODELS", c -> models(c).add(model("m", "chat", null))),
        bad("MODELS", c -> models(c).add(model("m", "chat", " "))),
        bad("MODELS", c -> models(c).add(model(null, "chat", "fireworks"))),
        bad("MODELS", c -> models(c).add(model(" ", "chat", "fireworks"))),
        bad("MODELS", c -> models(c).add(model("glm-5", "chat", "fireworks"))),
        bad("MODELS", c -> models(c).add(model("m", "chat", "fireworks").put("aliases", new JsonArray().add("glm-5")))),
        bad("MODELS", c -> models(c).add(model("m", "chat", "fireworks")
            .put("aliases", new JsonArray().add("claude-sonnet-4-5-20250929")))),
        bad("MODELS", c -> models(c).add(model("m", "chat", "fireworks").put("aliases", new JsonArray().add("m")))),
        bad("MODELS", c -> models(c).add(model("m", "chat", "fireworks").put("aliases", new JsonArray().add("a").add("a")))),
        bad("MODELS", c -> models(c).add(model("m", "chat", "fireworks").put("aliases", new JsonArray().add(5)))),
        bad("MODELS", c -> models(c).add(model("m", "chat", "fireworks").put("aliases", "a,b"))),
        bad("MODELS", c -> models(c).add(model("m", "chat", "fireworks")
            .put("headers", new JsonObject().put("Authorization", "Bearer " + TOKEN)))),
        bad("MODELS", c -> models(c).add(model("m", "chat", "fireworks")
            .put("headers", new JsonObject().put("X-Api-Provider", "anthropic")))),
        bad("MODELS", c -> models(c).add(model("m", "chat", "fireworks")
            .put("headers", new JsonObject().put("x-ok", "line\r\nInjected: 1")))),
        bad("MODELS", c -> models(c).add(model("m", "chat", "fireworks").put("headers", "x-a: 1"))),
        bad("MODELS", c -> models(c).add(model("m", "chat", "fireworks").put("max_tokens", 0))),
        bad("MODELS", c -> models(c).add(model("m", "chat", "fireworks").put("max_tokens", -1))),
        bad("MODELS", c -> models(c).add(model("m", "chat", "fireworks").put("max_tokens", 1.5))),
        bad("MODELS", c -> models(c).add(model("m", "chat", "fireworks").put("max_tokens", "8192"))),
        bad("MODELS", c -> models(c).add(model("m", "chat", "fireworks").put("max_tokens", 3_000_000_000L))),
        bad("MODELS", c -> models(c).add(model("m", "chat", "fireworks").put("max_token", 8192))),
        bad("MODEL_ALIASES", c -> c.put("MODEL_ALIASES", new JsonObject().put("glm-5", "glm-4.7"))),
        bad("MODEL_ALIASES", c -> c.put("MODEL_ALIASES", "claude-sonnet-4-5-20250929=claude-opus-4-6")),
        bad("STRICT_MODELS", c -> c.put("STRICT_MODELS", "yes")),
        bad("STRICT_MODELS", c -> c.put("STRICT_MODELS", "1")),
        bad("STRICT_MODELS", c -> c.put("STRICT_MODELS", true).put("MODELS", new JsonArray())),
        bad("REASONING_BUDGETS", c -> c.put("REASONING_BUDGETS", new JsonObject().put("low", 1023))),
        bad("REASONING_BUDGETS", c -> c.put("REASONING_BUDGETS", new JsonObject().put("low", 0))),
        bad("REASONING_BUDGETS", c -> c.put("REASONING_BUDGETS", new JsonObject().put("low", 4096.5))),
        bad("REASONING_BUDGETS", c -> c.put("REASONING_BUDGETS", new JsonObject().put("low", "many"))),
        bad("REASONING_BUDGETS", c -> c.put("REASONING_BUDGETS", new JsonObject().put("low", 3_000_000_000L))),
        bad("REASONING_BUDGETS", c -> c.put("REASONING_BUDGETS", new JsonObject().put("low", 10_000))),
        bad("REASONING_BUDGETS", c -> c.put("REASONING_BUDGETS", "low=512")),
        bad("REASONING_BUDGETS", c -> c.put("REASONING_BUDGETS", "low=")),
        bad("REASONING_BUDGETS", c -> c.put("REASONING_BUDGETS", "low")),
        bad("REASONING_BUDGETS", c -> c.put("REASONING_BUDGETS", "=4096")),
        bad("REASONING_BUDGETS", c -> c.put("REASONING_BUDGETS", "{\"low\": 4096")),
        bad("REASONING_BUDGETS", c -> c.put("REASONING_BUDGETS", new JsonArray().add(4096))),
        bad("PROXY_API_KEYS", c -> c.put("PROXY_API_KEYS", KEY_1 + " " + KEY_2)),
        bad("PROXY_API_KEYS", c -> c.put("PROXY_API_KEYS", new JsonArray().add(KEY_1).add("ck-SECRET\ttwo"))),
        bad("FACTORY_AI_TOKEN", c -> c.put("FACTORY_AI_TOKEN", TOKEN + "\nsecond-line")),
        bad("FACTORY_AI_TOKEN", c -> c.put("FACTORY_AI_TOKEN", "Bearer " + TOKEN)));
  }

  private static JsonArray models(JsonObject config) {
    return config.getJsonArray("MODELS");
  }

  private static JsonObject model(String id, String api, String provider) {
    JsonObject model = new JsonObject();
    if (id != null) {
      model.put("id", id);
    }
    model.put("api", api);
    if (provider != null) {
      model.put("provider", provider);
    }
    return model;
  }

  private static JsonObject staticHeader(String name, String value) {
    return route("static", "a/v1/x", "/static").put("headers", new JsonObject().put(name, value));
  }

  private static Arguments bad(String setting, Consumer<JsonObject> change) {
    return Arguments.of(setting, change);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalid")
  void invalidValueFailsWithOneLineNamingTheSettingAndNoSecret(String setting, Consumer<JsonObject> change) {
    // Client keys set throughout (unless the row replaces them), so a leak of either kind shows.
    JsonObject config = valid().put("PROXY_API_KEYS", KEY_1 + "," + KEY_2);
    change.accept(config);

    ConfigException e = failure(config);

    assertThat(e.getMessage())
        .startsWith(setting)
        .doesNotContain("\n").doesNotContain("\r")
        .doesNotContain("SECRET");
    assertThat(e.getCause()).isNull();
    assertThat(e.getStackTrace()).as("a StartupException is the whole story; no trace").isEmpty();
  }

  // ---- secrets never print ---------------------------------------------------------------

  @Test
  void settingsToStringHoldsNoSecret() {
    ProxySettings s = SettingsReader.read(valid().put("PROXY_API_KEYS", new JsonArray().add(KEY_1).add(KEY_2)));

    String printed = s.toString();

    assertThat(printed).doesNotContain(TOKEN).doesNotContain(KEY_1).doesNotContain(KEY_2).doesNotContain("SECRET");
    assertThat(printed).contains("<redacted>");
    assertThat(s.tokens().specs().get(0).token().toString()).isEqualTo("<redacted>");
    assertThat(s.clientKeys().toString()).isEqualTo("ClientKeys[2]");
  }

  @Test
  void aValidRouteWithStaticHeadersIsAccepted() {
    JsonObject config = valid();
    config.getJsonArray("ROUTES").add(staticHeader("anthropic-beta", "tools-2024-04-04"));

    RouteSpec spec = SettingsReader.read(config).routes().get(3);

    assertThat(spec.headers()).containsEntry("anthropic-beta", "tools-2024-04-04");
    assertThat(spec.paths()).containsExactly("/static");
  }

  @Test
  void unknownErrorsNameIsRejectedButDefaultIsOpenai() {
    JsonObject config = valid();
    config.getJsonArray("ROUTES").add(route("x", "o/v1/x", "/x").putNull("errors"));
    config.getJsonArray("ROUTES").getJsonObject(3).remove("errors");

    assertThat(SettingsReader.read(config).routes().get(3).errorFormat()).isEqualTo(ErrorFormat.OPENAI);
    assertThatThrownBy(() -> SettingsReader.read(valid().put("ROUTES", new JsonArray()
        .add(route("x", "o/v1/x", "/x").put("errors", 7))))).isInstanceOf(ConfigException.class);
  }

  // ---- MODELS, STRICT_MODELS and the catalog ---------------------------------------------

  @Test
  void shippedCatalog() {
    ModelCatalog catalog = SettingsReader.read(valid()).catalog();

    assertThat(catalog.strict()).isFalse();
    assertThat(catalog.models()).extracting(ModelSpec::id).containsExactly(
        "claude-opus-4-6", "claude-sonnet-4-6", "claude-opus-4-5-20251101", "claude-sonnet-4-5-20250929",
        "claude-haiku-4-5-20251001", "gpt-5.4", "gpt-5.4-mini", "gpt-5.3-codex", "gpt-5.2", "gpt-5.2-codex",
        "glm-5", "glm-4.7", "kimi-k2.5");
    for (ModelSpec spec : catalog.models()) {
      String provider = switch (spec.api()) {
        case MESSAGES -> "anthropic";
        case RESPONSES -> "openai";
        case CHAT -> "fireworks";
      };
      assertThat(spec.provider()).as(spec.id()).isEqualTo(provider);
      assertThat(spec.maxTokens()).as(spec.id()).isBetween(8192, 128_000);
    }
    assertThat(catalog.find("claude-opus-4-6").maxTokens()).isEqualTo(128_000);
    // No shipped aliases: a same-API request keeps its model string, byte for byte.
    assertThat(catalog.models()).allSatisfy(model -> assertThat(model.aliases()).isEmpty());
  }

  @Test
  void catalogResolvesIdsAliasesAndModelAliases() {
    JsonObject config = valid();
    // The shipped catalog has no aliases (same-API requests keep their bytes): give one its own.
    config.getJsonArray("MODELS").stream().map(JsonObject.class::cast)
        .filter(m -> m.getString("id").equals("claude-sonnet-4-5-20250929"))
        .forEach(m -> m.put("aliases", new JsonArray().add("claude-sonnet-4-5")));
    ModelCatalog catalog = SettingsReader.read(config.put("MODEL_ALIASES", new JsonObject()
        .put("sonnet", "claude-sonnet-4-5-20250929")
        .put("haiku", "claude-haiku-4-5-20251001")
        .put("old-gpt", "gpt-4o-2024-08-06"))).catalog();

    ModelCatalog.Resolved byId = catalog.resolve("glm-4.7");
    assertThat(byId.upstreamModel()).isEqualTo("glm-4.7");
    assertThat(byId.spec().api()).isEqualTo(WireApi.CHAT);

    ModelCatalog.Resolved byAlias = catalog.resolve("claude-sonnet-4-5");
    assertThat(byAlias.upstreamModel()).isEqualTo("claude-sonnet-4-5-20250929");
    assertThat(byAlias.spec().api()).isEqualTo(WireApi.MESSAGES);

    ModelCatalog.Resolved ontoId = catalog.resolve("sonnet");
    assertThat(ontoId.upstreamModel()).isEqualTo("claude-sonnet-4-5-20250929");
    assertThat(ontoId.spec()).isSameAs(byAlias.spec());

    assertThat(catalog.resolve("haiku").upstreamModel()).isEqualTo("claude-haiku-4-5-20251001");

    ModelCatalog.Resolved outside = catalog.resolve("old-gpt");
    assertThat(outside.upstreamModel()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(outside.spec()).isNull();

    assertThat(catalog.resolve("no-such-model")).isNull();
    assertThat(catalog.find("old-gpt")).isNull();
  }

  @Test
  void aModelAliasThatRepeatsTheCatalogIsAccepted() {
    ModelCatalog catalog = SettingsReader.read(valid().put("MODEL_ALIASES",
        "claude-sonnet-4-5=claude-sonnet-4-5-20250929, glm-5=glm-5")).catalog();

    assertThat(catalog.resolve("claude-sonnet-4-5").upstreamModel()).isEqualTo("claude-sonnet-4-5-20250929");
    assertThat(catalog.resolve("glm-5").spec().id()).isEqualTo("glm-5");
  }

  @Test
  void modelsAsAJsonStringAsDotenvAndTheEnvironmentGiveIt() {
    JsonArray models = new JsonArray().add(new JsonObject().put("id", "glm-4.7").put("api", "chat")
        .put("provider", "fireworks").put("aliases", new JsonArray().add("glm"))
        .put("headers", new JsonObject().put("x-team", "blue")).put("max_tokens", 16384));

    ModelCatalog catalog = SettingsReader.read(valid().put("MODELS", models.encode())).catalog();

    assertThat(catalog.models()).containsExactly(
        new ModelSpec("glm-4.7", WireApi.CHAT, "fireworks", List.of("glm"), java.util.Map.of("x-team", "blue"), 16384));
    assertThat(catalog.find("glm").id()).isEqualTo("glm-4.7");
  }

  @Test
  void maxTokensDefaultsToWhatEveryClaude4ModelAccepts() {
    JsonObject config = valid().put("MODELS", new JsonArray().add(model("m", "messages", "anthropic")));

    ModelSpec spec = SettingsReader.read(config).catalog().find("m");

    assertThat(spec.maxTokens()).isEqualTo(32_000);
    assertThat(spec.aliases()).isEmpty();
    assertThat(spec.headers()).isEmpty();
  }

  @Test
  void apiNamesAreCaseInsensitive() {
    JsonObject config = valid().put("MODELS", new JsonArray().add(model("m", " Responses ", "openai")));

    assertThat(SettingsReader.read(config).catalog().find("m").api()).isEqualTo(WireApi.RESPONSES);
  }

  @Test
  void noModelsMeansAnEmptyCatalogThatStillResolvesModelAliases() {
    ProxySettings s = SettingsReader.read(minimal().put("MODEL_ALIASES", "fast=glm-4.6"));

    assertThat(s.catalog().models()).isEmpty();
    assertThat(s.catalog().strict()).isFalse();
    assertThat(s.catalog().resolve("fast")).isEqualTo(new ModelCatalog.Resolved("glm-4.6", null));
    assertThat(s.modelAliases()).containsOnly(entry("fast", "glm-4.6"));
    assertThat(SettingsReader.read(minimal().put("MODELS", " ")).catalog().models()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"true, true", "TRUE, true", " false , false", "False, false"})
  void strictModelsAcceptsTrueAndFalseStrings(String text, boolean strict) {
    assertThat(SettingsReader.read(valid().put("STRICT_MODELS", text)).catalog().strict()).isEqualTo(strict);
  }

  @Test
  void strictModelsAsJsonBoolean() {
    assertThat(SettingsReader.read(valid().put("STRICT_MODELS", true)).catalog().strict()).isTrue();
    assertThat(SettingsReader.read(minimal()).catalog().strict()).isFalse();
  }

  // ---- REASONING_BUDGETS -----------------------------------------------------------------

  @Test
  void reasoningBudgetsDefaultAndShippedAreTheSame() {
    assertThat(SettingsReader.read(minimal()).reasoningBudgets()).isEqualTo(ReasoningBudgets.DEFAULTS);
    assertThat(SettingsReader.read(valid()).reasoningBudgets()).isEqualTo(ReasoningBudgets.DEFAULTS);
  }

  @Test
  void reasoningBudgetsGivenAsPairsReplaceOrAddToTheDefaults() {
    ReasoningBudgets budgets = SettingsReader.read(minimal()
        .put("REASONING_BUDGETS", " low = 2048 , ultra=100000,")).reasoningBudgets();

    assertThat(budgets.budgets()).containsExactly(entry("minimal", 1024), entry("low", 2048),
        entry("medium", 10_000), entry("high", 32_000), entry("xhigh", 64_000), entry("ultra", 100_000));
  }

  @Test
  void reasoningBudgetsAsJsonObjectOrAJsonString() {
    ReasoningBudgets fromObject = SettingsReader.read(minimal()
        .put("REASONING_BUDGETS", new JsonObject().put("high", 20_000))).reasoningBudgets();
    ReasoningBudgets fromString = SettingsReader.read(minimal()
        .put("REASONING_BUDGETS", "{\"high\": 20000}")).reasoningBudgets();

    assertThat(fromObject.budget("high")).isEqualTo(20_000);
    assertThat(fromObject.budget("medium")).isEqualTo(10_000);
    assertThat(fromString).isEqualTo(fromObject);
  }

  // ---- a route's api ---------------------------------------------------------------------

  @Test
  void shippedRoutesSayTheirApi() {
    List<RouteSpec> routes = SettingsReader.read(valid()).routes();

    assertThat(routes).extracting(RouteSpec::api).containsExactly(WireApi.RESPONSES, WireApi.MESSAGES, WireApi.CHAT);
    assertThat(routes).extracting(RouteSpec::provider).containsExactly("openai", "anthropic", "fireworks");
  }

  @Test
  void routeApiIsInferredFromTheUpstreamOrSetOrNone() {
    JsonObject config = valid();
    JsonArray routes = config.getJsonArray("ROUTES");
    routes.add(route("inferred", "a/v1/messages", "/inferred"));
    routes.add(route("custom", "o/v1/beta/thing", "/custom"));
    routes.add(route("declared", "o/v1/beta/chat", "/declared").put("api", "chat"));
    routes.add(route("untranslated", "o/v1/responses", "/untranslated").put("api", "none"));
    routes.add(route("nullapi", "o/v1/responses", "/nullapi").putNull("api"));

    List<RouteSpec> read = SettingsReader.read(config).routes();

    assertThat(read.subList(3, 8)).extracting(RouteSpec::api)
        .containsExactly(WireApi.MESSAGES, null, WireApi.CHAT, null, WireApi.RESPONSES);
  }
}
