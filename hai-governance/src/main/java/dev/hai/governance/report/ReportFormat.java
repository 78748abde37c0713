package dev.hai.governance.report;

import dev.hai.governance.internal.report.Renderers;

/**
 * How a {@link ComplianceReport} is written. Every format escapes what it prints (the records'
 * texts are partly written by callers): see {@code docs/compliance-report.md}.
 */
public enum ReportFormat {
  /** A Markdown document: a summary, then one table per section. */
  MARKDOWN,
  /** A self-contained HTML page, every text escaped. */
  HTML,
  /**
   * RFC 4180 CSV with one header for all sections ({@code section,key,count,time,call_id,...}); a
   * cell that a spreadsheet would run as a formula is prefixed with {@code '}.
   */
  CSV;

  /** The report in this format. */
  public String render(ComplianceReport report) {
    return switch (this) {
      case MARKDOWN -> Renderers.markdown(report);
      case HTML -> Renderers.html(report);
      case CSV -> Renderers.csv(report);
    };
  }

  /** The usual file name extension, without the dot. */
  public String extension() {
    return switch (this) {
      case MARKDOWN -> "md";
      case HTML -> "html";
      case CSV -> "csv";
    };
  }
}
