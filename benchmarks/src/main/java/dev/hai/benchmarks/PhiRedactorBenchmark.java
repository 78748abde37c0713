package dev.hai.benchmarks;

import dev.hai.core.phi.PhiRedactor;
import dev.hai.core.phi.Redaction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of {@link PhiRedactor#redact(String)} with the defaults (mask), on a realistic ~2 KB
 * discharge summary ({@code note2k}) and a ~100 KB document of such notes with varied identifiers
 * ({@code doc100k}); {@code baselineScan} reads every character once (counting digits), the least
 * any redaction does. The {@code mb} counter is megabytes (10^6 bytes of UTF-8) redacted per second: read the
 * {@code :mb} rows, whose unit JMH prints as ops/s. Target: ≥ 20 MB/s.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PhiRedactor}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PhiRedactorBenchmark {

  /** A discharge summary of about 2 KB with the identifiers such a note carries. */
  static final String NOTE = """
      DISCHARGE SUMMARY
      Patient: Margaret A. Holloway          MRN: 00482913          DOB: 03/14/1931
      Admission date: January 3, 2025        Discharge date: 01/09/2025
      Attending: Dr. Ngozi Okafor-Lee        PCP: Dr. Stephen Marchetti

      HOSPITAL COURSE: Mrs. Holloway is a 93-year-old woman with HFrEF (LVEF 30%), CKD stage 3 and
      type 2 diabetes admitted with acute decompensated heart failure. BP 142/91, HR 102, SpO2 91% on
      RA on arrival. BNP 1240 pg/mL, troponin I 0.03 ng/mL, Cr 1.8 mg/dL (baseline 1.4). She was
      diuresed with furosemide 40 mg IV BID with 6 L net negative; weight 71.2 kg at discharge.
      Metoprolol succinate was held on admission and restarted at 25 mg daily. History of Parkinson's
      disease, on carbidopa-levodopa 25/100 mg TID, unchanged. A1c 7.2%. ICD-10: I50.23, N18.3, E11.9.
      Discussed goals of care with her daughter Rose Holloway, who is the health care proxy; she can be
      reached at (617) 555-0134 or rose.holloway@gmail.com. Pacemaker serial # PJN7718203 interrogated,
      normal function. Lives at 12 Old Mill Rd, Apt 4B, Springfield, IL 62704 with her son Bill.

      Social: widowed, retired teacher, never smoker, no alcohol. Ambulates with a walker; home PT and
      OT arranged through Springfield Home Health. Daughter manages medications with a pill organiser.
      Exam at discharge: alert and oriented x3, JVP 8 cm, bibasilar crackles resolved, trace ankle
      edema. Na 136, K 4.4, Cr 1.6, Hgb 11.2. ECG: sinus rhythm 78 bpm, QTc 448 ms, no ST changes.

      DISCHARGE MEDICATIONS: furosemide 40 mg PO daily; metoprolol succinate 25 mg daily; apixaban
      5 mg BID; carbidopa-levodopa 25/100 mg TID; insulin glargine 18 units at bedtime.

      FOLLOW-UP: Dr. Marchetti on 1/16; cardiology clinic in 2 weeks. Will recheck BMP in 1 week.
      Return for weight gain > 2 kg, dyspnea or chest pain. Medicare ID 1EG4-TE5-MK73. SSN on file.

      Electronically signed by Ngozi Okafor-Lee, MD on 01/09/2025 at 16:42
      Fax: (617) 555-0199 | portal: https://portal.mercyhealth.org/patients/48213
      """;

  @Param({"note2k", "doc100k"})
  public String document;

  private String text;
  private double megabytes;
  private PhiRedactor redactor;

  /** Megabytes processed, reported as a rate: MB/s. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Throughput {
    public double mb;
  }

  @Setup(Level.Trial)
  public void setUp() {
    text = document.equals("note2k") ? NOTE : document(100_000, new Random(42));
    megabytes = text.getBytes(StandardCharsets.UTF_8).length / 1e6;
    redactor = PhiRedactor.defaults();
  }

  /** Notes like {@link #NOTE} with every digit redrawn, concatenated to {@code size} characters. */
  static String document(int size, Random random) {
    StringBuilder b = new StringBuilder(size + NOTE.length());
    while (b.length() < size) {
      for (int i = 0; i < NOTE.length(); i++) {
        char c = NOTE.charAt(i);
        b.append(Character.isDigit(c) && random.nextInt(3) == 0 ? (char) ('0' + random.nextInt(10)) : c);
      }
      b.append('\n');
    }
    return b.toString();
  }

  @Benchmark
  public Redaction redact(Throughput t) {
    t.mb += megabytes;
    return redactor.redact(text);
  }

  @Benchmark
  public int baselineScan(Throughput t) {
    t.mb += megabytes;
    int digits = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      }
    }
    return digits;
  }
}
