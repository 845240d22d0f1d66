package dev.factoryproxy.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.JsonTrees;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A token kept in a file by whatever login tool the user runs: the content trimmed, or its
 * {@code access_token} when the file is a JSON object. Read on a worker thread; the pool re-reads
 * it every poll and takes a changed value as a rotation.
 */
final class FileTokenSource implements TokenSource {

  /** A token file is small; a larger one is the wrong file. */
  private static final long MAX_BYTES = 1 << 20;

  private final Vertx vertx;
  private final Path file;

  FileTokenSource(Vertx vertx, Path file) {
    this.vertx = vertx;
    this.file = file;
  }

  @Override
  public Future<Fetched> fetch() {
    return vertx.executeBlocking(this::read, false);
  }

  @Override
  public boolean refreshable() {
    return true;
  }

  private Fetched read() {
    String where = "file " + file;
    String text;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new TokenSourceException(where + " is larger than 1 MiB");
      }
      text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
    } catch (NoSuchFileException e) {
      throw new TokenSourceException(where + " does not exist");
    } catch (IOException e) {
      throw new TokenSourceException(where + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    if (!text.startsWith("{")) {
      return new Fetched(TokenValues.check(text, where), 0);
    }
    JsonNode json;
    try {
      json = JsonTrees.parse(text);
    } catch (RuntimeException e) {
      // Not the parser's message: it may quote the file, token and all.
      throw new TokenSourceException(where + " starts like JSON but is not valid JSON");
    }
    JsonNode token = json.path("access_token");
    if (!token.isTextual()) {
      throw new TokenSourceException(where + " is JSON without an \"access_token\" string");
    }
    return new Fetched(TokenValues.check(token.asText(), where + " (access_token)"), 0);
  }
}
