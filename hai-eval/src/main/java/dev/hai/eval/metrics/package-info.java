/**
 * The shipped {@link dev.hai.eval.Metric}s, each with its definition in its Javadoc: {@link
 * dev.hai.eval.metrics.ExactMatch}, {@link dev.hai.eval.metrics.TokenF1}, {@link
 * dev.hai.eval.metrics.SetF1}, {@link dev.hai.eval.metrics.LabelAccuracy} with {@link
 * dev.hai.eval.metrics.ClassificationReport}, {@link dev.hai.eval.metrics.Rouge}, {@link
 * dev.hai.eval.metrics.Bleu}, {@link dev.hai.eval.metrics.JsonSchemaValidity}, {@link
 * dev.hai.eval.metrics.Heuristics} and {@link dev.hai.eval.metrics.SemanticSimilarity} (over a
 * {@link dev.hai.eval.metrics.SimilarityModel} the application supplies).
 */
@NullMarked
package dev.hai.eval.metrics;

import org.jspecify.annotations.NullMarked;
