package dev.factoryproxy.config;

import java.nio.file.Path;

/**
 * Who may use the proxy and how much: the settings of client identities, limits and usage.
 *
 * @param keysFile {@code KEYS_FILE}, or the default {@code conf/keys.json} (used only if it exists at start)
 * @param keysFileExplicit whether {@code KEYS_FILE} was set (then a missing file stops the start)
 * @param adminKey {@code ADMIN_API_KEY}, or {@code null}: then {@code /admin/*} answers only on loopback
 * @param stateDir {@code STATE_DIR}, where a single node keeps the day's usage across restarts
 * @param chatStreamUsage {@code CHAT_STREAM_USAGE}: whether a Chat Completions stream whose client
 *     did not ask for usage is asked for it upstream (and the usage chunk hidden from the client),
 *     so that its tokens are counted
 */
public record AccessSettings(Path keysFile, boolean keysFileExplicit, Secret adminKey, Path stateDir,
                             boolean chatStreamUsage) {

  public static final Path DEFAULT_KEYS_FILE = Path.of("conf", "keys.json");
  public static final Path DEFAULT_STATE_DIR = Path.of("state");

  public static AccessSettings defaults() {
    return new AccessSettings(null, false, null, DEFAULT_STATE_DIR, true);
  }
}
