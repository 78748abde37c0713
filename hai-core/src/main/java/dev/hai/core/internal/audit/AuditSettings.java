package dev.hai.core.internal.audit;

import dev.hai.core.audit.AuditAlarm;
import dev.hai.core.audit.AuditSink;
import dev.hai.core.audit.ContentRedactor;
import org.jspecify.annotations.Nullable;

/** The client's audit configuration, as the builder collected it. */
public record AuditSettings(
    AuditSink sink,
    boolean failOpen,
    @Nullable AuditAlarm alarm,
    byte @Nullable [] patientKey,
    @Nullable ContentRedactor contentRedactor) {}
