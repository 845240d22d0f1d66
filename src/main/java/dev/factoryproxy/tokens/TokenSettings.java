package dev.factoryproxy.tokens;

import java.time.Duration;
import java.util.List;

/**
 * The upstream tokens and how the pool treats their failures.
 *
 * @param specs {@code FACTORY_AI_TOKEN}'s tokens ({@code token-1}, …) then {@code UPSTREAM_TOKENS}'s
 * @param maxRetries {@code MAX_RETRIES}: attempts after the first, before the first byte of an answer
 * @param maxCooldown {@code MAX_COOLDOWN}: the longest a 429 cools a token, whatever its headers say
 * @param exhaustedCooldown {@code EXHAUSTED_COOLDOWN}: how long a 402 takes a token out
 */
public record TokenSettings(List<TokenSpec> specs, int maxRetries, Duration maxCooldown, Duration exhaustedCooldown) {

  public static final int DEFAULT_MAX_RETRIES = 2;
  public static final Duration DEFAULT_MAX_COOLDOWN = Duration.ofMinutes(15);
  public static final Duration DEFAULT_EXHAUSTED_COOLDOWN = Duration.ofHours(1);

  public TokenSettings {
    specs = List.copyOf(specs);
  }
}
