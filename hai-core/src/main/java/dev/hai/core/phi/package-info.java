/**
 * PHI redaction: find the HIPAA Safe Harbor identifiers that free text carries and replace them
 * before the text is logged, stored or sent.
 *
 * <pre>{@code
 * PhiRedactor redactor = PhiRedactor.defaults();
 * Redaction r = redactor.redact("Pt John Smith, DOB 03/14/1931, MRN: 00482913");
 * r.text();    // "Pt [NAME], DOB [DATE], MRN: [MRN]"
 * r.counts();  // {NAME=1, DATE=1, MRN=1}
 * }</pre>
 *
 * <p>See {@code docs/phi-redaction.md} for what is detected, how well (measured), and the limits.
 */
@NullMarked
package dev.hai.core.phi;

import org.jspecify.annotations.NullMarked;
