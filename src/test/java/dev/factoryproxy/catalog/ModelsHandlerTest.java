package dev.factoryproxy.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.models.ModelInfo;
import com.anthropic.models.models.ModelListPage;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.models.Model;
import dev.factoryproxy.error.ErrorHandler;
import dev.factoryproxy.testing.Await;
import dev.factoryproxy.translate.WireApi;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/models} on a real Router and server on loopback, mounted as the proxy mounts it,
 * called by a raw HTTP client for the exact shapes and by both official SDKs, which must parse them.
 */
class ModelsHandlerTest {

  private static final String ANTHROPIC_VERSION = "2023-06-01";

  private static final ModelCatalog CATALOG = new ModelCatalog(List.of(
      spec("claude-sonnet-4-5-20250929", WireApi.MESSAGES, "anthropic", "claude-sonnet-4-5"),
      spec("gpt-5.2", WireApi.RESPONSES, "openai"),
      spec("glm-4.7", WireApi.CHAT, "fireworks", "glm")),
      Map.of("sonnet", "claude-sonnet-4-5", "old", "gpt-4o"), false);

  private Vertx vertx;
  private HttpServer server;
  private HttpClient client;

  record Answer(int status, String contentType, JsonObject json) {
  }

  private static ModelSpec spec(String id, WireApi api, String provider, String... aliases) {
    return new ModelSpec(id, api, provider, List.of(aliases), Map.of(), 32_000);
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    // The mount the lead puts in ProxyVerticle, less the client auth in front of it.
    ModelsHandler models = ModelsHandler.create(CATALOG);
    ErrorHandler errors = ErrorHandler.create(ModelsHandler::errorFormat);
    router.get("/v1/models").handler(models).failureHandler(errors);
    router.get("/v1/models/:" + ModelsHandler.ID_PARAM).handler(models).failureHandler(errors);
    server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  private Answer get(String uri, boolean anthropic) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
        .setHost("127.0.0.1").setPort(server.actualPort()).setURI(uri);
    if (anthropic) {
      options.putHeader("anthropic-version", ANTHROPIC_VERSION);
    }
    return Await.result(client.request(options).compose(req -> req.send()
        .compose(resp -> resp.body().map(body -> new Answer(resp.statusCode(),
            resp.getHeader("content-type"), body.toJsonObject())))));
  }

  // ---- OpenAI shape ----------------------------------------------------------------------

  @Test
  void listInOpenaiShapeHoldsEachCatalogIdOnceAndNoAlias() {
    Answer answer = get("/v1/models", false);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.contentType()).isEqualTo("application/json");
    assertThat(answer.json()).isEqualTo(new JsonObject().put("object", "list").put("data", new JsonArray()
        .add(openai("claude-sonnet-4-5-20250929", "anthropic"))
        .add(openai("gpt-5.2", "openai"))
        .add(openai("glm-4.7", "fireworks"))));
  }

  @Test
  void oneModelInOpenaiShapeByIdAliasOrModelAlias() {
    assertThat(get("/v1/models/gpt-5.2", false).json()).isEqualTo(openai("gpt-5.2", "openai"));
    assertThat(get("/v1/models/glm", false).json()).isEqualTo(openai("glm-4.7", "fireworks"));
    assertThat(get("/v1/models/sonnet", false).json()).isEqualTo(openai("claude-sonnet-4-5-20250929", "anthropic"));
  }

  @Test
  void unknownModelIsA404InOpenaiShape() {
    Answer answer = get("/v1/models/no-such-model", false);

    assertThat(answer.status()).isEqualTo(404);
    JsonObject error = answer.json().getJsonObject("error");
    assertThat(answer.json().fieldNames()).containsExactly("error");
    assertThat(error.getString("type")).isEqualTo("invalid_request_error");
    assertThat(error.getString("code")).isEqualTo("model_not_found");
    assertThat(error.getString("message")).contains("no-such-model");
  }

  @Test
  void aModelAliasOutsideTheCatalogIsNotAModelOfOurs() {
    assertThat(get("/v1/models/old", false).status()).isEqualTo(404);
  }

  // ---- Anthropic shape -------------------------------------------------------------------

  @Test
  void listInAnthropicShapeWhenTheRequestCarriesAnthropicVersion() {
    Answer answer = get("/v1/models", true);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json()).isEqualTo(new JsonObject()
        .put("data", new JsonArray()
            .add(anthropic("claude-sonnet-4-5-20250929"))
            .add(anthropic("gpt-5.2"))
            .add(anthropic("glm-4.7")))
        .put("has_more", false)
        .put("first_id", "claude-sonnet-4-5-20250929")
        .put("last_id", "glm-4.7"));
  }

  @Test
  void anthropicListPagesByLimitAfterIdAndBeforeId() {
    JsonObject first = get("/v1/models?limit=2", true).json();
    assertThat(ids(first)).containsExactly("claude-sonnet-4-5-20250929", "gpt-5.2");
    assertThat(first.getBoolean("has_more")).isTrue();
    assertThat(first.getString("last_id")).isEqualTo("gpt-5.2");

    JsonObject next = get("/v1/models?limit=2&after_id=gpt-5.2", true).json();
    assertThat(ids(next)).containsExactly("glm-4.7");
    assertThat(next.getBoolean("has_more")).isFalse();

    JsonObject previous = get("/v1/models?limit=1&before_id=glm-4.7", true).json();
    assertThat(ids(previous)).containsExactly("gpt-5.2");
    assertThat(previous.getBoolean("has_more")).isTrue();

    JsonObject past = get("/v1/models?after_id=glm-4.7", true).json();
    assertThat(past.getJsonArray("data")).isEmpty();
    assertThat(past.getValue("first_id")).isNull();
    assertThat(past.getBoolean("has_more")).isFalse();
  }

  @Test
  void badPagingIsA400InTheCallersShape() {
    Answer limit = get("/v1/models?limit=0", true);
    assertThat(limit.status()).isEqualTo(400);
    assertThat(limit.json().getString("type")).isEqualTo("error");
    assertThat(limit.json().getJsonObject("error").getString("type")).isEqualTo("invalid_request_error");

    assertThat(get("/v1/models?limit=1001", true).status()).isEqualTo(400);
    assertThat(get("/v1/models?limit=ten", true).status()).isEqualTo(400);
    assertThat(get("/v1/models?after_id=nope", true).status()).isEqualTo(404);
  }

  @Test
  void unknownModelIsA404InAnthropicShape() {
    Answer answer = get("/v1/models/no-such-model", true);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.json().getString("type")).isEqualTo("error");
    assertThat(answer.json().getJsonObject("error").getString("type")).isEqualTo("not_found_error");
    assertThat(answer.json().getJsonObject("error").getString("message")).contains("no-such-model");
  }

  @Test
  void oneModelInAnthropicShapeByAlias() {
    assertThat(get("/v1/models/claude-sonnet-4-5", true).json()).isEqualTo(anthropic("claude-sonnet-4-5-20250929"));
  }

  // ---- the official SDKs parse what we answer --------------------------------------------

  @Test
  void anthropicSdkListsAndRetrievesModels() {
    AnthropicClient sdk = AnthropicOkHttpClient.builder()
        .baseUrl("http://127.0.0.1:" + server.actualPort()).apiKey("unused").maxRetries(0).build();
    try {
      ModelListPage page = sdk.models().list();
      assertThat(page.data()).extracting(ModelInfo::id)
          .containsExactly("claude-sonnet-4-5-20250929", "gpt-5.2", "glm-4.7");
      assertThat(page.data().get(0).createdAt()).isEqualTo(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
      assertThat(page.hasMore()).contains(false);

      ModelInfo sonnet = sdk.models().retrieve("claude-sonnet-4-5");
      assertThat(sonnet.id()).isEqualTo("claude-sonnet-4-5-20250929");
      assertThat(sonnet.displayName()).isEqualTo("claude-sonnet-4-5-20250929");

      assertThatThrownBy(() -> sdk.models().retrieve("no-such-model"))
          .isInstanceOf(com.anthropic.errors.NotFoundException.class);
    } finally {
      sdk.close();
    }
  }

  @Test
  void openaiSdkListsAndRetrievesModels() {
    OpenAIClient sdk = OpenAIOkHttpClient.builder()
        .baseUrl("http://127.0.0.1:" + server.actualPort() + "/v1").apiKey("unused").maxRetries(0).build();
    try {
      List<Model> models = sdk.models().list().data();
      assertThat(models).extracting(Model::id).containsExactly("claude-sonnet-4-5-20250929", "gpt-5.2", "glm-4.7");
      assertThat(models).extracting(Model::ownedBy).containsExactly("anthropic", "openai", "fireworks");
      assertThat(models.get(1).created()).isZero();

      assertThat(sdk.models().retrieve("glm").id()).isEqualTo("glm-4.7");
      assertThatThrownBy(() -> sdk.models().retrieve("no-such-model"))
          .isInstanceOf(com.openai.errors.NotFoundException.class)
          .hasMessageContaining("does not exist");
    } finally {
      sdk.close();
    }
  }

  private static JsonObject openai(String id, String ownedBy) {
    return new JsonObject().put("id", id).put("object", "model").put("created", 0).put("owned_by", ownedBy);
  }

  private static JsonObject anthropic(String id) {
    return new JsonObject().put("type", "model").put("id", id).put("display_name", id)
        .put("created_at", "1970-01-01T00:00:00Z");
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("data").stream().map(m -> ((JsonObject) m).getString("id")).toList();
  }
}
