package dev.factoryproxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ProxyHarness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Precedence and failure modes of the real vertx-config pipeline, on real files. */
@ExtendWith(VertxExtension.class)
class ConfigLoaderTest {

  @TempDir
  Path dir;

  private Path conf;
  private Path dotenv;

  @BeforeEach
  void files() throws IOException {
    conf = dir.resolve("config.json");
    dotenv = dir.resolve(".env");
    // The shipped route table plus one value per layer under test.
    Files.writeString(conf, ProxyHarness.shippedConfig()
        .put("PORT", 1111)
        .put("CONNECT_TIMEOUT", "1s")
        .put("RESPONSE_TIMEOUT", "2s")
        .put("STREAM_IDLE_TIMEOUT", "3s")
        .encodePrettily());
  }

  private ConfigSources sources(JsonObject overrides) {
    return new ConfigSources(conf.toString(), dotenv.toString(), false, overrides);
  }

  @Test
  void dotenvBeatsConfFileAndOverridesBeatBoth(Vertx vertx) throws IOException {
    Files.writeString(dotenv, "FACTORY_AI_TOKEN=fk-from-dotenv\nPORT=2222\nRESPONSE_TIMEOUT=20s\n");

    ProxySettings settings = Await.result(ConfigLoader.load(vertx,
        sources(new JsonObject().put("PORT", 3333))));

    assertThat(settings.port()).as("in all three layers: overrides win").isEqualTo(3333);
    assertThat(settings.responseTimeout()).as("in conf and .env: .env wins").isEqualTo(Duration.ofSeconds(20));
    assertThat(settings.connectTimeout()).as("only in conf").isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.streamIdleTimeout()).as("only in conf").isEqualTo(Duration.ofSeconds(3));
    assertThat(settings.tokens().specs().get(0).token().value()).as("only in .env").isEqualTo("fk-from-dotenv");
    assertThat(settings.routes()).extracting(RouteSpec::name).containsExactly("responses", "messages", "chat");
  }

  @Test
  void overridesBeatDotenvForTheToken(Vertx vertx) throws IOException {
    Files.writeString(dotenv, "FACTORY_AI_TOKEN=fk-from-dotenv\n");

    ProxySettings settings = Await.result(ConfigLoader.load(vertx,
        sources(new JsonObject().put("FACTORY_AI_TOKEN", "fk-from-conf-json"))));

    assertThat(settings.tokens().specs().get(0).token().value()).isEqualTo("fk-from-conf-json");
  }

  @Test
  void dotenvValuesArriveAsParsedStrings(Vertx vertx) throws IOException {
    Files.writeString(dotenv, "export FACTORY_AI_TOKEN='fk-$literal'\r\nMODEL_ALIASES=\"sonnet=claude-x,fast=glm-y\"\r\n");

    JsonObject merged = Await.result(ConfigLoader.merged(vertx, sources(new JsonObject())));

    assertThat(merged.getValue("FACTORY_AI_TOKEN")).isEqualTo("fk-$literal");
    assertThat(merged.getValue("PORT")).as("from conf, untouched").isEqualTo(1111);
    ProxySettings settings = SettingsReader.read(merged);
    assertThat(settings.modelAliases()).containsEntry("sonnet", "claude-x").containsEntry("fast", "glm-y");
  }

  @Test
  void missingDotenvIsFine(Vertx vertx) {
    assertThat(dotenv).doesNotExist();

    ProxySettings settings = Await.result(ConfigLoader.load(vertx,
        sources(new JsonObject().put("FACTORY_AI_TOKEN", "fk-x"))));

    assertThat(settings.port()).isEqualTo(1111);
  }

  @Test
  void dotenvWithASyntaxErrorFailsTheLoadNamingTheLine(Vertx vertx) throws IOException {
    Files.writeString(dotenv, "PORT=2222\nFACTORY_AI_TOKEN=\"fk-secret-value\" trailing\n");

    Throwable failure = Await.failure(ConfigLoader.load(vertx,
        sources(new JsonObject().put("FACTORY_AI_TOKEN", "fk-x"))));

    assertThat(failure).isInstanceOf(ConfigException.class);
    assertThat(failure.getMessage()).contains(dotenv.toString()).contains("line 2").doesNotContain("fk-secret-value");
  }

  @Test
  void dotenvWithAnUnclosedQuoteFailsTheLoad(Vertx vertx) throws IOException {
    Files.writeString(dotenv, "FACTORY_AI_TOKEN=\"fk-never-closed\n");

    Throwable failure = Await.failure(ConfigLoader.merged(vertx, sources(new JsonObject())));

    assertThat(failure).isInstanceOf(ConfigException.class).hasMessageContaining("line 1")
        .hasMessageNotContaining("fk-never-closed");
  }

  @Test
  void invalidJsonInTheConfFileIsAClearConfigException(Vertx vertx) throws IOException {
    Files.writeString(conf, "{\"PORT\": 1111,\n \"ROUTES\": [ }", StandardCharsets.UTF_8);

    Throwable failure = Await.failure(ConfigLoader.load(vertx,
        sources(new JsonObject().put("FACTORY_AI_TOKEN", "fk-x"))));

    assertThat(failure).isInstanceOf(ConfigException.class);
    assertThat(failure.getMessage()).contains(conf.toString()).contains("not valid JSON").doesNotContain("\n");
  }

  @Test
  void missingConfFileIsAClearConfigException(Vertx vertx) throws IOException {
    Files.delete(conf);

    Throwable failure = Await.failure(ConfigLoader.load(vertx,
        sources(new JsonObject().put("FACTORY_AI_TOKEN", "fk-x"))));

    assertThat(failure).isInstanceOf(ConfigException.class);
    assertThat(failure.getMessage()).contains(conf.toString()).contains("cannot be read");
  }

  @Test
  void validationErrorsComeThroughTheLoaderAsConfigException(Vertx vertx) throws IOException {
    Files.writeString(dotenv, "FACTORY_AI_TOKEN=fk-x\nPORT=not-a-port\n");

    Throwable failure = Await.failure(ConfigLoader.load(vertx, sources(new JsonObject())));

    assertThat(failure).isInstanceOf(ConfigException.class).hasMessageContaining("PORT");
  }
}
