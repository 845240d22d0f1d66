package dev.factoryproxy.tokens;

import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * When a 429 says the limit lifts: {@code Retry-After} (seconds or an HTTP date) first, else
 * Anthropic's {@code anthropic-ratelimit-*-reset} (RFC 3339 instants), else OpenAI's
 * {@code x-ratelimit-reset-*} (Go durations such as {@code 1s}, {@code 6m0s}, {@code 20ms}).
 * Of several reset headers, the latest of those whose {@code -remaining} is 0 counts (that limit
 * is the one hit), else the latest of all.
 */
final class ResetHeaders {

  private static final String ANTHROPIC = "anthropic-ratelimit-";
  private static final String OPENAI = "x-ratelimit-reset-";

  private ResetHeaders() {
  }

  /** Epoch milliseconds when the limit lifts, or -1 when the headers do not say. */
  static long resetMillis(MultiMap headers, long nowMillis) {
    if (headers == null) {
      return -1;
    }
    long retryAfter = retryAfter(headers.get("retry-after"), nowMillis);
    if (retryAfter >= 0) {
      return retryAfter;
    }
    long hit = -1;
    long any = -1;
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      long at = -1;
      String limit = null;
      if (name.startsWith(ANTHROPIC) && name.endsWith("-reset")) {
        at = instant(header.getValue());
        limit = name.substring(0, name.length() - "-reset".length());
      } else if (name.startsWith(OPENAI)) {
        long d = goDuration(header.getValue());
        at = d < 0 ? -1 : nowMillis + d;
        limit = "x-ratelimit-remaining-" + name.substring(OPENAI.length());
      }
      if (at >= 0) {
        any = Math.max(any, at);
        String remaining = headers.get(limit.startsWith(ANTHROPIC) ? limit + "-remaining" : limit);
        if (remaining != null && remaining.trim().equals("0")) {
          hit = Math.max(hit, at);
        }
      }
    }
    return hit >= 0 ? hit : any;
  }

  static long retryAfter(String value, long nowMillis) {
    if (value == null || value.isBlank()) {
      return -1;
    }
    String v = value.trim();
    try {
      double seconds = Double.parseDouble(v);
      return seconds < 0 ? -1 : nowMillis + Math.round(seconds * 1000);
    } catch (NumberFormatException notSeconds) {
      try {
        return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
      } catch (DateTimeParseException notADate) {
        return -1;
      }
    }
  }

  private static long instant(String value) {
    try {
      return OffsetDateTime.parse(value.trim()).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(value.trim()).toEpochMilli();
      } catch (DateTimeParseException e2) {
        return -1;
      }
    }
  }

  /** A Go duration ({@code 1h2m3.5s}, {@code 6m0s}, {@code 20ms}) in milliseconds, or -1. */
  static long goDuration(String value) {
    String v = value == null ? "" : value.trim();
    if (v.isEmpty()) {
      return -1;
    }
    double total = 0;
    int i = 0;
    while (i < v.length()) {
      int start = i;
      while (i < v.length() && (Character.isDigit(v.charAt(i)) || v.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        return -1;
      }
      double amount;
      try {
        amount = Double.parseDouble(v.substring(start, i));
      } catch (NumberFormatException e) {
        return -1;
      }
      int unitStart = i;
      while (i < v.length() && Character.isLetter(v.charAt(i))) {
        i++;
      }
      String unit = v.substring(unitStart, i);
      double factor = switch (unit) {
        case "h" -> 3_600_000;
        case "m" -> 60_000;
        case "s", "" -> 1000;
        case "ms" -> 1;
        case "us", "µs" -> 0.001;
        case "ns" -> 0.000001;
        default -> -1;
      };
      if (factor < 0) {
        return -1;
      }
      total += amount * factor;
    }
    return Math.round(total);
  }
}
