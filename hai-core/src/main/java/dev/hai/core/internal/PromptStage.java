package dev.hai.core.internal;

import dev.hai.core.ClinicalResult;
import dev.hai.core.PromptSource;
import dev.hai.core.phi.PhiRedactor;
import dev.hai.core.spi.CallContext;
import dev.hai.core.spi.PromptResolver;
import dev.hai.core.spi.ResolvedPrompt;
import org.jspecify.annotations.Nullable;

/** Resolves the request's prompt source to messages; a reference needs a resolver. */
final class PromptStage implements BuiltInStage {
  private final @Nullable PromptResolver resolver;
  private final PhiRedactor redactor;

  PromptStage(@Nullable PromptResolver resolver, PhiRedactor redactor) {
    this.resolver = resolver;
    this.redactor = redactor;
  }

  @Override
  public String name() {
    return "prompt";
  }

  @Override
  public String detail() {
    return resolver == null
        ? "inline messages; prompt references are rejected (no prompt registry configured)"
        : "inline messages, or references resolved by " + resolver.getClass().getSimpleName();
  }

  @Override
  public ClinicalResult intercept(Chain chain) {
    CallContext ctx = chain.context();
    PromptSource source = ctx.request().prompt();
    ResolvedPrompt resolved;
    if (source instanceof PromptSource.Inline inline) {
      resolved = ResolvedPrompt.inline(inline.messages());
    } else {
      PromptSource.Reference ref = (PromptSource.Reference) source;
      if (resolver == null) {
        return new ClinicalResult.Rejected(
            ctx.metadata(),
            "the request references prompt '" + ref.promptId() + "' but the client has no prompt registry;"
                + " configure one with ClinicalModelClient.Builder.promptResolver(...)",
            "prompt");
      }
      try {
        resolved = resolver.resolve(ref, ctx.request());
      } catch (PromptResolver.PromptResolutionException e) {
        // A resolver may quote a variable's value; identifiers in it are masked.
        return new ClinicalResult.Rejected(
            ctx.metadata(), redactor.redact(String.valueOf(e.getMessage())).text(), e.field());
      }
    }
    return chain.proceed(ctx.withPrompt(resolved));
  }
}
