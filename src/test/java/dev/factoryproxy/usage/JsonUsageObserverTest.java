package dev.factoryproxy.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.translate.WireApi;
import dev.factoryproxy.translate.model.Usage;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** Usage read from non-streamed answers, fed in split chunks as the forwarder sees them. */
class JsonUsageObserverTest {

  private static Usage observe(WireApi api, String body, int chunk) {
    UsageObserver observer = UsageObservers.json().open(api, "application/json; charset=utf-8");
    for (int i = 0; i < body.length(); i += chunk) {
      observer.chunk(Buffer.buffer(body.substring(i, Math.min(body.length(), i + chunk))));
    }
    return observer.end();
  }

  @Test
  void responsesInputTokensIncludeTheCachedOnesWhichAreTakenOut() {
    String body = "{\"object\":\"response\",\"output\":[],\"usage\":{\"input_tokens\":328,"
        + "\"input_tokens_details\":{\"cached_tokens\":128},\"output_tokens\":52,"
        + "\"output_tokens_details\":{\"reasoning_tokens\":32},\"total_tokens\":380}}";
    assertThat(observe(WireApi.RESPONSES, body, 7)).isEqualTo(new Usage(200L, 52L, 128L, null, 32L));
  }

  @Test
  void anthropicFieldsMapOneToOne() {
    String body = "{\"type\":\"message\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5,"
        + "\"cache_read_input_tokens\":3,\"cache_creation_input_tokens\":4}}";
    assertThat(observe(WireApi.MESSAGES, body, 1)).isEqualTo(new Usage(10L, 5L, 3L, 4L, null));
  }

  @Test
  void chatWithoutDetailsAndAnswersWithoutUsage() {
    assertThat(observe(WireApi.CHAT, "{\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2}}", 5))
        .isEqualTo(new Usage(9L, 2L, null, null, null));
    assertThat(observe(WireApi.CHAT, "{\"error\":{\"message\":\"x\"}}", 5)).isEqualTo(Usage.NONE);
    assertThat(observe(WireApi.CHAT, "not json", 5)).isEqualTo(Usage.NONE);
  }

  @Test
  void eventStreamsAreLeftToTheStreamTap() {
    assertThat(UsageObservers.json().open(WireApi.CHAT, "text/event-stream")).isNull();
    assertThat(UsageObservers.json().open(null, "application/json")).isNull();
  }

  @Test
  void usageIsFoundPastNestedFieldsThatLookLikeIt() {
    // Only the top-level usage counts: the same name inside the output or a tool's arguments is skipped.
    String body = "{\"choices\":[{\"message\":{\"content\":\"{\\\"usage\\\":1}\",\"usage\":{\"prompt_tokens\":99}}}],"
        + "\"meta\":{\"usage\":{\"prompt_tokens\":98}},\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3}}";
    assertThat(observe(WireApi.CHAT, body, 3)).isEqualTo(new Usage(7L, 3L, null, null, null));
    assertThat(observe(WireApi.CHAT, "[{\"usage\":{\"prompt_tokens\":1}}]", 4)).isEqualTo(Usage.NONE);
    assertThat(observe(WireApi.CHAT, "{\"id\":\"x\",\"usage\":", 4)).isEqualTo(Usage.NONE);
  }
}
