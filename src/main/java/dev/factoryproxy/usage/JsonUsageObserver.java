package dev.factoryproxy.usage;

import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.WireApi;
import dev.factoryproxy.translate.model.Usage;
import io.vertx.core.buffer.Buffer;

/**
 * Copies a non-streamed JSON answer aside as it passes and reads its {@code usage} at the end,
 * without building a tree of the rest of the answer.
 * Answers above {@link #MAX_BYTES} are not read (their usage is lost, not their bytes).
 */
final class JsonUsageObserver implements UsageObserver {

  static final int MAX_BYTES = 16 << 20;

  private final WireApi api;
  private Buffer copy = Buffer.buffer();
  private boolean tooLarge;

  JsonUsageObserver(WireApi api) {
    this.api = api;
  }

  @Override
  public void chunk(Buffer chunk) {
    if (tooLarge) {
      return;
    }
    if (copy.length() + chunk.length() > MAX_BYTES) {
      tooLarge = true;
      copy = null;
      return;
    }
    copy.appendBuffer(chunk);
  }

  @Override
  public Usage end() {
    if (tooLarge || copy.length() == 0) {
      return Usage.NONE;
    }
    try {
      return UsageFields.read(api, JsonTrees.field(copy, "usage"));
    } catch (TranslationException notJson) {
      return Usage.NONE;
    }
  }
}
