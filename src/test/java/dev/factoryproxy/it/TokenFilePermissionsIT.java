package dev.factoryproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Canary;
import dev.factoryproxy.testing.MockFactory;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The start-up warning about the file holding the token, in a real process: one WARN line when
 * the file is open to others (naming the file and the fix, never the token), none when only its
 * owner may read it. The proxy starts and serves either way.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TokenFilePermissionsIT extends ProcessTestSupport {

  private List<String> warnings(ProxyProcess proxy) {
    return proxy.output().lines().filter(line -> line.contains("WARN")).toList();
  }

  private Path work() throws Exception {
    return Files.createDirectories(tmp.resolve("work"));
  }

  private static void write(Path file, String text, String permissions) throws Exception {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
  }

  @Test
  void aWorldReadableDotenvGetsOneWarningNamingItAndTheFix(Vertx vertx) throws Exception {
    MockFactory upstream = MockFactory.start(vertx);
    Path work = work();
    write(work.resolve(".env"), "FACTORY_AI_TOKEN=" + Canary.TOKEN + "\nFACTORY_BASE_URL=" + upstream.baseUrl()
        + "\nPORT=0\n", "rw-r--r--");

    ProxyProcess proxy = start(ProxyProcess.jar(work));
    http.awaitServing(proxy, START);

    assertThat(warnings(proxy)).as(proxy.tail()).singleElement().asString()
        .contains(".env").contains("FACTORY_AI_TOKEN").contains("rw-r--r--").contains("chmod 600 .env");
  }

  @Test
  void aConfFileReadableByItsGroupIsTheOneNamed(Vertx vertx) throws Exception {
    MockFactory upstream = MockFactory.start(vertx);
    Path work = work();
    // A .env only its owner reads holds a token too; -conf wins, so -conf's file is the one that matters.
    write(work.resolve(".env"), "FACTORY_AI_TOKEN=" + Canary.variant("dotenv") + "\n", "rw-------");
    Path conf = tmp.resolve("settings.json");
    write(conf, new JsonObject().put("FACTORY_AI_TOKEN", Canary.TOKEN).put("FACTORY_BASE_URL", upstream.baseUrl())
        .put("PORT", 0).encodePrettily(), "rw-r-----");

    ProxyProcess proxy = start(ProxyProcess.jar(work).args("-conf", conf.toString()));
    http.awaitServing(proxy, START);

    assertThat(warnings(proxy)).as(proxy.tail()).singleElement().asString()
        .contains(conf.toString()).contains("rw-r-----").contains("chmod 600 " + conf).doesNotContain(".env");
  }

  @Test
  void aDotenvOnlyItsOwnerReadsGetsNoWarning(Vertx vertx) throws Exception {
    MockFactory upstream = MockFactory.start(vertx);
    Path work = work();
    write(work.resolve(".env"), "FACTORY_AI_TOKEN=" + Canary.TOKEN + "\nFACTORY_BASE_URL=" + upstream.baseUrl()
        + "\nPORT=0\n", "rw-------");

    ProxyProcess proxy = start(ProxyProcess.jar(work));
    http.awaitServing(proxy, START);

    assertThat(warnings(proxy)).as(proxy.tail()).isEmpty();
  }
}
