package dev.factoryproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Canary;
import dev.factoryproxy.testing.MockFactory;
import dev.factoryproxy.testing.Recorded;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Two proxies started with {@code -cluster} form one Hazelcast cluster and both serve. Each
 * run uses the packaged cluster.xml with its own cluster name and member ports, so it joins
 * nothing else running on the machine, and nothing else joins it.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterIT extends ProcessTestSupport {

  private static final String HAZELCAST_NS = "http://www.hazelcast.com/schema/config";

  @Test
  void packagedClusterConfigJoinsOverTcpIpNotMulticast() throws Exception {
    String packaged = packagedClusterXml();
    assertThat(packaged).isEqualTo(Files.readString(Path.of("conf/cluster.xml")));

    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    Document doc = factory.newDocumentBuilder()
        .parse(new ByteArrayInputStream(packaged.getBytes(StandardCharsets.UTF_8)));
    Element join = single(doc.getDocumentElement(), "join");
    assertThat(single(join, "multicast").getAttribute("enabled")).isEqualTo("false");
    assertThat(single(join, "auto-detection").getAttribute("enabled")).isEqualTo("false");
    Element tcpIp = single(join, "tcp-ip");
    assertThat(tcpIp.getAttribute("enabled")).isEqualTo("true");
    assertThat(tcpIp.getElementsByTagNameNS(HAZELCAST_NS, "member").getLength()).isPositive();
  }

  @Test
  void twoClusteredProxiesSeeEachOtherAndBothForward(Vertx vertx) throws Exception {
    long began = System.nanoTime();
    MockFactory upstream = MockFactory.start(vertx);
    String clusterName = "factory-proxy-it-" + UUID.randomUUID();
    int[] memberPorts = ProxyProcess.freePorts(2);
    int memberPortA = memberPorts[0];
    int memberPortB = memberPorts[1];
    String tokenA = Canary.variant("cluster-a");
    String tokenB = Canary.variant("cluster-b");

    ProxyProcess a = startMember("a", clusterName, memberPortA, memberPortA, memberPortB, upstream, tokenA);
    ProxyProcess b = startMember("b", clusterName, memberPortB, memberPortA, memberPortB, upstream, tokenB);
    Duration start = Duration.ofSeconds(45);
    int portA = a.awaitListening(start);
    int portB = b.awaitListening(start);
    assertThat(portA).isNotEqualTo(portB);

    // Hazelcast takes a few seconds to merge the two members; the second may start alone.
    Duration merge = Duration.ofSeconds(30);
    JsonObject infoA = http.awaitInfo(a, portA, merge, "\"members\":2 on GET /", ClusterIT::twoMembers);
    JsonObject infoB = http.awaitInfo(b, portB, merge, "\"members\":2 on GET /", ClusterIT::twoMembers);
    assertThat(infoA.getJsonObject("cluster").getBoolean("clustered")).isTrue();
    assertThat(infoB.getJsonObject("cluster").getBoolean("clustered")).isTrue();
    assertThat(infoA.getJsonObject("cluster").getString("node"))
        .isNotBlank()
        .isNotEqualTo(infoB.getJsonObject("cluster").getString("node"));

    assertForwards(portA, upstream, tokenA);
    assertForwards(portB, upstream, tokenB);
    System.out.printf("ClusterIT: two members up, merged and serving in %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
  }

  private ProxyProcess startMember(String name, String clusterName, int memberPort, int portA, int portB,
                                   MockFactory upstream, String token) throws Exception {
    Path work = tmp.resolve(name);
    Files.createDirectories(work);
    Files.writeString(work.resolve(".env"), "FACTORY_AI_TOKEN=" + token + "\n"
        + "FACTORY_BASE_URL=" + upstream.baseUrl() + "\n");
    Path hazelcast = tmp.resolve("cluster-" + name + ".xml");
    Files.writeString(hazelcast, isolatedClusterXml(packagedClusterXml(), clusterName, memberPort, portA, portB));
    return start(ProxyProcess.jar(work)
        .env("PORT", "0")
        .jvmFlag("-Dvertx.hazelcast.config=" + hazelcast)
        // Join sooner than Hazelcast's defaults (5 s, at most 20 s): only two loopback members.
        .jvmFlag("-Dhazelcast.wait.seconds.before.join=1")
        .jvmFlag("-Dhazelcast.max.wait.seconds.before.join=3")
        .args("-cluster", "-cluster-host", "127.0.0.1"));
  }

  /** The packaged config with this run's cluster name, a fixed member port, and both members listed. */
  static String isolatedClusterXml(String packaged, String clusterName, int memberPort, int portA, int portB) {
    String xml = replaceOnce(packaged, "<cluster-name>[^<]*</cluster-name>",
        "<cluster-name>" + clusterName + "</cluster-name>");
    xml = replaceOnce(xml, "<port\\b[^>]*>\\s*\\d+\\s*</port>", "<port auto-increment=\"false\">" + memberPort + "</port>");
    xml = replaceOnce(xml, "(?s)<member-list>.*?</member-list>",
        "<member-list><member>127.0.0.1:" + portA + "</member><member>127.0.0.1:" + portB + "</member></member-list>");
    return xml;
  }

  private void assertForwards(int port, MockFactory upstream, String token) throws Exception {
    HttpResponse<String> response = http.postJson(port, "/v1/responses", "{\"model\":\"gpt-it\",\"input\":\"hi\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Recorded received = upstream.nextRequest();
    assertThat(received.path()).isEqualTo("/api/llm/o/v1/responses");
    assertThat(received.headers().getAll("authorization")).containsExactly("Bearer " + token);
  }

  private static boolean twoMembers(JsonObject info) {
    JsonObject cluster = info.getJsonObject("cluster");
    return cluster != null && Boolean.TRUE.equals(cluster.getBoolean("clustered"))
        && Integer.valueOf(2).equals(cluster.getInteger("members"));
  }

  static String packagedClusterXml() throws Exception {
    try (JarFile jar = new JarFile(ProxyProcess.jar().toFile())) {
      ZipEntry entry = jar.getEntry("cluster.xml");
      assertThat(entry).as("cluster.xml at the root of the jar, where vertx-hazelcast looks").isNotNull();
      try (InputStream in = jar.getInputStream(entry)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  private static String replaceOnce(String text, String regex, String replacement) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("cluster.xml has " + regex).isTrue();
    String result = text.substring(0, m.start()) + replacement + text.substring(m.end());
    assertThat(m.find()).as("cluster.xml has one " + regex).isFalse();
    return result;
  }

  private static Element single(Element parent, String name) {
    NodeList nodes = parent.getElementsByTagNameNS(HAZELCAST_NS, name);
    assertThat(nodes.getLength()).as("one <" + name + "> in cluster.xml").isEqualTo(1);
    return (Element) nodes.item(0);
  }
}
