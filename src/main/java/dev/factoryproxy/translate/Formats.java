package dev.factoryproxy.translate;

import dev.factoryproxy.translate.chat.ChatFormat;
import dev.factoryproxy.translate.messages.MessagesFormat;
import dev.factoryproxy.translate.responses.ResponsesFormat;
import java.util.EnumMap;
import java.util.Map;

/** The three wire formats, one stateless instance each, by the API they speak. */
public final class Formats {

  private final Map<WireApi, WireFormat> formats = new EnumMap<>(WireApi.class);

  public Formats() {
    formats.put(WireApi.MESSAGES, MessagesFormat.create());
    formats.put(WireApi.CHAT, ChatFormat.create());
    formats.put(WireApi.RESPONSES, ResponsesFormat.create());
  }

  public WireFormat of(WireApi api) {
    return formats.get(api);
  }
}
