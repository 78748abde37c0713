/**
 * Policy as code with OPA: {@link dev.hai.governance.WasmPolicyEngine} (an OPA Wasm bundle
 * evaluated in-process, the embedded default) and {@link dev.hai.governance.RemoteOpaPolicyEngine}
 * (a central OPA server over its REST Data API), both implementations of hai-core's {@code
 * PolicyEngine}; {@link dev.hai.governance.DecisionLog} records their decisions in OPA's
 * decision-log shape. Policy authors: see {@code docs/policy-authoring.md}.
 *
 * <p>Kill switches are in {@link dev.hai.governance.kill}, the compliance report in {@link
 * dev.hai.governance.report}, and {@link dev.hai.governance.GovernanceCli} is the {@code
 * hai-governance} command line. See the module's README.
 */
@NullMarked
package dev.hai.governance;

import org.jspecify.annotations.NullMarked;
