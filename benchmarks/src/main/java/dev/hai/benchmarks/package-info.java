/** JMH benchmarks. */
package dev.hai.benchmarks;
