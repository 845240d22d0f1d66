package dev.factoryproxy.config;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the file that supplied {@code FACTORY_AI_TOKEN} (a {@code -conf} file, {@code .env}, or
 * {@code conf/config.json}, following the settings' precedence) and says so when users other
 * than the owner may read or write it: readers can take the token, writers can point
 * {@code FACTORY_BASE_URL} elsewhere and have the proxy send it there. File systems without
 * POSIX permissions are skipped silently. Reads files: call it off the event loop.
 */
public final class TokenFileCheck {

  private static final String TOKEN = Setting.FACTORY_AI_TOKEN.name();

  private TokenFileCheck() {
  }

  /**
   * @param confFile the file {@code -conf} named, if it named one rather than giving JSON
   * @param environment the process environment
   * @return one line to log as a warning, without any secret in it, or empty when all is well
   */
  public static Optional<String> warning(ConfigSources sources, Optional<Path> confFile,
                                         Map<String, String> environment) {
    return tokenFile(sources, confFile, environment).flatMap(TokenFileCheck::exposure);
  }

  /** The file the token came from, when it came from a file. */
  static Optional<Path> tokenFile(ConfigSources sources, Optional<Path> confFile, Map<String, String> environment) {
    if (sources.overrides().containsKey(TOKEN)) {
      return confFile;
    }
    if (sources.includeEnvironment() && environment.containsKey(TOKEN)) {
      return Optional.empty();
    }
    Path dotenv = Path.of(sources.dotenvFile());
    if (holdsToken(dotenv, true)) {
      return Optional.of(dotenv);
    }
    Path config = Path.of(sources.configFile());
    return holdsToken(config, false) ? Optional.of(config) : Optional.empty();
  }

  /** What is wrong with who may use {@code file}, or empty. */
  static Optional<String> exposure(Path file) {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException | IOException e) {
      return Optional.empty();
    }
    List<String> who = new ArrayList<>();
    if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.GROUP_WRITE)) {
      who.add("its group");
    }
    if (permissions.contains(PosixFilePermission.OTHERS_READ) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
      who.add("other users");
    }
    if (who.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(file + " holds " + TOKEN + " and " + String.join(" and ", who) + " may read or change it ("
        + PosixFilePermissions.toString(permissions) + "); make it readable by its owner only: chmod 600 " + file);
  }

  private static boolean holdsToken(Path file, boolean dotenv) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try {
      String text = Files.readString(file);
      return dotenv ? DotenvParser.parse(file.toString(), text).containsKey(TOKEN) : new JsonObject(text).containsKey(TOKEN);
    } catch (IOException | RuntimeException e) {
      // Unreadable or malformed: the settings loader reports that; here it only means "not this file".
      return false;
    }
  }
}
