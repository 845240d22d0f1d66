package dev.factoryproxy.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.slf4j.event.KeyValuePair;

/**
 * {@code LOG_FORMAT=json}: one JSON object per line, {@code ts}, {@code level}, {@code logger},
 * {@code thread}, {@code message}, the event's key-value pairs as fields of their own (the access
 * line's {@code key}, {@code model}, {@code ttfb_ms}, ...) and {@code error} with the stack trace.
 * Flat fields rather than Logback's {@code JsonEncoder} and its {@code kvpList} array, so that a
 * log shipper can index them as they are.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

  private static final byte[] NONE = new byte[0];
  private final JsonFactory json = new JsonFactory();

  @Override
  public byte[] headerBytes() {
    return NONE;
  }

  @Override
  public byte[] footerBytes() {
    return NONE;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator line = json.createGenerator(out)) {
      line.writeStartObject();
      line.writeStringField("ts", Instant.ofEpochMilli(event.getTimeStamp()).toString());
      line.writeStringField("level", event.getLevel().toString());
      line.writeStringField("logger", event.getLoggerName());
      line.writeStringField("thread", event.getThreadName());
      line.writeStringField("message", event.getFormattedMessage());
      if (event.getKeyValuePairs() != null) {
        for (KeyValuePair pair : event.getKeyValuePairs()) {
          field(line, pair.key, pair.value);
        }
      }
      IThrowableProxy error = event.getThrowableProxy();
      if (error != null) {
        line.writeStringField("error", ThrowableProxyUtil.asString(error));
      }
      line.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void field(JsonGenerator line, String key, Object value) throws IOException {
    if (value == null) {
      line.writeNullField(key);
    } else if (value instanceof Long || value instanceof Integer) {
      line.writeNumberField(key, ((Number) value).longValue());
    } else if (value instanceof Double number) {
      line.writeNumberField(key, number);
    } else {
      line.writeStringField(key, value.toString());
    }
  }
}
