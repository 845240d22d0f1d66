package dev.factoryproxy.translate.model;

import java.util.List;

/**
 * A whole answer, as non-streamed responses carry it. Readers of non-streamed upstream answers
 * produce one; writers of non-streamed client answers consume one. {@link MessageAccumulator}
 * builds one from a stream of {@link Event}s.
 *
 * @param stopReason {@code null} when the upstream gave none
 */
public record CompleteMessage(String id, String model, List<Block> blocks, StopReason stopReason,
                              String stopSequence, Usage usage) {

  public CompleteMessage {
    blocks = List.copyOf(blocks);
  }

  /**
   * One block of the answer.
   *
   * @param text the text, the thinking, the tool arguments (JSON text) or the redacted data
   * @param signature a thinking block's signature, or {@code null}
   * @param id a tool call's id, or {@code null}
   * @param name a tool call's tool name, or {@code null}
   */
  public record Block(BlockKind kind, String text, String signature, String id, String name) {

    public static Block text(String text) {
      return new Block(BlockKind.TEXT, text, null, null, null);
    }

    public static Block toolCall(String id, String name, String arguments) {
      return new Block(BlockKind.TOOL_CALL, arguments, null, id, name);
    }

    public static Block thinking(String text, String signature) {
      return new Block(BlockKind.THINKING, text, signature, null, null);
    }
  }
}
