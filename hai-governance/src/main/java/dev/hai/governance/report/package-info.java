/**
 * The compliance report over the audit trail for a period: {@link
 * dev.hai.governance.report.ComplianceReport} (the value) and {@link
 * dev.hai.governance.report.ReportFormat} (Markdown, HTML, CSV). See {@code
 * docs/compliance-report.md}.
 */
@NullMarked
package dev.hai.governance.report;

import org.jspecify.annotations.NullMarked;
