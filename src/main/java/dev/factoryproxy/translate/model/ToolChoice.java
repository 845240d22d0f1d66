package dev.factoryproxy.translate.model;

/**
 * How the model must use the tools.
 *
 * @param name the tool it must call, for {@link Mode#TOOL}; else {@code null}
 */
public record ToolChoice(Mode mode, String name) {

  public enum Mode {
    /** The model decides. */
    AUTO,
    /** No tool may be called. */
    NONE,
    /** Some tool must be called (OpenAI {@code required}, Anthropic {@code any}). */
    REQUIRED,
    /** The named tool must be called. */
    TOOL
  }

  public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
  public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
  public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

  public static ToolChoice tool(String name) {
    return new ToolChoice(Mode.TOOL, name);
  }
}
