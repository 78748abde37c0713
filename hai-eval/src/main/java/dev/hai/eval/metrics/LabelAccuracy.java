package dev.hai.eval.metrics;

import dev.hai.eval.DatasetItem;
import dev.hai.eval.Metric;

/**
 * Classification accuracy per item: 1 when the label {@link LabelExtractor} reads from the answer
 * equals the item's expected {@code label}, 0 when it differs or none is found, NaN for an item
 * without an expected label. The per-class precision, recall, F1 and the confusion matrix over a
 * whole run are in {@link ClassificationReport}.
 *
 * @param extractor reads the label out of the answer
 */
public record LabelAccuracy(LabelExtractor extractor) implements Metric {

  /** Accuracy over these labels. */
  public static LabelAccuracy among(java.util.List<String> labels) {
    return new LabelAccuracy(LabelExtractor.among(labels));
  }

  @Override
  public String name() {
    return "label_accuracy";
  }

  @Override
  public double score(DatasetItem item, String output) {
    String expected = item.expected().label();
    if (expected == null) {
      return Double.NaN;
    }
    return expected.equalsIgnoreCase(String.valueOf(extractor.extract(output))) ? 1.0 : 0.0;
  }
}
