package dev.hai.core;

import dev.hai.core.internal.Checks;

/**
 * One message of a conversation sent to a model.
 *
 * @param role who speaks
 * @param content the text; may be empty only for an assistant message
 */
public record ChatMessage(Role role, String content) {

  /** The speaker of a message. */
  public enum Role {
    /** Instructions that frame the conversation. Sent as the provider's system prompt. */
    SYSTEM,
    /** The application's (clinician's) turn. */
    USER,
    /** The model's turn, for few-shot examples or multi-turn context. */
    ASSISTANT
  }

  public ChatMessage {
    Checks.required(role, "message.role");
    Checks.required(content, "message.content");
    if (role != Role.ASSISTANT && content.isBlank()) {
      throw new InvalidRequestException("message.content", "a " + role + " message must not be blank");
    }
  }

  /** Shows the role and the content's length, never the content: it may hold PHI. */
  @Override
  public String toString() {
    return "ChatMessage[role=" + role + ", content=<" + content.length() + " chars>]";
  }

  public static ChatMessage system(String content) {
    return new ChatMessage(Role.SYSTEM, content);
  }

  public static ChatMessage user(String content) {
    return new ChatMessage(Role.USER, content);
  }

  public static ChatMessage assistant(String content) {
    return new ChatMessage(Role.ASSISTANT, content);
  }
}
