/** The {@code hai-audit} command line. Not API: start it through {@code dev.hai.core.audit.AuditCli}. */
@NullMarked
package dev.hai.core.internal.audit.cli;

import org.jspecify.annotations.NullMarked;
