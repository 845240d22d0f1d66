package dev.factoryproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Canary;
import dev.factoryproxy.testing.MockFactory;
import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.WireFormats;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two proxies started with {@code -cluster} share their upstream token states: a 429 one member
 * sees cools that token for the other, which then skips it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TokenClusterIT extends ProcessTestSupport {

  private static final String A = Canary.variant("shared-a");
  private static final String B = Canary.variant("shared-b");
  private static final String BODY = "{\"model\":\"gpt-it\",\"input\":\"hi\"}";

  @Test
  void a429SeenByOneMemberMakesTheOtherSkipThatToken(Vertx vertx) throws Exception {
    MockFactory upstream = MockFactory.start(vertx);
    upstream.reply(request -> ("Bearer " + A).equals(request.headers().get("authorization"))
        ? Reply.json(429, "{\"error\":{\"message\":\"limited\"}}", Map.of("retry-after", "120"))
        : WireFormats.defaultReply(request));
    String clusterName = "factory-proxy-tokens-it-" + UUID.randomUUID();
    int[] memberPorts = ProxyProcess.freePorts(2);
    // Token a takes all the traffic while usable (weight 1000 against 1).
    String tokens = new JsonArray()
        .add(new JsonObject().put("name", "a").put("token", A).put("weight", 1000))
        .add(new JsonObject().put("name", "b").put("token", B)).encode();

    ProxyProcess one = startMember("one", clusterName, memberPorts[0], memberPorts, upstream, tokens);
    ProxyProcess two = startMember("two", clusterName, memberPorts[1], memberPorts, upstream, tokens);
    int portOne = one.awaitListening(Duration.ofSeconds(45));
    int portTwo = two.awaitListening(Duration.ofSeconds(45));
    http.awaitInfo(one, portOne, Duration.ofSeconds(30), "\"members\":2 on GET /", TokenClusterIT::twoMembers);
    http.awaitInfo(two, portTwo, Duration.ofSeconds(30), "\"members\":2 on GET /", TokenClusterIT::twoMembers);

    HttpResponse<String> first = http.postJson(portOne, "/v1/responses", BODY);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(tokensSeen(upstream)).containsExactly(A, B);

    http.awaitHealth(two, portTwo, Duration.ofSeconds(10), "token a cooling on the other member's /health",
        TokenClusterIT::aCooling);
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> response = http.postJson(portTwo, "/v1/responses", BODY);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
    assertThat(tokensSeen(upstream)).as("the other member never tried the cooling token")
        .containsExactly(A, B, B, B, B, B, B);
  }

  private ProxyProcess startMember(String name, String clusterName, int memberPort, int[] memberPorts,
                                   MockFactory upstream, String tokens) throws Exception {
    Path work = tmp.resolve(name);
    Files.createDirectories(work);
    Files.writeString(work.resolve(".env"), "UPSTREAM_TOKENS=" + tokens + "\n"
        + "FACTORY_BASE_URL=" + upstream.baseUrl() + "\n");
    Path hazelcast = tmp.resolve("cluster-" + name + ".xml");
    Files.writeString(hazelcast, ClusterIT.isolatedClusterXml(ClusterIT.packagedClusterXml(), clusterName, memberPort,
        memberPorts[0], memberPorts[1]));
    return start(ProxyProcess.jar(work)
        .env("PORT", "0")
        .jvmFlag("-Dvertx.hazelcast.config=" + hazelcast)
        .jvmFlag("-Dhazelcast.wait.seconds.before.join=1")
        .jvmFlag("-Dhazelcast.max.wait.seconds.before.join=3")
        .args("-cluster", "-cluster-host", "127.0.0.1"));
  }

  private static List<String> tokensSeen(MockFactory upstream) {
    return upstream.requests().stream().map(Recorded::headers)
        .map(h -> h.get("authorization").substring("Bearer ".length())).toList();
  }

  private static boolean twoMembers(JsonObject info) {
    JsonObject cluster = info.getJsonObject("cluster");
    return cluster != null && Integer.valueOf(2).equals(cluster.getInteger("members"));
  }

  private static boolean aCooling(JsonObject health) {
    JsonArray tokens = health.getJsonArray("tokens");
    return tokens != null && tokens.stream().map(JsonObject.class::cast)
        .anyMatch(t -> "a".equals(t.getString("name")) && "cooling".equals(t.getString("state")));
  }
}
