package dev.factoryproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** Events as the upstream writes them, and as a translating proxy re-encodes them. */
class StampsTest {

  @Test
  void chatChunkFieldAsWritten() {
    assertThat(Stamps.sentAt(new ChatChunks().tick(123456789L))).isEqualTo(123456789L);
  }

  @Test
  void messagesDeltaTextAsWritten() {
    assertThat(Stamps.sentAt(new MessagesEvents().tick(987654321L))).isEqualTo(987654321L);
  }

  @Test
  void textStampInATranslatedChatChunk() {
    String chunk = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
        + "\"model\":\"claude-sonnet-4-5-20250929\",\"choices\":[{\"index\":0,"
        + "\"delta\":{\"content\":\"t=42 \"},\"finish_reason\":null}]}";
    assertThat(Stamps.sentAt(Buffer.buffer(chunk))).isEqualTo(42L);
  }

  @Test
  void textStampInAResponsesDelta() {
    String event = "event: response.output_text.delta\n"
        + "data: {\"type\":\"response.output_text.delta\",\"sequence_number\":7,\"item_id\":\"msg_1\","
        + "\"output_index\":0,\"content_index\":0,\"delta\":\"t=77 \"}";
    assertThat(Stamps.sentAt(Buffer.buffer(event))).isEqualTo(77L);
  }

  @Test
  void aggregateOfSeveralDeltasIsNotTimed() {
    String event = "event: response.output_text.done\n"
        + "data: {\"type\":\"response.output_text.done\",\"item_id\":\"msg_1\",\"output_index\":0,"
        + "\"content_index\":0,\"text\":\"t=1 t=2 t=3 \"}";
    assertThat(Stamps.sentAt(Buffer.buffer(event))).isEqualTo(-1L);
  }

  @Test
  void eventsWithoutStampAreNotTimed() {
    assertThat(Stamps.sentAt(new ChatChunks().closing(3))).isEqualTo(-1L);
    assertThat(Stamps.sentAt(new MessagesEvents().opening())).isEqualTo(-1L);
    assertThat(Stamps.sentAt(Buffer.buffer("data: {\"delta\":{\"content\":\"at=5 t=x\"}}"))).isEqualTo(-1L);
  }

  @Test
  void messagesClosingCarriesTheTickCount() {
    assertThat(new MessagesEvents().closing(20).toString())
        .contains("\"stop_reason\":\"end_turn\"", "\"output_tokens\":20}", "event: message_stop");
  }
}
