/**
 * Policy as code with OPA (in-process Wasm and remote server), kill switches, break-glass and compliance reports.
 *
 * <p>Kill switches are in {@link dev.hai.governance.kill}, the compliance report in {@link
 * dev.hai.governance.report}, and {@link dev.hai.governance.GovernanceCli} is the {@code
 * hai-governance} command line. See the module's README.
 */
@NullMarked
package dev.hai.governance;

import org.jspecify.annotations.NullMarked;
