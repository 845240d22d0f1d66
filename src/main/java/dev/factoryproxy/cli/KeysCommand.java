package dev.factoryproxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.config.AccessSettings;
import dev.factoryproxy.config.ConfigException;
import dev.factoryproxy.keys.KeyDigests;
import dev.factoryproxy.keys.KeyFile;
import dev.factoryproxy.keys.KeySpec;
import dev.factoryproxy.translate.JsonTrees;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar factory-proxy.jar keys add|list|disable}: edits {@code KEYS_FILE} (the
 * environment's, else {@code conf/keys.json}; {@code --file PATH} overrides). {@code add} prints
 * the new key once and stores only its SHA-256. Every write goes to a temporary file that is
 * then moved over the old one, so a running proxy never reads half a file.
 */
public final class KeysCommand {

  private static final String USAGE = "usage: keys add NAME [--rpm N] [--tpm N] [--concurrency N] [--daily-tokens N] "
      + "[--models GLOBS] [--expires DATE] | keys list | keys disable NAME   (each also takes --file PATH)";
  private static final Map<String, String> LIMIT_FLAGS = Map.of("--rpm", "rpm", "--tpm", "tpm",
      "--concurrency", "concurrency", "--daily-tokens", "daily_tokens");

  private final PrintStream out;
  private final PrintStream err;
  private final SecureRandom random = new SecureRandom();

  public KeysCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** @return the exit code */
  public int run(List<String> args, Map<String, String> env) {
    try {
      Options options = Options.parse(args, env);
      return switch (options.verb()) {
        case "add" -> add(options);
        case "list" -> list(options);
        case "disable" -> disable(options);
        default -> usage();
      };
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return usage();
    } catch (ConfigException | IOException e) {
      err.println(e.getMessage());
      return 1;
    }
  }

  private int usage() {
    err.println(USAGE);
    return 2;
  }

  private int add(Options options) throws IOException {
    String name = options.name();
    ObjectNode root = read(options.file(), true);
    ArrayNode keys = (ArrayNode) root.get("keys");
    for (JsonNode entry : keys) {
      if (name.equals(entry.path("name").asText())) {
        throw new ConfigException("a key named " + name + " is already in " + options.file());
      }
    }
    String key = "fp-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(24));
    ObjectNode entry = keys.addObject().put("name", name).put("key_sha256", KeyDigests.hex(key));
    for (Map.Entry<String, String> flag : options.flags().entrySet()) {
      String field = LIMIT_FLAGS.get(flag.getKey());
      if (field != null) {
        entry.put(field, number(flag.getKey(), flag.getValue()));
      } else if (flag.getKey().equals("--models")) {
        ArrayNode models = entry.putArray("models");
        for (String glob : flag.getValue().split(",")) {
          if (!glob.isBlank()) {
            models.add(glob.trim());
          }
        }
      } else if (flag.getKey().equals("--expires")) {
        entry.put("expires", flag.getValue());
      }
    }
    write(options.file(), root);
    out.println(key);
    err.println("added " + name + " to " + options.file() + "; the key above is shown only now");
    return 0;
  }

  private int list(Options options) throws IOException {
    String text = Files.exists(options.file()) ? Files.readString(options.file()) : "{\"keys\":[]}";
    for (KeySpec key : KeyFile.parse(text, options.file().toString())) {
      out.println(key.name() + (key.disabled() ? " disabled" : "")
          + " rpm=" + dash(key.limits().rpm()) + " tpm=" + dash(key.limits().tpm())
          + " concurrency=" + dash(key.limits().concurrency()) + " daily_tokens=" + dash(key.limits().dailyTokens())
          + " models=" + (key.models().isEmpty() ? "*" : String.join(",", key.models()))
          + " expires=" + (key.expiresAt() == null ? "-" : key.expiresAt()));
    }
    return 0;
  }

  private int disable(Options options) throws IOException {
    ObjectNode root = read(options.file(), false);
    for (JsonNode entry : root.get("keys")) {
      if (options.name().equals(entry.path("name").asText())) {
        ((ObjectNode) entry).put("disabled", true);
        write(options.file(), root);
        err.println("disabled " + options.name() + " in " + options.file());
        return 0;
      }
    }
    throw new ConfigException("no key named " + options.name() + " in " + options.file());
  }

  private static ObjectNode read(Path file, boolean mayBeMissing) throws IOException {
    if (!Files.exists(file)) {
      if (!mayBeMissing) {
        throw new ConfigException("KEYS_FILE " + file + " does not exist");
      }
      ObjectNode root = JsonTrees.object();
      root.putArray("keys");
      return root;
    }
    String text = Files.readString(file);
    KeyFile.parse(text, file.toString());
    return (ObjectNode) JsonTrees.parse(text);
  }

  /** Validated as the proxy will read it, then written to a temporary file and moved into place. */
  private static void write(Path file, ObjectNode root) throws IOException {
    String text = root.toPrettyString() + "\n";
    KeyFile.parse(text, file.toString());
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".keys", ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static long number(String flag, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " needs a whole number, got '" + value + "'");
    }
  }

  private static String dash(Long value) {
    return value == null ? "-" : value.toString();
  }

  /** The verb, its NAME, its --flags and the file. */
  record Options(String verb, String name, Map<String, String> flags, Path file) {

    static Options parse(List<String> args, Map<String, String> env) {
      if (args.isEmpty()) {
        throw new IllegalArgumentException("keys needs a command");
      }
      String verb = args.get(0);
      String name = null;
      Map<String, String> flags = new java.util.LinkedHashMap<>();
      for (int i = 1; i < args.size(); i++) {
        String arg = args.get(i);
        if (arg.startsWith("--")) {
          if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(arg + " needs a value");
          }
          flags.put(arg, args.get(++i));
        } else if (name == null) {
          name = arg;
        } else {
          throw new IllegalArgumentException("unexpected '" + arg + "'");
        }
      }
      if (!verb.equals("list") && name == null) {
        throw new IllegalArgumentException("keys " + verb + " needs a NAME");
      }
      for (String flag : flags.keySet()) {
        if (!LIMIT_FLAGS.containsKey(flag) && !List.of("--models", "--expires", "--file").contains(flag)) {
          throw new IllegalArgumentException("unknown option " + flag);
        }
      }
      String fromEnv = env.get("KEYS_FILE");
      Path file = flags.containsKey("--file") ? Path.of(flags.remove("--file"))
          : fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv.trim()) : AccessSettings.DEFAULT_KEYS_FILE;
      return new Options(verb, name, flags, file);
    }
  }
}
