package dev.factoryproxy.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodyScannerTest {

  private final JsonBodyScanner scanner = new JsonBodyScanner(1 << 20);

  private static Buffer utf8(String text) {
    return Buffer.buffer(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The body's bytes between the facts' offsets, as text. */
  private static String modelToken(Buffer body, RequestFacts facts) {
    return body.getString(facts.modelStart(), facts.modelEnd(), "UTF-8");
  }

  /**
   * Scans {@code json}, checks the model it finds and the raw token (quotes and escapes
   * included) between the offsets it reports, and returns the facts for further checks.
   */
  private RequestFacts scanModel(String json, String model, String token) {
    Buffer body = utf8(json);
    RequestFacts facts = scanner.scan(body);
    assertThat(facts.model()).isEqualTo(model);
    assertThat(modelToken(body, facts)).isEqualTo(token);
    return facts;
  }

  @Test
  void modelOffsetsCoverTheWholeStringTokenWithItsQuotes() {
    RequestFacts facts = scanModel("{\"model\":\"claude-x\",\"max_tokens\":5}", "claude-x", "\"claude-x\"");

    assertThat(facts.modelStart()).isEqualTo(9);
    assertThat(facts.modelEnd()).isEqualTo(19);
  }

  @Test
  void modelWithEscapesIsDecodedAndItsRawTokenCovered() {
    scanModel("{\"max_tokens\":5, \"model\" :  \"a\\\"b\\\\c\\u0041\" , \"x\":1}",
        "a\"b\\cA", "\"a\\\"b\\\\c\\u0041\"");
  }

  @Test
  void offsetsAreInBytesWhenMultiByteCharactersComeFirst() {
    scanModel("{\"content\":\"héllo 🎉 日本\",\"model\":\"m-1\"}", "m-1", "\"m-1\"");
  }

  @Test
  void nestedModelKeysAreIgnored() {
    Buffer body = utf8("{\"messages\":[{\"role\":\"user\",\"model\":\"inner\"}],"
        + "\"metadata\":{\"model\":\"meta\",\"deep\":{\"model\":\"deeper\"}},"
        + "\"tools\":[[\"model\"],{\"model\":{\"model\":\"x\"}}]}");

    RequestFacts facts = scanner.scan(body);

    assertThat(facts.model()).isNull();
    assertThat(facts.modelStart()).isEqualTo(-1);
    assertThat(facts.modelEnd()).isEqualTo(-1);
  }

  @Test
  void topLevelModelAfterNestedOnesIsFound() {
    scanModel("{\"messages\":[{\"model\":\"inner\",\"content\":\"\\\"model\\\": \\\"fake\\\"\"}],"
        + "\"model\":\"outer\"}", "outer", "\"outer\"");
  }

  @Test
  void nonStringModelIsNoModel() {
    assertThat(scanner.scan(utf8("{\"model\":42}")).model()).isNull();
    assertThat(scanner.scan(utf8("{\"model\":null}")).model()).isNull();
    assertThat(scanner.scan(utf8("{\"model\":{\"name\":\"x\"},\"a\":1}")).model()).isNull();
    assertThat(scanner.scan(utf8("{\"model\":[\"x\"],\"a\":1}")).model()).isNull();
  }

  @Test
  void streamDetection() {
    assertThat(scanner.scan(utf8("{\"stream\":true}")).stream()).isTrue();
    assertThat(scanner.scan(utf8("{\"model\":\"m\", \"stream\" : true }")).stream()).isTrue();
    assertThat(scanner.scan(utf8("{\"stream\":false}")).stream()).isFalse();
    assertThat(scanner.scan(utf8("{\"stream\":\"true\"}")).stream()).isFalse();
    assertThat(scanner.scan(utf8("{\"stream\":1}")).stream()).isFalse();
    assertThat(scanner.scan(utf8("{\"stream\":null}")).stream()).isFalse();
    assertThat(scanner.scan(utf8("{\"model\":\"m\"}")).stream()).isFalse();
    assertThat(scanner.scan(utf8("{\"options\":{\"stream\":true}}")).stream()).isFalse();
    assertThat(scanner.scan(utf8("{\"stream_options\":{\"include_usage\":true},\"stream\":true}")).stream()).isTrue();
  }

  @Test
  void streamHoldingAnObjectOrArrayIsSkippedWhole() {
    // A "stream" that is not a boolean must not leak its members into the top level.
    RequestFacts facts = scanModel("{\"stream\":{\"model\":\"inside\",\"stream\":true},\"model\":\"outer\",\"x\":[1]}",
        "outer", "\"outer\"");

    assertThat(facts.stream()).isFalse();
    assertThat(scanner.scan(utf8("{\"stream\":[true,{\"model\":\"x\"}],\"model\":\"m\"}")).model()).isEqualTo("m");
  }

  @Test
  void aRepeatedTopLevelModelKeepsTheLast() {
    scanModel("{\"model\":\"first\",\"model\":\"second\"}", "second", "\"second\"");
  }

  @Test
  void offsetsAreRelativeToTheBufferWhenItIsASliceOfALargerArray() {
    byte[] bytes = "GARBAGE{\"a\":1,\"model\":\"m\"}TRAILER".getBytes(StandardCharsets.UTF_8);
    ByteBuf slice = Unpooled.wrappedBuffer(bytes, 7, bytes.length - 7 - 7);
    Buffer body = BufferInternal.buffer(slice);

    RequestFacts facts = scanner.scan(body);

    assertThat(body.toString()).isEqualTo("{\"a\":1,\"model\":\"m\"}");
    assertThat(modelToken(body, facts)).isEqualTo("\"m\"");
    assertThat(ModelAliases.splice(body, facts, "new-model").toString())
        .isEqualTo("{\"a\":1,\"model\":\"new-model\"}");
  }

  @Test
  void spliceReplacesOnlyTheModelTokenAndEncodesTheTarget() {
    Buffer body = utf8("{ \"é\":\"ü\", \"model\" : \"a\\\"b\" ,\"z\":[1]}");
    RequestFacts facts = scanner.scan(body);

    Buffer spliced = ModelAliases.splice(body, facts, "t\"q\u2028");

    assertThat(spliced.toString(StandardCharsets.UTF_8))
        .isEqualTo("{ \"é\":\"ü\", \"model\" : \"t\\\"q\u2028\" ,\"z\":[1]}");
    assertThat(scanner.scan(spliced).model()).isEqualTo("t\"q\u2028");
    assertThat(body.toString(StandardCharsets.UTF_8)).as("the original is untouched")
        .isEqualTo("{ \"é\":\"ü\", \"model\" : \"a\\\"b\" ,\"z\":[1]}");
  }

  @Test
  void compositeBodiesFromManyChunksScanAlike() {
    String text = "{\"messages\":[{\"content\":\"" + "é".repeat(3000) + "\"}],\"model\":\"m-composite\",\"stream\":true}";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    CompositeByteBuf composite = Unpooled.compositeBuffer();
    for (int i = 0; i < bytes.length; i += 1000) {
      composite.addComponent(true, Unpooled.wrappedBuffer(bytes, i, Math.min(1000, bytes.length - i)));
    }
    Buffer body = BufferInternal.buffer(composite);

    RequestFacts facts = scanner.scan(body);

    assertThat(facts.model()).isEqualTo("m-composite");
    assertThat(facts.stream()).isTrue();
    assertThat(modelToken(body, facts)).isEqualTo("\"m-composite\"");
    assertThat(ModelAliases.splice(body, facts, "x").toString(StandardCharsets.UTF_8))
        .isEqualTo(text.replace("\"m-composite\"", "\"x\""));
  }

  @Test
  void scanningDoesNotConsumeTheBuffer() {
    Buffer body = utf8("{\"model\":\"m\"}");
    ByteBuf buf = ((BufferInternal) body).getByteBuf();
    int before = buf.readerIndex();

    scanner.scan(body);
    scanner.scan(body);

    assertThat(buf.readerIndex()).isEqualTo(before);
    assertThat(body.toString()).isEqualTo("{\"model\":\"m\"}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "[]", "[{}]", "\"s\"", "1", "true", "null", "{", "{\"a\":1", "{\"a\":}", "{}x",
      "{} {}", "{}[]", "{\"a\":1,}", "{a:1}", "{'a':1}", "{\"a\":1}}", "{\"a\":[1,2}", "\u00ef\u00bb"})
  void invalidBodiesThrow(String text) {
    assertThatThrownBy(() -> scanner.scan(utf8(text))).isInstanceOf(InvalidJsonException.class)
        .hasMessageStartingWith("the request body");
  }

  @Test
  void nullBodyIsEmpty() {
    assertThatThrownBy(() -> scanner.scan(null)).isInstanceOf(InvalidJsonException.class).hasMessageContaining("empty");
  }

  @Test
  void validEdgeCases() {
    assertThat(scanner.scan(utf8("{}")).model()).isNull();
    assertThat(scanner.scan(utf8(" \r\n\t{ } \n")).model()).isNull();
    assertThat(scanner.scan(utf8("{\"model\":\"\"}")).model()).isEmpty();
  }

  @Test
  void aStringAsLongAsTheBodyLimitIsAccepted() {
    JsonBodyScanner small = new JsonBodyScanner(64 * 1024);
    String big = "{\"image\":\"" + "A".repeat(60 * 1024) + "\",\"model\":\"m\"}";

    assertThat(small.scan(utf8(big)).model()).isEqualTo("m");
  }
}
