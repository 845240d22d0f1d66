package dev.factoryproxy.config;

import java.util.Arrays;
import java.util.List;

/**
 * Every setting the proxy reads. A setting has the same name in every source:
 * {@code conf/config.json}, {@code .env}, the process environment and {@code -conf}.
 */
public enum Setting {
  FACTORY_AI_TOKEN,
  UPSTREAM_TOKENS,
  MAX_RETRIES,
  MAX_COOLDOWN,
  EXHAUSTED_COOLDOWN,
  FACTORY_BASE_URL,
  HOST,
  PORT,
  PROXY_API_KEYS,
  CONNECT_TIMEOUT,
  RESPONSE_TIMEOUT,
  STREAM_IDLE_TIMEOUT,
  HEADER_TIMEOUT,
  BODY_TIMEOUT,
  SHUTDOWN_TIMEOUT,
  MAX_BODY_SIZE,
  MAX_HEADER_SIZE,
  MAX_URI_LENGTH,
  UPSTREAM_POOL_SIZE,
  INSTANCES,
  MODEL_ALIASES,
  MODELS,
  STRICT_MODELS,
  REASONING_BUDGETS,
  ROUTES,
  KEYS_FILE,
  ADMIN_API_KEY,
  STATE_DIR,
  CHAT_STREAM_USAGE,
  SERVER_TIMING,
  LOG_FORMAT,
  TRANSPORT,
  CLUSTER_NAME,
  CLUSTER_MEMBERS,
  CLUSTER_PORT,
  CLUSTER_HOST;

  /** The names, for the environment store: only these are taken from the process environment. */
  public static List<String> names() {
    return Arrays.stream(values()).map(Enum::name).toList();
  }
}
