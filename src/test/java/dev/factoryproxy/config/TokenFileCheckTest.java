package dev.factoryproxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Canary;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which file supplied the token, and whether others may read it: real files, real permissions. */
class TokenFileCheckTest {

  @TempDir
  Path dir;

  private Path dotenv;
  private Path config;

  @BeforeEach
  void paths() {
    dotenv = dir.resolve(".env");
    config = dir.resolve("config.json");
  }

  private ConfigSources sources(JsonObject overrides) {
    return new ConfigSources(config.toString(), dotenv.toString(), true, overrides);
  }

  private static void write(Path file, String text, String permissions) throws Exception {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
  }

  @ParameterizedTest(name = "{0} → warns: {1}")
  @CsvSource({
      "rw-------, false",
      "r--------, false",
      "rw-r--r--, true",
      "rw-r-----, true",
      "rw----r--, true",
      "rw--w----, true",
      "rw-rw-rw-, true"})
  void warnsWhenGroupOrOthersMayReadOrChangeTheDotenvHoldingTheToken(String permissions, boolean warns)
      throws Exception {
    write(dotenv, "FACTORY_AI_TOKEN=" + Canary.TOKEN + "\n", permissions);

    Optional<String> warning = TokenFileCheck.warning(sources(new JsonObject()), Optional.empty(), Map.of());

    assertThat(warning.isPresent()).isEqualTo(warns);
    warning.ifPresent(line -> assertThat(line)
        .contains(dotenv.toString()).contains("FACTORY_AI_TOKEN").contains(permissions).contains("chmod 600 " + dotenv)
        .doesNotContain(Canary.TOKEN).doesNotContain("\n"));
  }

  @Test
  void theTokenFromTheEnvironmentIsNotAFileEvenWhenAnOpenDotenvHasOneToo() throws Exception {
    write(dotenv, "FACTORY_AI_TOKEN=" + Canary.variant("dotenv") + "\n", "rw-r--r--");

    assertThat(TokenFileCheck.warning(sources(new JsonObject()), Optional.empty(),
        Map.of("FACTORY_AI_TOKEN", Canary.TOKEN))).isEmpty();
  }

  @Test
  void anOpenDotenvWithoutTheTokenIsNotReported() throws Exception {
    write(dotenv, "PORT=8080\n", "rw-r--r--");
    write(config, new JsonObject().put("FACTORY_AI_TOKEN", Canary.TOKEN).encode(), "rw-------");

    assertThat(TokenFileCheck.tokenFile(sources(new JsonObject()), Optional.empty(), Map.of())).contains(config);
    assertThat(TokenFileCheck.warning(sources(new JsonObject()), Optional.empty(), Map.of())).isEmpty();
  }

  @Test
  void theConfFileWinsOverDotenvAndIsTheOneReported() throws Exception {
    write(dotenv, "FACTORY_AI_TOKEN=" + Canary.variant("dotenv") + "\n", "rw-------");
    Path conf = dir.resolve("my-settings.json");
    write(conf, new JsonObject().put("FACTORY_AI_TOKEN", Canary.TOKEN).encode(), "rw-r--r--");
    JsonObject overrides = new JsonObject().put("FACTORY_AI_TOKEN", Canary.TOKEN);

    assertThat(TokenFileCheck.warning(sources(overrides), Optional.of(conf), Map.of()))
        .hasValueSatisfying(line -> assertThat(line).contains(conf.toString()).doesNotContain(".env"));
    // -conf given as JSON text: the token came from no file.
    assertThat(TokenFileCheck.warning(sources(overrides), Optional.empty(), Map.of())).isEmpty();
  }

  @Test
  void theShippedConfigFileIsReportedWhenItIsWhereTheTokenIs() throws Exception {
    write(config, new JsonObject().put("FACTORY_AI_TOKEN", Canary.TOKEN).encode(), "rw-rw-r--");

    assertThat(TokenFileCheck.warning(sources(new JsonObject()), Optional.empty(), Map.of()))
        .hasValueSatisfying(line -> assertThat(line).contains(config.toString()));
  }

  @Test
  void aMissingOrMalformedFileIsNotAnError() throws Exception {
    assertThat(TokenFileCheck.warning(sources(new JsonObject()), Optional.empty(), Map.of())).isEmpty();
    write(dotenv, "FACTORY_AI_TOKEN=\"never closed\n", "rw-r--r--");
    assertThat(TokenFileCheck.warning(sources(new JsonObject()), Optional.empty(), Map.of())).isEmpty();
  }
}
